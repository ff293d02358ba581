import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { campaignRecipients, campaigns, messages, previewLinks } from "@/drizzle/schema";
import type { Ctx } from "@/lib/context";
import { rowsOf, textListParam, type Db } from "@/lib/db";
import { SENTENCE_PAUSE_MS } from "@/lib/protocol/audio";
import { isBasicVoice } from "@/lib/protocol/tts";
import { appError, type AppError } from "@/lib/http/errors";
import { err, ok, type Result } from "@/lib/result";
import { z } from "zod";

export const createPreviewLinkSchema = z.object({
  campaignId: z.uuid(),
  recipientId: z.uuid().optional(),
  expiresInHours: z.coerce.number().int().min(1).max(24 * 30).default(72),
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
  expiresAt: string;
  revokedAt: string | null;
  viewCount: number;
  createdAt: string;
  state: "active" | "expired" | "revoked";
};

export type CreatedPreviewLink = PreviewLinkDto & { token: string; path: string };

export async function createPreviewLink(ctx: Ctx, input: z.output<typeof createPreviewLinkSchema>): Promise<Result<CreatedPreviewLink, AppError>> {
  const [campaign] = await ctx.db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.id, input.campaignId), eq(campaigns.organizationId, ctx.organization.id)));
  if (!campaign) return err(appError("campaign_not_found", "This campaign does not exist."));
  if (input.recipientId) {
    const [recipient] = await ctx.db
      .select({ id: campaignRecipients.id })
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.id, input.recipientId), eq(campaignRecipients.campaignId, campaign.id)));
    if (!recipient) return err(appError("recipient_not_found", "This recipient is not in the campaign."));
  }
  const token = randomBytes(16).toString("base64url");
  const [row] = await ctx.db
    .insert(previewLinks)
    .values({
      organizationId: ctx.organization.id,
      campaignId: campaign.id,
      recipientId: input.recipientId ?? null,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + input.expiresInHours * 3_600_000),
    })
    .returning();
  return ok({ ...toDto(row!), token, path: `/p/${token}` });
}

function toDto(row: typeof previewLinks.$inferSelect): PreviewLinkDto {
  const state = row.revokedAt ? "revoked" : row.expiresAt.getTime() <= Date.now() ? "expired" : "active";
  return {
    id: row.id,
    recipientId: row.recipientId,
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    viewCount: row.viewCount,
    createdAt: row.createdAt.toISOString(),
    state,
  };
}

export async function listPreviewLinks(ctx: Ctx, campaignId: string): Promise<PreviewLinkDto[]> {
  const rows = await ctx.db
    .select()
    .from(previewLinks)
    .where(and(eq(previewLinks.campaignId, campaignId), eq(previewLinks.organizationId, ctx.organization.id)))
    .orderBy(desc(previewLinks.createdAt));
  return rows.map(toDto);
}

export async function revokePreviewLink(ctx: Ctx, id: string): Promise<Result<PreviewLinkDto, AppError>> {
  const [row] = await ctx.db
    .update(previewLinks)
    .set({ revokedAt: sql`coalesce(${previewLinks.revokedAt}, now())` })
    .where(and(eq(previewLinks.id, id), eq(previewLinks.organizationId, ctx.organization.id)))
    .returning();
  if (!row) return err(appError("preview_not_found", "This preview link does not exist."));
  return ok(toDto(row));
}

export type PreviewItem = { messageKey: string; label: string; durationMs: number | null; ready: boolean };
/** `basicVoice`: the campaign was rendered with the basic offline voice, which the page says. */
export type ResolvedPreview = { campaignName: string; expiresAt: string; basicVoice: boolean; items: PreviewItem[] };

/**
 * What a public preview page may show: the campaign's name and its audio, nothing about contacts.
 * `countView` increments the view counter (the page does; the audio route does not).
 */
export async function resolvePreview(db: Db, token: string, options: { countView?: boolean } = {}): Promise<Result<ResolvedPreview, AppError>> {
  if (!TOKEN_PATTERN.test(token)) return err(appError("preview_not_found", "This preview link does not exist."));
  const [link] = await db
    .select({ id: previewLinks.id, campaignId: previewLinks.campaignId, recipientId: previewLinks.recipientId, expiresAt: previewLinks.expiresAt, revokedAt: previewLinks.revokedAt, campaignName: campaigns.name, engine: campaigns.engine })
    .from(previewLinks)
    .innerJoin(campaigns, eq(campaigns.id, previewLinks.campaignId))
    .where(eq(previewLinks.tokenHash, hashToken(token)));
  if (!link) return err(appError("preview_not_found", "This preview link does not exist."));
  if (link.revokedAt) return err(appError("preview_revoked", "This preview link was turned off by its owner."));
  if (link.expiresAt.getTime() <= Date.now()) return err(appError("preview_expired", "This preview link has expired."));
  if (options.countView) {
    await db.update(previewLinks).set({ viewCount: sql`${previewLinks.viewCount} + 1`, lastViewedAt: new Date() }).where(eq(previewLinks.id, link.id));
  }
  const rows = await db
    .selectDistinct({ messageKey: campaignRecipients.messageKey, segmentCount: messages.segmentCount })
    .from(campaignRecipients)
    .innerJoin(messages, eq(messages.key, campaignRecipients.messageKey))
    .where(link.recipientId ? eq(campaignRecipients.id, link.recipientId) : eq(campaignRecipients.campaignId, link.campaignId))
    .orderBy(campaignRecipients.messageKey)
    .limit(MAX_PREVIEW_ITEMS);
  const readiness = await messageReadiness(db, rows.map((r) => r.messageKey!));
  return ok({
    campaignName: link.campaignName,
    expiresAt: link.expiresAt.toISOString(),
    basicVoice: isBasicVoice(link.engine),
    items: rows.map((r, i) => {
      const state = readiness.get(r.messageKey!);
      return {
        messageKey: r.messageKey!,
        label: link.recipientId ? "Your message" : `Message ${i + 1}`,
        durationMs: state?.durationMs ?? null,
        ready: state?.ready ?? false,
      };
    }),
  });
}

/** Whether each message has all its audio, and its length (segments plus the pauses between them). */
export async function messageReadiness(db: Db, messageKeys: string[]): Promise<Map<string, { ready: boolean; durationMs: number | null }>> {
  if (messageKeys.length === 0) return new Map();
  const result = await db.execute(sql`
    select ms.message_key as key, bool_and(s.status = 'done') as ready,
           sum(s.duration_ms)::int + (count(*)::int - 1) * round(${SENTENCE_PAUSE_MS}::int / max(s.speed))::int as duration
    from message_segments ms join segments s on s.key = ms.segment_key
    where ms.message_key in ${textListParam(messageKeys)}
    group by ms.message_key`);
  const rows = rowsOf<{ key: string; ready: boolean; duration: number | null }>(result);
  return new Map(rows.map((r) => [r.key, { ready: Boolean(r.ready), durationMs: r.ready ? Number(r.duration) : null }]));
}

/** The public audio route: is this message part of what the token may play? */
export async function resolvePreviewAudio(db: Db, token: string, messageKey: string): Promise<Result<true, AppError>> {
  const preview = await resolvePreview(db, token);
  if (!preview.ok) return preview;
  if (!preview.value.items.some((i) => i.messageKey === messageKey)) return err(appError("not_found", "No such audio in this preview."));
  return ok(true);
}
