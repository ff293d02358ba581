import Papa from "papaparse";
import { callOutcomes, type CallOutcome } from "@/drizzle/schema/calls";
import { getCampaign, listCampaignRecipients } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { SPREADSHEET_FORMULA_START } from "@/lib/format";
import { appError, err, ok, type Result } from "@/lib/result";
import { listAttemptsOfDeliveries, listCampaignDeliveries } from "./queries";
import type { CallsError } from "./settings";

export type CallAttemptDto = {
  attempt: number;
  state: string;
  carrierStatus: string | null;
  answeredBy: string | null;
  keys: string | null;
  durationSeconds: number | null;
  error: string | null;
  errorCode: string | null;
  placedAt: string | null;
  endedAt: string | null;
};

export type CallRecipientDto = {
  recipientId: string;
  contactId: string;
  name: string;
  phone: string;
  timezone: string;
  /** null while calls are still being placed. */
  outcome: CallOutcome | null;
  outcomeDetail: string | null;
  attempts: CallAttemptDto[];
};

export type CallReport = { summary: Record<CallOutcome | "in_progress" | "total", number>; recipients: CallRecipientDto[] };

export const OUTCOME_LABELS: Record<CallOutcome, string> = {
  confirmed: "Confirmed",
  cancel_requested: "Cancel requested",
  opted_out: "Opted out",
  voicemail: "Voicemail left",
  answered_no_key: "Answered, no key",
  no_answer: "No answer",
  busy: "Busy",
  invalid_number: "Invalid number",
  failed: "Failed",
  stopped: "Stopped before calling",
};

/** The campaign's calls: each recipient's outcome and attempts, and counts by outcome. */
export async function getCallReport(ctx: Ctx, campaignId: string): Promise<Result<CallReport, CallsError<"campaign_not_found">>> {
  if (!(await getCampaign(ctx.db, ctx.organization.id, campaignId))) return err(appError("campaign_not_found", "This campaign does not exist."));
  const deliveries = await listCampaignDeliveries(ctx.db, ctx.organization.id, campaignId);
  const attempts = await listAttemptsOfDeliveries(
    ctx.db,
    deliveries.map((d) => d.id),
  );
  const names = new Map<string, string>();
  if (deliveries.length > 0) {
    for (let offset = 0; ; offset += 1000) {
      const page = await listCampaignRecipients(ctx, campaignId, { limit: 1000, offset });
      if (!page.ok) break;
      for (const r of page.value.items) names.set(r.id, r.name);
      if (page.value.items.length < 1000) break;
    }
  }
  const summary = Object.fromEntries([...callOutcomes, "in_progress", "total"].map((k) => [k, 0])) as CallReport["summary"];
  const recipients = deliveries.map((d): CallRecipientDto => {
    summary.total++;
    summary[d.outcome ?? "in_progress"]++;
    return {
      recipientId: d.recipientId,
      contactId: d.contactId,
      name: names.get(d.recipientId) ?? d.phone,
      phone: d.phone,
      timezone: d.timezone,
      outcome: d.outcome,
      outcomeDetail: d.outcomeDetail,
      attempts: attempts
        .filter((a) => a.deliveryId === d.id)
        .map((a) => ({
          attempt: a.attemptNo,
          state: a.state,
          carrierStatus: a.carrierStatus,
          answeredBy: a.answeredBy,
          keys: a.digits,
          durationSeconds: a.durationSeconds,
          error: a.error,
          errorCode: a.errorCode,
          placedAt: a.placedAt?.toISOString() ?? null,
          endedAt: a.endedAt?.toISOString() ?? null,
        })),
    };
  });
  return ok({ summary, recipients });
}

/** The report as CSV: one row per recipient, attempts summarised in columns. */
export function callReportCsv(report: CallReport): string {
  const header = ["recipient_id", "name", "phone", "timezone", "outcome", "outcome_detail", "attempts", "last_status", "total_duration_s", "keys", "attempt_times"];
  const rows = report.recipients.map((r) => [
    r.recipientId,
    r.name,
    r.phone,
    r.timezone,
    r.outcome ?? "in_progress",
    r.outcomeDetail ?? "",
    String(r.attempts.filter((a) => a.placedAt).length),
    r.attempts.at(-1)?.carrierStatus ?? "",
    String(r.attempts.reduce((s, a) => s + (a.durationSeconds ?? 0), 0)),
    r.attempts.map((a) => a.keys ?? "").join(""),
    r.attempts.map((a) => a.placedAt ?? "").filter(Boolean).join(" "),
  ]);
  return Papa.unparse([header, ...rows], { escapeFormulae: SPREADSHEET_FORMULA_START });
}
