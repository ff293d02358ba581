/**
 * What every use-case runs with, as types only: the database (or the transaction it is part of), the
 * organisation whose rows it may touch, the signed-in person when there is one, and how to ask what the
 * TTS workers can do. Who is asking is found at the HTTP edge (lib/http/session.ts); the process's objects
 * are built in lib/runtime. Use-cases scope by `organization.id` only, so tests, the dispatcher and
 * schedules build a Ctx without a user.
 */
import type { MembershipRole } from "@/drizzle/schema";
import type { DbOrTx } from "@/lib/db";
import type { AudioProfile } from "@/lib/values/audio-profiles";
import type { CountryCode } from "@/lib/values/phone";

export type Organization = {
  id: string;
  name: string;
  timezone: string;
  phoneCountry: CountryCode;
  callbackNumber: string | null;
  phoneSystem: AudioProfile;
  /** What a new campaign is written in and a contact without a preferred language hears ("en", "es"). */
  defaultLanguage: string;
};

export type SessionUser = { id: string; email: string; name: string; role: MembershipRole };

/**
 * What the use-cases need to know of the TTS workers (the worker pool's status has all of it); null when
 * none is ready.
 */
export type WorkerCapabilities = {
  engine: string;
  modelVersion: string;
  voices: readonly string[];
  /** Measured model speed; null until the worker has rendered something. */
  msPerAudioSecond: number | null;
  /** Renders the workers run at once, summed. */
  capacity: number;
};

export type Ctx = {
  db: DbOrTx;
  organization: Organization;
  user?: SessionUser;
  /**
   * The workers' capabilities, asked only by the use-cases that need them (it may probe the workers). The
   * edge sets it from the process's worker pool; without it a use-case sees no worker.
   */
  workers?: () => Promise<WorkerCapabilities | null>;
};

/** The capabilities a use-case works with: the ones it was handed, else the context's. */
export async function workersOf(ctx: Ctx, given?: WorkerCapabilities | null): Promise<WorkerCapabilities | null> {
  if (given !== undefined) return given;
  return (await ctx.workers?.()) ?? null;
}

/**
 * The part of a Ctx that the organisation-scoped settings use-cases (members, API keys, webhooks,
 * settings) read: the organisation's id and, of the user, the fields `U`. A Ctx is one; a test or job can
 * pass just this.
 */
export type ScopedCtx<U extends keyof SessionUser = never> = {
  db: DbOrTx;
  organization: Pick<Organization, "id">;
  user?: Pick<SessionUser, U> & Partial<SessionUser>;
};
