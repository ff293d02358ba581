import Papa from "papaparse";
import type { AudioUrlSigning } from "@/lib/audio";
import type { Ctx } from "@/lib/context";
import { err, ok, type Result } from "@/lib/result";
import { signedMessageAudioUrl } from "./audio-urls";
import { campaignNotFound, type CampaignError } from "./errors";
import { getCampaign } from "./queries";
import { listRecipientsWithState, type RecipientStatus } from "./recipients";

export type ExportRow = {
  recipient_id: string;
  external_id: string;
  name: string;
  phone: string;
  status: RecipientStatus;
  audio_url: string;
  audio_url_mulaw: string;
  duration_ms: string;
  error: string;
};

/**
 * Spreadsheet apps run cells starting with = + - @ as formulas, so such cells get a leading quote; a plain
 * phone number such as +12025550143 is left alone (the phone system needs it as it is).
 */
const FORMULA_START = /^[=@\t\r]|^[+-](?![\d\s().-]*$)/;

/** Every recipient's audio URL and status, for the phone system that places the calls. */
export async function exportCampaignAudio(
  ctx: Ctx,
  campaignId: string,
  baseUrl: string,
  format: "csv" | "json",
  signing: AudioUrlSigning,
): Promise<Result<{ body: string; fileName: string }, CampaignError<"campaign_not_found">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(campaignNotFound());
  const rows: ExportRow[] = (await listRecipientsWithState(ctx.db, { organizationId: ctx.organization.id, campaignId }, null)).map((r) => ({
    recipient_id: r.id,
    external_id: r.externalId ?? "",
    name: r.name,
    phone: r.phone,
    status: r.status,
    audio_url: r.status === "ready" && r.messageKey ? signedMessageAudioUrl(signing, ctx.organization.id, r.messageKey, "wav", baseUrl) : "",
    audio_url_mulaw: r.status === "ready" && r.messageKey ? signedMessageAudioUrl(signing, ctx.organization.id, r.messageKey, "ulaw.wav", baseUrl) : "",
    duration_ms: r.durationMs === null ? "" : String(r.durationMs),
    error: r.error ?? "",
  }));
  const slug = campaign.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "campaign";
  const body = format === "csv" ? Papa.unparse(rows, { escapeFormulae: FORMULA_START }) : JSON.stringify({ campaign: { id: campaign.id, name: campaign.name, status: campaign.status }, recipients: rows }, null, 2);
  return ok({ body, fileName: `${slug}-audio.${format}` });
}
