import { getCallWebhookData } from "@/lib/calls";
import { getCampaignWebhookData, type CampaignWebhookOptions, type WorkerCapabilities } from "@/lib/campaigns";
import type { Db } from "@/lib/db";
import { getOrganization } from "@/lib/organizations";
import { getSkippedRunWebhookData, runDueSchedules, type ScheduleTickSummary } from "@/lib/schedules";
import { deliverDueWebhooks, type DeliverOptions, type DeliverSummary, type WebhookDataBuilder } from "@/lib/webhooks";

/**
 * Where schedules, campaigns and webhooks meet, above all three (as lib/runtime/dispatcher.ts is for renders):
 * one tick runs the due schedule slots and delivers the due webhooks, building each event's payload from
 * the domain it reports on.
 */
export type PayloadSettings = CampaignWebhookOptions;

export function createWebhookDataBuilder(db: Db, settings: PayloadSettings): WebhookDataBuilder {
  return async (event) => {
    if (event.type === "schedule.skipped") return getSkippedRunWebhookData(db, event.organizationId, event.subject.scheduleId!, event.subject.runId!);
    if (event.type.startsWith("call.") || event.type.startsWith("appointment.") || event.type === "contact.opted_out") return getCallWebhookData(db, event.organizationId, event.subject);
    const organization = await getOrganization(db, event.organizationId);
    return getCampaignWebhookData(db, event.organizationId, event.subject.campaignId!, settings, organization?.timezone ?? "UTC");
  };
}

export type AutomationTickOptions = {
  db: Db;
  worker: WorkerCapabilities | null;
  payload: PayloadSettings;
  webhooks: Omit<DeliverOptions, "db" | "buildData">;
  now?: Date;
  log?: (entry: Record<string, unknown>) => void;
};

export async function runAutomationTick(options: AutomationTickOptions): Promise<{ schedules: ScheduleTickSummary; webhooks: DeliverSummary }> {
  const schedules = await runDueSchedules({ db: options.db, worker: options.worker, now: options.now, log: options.log });
  const webhooks = await deliverDueWebhooks({ ...options.webhooks, db: options.db, buildData: createWebhookDataBuilder(options.db, options.payload), log: options.log });
  return { schedules, webhooks };
}
