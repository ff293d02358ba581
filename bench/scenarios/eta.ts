/**
 * ETA accuracy: the reference campaign rendered on a real worker, with the time-left estimate (the same
 * call the plan, the progress stream and Retry-After use) recorded at 10, 25, 50 and 75 % of its segments,
 * against the time it really took from there. Run twice: alone, and with a second campaign launched
 * half-way (it queues behind, so the first one's estimate must not move). Before each launch the plan's
 * estimate is compared with launch-to-ready: the first plan on a fresh database has only the worker's
 * start-up guess; the clinic's next campaign (the same reference campaign said slower, so every segment is
 * new) is planned on the same database from the measured speed of the one before.
 */
import { createCampaign, estimateTimeLeft, getCampaignDetail, launchCampaign, planCampaign, type EtaRange } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { migrateDatabase, openDatabase } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { WorkerPool } from "@/lib/worker-client";
import { seedContacts } from "../../harness/seed";
import { startTestWorker } from "../../harness/worker-process";
import { referenceContacts, REFERENCE_TEMPLATE } from "../reference-campaign";

const CHECKPOINTS = [0.1, 0.25, 0.5, 0.75];
const SECOND_TEMPLATE =
  "Hello {{firstName}}, Bright Smile Dental here. We will see you on {{appointment.date}} at {{appointment.time}} with {{appointment.provider}}. Reply STOP to opt out.";

export type EtaCheckpoint = { fraction: number; eta: EtaRange | null; actualSeconds: number; midpointError: number | null; actualInRange: boolean };
/** The plan's estimate before launch against launch-to-ready; `error` is point ÷ real − 1 (the goal is ±25 %). */
export type PlanCheck = { eta: EtaRange | null; actualSeconds: number; error: number | null; actualInRange: boolean };

type Pool = InstanceType<typeof WorkerPool>;

/**
 * Plans `campaignId`, launches it (and `second` once half its segments are done), and records the
 * estimate at each checkpoint against the time that was really left.
 */
async function renderWithCheckpoints(ctx: Ctx, pool: Pool, campaignId: string, second: string | null) {
  const plan = await planCampaign(ctx, campaignId, pool.info());
  if (!plan.ok) throw new Error(plan.error.message);
  const started = performance.now();
  const launched = await launchCampaign(ctx, campaignId, pool.info());
  if (!launched.ok) throw new Error(launched.error.message);
  const seen: { fraction: number; at: number; eta: EtaRange | null }[] = [];
  let secondLaunched = false;
  for (;;) {
    const detail = await getCampaignDetail(ctx, campaignId);
    if (!detail.ok) throw new Error(detail.error.message);
    if (detail.value.status !== "rendering") break;
    const counts = detail.value.progress;
    const fraction = (counts.done + counts.failed) / counts.total;
    const next = CHECKPOINTS[seen.length];
    if (next !== undefined && fraction >= next) {
      seen.push({ fraction: next, at: performance.now(), eta: await estimateTimeLeft(ctx.db, { campaignId }, pool.info()) });
    }
    if (second && !secondLaunched && fraction >= 0.5) {
      const other = await launchCampaign(ctx, second, pool.info());
      if (!other.ok) throw new Error(other.error.message);
      secondLaunched = true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const ended = performance.now();
  const checkpoints: EtaCheckpoint[] = seen.map((s) => {
    const actualSeconds = (ended - s.at) / 1000;
    return {
      fraction: s.fraction,
      eta: s.eta,
      actualSeconds: round(actualSeconds, 1),
      midpointError: s.eta ? round(s.eta.seconds / actualSeconds - 1, 3) : null,
      actualInRange: s.eta !== null && s.eta.lowSeconds <= actualSeconds && actualSeconds <= s.eta.highSeconds,
    };
  });
  const totalSeconds = (ended - started) / 1000;
  const planEta = plan.value.estimatedRenderTime;
  return {
    segments: launched.value.plan.distinctSegments,
    totalSeconds: round(totalSeconds, 1),
    plan: {
      eta: planEta,
      actualSeconds: round(totalSeconds, 1),
      error: planEta ? round(planEta.seconds / totalSeconds - 1, 3) : null,
      actualInRange: planEta ? planEta.lowSeconds <= totalSeconds && totalSeconds <= planEta.highSeconds : false,
    } satisfies PlanCheck,
    checkpoints,
    /** Largest |point error| from 25 % on; the goal is ≤ 0.2. */
    worstErrorFrom25: round(Math.max(...checkpoints.filter((c) => c.fraction >= 0.25).map((c) => Math.abs(c.midpointError ?? Infinity))), 3),
  };
}

async function runOnce(modelDir: string, contacts: number, secondHalfway: boolean) {
  const worker = await startTestWorker({ modelDir, threads: 2 });
  const pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined });
  await pool.probe();
  const database = await openDatabase({ kind: "pglite" });
  const dispatcher = createDispatcher({ db: database.db, pool, pollMs: 20 });
  try {
    await migrateDatabase(database);
    const organization = await createOrganization(database.db, { name: "Bright Smile Dental", timezone: "America/New_York" });
    await seedContacts(database.db, organization.id, referenceContacts(contacts));
    const ctx = { db: database.db, organization };
    const create = async (name: string, template: string, speed = 1) => {
      const created = await createCampaign(ctx, { name, template, voice: "af_heart", speed, recipients: { mode: "all" } }, pool.info());
      if (!created.ok) throw new Error(created.error.message);
      return created.value.id;
    };
    const first = await create("first", REFERENCE_TEMPLATE);
    const second = secondHalfway ? await create("second", SECOND_TEMPLATE) : null;
    const stopListening = await database.listen("renders_queued", () => dispatcher.notify());
    dispatcher.start();
    try {
      const firstRun = await renderWithCheckpoints(ctx, pool, first, second);
      if (secondHalfway) return firstRun;
      // The clinic's next campaign, planned while the workers are idle: nothing live, the last stretch's speed.
      const next = await create("next", REFERENCE_TEMPLATE, 0.9);
      return { ...firstRun, nextCampaign: await renderWithCheckpoints(ctx, pool, next, null) };
    } finally {
      await stopListening();
    }
  } finally {
    await dispatcher.stop();
    await database.close();
    await pool.close();
    await worker.stop();
  }
}

export async function benchEta(modelDir: string, contacts = 1_000) {
  const alone = await runOnce(modelDir, contacts, false);
  const withSecondCampaign = await runOnce(modelDir, contacts, true);
  // Goals: the plan within ±25 % of launch-to-ready (from measured speed), the live estimate within ±20 % from 25 %.
  return { contacts, planTarget: 0.25, target: 0.2, alone, withSecondCampaign };
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
