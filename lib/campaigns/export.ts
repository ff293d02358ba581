import Papa from "papaparse";
import { audioDownloadStem, FORMAT_INFO, PROFILE_INFO, type AudioProfile, type AudioUrlSigning } from "@/lib/audio";
import { getNextAppointments } from "@/lib/contacts";
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
  /** The appointment the message speaks of, local time with its UTC offset ("2026-03-10T14:30:00-05:00"); "" without one. */
  appointment_time: string;
  /** The IANA zone the patient is called in (theirs, else the organisation's): a dialer keeps to calling hours in it. */
  time_zone: string;
  status: RecipientStatus;
  audio_url: string;
  [formatColumn: `audio_url_${string}`]: string;
  duration_ms: string;
  error: string;
  /** Others this call's message speaks to (patients on the same number, said together); they get no row of their own. */
  also_for: string;
};

const EXPORT_PAGE = 5_000;

/** An instant as ISO 8601 local time in `timeZone`, with that zone's offset then. */
export function localIsoTime(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  const offset = Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const sign = offset < 0 ? "-" : "+";
  return `${new Date(wall).toISOString().slice(0, 19)}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

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
  const toRow = (r: RecipientDto, alsoFor: string[], appointmentAt: Date | null): ExportRow => {
    const key = r.status === "ready" ? r.messageKey : null;
    const name = audioDownloadStem(r.name, campaign.name);
    const urls = formats.map((f) => [`audio_url_${f}`, key ? signedMessageAudioUrl(signing, ctx.organization.id, key, f, baseUrl, name) : ""] as const);
    const timeZone = r.timezone ?? ctx.organization.timezone;
    return {
      recipient_id: r.id,
      external_id: r.externalId ?? "",
      name: r.name,
      phone: r.phone,
      appointment_time: appointmentAt ? localIsoTime(appointmentAt, timeZone) : "",
      time_zone: timeZone,
      status: r.status,
      audio_url: urls[0]![1],
      ...Object.fromEntries(urls),
      duration_ms: r.durationMs === null ? "" : String(r.durationMs),
      error: r.error ?? "",
      also_for: alsoFor.join("; "),
    };
  };
  const columns = ["recipient_id", "external_id", "name", "phone", "appointment_time", "time_zone", "status", "audio_url", ...formats.map((f) => `audio_url_${f}`), "duration_ms", "error", "also_for"] as const;
  const pageSize = options.pageSize ?? EXPORT_PAGE;
  async function* pages(): AsyncGenerator<ExportRow[]> {
    for (let offset = 0; ; offset += pageSize) {
      const scope = { organizationId: ctx.organization.id, campaignId };
      const recipients = await listRecipientsWithState(ctx.db, scope, { limit: pageSize, offset });
      // One row per call: a patient whose message another's call carries is named in that row's also_for.
      const calls = recipients.filter((r) => r.sharedWithRecipientId === null);
      const carried = await listCarriedNames(ctx.db, scope, calls.map((r) => r.id));
      // The next appointment as of the launch: the one the message was planned to speak of.
      const appointments = await getNextAppointments(ctx.db, calls.map((r) => r.contactId), campaign!.launchedAt ?? new Date());
      if (calls.length > 0) yield calls.map((r) => toRow(r, carried.get(r.id) ?? [], appointments.get(r.contactId)?.startsAt ?? null));
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
