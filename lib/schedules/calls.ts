import { startCampaignCalls, type CallsConfig } from "@/lib/calls";
import { getCampaign } from "@/lib/campaigns";
import type { Db } from "@/lib/db";
import { getOrganization } from "@/lib/organizations";
import { claimRunCalls, listRunsAwaitingCalls, setRunCallsOutcome } from "./queries";

export type ScheduledCallsOptions = {
  db: Db;
  config: CallsConfig;
  now?: Date;
  log?: (entry: Record<string, unknown>) => void;
};

export type ScheduledCallsSummary = { started: number; rendering: number; notStarted: number };

/**
 * Starts the calls of every phone-delivery slot whose campaign has finished rendering, through the same
 * use-case as the campaign page's "Call recipients": calls are queued inside each recipient's calling window,
 * under the frequency cap. Each run's start is claimed in the transaction that queues its calls, so however
 * many ticks or processes run it, and wherever one of them dies, a run's calls are queued once.
 */
export async function startScheduledCalls(options: ScheduledCallsOptions): Promise<ScheduledCallsSummary> {
  const summary: ScheduledCallsSummary = { started: 0, rendering: 0, notStarted: 0 };
  const now = options.now ?? new Date();
  for (const run of await listRunsAwaitingCalls(options.db)) {
    const campaign = await getCampaign(options.db, run.organizationId, run.campaignId);
    if (campaign?.status === "rendering") {
      summary.rendering++;
      continue;
    }
    const organization = await getOrganization(options.db, run.organizationId);
    if (!organization) continue;
    const outcome = await options.db.transaction(async (tx) => {
      if (!(await claimRunCalls(tx, run.id, now))) return null;
      // A campaign canceled while it rendered is not called; nor is one deleted since.
      if (!campaign || campaign.status === "canceled" || campaign.status === "draft") {
        const message = "The campaign was canceled before its audio was ready: no calls were placed.";
        await setRunCallsOutcome(tx, run.id, { callsQueued: null, message });
        return { ok: false as const, message };
      }
      const started = await startCampaignCalls({ db: tx, organization }, run.campaignId, options.config, now);
      if (!started.ok) {
        const message = `The calls were not started: ${started.error.message}`;
        await setRunCallsOutcome(tx, run.id, { callsQueued: null, message });
        return { ok: false as const, message };
      }
      await setRunCallsOutcome(tx, run.id, { callsQueued: started.value.queued });
      return { ok: true as const, queued: started.value.queued };
    });
    if (!outcome) continue;
    summary[outcome.ok ? "started" : "notStarted"]++;
    options.log?.({ level: outcome.ok ? "info" : "warn", msg: outcome.ok ? "scheduled calls started" : "scheduled calls not started", runId: run.id, campaignId: run.campaignId, ...outcome });
  }
  return summary;
}
