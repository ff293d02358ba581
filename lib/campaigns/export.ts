import Papa from "papaparse";
import { FORMAT_INFO, PROFILE_INFO, type AudioProfile, type AudioUrlSigning } from "@/lib/audio";
import type { Ctx } from "@/lib/context";
import { SPREADSHEET_FORMULA_START } from "@/lib/format";
import { err, ok, type Result } from "@/lib/result";
import { signedMessageAudioUrl } from "./audio-urls";
import { campaignNotFound, type CampaignError } from "./errors";
import { getCampaign } from "./queries";
import { listRecipientsWithState, type RecipientStatus } from "./recipients";

/** `audio_url` is the profile's first format; `audio_url_<format>` one column per format it offers. */
export type ExportRow = {
  recipient_id: string;
  external_id: string;
  name: string;
  phone: string;
  status: RecipientStatus;
  audio_url: string;
  [formatColumn: `audio_url_${string}`]: string;
  duration_ms: string;
  error: string;
  /** Others this call's message speaks to (patients on the same number, said together); they get no row of their own. */
  also_for: string;
};

/**
 * One row per call: every recipient's audio URLs (in the formats of the phone system's profile: the organisation's own phone
 * system unless `profile` names another) and status, for the calls.
 */
export async function exportCampaignAudio(
  ctx: Ctx,
  campaignId: string,
  baseUrl: string,
  options: { format: "csv" | "json"; profile?: AudioProfile },
  signing: AudioUrlSigning,
): Promise<Result<{ body: string; fileName: string }, CampaignError<"campaign_not_found">>> {
  const { format } = options;
  const profile = options.profile ?? ctx.organization.phoneSystem;
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(campaignNotFound());
  const formats = PROFILE_INFO[profile].formats;
  const recipients = await listRecipientsWithState(ctx.db, { organizationId: ctx.organization.id, campaignId }, null);
  const carriedBy = new Map<string, string[]>();
  for (const r of recipients) if (r.sharedWithRecipientId) carriedBy.set(r.sharedWithRecipientId, [...(carriedBy.get(r.sharedWithRecipientId) ?? []), r.name]);
  const rows: ExportRow[] = recipients.filter((r) => r.sharedWithRecipientId === null).map((r) => {
    const key = r.status === "ready" ? r.messageKey : null;
    const urls = formats.map((f) => [`audio_url_${f}`, key ? signedMessageAudioUrl(signing, ctx.organization.id, key, f, baseUrl) : ""] as const);
    return {
      recipient_id: r.id,
      external_id: r.externalId ?? "",
      name: r.name,
      phone: r.phone,
      status: r.status,
      audio_url: urls[0]![1],
      ...Object.fromEntries(urls),
      duration_ms: r.durationMs === null ? "" : String(r.durationMs),
      error: r.error ?? "",
      also_for: (carriedBy.get(r.id) ?? []).join("; "),
    };
  });
  const slug = campaign.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "campaign";
  const profileInfo = { id: profile, formats: formats.map((f) => ({ format: f, extension: FORMAT_INFO[f].extension, contentType: FORMAT_INFO[f].contentType })) };
  const body =
    format === "csv"
      ? Papa.unparse(rows, { escapeFormulae: SPREADSHEET_FORMULA_START })
      : JSON.stringify({ campaign: { id: campaign.id, name: campaign.name, status: campaign.status }, profile: profileInfo, recipients: rows }, null, 2);
  return ok({ body, fileName: `${slug}-${profile}-audio.${format}` });
}
