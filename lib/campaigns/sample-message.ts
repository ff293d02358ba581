/**
 * A campaign's message for a fictional patient, rendered through the usual path (merge, speech rules and
 * dictionary, segments queued for the workers): what a preview link can play outside the clinic without
 * any patient's details.
 */
import { workersOf, type Ctx, type WorkerCapabilities } from "@/lib/context";
import { loadLexicons } from "@/lib/lexicon";
import { insertMessages, insertSegments, wakeDispatchers } from "@/lib/renders";
import { appError, err, ok, type Result } from "@/lib/result";
import { CUSTOM_VARIABLE_PREFIX } from "@/lib/templates";
import { zonedWallTimeToDate } from "@/lib/values/datetime";
import { campaignNotFound, type CampaignError } from "./errors";
import { findTooLong } from "./plan-tally";
import { mergeGivenRecipient, VersionPlanners } from "./planning";
import { getCampaign, type RecipientWithAppointment } from "./queries";
import { checkVersions, renderTargetOf } from "./service";

/** The fictional patient: a name no clinic's list should hold, a provider and a place that are not anyone's. */
export const SAMPLE_PATIENT = { firstName: "Alex", lastName: "Sample", provider: "Doctor Example", location: "the main office" } as const;
const SAMPLE_PHONE = "+15555550123";

/** Two days from `now` at 10:30 AM on the organisation's clocks (a weekday-looking, plausible appointment). */
export function sampleAppointmentStart(now: Date, timezone: string): Date {
  const local = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  const [year, month, day] = local.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day + 2));
  return zonedWallTimeToDate({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, { hour: 10, minute: 30, second: 0 }, timezone);
}

/** The fictional patient as a recipient of `template`: each custom value the template uses is its own name ("balance"). */
export function sampleRecipient(variables: readonly string[], timezone: string, now = new Date()): RecipientWithAppointment {
  const attributes = Object.fromEntries(
    variables.filter((v) => v.startsWith(CUSTOM_VARIABLE_PREFIX)).map((v) => {
      const key = v.slice(CUSTOM_VARIABLE_PREFIX.length);
      return [key, key.replace(/[_-]+/g, " ")];
    }),
  );
  return {
    recipientId: "sample",
    contactId: "sample",
    firstName: SAMPLE_PATIENT.firstName,
    lastName: SAMPLE_PATIENT.lastName,
    phone: SAMPLE_PHONE,
    email: null,
    timezone,
    attributes,
    appointment: { startsAt: sampleAppointmentStart(now, timezone), provider: SAMPLE_PATIENT.provider, location: SAMPLE_PATIENT.location },
  };
}

export type SampleMessage = { messageKey: string; text: string };

/**
 * Plans the campaign's main version for the fictional patient and queues its segments (a sentence rendered
 * before, by any campaign, is reused). The dispatcher renders them while a sample link is active.
 */
export async function planSampleMessage(
  ctx: Ctx,
  campaignId: string,
  given?: WorkerCapabilities | null,
): Promise<Result<SampleMessage, CampaignError<"campaign_not_found" | "worker_unavailable" | "template_invalid" | "voice_language_mismatch" | "speed_out_of_range" | "unknown_voice" | "message_too_long">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(campaignNotFound());
  const worker = await workersOf(ctx, given);
  if (!worker) return err(appError("worker_unavailable", "No TTS worker is ready, so the sample cannot be rendered yet. Start the worker and try again."));
  const versions = await checkVersions(ctx, campaign, worker);
  if (!versions.ok) return versions;
  const main = versions.value[0]!;
  const merged = mergeGivenRecipient(main, sampleRecipient(main.template.variables, ctx.organization.timezone), ctx.organization.timezone);
  const tooLong = findTooLong([merged]);
  if (tooLong) return err(tooLong);
  const target = renderTargetOf(campaign, worker);
  const planners = new VersionPlanners([main], (voice) => ({ ...target, voice }), await loadLexicons(ctx));
  const planned = planners.plan(merged);
  const inserted = await insertSegments(ctx.db, planned.segments, planners.targetOf(main.language));
  await insertMessages(ctx.db, [planned]);
  if (inserted > 0) await wakeDispatchers(ctx.db, "sample preview");
  return ok({ messageKey: planned.key, text: merged.merged });
}
