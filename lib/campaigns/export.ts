import Papa from "papaparse";
import { FORMAT_INFO, PROFILE_INFO, type AudioProfile, type AudioUrlSigning } from "@/lib/audio";
import type { Ctx } from "@/lib/context";
import { SPREADSHEET_FORMULA_START } from "@/lib/format";
import { err, ok, type Result } from "@/lib/result";
import { streamText } from "@/lib/text-stream";
import { signedMessageAudioUrl } from "./audio-urls";
import { campaignNotFound, type CampaignError } from "./errors";
import { getCampaign, listCarriedNames } from "./queries";
import { listRecipientsWithState, type RecipientDto, type RecipientStatus } from "./recipients";

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

const EXPORT_PAGE = 5_000;

/**
 * One row per call: every recipient's audio URLs (in the formats of the phone system's profile: the
 * organisation's own phone system unless `profile` names another) and status, for the calls. The file is
 * streamed `pageSize` recipients at a time, each page read from the database as the client reads.
 */
export async function exportCampaignAudio(
  ctx: Ctx,
  campaignId: string,
  baseUrl: string,
  options: { format: "csv" | "json"; profile?: AudioProfile; pageSize?: number },
  signing: AudioUrlSigning,
): Promise<Result<{ body: ReadableStream<Uint8Array>; fileName: string }, CampaignError<"campaign_not_found">>> {
  const { format } = options;
  const profile = options.profile ?? ctx.organization.phoneSystem;
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(campaignNotFound());
  const formats = PROFILE_INFO[profile].formats;
  const toRow = (r: RecipientDto, alsoFor: string[]): ExportRow => {
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
      also_for: alsoFor.join("; "),
    };
  };
  const columns = ["recipient_id", "external_id", "name", "phone", "status", "audio_url", ...formats.map((f) => `audio_url_${f}`), "duration_ms", "error", "also_for"] as const;
  const pageSize = options.pageSize ?? EXPORT_PAGE;
  async function* pages(): AsyncGenerator<ExportRow[]> {
    for (let offset = 0; ; offset += pageSize) {
      const scope = { organizationId: ctx.organization.id, campaignId };
      const recipients = await listRecipientsWithState(ctx.db, scope, { limit: pageSize, offset });
      // One row per call: a patient whose message another's call carries is named in that row's also_for.
      const calls = recipients.filter((r) => r.sharedWithRecipientId === null);
      const carried = await listCarriedNames(ctx.db, scope, calls.map((r) => r.id));
      if (calls.length > 0) yield calls.map((r) => toRow(r, carried.get(r.id) ?? []));
      if (recipients.length < pageSize) return;
    }
  }
  async function* csv(): AsyncGenerator<string> {
    const unparse = (data: string[][]) => Papa.unparse(data, { escapeFormulae: SPREADSHEET_FORMULA_START });
    yield unparse([[...columns]]);
    for await (const rows of pages()) yield `\r\n${unparse(rows.map((row) => columns.map((c) => (row as Record<string, string>)[c] ?? "")))}`;
  }
  const profileInfo = { id: profile, formats: formats.map((f) => ({ format: f, extension: FORMAT_INFO[f].extension, contentType: FORMAT_INFO[f].contentType })) };
  async function* json(): AsyncGenerator<string> {
    const head = JSON.stringify({ campaign: { id: campaign!.id, name: campaign!.name, status: campaign!.status }, profile: profileInfo });
    yield `${head.slice(0, -1)},"recipients":[`;
    let first = true;
    for await (const rows of pages()) {
      yield `${first ? "\n" : ",\n"}${rows.map((row) => JSON.stringify(row)).join(",\n")}`;
      first = false;
    }
    yield "\n]}\n";
  }
  const slug = campaign.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "campaign";
  return ok({ body: streamText(format === "csv" ? csv() : json()), fileName: `${slug}-${profile}-audio.${format}` });
}
