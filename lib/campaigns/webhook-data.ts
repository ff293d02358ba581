import { MESSAGE_FORMATS, signResource, type AudioUrlSigning } from "@/lib/audio";
import type { DbOrTx } from "@/lib/db";
import { signedMessageAudioUrl } from "./audio-urls";
import { countCampaignRecipients, countCampaignSegments, getCampaign } from "./queries";
import { listRecipientsWithState } from "./recipients";

/** Up to this many recipients ride in the webhook itself; past it the payload links to the signed export. */
export const WEBHOOK_INLINE_RECIPIENTS = 500;

export type CampaignWebhookOptions = { baseUrl: string; signing: AudioUrlSigning; inlineRecipients?: number };

/** The export of a campaign as a link that works without a session until it expires (for a dialer). */
export function signedExportUrl(signing: AudioUrlSigning, organizationId: string, campaignId: string, baseUrl: string): { url: string; expiresAt: string } {
  const url = new URL(`/api/campaigns/${campaignId}/export`, baseUrl);
  const { org, exp, sig } = signResource(signing, "export-v1", organizationId, campaignId);
  url.search = new URLSearchParams({ format: "json", org, exp: String(exp), sig }).toString();
  return { url: url.toString(), expiresAt: new Date(exp * 1000).toISOString() };
}

/**
 * What a dialer needs to place a finished campaign's calls: the campaign, its counts and, per recipient,
 * the E.164 phone, the time zone to call in and a signed audio URL per format; for a large campaign a
 * signed link to its JSON export instead of the recipients.
 */
export async function getCampaignWebhookData(db: DbOrTx, organizationId: string, campaignId: string, options: CampaignWebhookOptions, defaultTimezone: string) {
  const campaign = await getCampaign(db, organizationId, campaignId);
  if (!campaign) return { campaign: { id: campaignId } };
  const [total, segments] = await Promise.all([countCampaignRecipients(db, organizationId, campaignId), countCampaignSegments(db, campaignId)]);
  const summary = {
    campaign: {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      launchedAt: campaign.launchedAt?.toISOString() ?? null,
      finishedAt: campaign.finishedAt?.toISOString() ?? null,
    },
    counts: { recipients: total, segments },
  };
  if (total > (options.inlineRecipients ?? WEBHOOK_INLINE_RECIPIENTS)) return { ...summary, export: signedExportUrl(options.signing, organizationId, campaignId, options.baseUrl) };
  const rows = await listRecipientsWithState(db, { organizationId, campaignId }, null);
  return {
    ...summary,
    recipients: rows.map((r) => ({
      id: r.id,
      externalId: r.externalId,
      phone: r.phone,
      timezone: r.timezone ?? defaultTimezone,
      status: r.status,
      durationMs: r.durationMs,
      /** Spoken to in this recipient's call (same number, said together): not to be called on its own. */
      sharedWithRecipientId: r.sharedWithRecipientId,
      audio:
        r.status === "ready" && r.messageKey
          ? Object.fromEntries(MESSAGE_FORMATS.filter((f) => f !== "mulaw").map((f) => [f, signedMessageAudioUrl(options.signing, organizationId, r.messageKey!, f, options.baseUrl)]))
          : null,
    })),
  };
}
