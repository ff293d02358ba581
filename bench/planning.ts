/**
 * Planning benchmark: launches a campaign of N recipients (merge, normalise, split, key, insert segments and
 * messages, link recipients: all of launchCampaign) on a fresh embedded database and reports time and memory
 * per recipient. Run alone with `npm run bench -- planning`.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { createCampaign, launchCampaign } from "@/lib/campaigns";
import { migrateDatabase, openDatabase } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { seedContacts, type SeedContact } from "../harness/seed";
import { referenceContacts, REFERENCE_TEMPLATE, REFERENCE_WORKER } from "./reference-campaign";

export type PlanningRun = { recipients: number; ms: number; msPerRecipient: number; bytesPerRecipient: number; segments: number; messages: number };

/**
 * A full garbage collection, so the baseline holds no garbage from setup (without one, a collection during
 * the run could leave the peak below a baseline full of garbage and report 0). `npm run bench` runs without
 * --expose-gc, so expose it here.
 */
function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

export async function benchPlanning(recipients: number): Promise<PlanningRun> {
  const database = await openDatabase({ kind: "pglite" });
  try {
    await migrateDatabase(database);
    const organization = await createOrganization(database.db, { name: "Bench clinic", timezone: "America/New_York" });
    const contacts: SeedContact[] = referenceContacts(recipients);
    await seedContacts(database.db, organization.id, contacts);
    const ctx = { db: database.db, organization };
    const created = await createCampaign(ctx, { name: `plan ${recipients}`, template: REFERENCE_TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } }, REFERENCE_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    const started = performance.now();
    const launched = await launchCampaign(ctx, created.value.id, REFERENCE_WORKER);
    const ms = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    if (!launched.ok) throw new Error(launched.error.message);
    return {
      recipients,
      ms: Math.round(ms),
      msPerRecipient: Number((ms / recipients).toFixed(4)),
      bytesPerRecipient: Math.round((peak - baseline) / recipients),
      segments: launched.value.plan.distinctSegments,
      messages: launched.value.plan.distinctMessages,
    };
  } finally {
    await database.close();
  }
}

export async function runPlanningBench() {
  await benchPlanning(2_000); // warm-up: JIT and first-use costs should not count against the 10k run
  const small = await benchPlanning(10_000);
  const large = await benchPlanning(100_000);
  return { small, large, linearity: Number((large.ms / (10 * small.ms)).toFixed(3)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runPlanningBench();
  console.table([result.small, result.large]);
  console.log(`linearity (100k time ÷ 10 × 10k time): ${result.linearity} (target < 1.2)`);
}
