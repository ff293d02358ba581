/**
 * Calls benchmark: 1,000 recipients of a rendered campaign called through the carrier simulator at the
 * carrier rate of 10 calls a second, placed by the same loop the server runs (placeDueCalls, again at once
 * after a full batch, else after CALLS_IDLE_MS), with every callback answered by the product's handler on
 * the embedded database. Reports the wall time from "Call recipients" to the last call's end against the
 * ideal (recipients ÷ rate), the database statements per call (placing and every callback), and the most
 * calls the simulator saw created in any one second (never above the rate). `npm run bench -- calls`.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { answerSegmentKeys, CALLS_BATCH, carrierSettingsSchema, deriveCredentialKey, getCallReport, nextCallsRunInMs, placeDueCalls, saveCarrierSettings, startCampaignCalls } from "@/lib/calls";
import { planAnswerAudio } from "@/lib/calls/answers";
import { answerTexts } from "@/lib/calls/sentences";
import { createCampaign, getCampaign, launchCampaign } from "@/lib/campaigns";
import { migrateDatabase, openDatabase, rowsOf, type Db } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { WorkerPool } from "@/lib/worker-client";
import { startCarrierSimulator, type Answer } from "../../harness/carrier-simulator";
import { startFakeWorker } from "../../harness/fake-worker";
import { futureDate, seedContacts } from "../../harness/seed";
import { startCarrierFacingServer, zoneInsideWindow } from "../../harness/carrier-facing-server";

export type CallsFigures = {
  recipients: number;
  callsPerSecond: number;
  wallMs: number;
  idealMs: number;
  /** wall ÷ ideal: 1 is the carrier rate used to the full. */
  wallOverIdeal: number;
  /** From the first call created to the last: the placing rate alone, without the last calls playing out. */
  createSpanMs: number;
  statementsPerCall: number;
  /** The most frequent statements per call, by verb and table. */
  statementsByKind: Record<string, number>;
  maxCreatesInOneSecond: number;
  outcomes: Record<string, number>;
};

/** How the recipients answer, in turn: half confirm, some cancel, opt out, say nothing, voicemail, busy, no answer. */
const MIX: Answer[] = [
  { kind: "human", keys: ["1"] },
  { kind: "human", keys: ["1"] },
  { kind: "human", keys: ["1"] },
  { kind: "human", keys: ["1"] },
  { kind: "human", keys: ["1"] },
  { kind: "human", keys: ["2"] },
  { kind: "human", keys: ["9"] },
  { kind: "human" },
  { kind: "machine" },
  { kind: "busy" },
  { kind: "no-answer" },
];

const NAMES = ["Maria", "John", "Aiko", "Omar", "Lena", "Raj", "Chloe", "Diego", "Nina", "Sam"];

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 300_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** "update call_attempts", "select call_deliveries", "begin"… */
function statementKind(query: string): string {
  const words = query.trim().replace(/"/g, "").split(/\s+/);
  const verb = words[0]!.toLowerCase();
  if (verb === "insert" || verb === "delete") return `${verb} ${words[2]}`;
  if (verb === "update") return `update ${words[1]}`;
  if (verb === "select" || verb === "with") return `${verb} ${words[words.findIndex((w) => w.toLowerCase() === "from") + 1] ?? ""}`.trim();
  return verb;
}

const count = async (db: Db, query: ReturnType<typeof sql>) => rowsOf<{ n: number }>(await db.execute(query))[0]!.n;

export async function benchCalls(options: { recipients?: number; callsPerSecond?: number } = {}): Promise<CallsFigures> {
  const recipients = options.recipients ?? 1_000;
  const callsPerSecond = options.callsPerSecond ?? 10;
  let statements = 0;
  const byKind = new Map<string, number>();
  let counting = false;
  const database = await openDatabase({
    kind: "pglite",
    onQuery: (query) => {
      if (!counting) return;
      statements++;
      const kind = statementKind(query);
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    },
  });
  const fake = await startFakeWorker({ capacity: 4 });
  const pool = new WorkerPool({ urls: [fake.url] });
  const sim = await startCarrierSimulator();
  const server = await startCarrierFacingServer(database.db, randomBytes(32));
  try {
    await migrateDatabase(database);
    const db = database.db;
    const zone = zoneInsideWindow();
    const ctx = { db, organization: await createOrganization(db, { name: "Bench clinic", timezone: zone }) };
    const startsAt = futureDate(2, 15);
    await seedContacts(
      db,
      ctx.organization.id,
      Array.from({ length: recipients }, (_, i) => ({ firstName: NAMES[i % NAMES.length]!, phone: `+1312${String(5_550_000 + i).padStart(7, "0")}`, appointment: { startsAt } })),
    );
    for (let i = 0; i < recipients; i++) sim.answer(`+1312${String(5_550_000 + i).padStart(7, "0")}`, MIX[i % MIX.length]!);
    const config = server.config(deriveCredentialKey("a bench secret of at least thirty-two characters"));
    const saved = await saveCarrierSettings(
      ctx,
      carrierSettingsSchema.parse({ provider: "twilio", baseUrl: sim.baseUrl, accountSid: sim.accountSid, authToken: sim.authToken, callerId: "+13125559999", callsPerSecond, windowStart: "08:00", windowEnd: "21:00", weekdays: [1, 2, 3, 4, 5, 6, 7], retries: 0 }),
      config,
    );
    if (!saved.ok) throw new Error(saved.error.message);

    // The campaign's messages and the call's own sentences are rendered before the clock starts.
    await pool.probe();
    const worker = pool.info()!;
    const created = await createCampaign(ctx, { name: "Calls bench", template: "Hi {{firstName}}, Lakeside Clinic here about your visit.", voice: worker.voices[0]!, speed: 1, recipients: { mode: "all" } }, worker);
    if (!created.ok) throw new Error(created.error.message);
    const launched = await launchCampaign(ctx, created.value.id, worker);
    if (!launched.ok) throw new Error(launched.error.message);
    const campaign = (await getCampaign(db, ctx.organization.id, created.value.id))!;
    // Rendered like any segment; startCampaignCalls plans the same keys again and finds them done.
    await planAnswerAudio(db, ctx.organization.id, { engine: campaign.engine!, modelVersion: campaign.modelVersion!, voice: campaign.voice, speed: campaign.speed }, answerTexts({}, null));
    const dispatcher = createDispatcher({ db, pool, pollMs: 20 });
    dispatcher.start();
    await waitFor("the campaign's renders", async () => ["ready", "partially_failed", "failed"].includes((await getCampaign(db, ctx.organization.id, created.value.id))!.status));
    const status = (await getCampaign(db, ctx.organization.id, created.value.id))!.status;
    await waitFor("the call sentences", async () => (await count(db, sql`select count(*)::int as n from segments where status <> 'done'`)) === 0);
    await dispatcher.stop();
    if (status !== "ready") throw new Error(`the campaign ended ${status}`);
    const keys = answerSegmentKeys();
    if ((await count(db, sql`select count(*)::int as n from segments where key in (${keys}) and status = 'done'`)) === 0) throw new Error("the call sentences were not rendered");

    // "Call recipients", then the server's calls loop until every call has been created and has ended.
    counting = true;
    const started = performance.now();
    const start = await startCampaignCalls(ctx, created.value.id, config);
    if (!start.ok || start.value.queued !== recipients) throw new Error(`queued ${start.ok ? start.value.queued : start.error.message}`);
    while (sim.calls.length < recipients) {
      const summary = await placeDueCalls({ db, config, limit: CALLS_BATCH });
      if (sim.calls.length >= recipients) break;
      await new Promise((r) => setTimeout(r, nextCallsRunInMs(summary)));
    }
    await sim.idle();
    const wallMs = performance.now() - started;
    counting = false;

    const report = await getCallReport(ctx, created.value.id);
    if (!report.ok) throw new Error(report.error.message);
    const { total, ...outcomes } = report.value.summary;
    if (outcomes.in_progress !== 0 || total !== recipients) throw new Error(`calls unfinished: ${JSON.stringify(report.value.summary)}`);
    const errors = sim.calls.flatMap((c) => c.errors);
    if (errors.length > 0) throw new Error(`the simulator saw errors: ${errors.slice(0, 3).join("; ")}`);
    const idealMs = (recipients / callsPerSecond) * 1000;
    return {
      recipients,
      callsPerSecond,
      wallMs: Math.round(wallMs),
      idealMs,
      wallOverIdeal: Number((wallMs / idealMs).toFixed(3)),
      createSpanMs: Math.max(...sim.calls.map((c) => c.createdAt)) - Math.min(...sim.calls.map((c) => c.createdAt)),
      statementsPerCall: Number((statements / recipients).toFixed(1)),
      statementsByKind: Object.fromEntries(
        [...byKind]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 12)
          .map(([kind, n]) => [kind, Number((n / recipients).toFixed(2))]),
      ),
      maxCreatesInOneSecond: sim.maxConcurrentCreatesPerSecond(),
      outcomes: Object.fromEntries(Object.entries(outcomes).filter(([, n]) => n > 0)),
    };
  } finally {
    await sim.close();
    await server.close();
    await pool.close();
    await fake.close();
    await database.close();
  }
}
