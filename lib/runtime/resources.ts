/**
 * The composition root: the one place that builds and holds the process's objects, the database, the
 * auth library, the auth secret, the TTS worker pool and the campaign event hub, and hands them to whoever
 * needs them (the HTTP edge, the dispatch loop, automations, scripts). They live in one holder on
 * globalThis because Next.js loads route handlers, pages and instrumentation as separate module graphs (and
 * dev reloads them), yet the process must hold one PGlite instance, one postgres.js pool, and one keep-alive
 * agent to the workers. Domains below never reach for these objects:
 * they take what they need as arguments.
 */
import fs from "node:fs";
import path from "node:path";
import { announceSetupCode, createAuth, deriveKey, deriveSetupCode, resolveAuthSecret, setupCodeFile, type Auth } from "@/lib/auth";
import { deriveCredentialKey, type CallsConfig } from "@/lib/calls";
import type { WorkerCapabilities } from "@/lib/context";
import { openConfiguredDatabase, type Database } from "@/lib/db";
import { env } from "@/lib/env";
import type { Dispatcher } from "@/lib/renders";
import { SpeechCheckClient } from "@/lib/speech-check";
import { WorkerPool } from "@/lib/worker-client";

type Resources = {
  /** The key carrier tokens are sealed under (derived from the auth secret). */
  credentialKey?: Buffer;
  database?: Promise<Database>;
  auth?: Promise<Auth>;
  authSecret?: string;
  workerPool?: WorkerPool;
  speechCheck?: SpeechCheckClient;
  /** Set while this process runs the dispatch loop (lib/runtime/dispatch.ts). */
  dispatchLoop?: { dispatcher: Dispatcher; stop: () => void };
};

const holder = globalThis as { __voiceResources?: Resources };
const resources = (): Resources => (holder.__voiceResources ??= {});

/** Memoises a promise, forgetting it when it fails so the next caller tries again (a database not up yet). */
function once<K extends "database" | "auth">(key: K, build: () => NonNullable<Resources[K]>): NonNullable<Resources[K]> {
  const held = resources();
  if (!held[key]) {
    const built = build();
    held[key] = built;
    built.catch(() => {
      if (held[key] === built) held[key] = undefined;
    });
  }
  return held[key]!;
}

/** The process's database, opened and migrated on first use. */
export function getDatabase(): Promise<Database> {
  return once("database", openConfiguredDatabase);
}

/** AUTH_SECRET, or the one kept in `.data/auth-secret` next to the embedded database. Throws with the fix when neither works. */
export function getAuthSecret(): string {
  const held = resources();
  held.authSecret ??= resolveAuthSecret({
    configured: env.AUTH_SECRET,
    file: path.join(path.dirname(path.resolve(env.PGLITE_DIR)), "auth-secret"),
  });
  return held.authSecret;
}

/** The key exported audio URLs are signed with (derived from the auth secret, never the secret itself). */
export function getAudioUrlSigningKey(): Buffer {
  return deriveKey(getAuthSecret(), "voice-campaigns/audio-url/v1");
}

/** The code /setup asks for while the app has no owner (see lib/auth/setup-code.ts). */
export function getSetupCode(): string {
  return deriveSetupCode(getAuthSecret());
}

/** At boot, when nobody can sign in yet: print the setup code (and write it to setupCodeFile()). */
export function announceSetupCodeIfNeeded(hasOwner: boolean): void {
  if (hasOwner) {
    // Setup is over: the file would only mislead whoever finds it.
    fs.rmSync(setupCodeFile(), { force: true });
    return;
  }
  announceSetupCode(getSetupCode(), { file: setupCodeFile(), setupUrl: new URL("/setup", env.APP_URL).href });
}

/** The process's better-auth instance, built once the database is open. */
export function getAuth(): Promise<Auth> {
  return once("auth", async () => createAuth((await getDatabase()).db, { secret: getAuthSecret(), baseURL: env.APP_URL }));
}

/** The process's worker pool (one keep-alive agent for all dispatch and audition requests). */
export function getWorkerPool(): WorkerPool {
  const held = resources();
  held.workerPool ??= new WorkerPool({ urls: env.TTS_WORKER_URLS, token: env.TTS_WORKER_TOKEN, ca: env.TTS_WORKER_CA });
  return held.workerPool;
}

/** The speech check service's client, or null when SPEECH_CHECK_URL is not set (the check is off). */
export function getSpeechCheckClient(): SpeechCheckClient | null {
  if (!env.SPEECH_CHECK_URL) return null;
  const held = resources();
  held.speechCheck ??= new SpeechCheckClient({ url: env.SPEECH_CHECK_URL, token: env.SPEECH_CHECK_TOKEN });
  return held.speechCheck;
}

/** Fresh readiness of the configured workers, probing when none is known to be ready. */
export async function getWorkerPoolStatus(pool = getWorkerPool()) {
  if (!pool.info()) await pool.probe();
  return pool.info();
}

/** What use-cases see of the workers (Ctx.workers): the pool's status, or null when none is ready. */
export const workerCapabilities = (): Promise<WorkerCapabilities | null> => getWorkerPoolStatus();


/** The dispatch loop's slot in the holder: lib/runtime/dispatch.ts is its only user. */
export const dispatchLoopSlot = {
  get: () => resources().dispatchLoop,
  set: (loop: Resources["dispatchLoop"]) => {
    resources().dispatchLoop = loop;
  },
};

/**
 * The process's settings for phone calls: APP_URL is where carriers call back and fetch audio; carrier
 * tokens are sealed under a key derived from the app's secret; the carrier's base URL is held to the
 * webhook address guard (loopback only with WEBHOOKS_ALLOW_PRIVATE_URLS=1).
 */
export function getCallsConfig(): CallsConfig {
  const held = resources();
  held.credentialKey ??= deriveCredentialKey(getAuthSecret());
  return {
    publicUrl: env.APP_URL,
    credentialKey: held.credentialKey,
    signing: { key: getAudioUrlSigningKey() },
    guard: { allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE_URLS },
  };
}
