import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { previewLinkOpens, previewLinks } from "@/drizzle/schema";
import { campaignNotFound, getCampaign, hasRecipient, listMessageKeys, planSampleMessage, type CampaignError, type CampaignRow } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { isBasicVoice } from "@/lib/protocol/tts";
import type { RateLimited } from "@/lib/rate-limits";
import { listMessageStates, segmentKeysOfMessages } from "@/lib/renders";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import { z } from "zod";
import { limitPreviewRequest } from "./rate-limit";

/** A preview link in a path (`/api/preview-links/:id`). */
export const previewLinkIdSchema = z.object({ id: z.uuid() });

export const createPreviewLinkSchema = z.object({
  campaignId: z.uuid(),
  recipientId: z.uuid().optional(),
  expiresInHours: z.coerce.number().int().min(1).max(24 * 30).default(72),
  /** Share a sample: the campaign's message for a fictional patient, rendered now; no real recipient is heard. */
  sample: z.boolean().optional(),
});
export type CreatePreviewLinkInput = z.input<typeof createPreviewLinkSchema>;

/** 128 random bits, base64url: exactly 22 characters. Anything else is not a token (path tricks included). */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** A campaign preview plays at most this many distinct messages. */
const MAX_PREVIEW_ITEMS = 20;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type PreviewLinkDto = {
  id: string;
  recipientId: string | null;
  /** A sample link plays the campaign's message for a fictional patient, not any recipient's. */
  sample: boolean;
  expiresAt: string;
  revokedAt: string | null;
  viewCount: number;
  createdAt: string;
  state: "active" | "expired" | "revoked";
  /** The latest opens of the page, newest first (at most MAX_LISTED_OPENS); `viewCount` counts them all. */
  opens: PreviewOpenDto[];
};

/** One open of a preview page: when, a short key of the client's address (never the address), its browser. */
export type PreviewOpenDto = { openedAt: string; clientKey: string; userAgent: string | null };
/** Who opened a page, as the page knows it. */
export type PreviewOpener = { clientKey: string; userAgent: string | null };

const MAX_LISTED_OPENS = 10;
const MAX_USER_AGENT_CHARS = 200;

/** 12 hex characters of the address's sha256: the same client shows as the same key, and the address is not kept. */
export const openerKey = (clientKey: string) => createHash("sha256").update(`preview-open:${clientKey}`).digest("hex").slice(0, 12);

export type CreatedPreviewLink = PreviewLinkDto & { token: string; path: string };

type PreviewError<C extends string> = AppError<C>;
const previewNotFound = (): PreviewError<"preview_not_found"> => appError("preview_not_found", "This preview link does not exist.");

type SampleError = Exclude<Awaited<ReturnType<typeof planSampleMessage>>, { ok: true }>["error"];

export async function createPreviewLink(
  ctx: Ctx,
  input: z.output<typeof createPreviewLinkSchema>,
): Promise<Result<CreatedPreviewLink, CampaignError<"campaign_not_found"> | PreviewError<"recipient_not_found" | "validation_failed"> | SampleError>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, input.campaignId);
  if (!campaign) return err(campaignNotFound());
  // Checked here, not by a refinement: the OpenAPI document derives its request body from the plain schema.
  if (input.sample && input.recipientId) {
    return err(appError("validation_failed", "A sample link plays a fictional patient's message: it cannot also name a recipient."));
  }
  if (input.recipientId && !(await hasRecipient(ctx.db, campaign.id, input.recipientId))) {
    return err(appError("recipient_not_found", "This recipient is not in the campaign."));
  }
  let sampleMessageKey: string | null = null;
  if (input.sample) {
    const sample = await planSampleMessage(ctx, campaign.id);
    if (!sample.ok) return sample;
    sampleMessageKey = sample.value.messageKey;
  }
  const token = randomBytes(16).toString("base64url");
  const [row] = await ctx.db
    .insert(previewLinks)
    .values({
      organizationId: ctx.organization.id,
      campaignId: campaign.id,
      recipientId: input.recipientId ?? null,
      sampleMessageKey,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + input.expiresInHours * 3_600_000),
    })
    .returning();
  return ok({ ...toDto(row!), token, path: `/p/${token}` });
}

function toDto(row: typeof previewLinks.$inferSelect, opens: PreviewOpenDto[] = []): PreviewLinkDto {
  const state = row.revokedAt ? "revoked" : row.expiresAt.getTime() <= Date.now() ? "expired" : "active";
  return {
    id: row.id,
    recipientId: row.recipientId,
    sample: row.sampleMessageKey !== null,
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    viewCount: row.viewCount,
    createdAt: row.createdAt.toISOString(),
    state,
    opens,
  };
}

export async function listPreviewLinks(ctx: Ctx, campaignId: string): Promise<PreviewLinkDto[]> {
  const rows = await ctx.db
    .select()
    .from(previewLinks)
    .where(and(eq(previewLinks.campaignId, campaignId), eq(previewLinks.organizationId, ctx.organization.id)))
    .orderBy(desc(previewLinks.createdAt));
  const opens = await listOpens(ctx.db, rows.map((r) => r.id));
  return rows.map((row) => toDto(row, opens.get(row.id)));
}

/** The latest opens of each link, newest first. */
async function listOpens(db: Ctx["db"], linkIds: string[]): Promise<Map<string, PreviewOpenDto[]>> {
  const byLink = new Map<string, PreviewOpenDto[]>();
  if (linkIds.length === 0) return byLink;
  const rows = await db
    .select({ linkId: previewLinkOpens.linkId, openedAt: previewLinkOpens.openedAt, clientKey: previewLinkOpens.clientKey, userAgent: previewLinkOpens.userAgent })
    .from(previewLinkOpens)
    .where(inArray(previewLinkOpens.linkId, linkIds))
    .orderBy(desc(previewLinkOpens.openedAt), desc(previewLinkOpens.id));
  for (const row of rows) {
    const list = byLink.get(row.linkId) ?? [];
    if (list.length < MAX_LISTED_OPENS) list.push({ openedAt: row.openedAt.toISOString(), clientKey: row.clientKey, userAgent: row.userAgent });
    byLink.set(row.linkId, list);
  }
  return byLink;
}

export async function revokePreviewLink(ctx: Ctx, id: string): Promise<Result<PreviewLinkDto, PreviewError<"preview_not_found">>> {
  const [row] = await ctx.db
    .update(previewLinks)
    .set({ revokedAt: sql`coalesce(${previewLinks.revokedAt}, now())` })
    .where(and(eq(previewLinks.id, id), eq(previewLinks.organizationId, ctx.organization.id)))
    .returning();
  if (!row) return err(previewNotFound());
  return ok(toDto(row));
}

export type PreviewItem = { messageKey: string; label: string; durationMs: number | null; ready: boolean };
/** `basicVoice`: the campaign was rendered with the basic offline voice, which the page says. */
export type ResolvedPreview = { campaignName: string; expiresAt: string; basicVoice: boolean; sample: boolean; items: PreviewItem[] };

type ActiveLink = { id: string; campaignId: string; recipientId: string | null; sampleMessageKey: string | null; expiresAt: Date; campaign: CampaignRow };
type LinkError = PreviewError<"preview_not_found" | "preview_revoked" | "preview_expired">;

/** The link this token names, if it still works: unknown, revoked and expired links each have their own code. */
async function findActiveLink(db: Db, token: string): Promise<Result<ActiveLink, LinkError>> {
  if (!TOKEN_PATTERN.test(token)) return err(previewNotFound());
  const [link] = await db
    .select({
      id: previewLinks.id,
      organizationId: previewLinks.organizationId,
      campaignId: previewLinks.campaignId,
      recipientId: previewLinks.recipientId,
      sampleMessageKey: previewLinks.sampleMessageKey,
      expiresAt: previewLinks.expiresAt,
      revokedAt: previewLinks.revokedAt,
    })
    .from(previewLinks)
    .where(eq(previewLinks.tokenHash, hashToken(token)));
  const campaign = link ? await getCampaign(db, link.organizationId, link.campaignId) : null;
  if (!link || !campaign) return err(previewNotFound());
  if (link.revokedAt) return err(appError("preview_revoked", "This preview link was turned off by its owner."));
  if (link.expiresAt.getTime() <= Date.now()) return err(appError("preview_expired", "This preview link has expired."));
  return ok({ id: link.id, campaignId: link.campaignId, recipientId: link.recipientId, sampleMessageKey: link.sampleMessageKey, expiresAt: link.expiresAt, campaign });
}

/**
 * The check before a preview page renders (proxy.ts runs it, so a refusal gets its own status): spends one
 * request of the client's budget, then looks at the link's state. Counts no view.
 */
export async function checkPreviewRequest(db: Db, token: string, clientKey: string): Promise<Result<true, RateLimited | LinkError>> {
  const limited = await limitPreviewRequest(db, clientKey);
  if (!limited.ok) return limited;
  const link = await findActiveLink(db, token);
  return link.ok ? ok(true) : link;
}

/**
 * What a public preview page may show: the campaign's name and its audio. The page shows no contact's
 * details, but the audio says what each message says (a first name, a provider, a time). `openedBy`
 * records an open of the page and counts a view (the page does; the audio route does not).
 */
export async function resolvePreview(db: Db, token: string, options: { openedBy?: PreviewOpener } = {}): Promise<Result<ResolvedPreview, LinkError>> {
  const found = await findActiveLink(db, token);
  if (!found.ok) return found;
  const link = found.value;
  if (options.openedBy) {
    const { clientKey, userAgent } = options.openedBy;
    const openedAt = new Date();
    await db.transaction(async (tx) => {
      await tx.update(previewLinks).set({ viewCount: sql`${previewLinks.viewCount} + 1`, lastViewedAt: openedAt }).where(eq(previewLinks.id, link.id));
      await tx.insert(previewLinkOpens).values({ linkId: link.id, openedAt, clientKey: openerKey(clientKey), userAgent: userAgent?.slice(0, MAX_USER_AGENT_CHARS) || null });
    });
  }
  // A sample link plays only its fictional patient's message: never a recipient's.
  const messageKeys = link.sampleMessageKey
    ? [link.sampleMessageKey]
    : await listMessageKeys(db, { campaignId: link.campaignId, recipientId: link.recipientId }, MAX_PREVIEW_ITEMS);
  const states = await listMessageStates(db, messageKeys);
  const label = (i: number) => (link.sampleMessageKey ? "Sample message (a fictional patient)" : link.recipientId ? "Your message" : `Message ${i + 1}`);
  return ok({
    campaignName: link.campaign.name,
    expiresAt: link.expiresAt.toISOString(),
    basicVoice: isBasicVoice(link.campaign.engine),
    sample: link.sampleMessageKey !== null,
    items: messageKeys.map((messageKey, i) => {
      const durationMs = states.get(messageKey)?.durationMs ?? null;
      return { messageKey, label: label(i), durationMs, ready: durationMs !== null };
    }),
  });
}

/** The public audio route: is this message part of what the token may play? */
export async function resolvePreviewAudio(
  db: Db,
  token: string,
  messageKey: string,
): Promise<Result<true, LinkError | PreviewError<"not_found">>> {
  const preview = await resolvePreview(db, token);
  if (!preview.ok) return preview;
  if (!preview.value.items.some((i) => i.messageKey === messageKey)) return err(appError("not_found", "No such audio in this preview."));
  return ok(true);
}

/** The segments of active sample links' messages, as a subquery: the dispatcher renders those still queued. */
export function sampleSegmentKeys(): SQL {
  return segmentKeysOfMessages(
    sql`select ${previewLinks.sampleMessageKey} from ${previewLinks} where ${previewLinks.sampleMessageKey} is not null and ${previewLinks.revokedAt} is null and ${previewLinks.expiresAt} > now()`,
  );
}
