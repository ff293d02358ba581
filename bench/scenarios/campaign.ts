/**
 * Scenarios 1-3 on the reference appointment campaign: model calls and audio for three strategies
 * (dedupe), launch-to-ready wall time of the seed's approach vs ours (endToEnd), and our wall time over the
 * worker's inference time (overhead).
 */
import { sql } from "drizzle-orm";
import pLimit from "p-limit";
import { Agent, request } from "undici";
import { createCampaign, launchCampaign } from "@/lib/campaigns";
import { getNextAppointments } from "@/lib/contacts";
import { migrateDatabase, openDatabase, rowsOf, type Database } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { messageDurationMs } from "@/lib/protocol/audio";
import { parseRenderResponseHeaders } from "@/lib/protocol/tts";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { normalizeForSpeech } from "@/lib/speech";
import { mergeTemplate, parseTemplate } from "@/lib/templates";
import { WorkerPool } from "@/lib/worker-client";
import { seedContacts } from "../../harness/seed";
import { startTestWorker, type TestWorker } from "../../harness/worker-process";
import { referenceContacts, REFERENCE_TEMPLATE } from "../reference-campaign";

type Setup = { database: Database; ctx: { db: Database["db"]; organization: Awaited<ReturnType<typeof createOrganization>> }; campaignId: string };

async function setUpCampaign(contacts: number, pool: WorkerPool, name: string): Promise<Setup> {
  const database = await openDatabase({ kind: "pglite" });
  await migrateDatabase(database);
  const organization = await createOrganization(database.db, { name: "Bright Smile Dental", timezone: "America/New_York" });
  await seedContacts(database.db, organization.id, referenceContacts(contacts));
  const ctx = { db: database.db, organization };
  const created = await createCampaign(ctx, { name, template: REFERENCE_TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } }, pool.info());
  if (!created.ok) throw new Error(created.error.message);
  return { database, ctx, campaignId: created.value.id };
}

async function runOurs(setup: Setup, pool: WorkerPool): Promise<{ wallMs: number; launchMs: number }> {
  const started = performance.now();
  const launched = await launchCampaign(setup.ctx, setup.campaignId, pool.info());
  if (!launched.ok) throw new Error(launched.error.message);
  const launchMs = performance.now() - started;
  const dispatcher = createDispatcher({ db: setup.database.db, pool, pollMs: 20 });
  const stopListening = await setup.database.listen("renders_queued", () => dispatcher.notify());
  dispatcher.start();
  for (;;) {
    const [row] = rowsOf<{ status: string }>(await setup.database.db.execute(sql`select status from campaigns where id = ${setup.campaignId}`));
    if (row?.status !== "rendering") break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const wallMs = performance.now() - started;
  await dispatcher.stop();
  await stopListening();
  return { wallMs, launchMs };
}

/** The seed: merge each contact's message, render every message in full, 10 at a time over keep-alive. */
async function runSeed(setup: Setup, worker: TestWorker): Promise<{ wallMs: number; calls: number; audioSec: number }> {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 50 });
  const started = performance.now();
  const recipients = rowsOf<{ id: string; firstName: string; lastName: string; phone: string; attributes: Record<string, string>; timezone: string | null }>(
    await setup.database.db.execute(sql`select c.id, c.first_name as "firstName", c.last_name as "lastName", c.phone, c.attributes, c.timezone
      from campaign_recipients cr join contacts c on c.id = cr.contact_id where cr.campaign_id = ${setup.campaignId}`),
  );
  // The seed fetched appointments in parallel; one batched query is at least as fast, so the comparison is fair to it.
  const appointments = await getNextAppointments(setup.database.db, recipients.map((r) => r.id));
  const template = parseTemplate(REFERENCE_TEMPLATE);
  if (!template.ok) throw new Error("reference template does not parse");
  const limit = pLimit(10);
  let audioMs = 0;
  await Promise.all(
    recipients.map((r) =>
      limit(async () => {
        const text = normalizeForSpeech(
          mergeTemplate(template.value, {
            contact: { firstName: r.firstName, lastName: r.lastName, phone: r.phone, email: null, timezone: r.timezone, attributes: r.attributes },
            appointment: appointments.get(r.id) ?? null,
            defaultTimezone: setup.ctx.organization.timezone,
          }),
        );
        for (;;) {
          const res = await request(`${worker.url}/v1/render`, {
            method: "POST",
            dispatcher: agent,
            headers: { ...worker.authHeaders, "content-type": "application/json" },
            body: JSON.stringify({ text, voice: "af_heart", speed: 1, format: "pcm" }),
            // No client deadline: on a loaded machine a queued whole-message render can wait minutes for its turn.
            headersTimeout: 0,
            bodyTimeout: 0,
          });
          await res.body.arrayBuffer();
          if (res.statusCode === 200) {
            audioMs += parseRenderResponseHeaders({ get: (n) => (res.headers[n] as string | undefined) ?? null }).audioMs;
            return;
          }
          await new Promise((r) => setTimeout(r, 500)); // 503 from a full queue: wait and resend, as the seed's retry did
        }
      }),
    ),
  );
  const wallMs = performance.now() - started;
  await agent.close();
  return { wallMs, calls: recipients.length, audioSec: audioMs / 1000 };
}

async function segmentFacts(database: Database, campaignId: string) {
  const [facts] = rowsOf<{ n: number; audio: number; generation: number }>(
    await database.db.execute(sql`select count(*)::int as n, coalesce(sum(s.duration_ms), 0)::float as audio, coalesce(sum(s.generation_ms), 0)::float as generation
      from campaign_segments cs join segments s on s.key = cs.segment_key where cs.campaign_id = ${campaignId}`),
  );
  return facts!;
}

/**
 * Model calls and audio seconds of the three strategies for the 1,000-contact reference campaign. Our
 * segments are rendered for real (fast stand-in: same audio lengths as the calibrated one); a message's audio
 * is its segments plus the sentence pauses, which is exactly what a whole-message render produces, since the
 * worker splits a message into the same sentences.
 */
export async function benchDedupe(fastModelDir: string, contacts = 1_000) {
  const worker = await startTestWorker({ modelDir: fastModelDir, threads: 2 });
  const pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined });
  await pool.probe();
  const setup = await setUpCampaign(contacts, pool, "dedupe");
  try {
    await runOurs(setup, pool);
    const perRecipient = rowsOf<{ messageKey: string; audio: number; segments: number }>(
      await setup.database.db.execute(sql`select cr.message_key as "messageKey", sum(s.duration_ms)::float as audio, count(*)::int as segments
        from campaign_recipients cr join message_segments ms on ms.message_key = cr.message_key join segments s on s.key = ms.segment_key
        where cr.campaign_id = ${setup.campaignId} group by cr.id, cr.message_key`),
    );
    const messageAudio = (r: { audio: number; segments: number }) => messageDurationMs(r.audio, r.segments, 1) / 1000;
    const distinct = new Map(perRecipient.map((r) => [r.messageKey, r]));
    const facts = await segmentFacts(setup.database, setup.campaignId);
    return {
      contacts,
      perContactCalls: perRecipient.length,
      messageCalls: distinct.size,
      segmentCalls: facts.n,
      perContactAudioSec: round(perRecipient.reduce((s, r) => s + messageAudio(r), 0)),
      messageAudioSec: round([...distinct.values()].reduce((s, r) => s + messageAudio(r), 0)),
      segmentAudioSec: round(facts.audio / 1000),
    };
  } finally {
    await setup.database.close();
    await pool.close();
    await worker.stop();
  }
}

/**
 * The same slice of the reference campaign rendered by the seed's approach and by ours, on one worker with
 * the calibrated model; then our wall time over the worker's summed inference time divided by its threads
 * (the best wall time any scheduler could reach).
 */
export async function benchEndToEnd(modelDir: string, contacts: number, threads = 2) {
  const worker = await startTestWorker({ modelDir, threads });
  const pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined });
  await pool.probe();
  const ours = await setUpCampaign(contacts, pool, "ours");
  const seedSetup = await setUpCampaign(contacts, pool, "seed");
  try {
    // CPU of this process (the web side: planning, dispatching, storing audio) during each approach; the
    // worker is another process. On one machine the two compete for the same cores.
    let cpu = process.cpuUsage();
    const seed = await runSeed(seedSetup, worker);
    const seedWebCpuMs = cpuMsSince(cpu);
    cpu = process.cpuUsage();
    const run = await runOurs(ours, pool);
    const oursWebCpuMs = cpuMsSince(cpu);
    const facts = await segmentFacts(ours.database, ours.campaignId);
    const inferenceMs = facts.generation / threads;
    return {
      endToEnd: {
        contacts,
        seedMs: Math.round(seed.wallMs),
        oursMs: Math.round(run.wallMs),
        speedup: round(seed.wallMs / run.wallMs),
        seedCalls: seed.calls,
        ourCalls: facts.n,
        seedWebCpuMs,
        oursWebCpuMs,
      },
      overhead: { ratio: round(run.wallMs / inferenceMs, 3), wallMs: Math.round(run.wallMs), inferenceMs: Math.round(inferenceMs), launchMs: Math.round(run.launchMs), threads, target: 1.05 },
    };
  } finally {
    await ours.database.close();
    await seedSetup.database.close();
    await pool.close();
    await worker.stop();
  }
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000);
}

/**
 * The reference campaign at the real model's speed. On the real weights: our approach over `oursContacts`
 * contacts (all 1,000 by default), measured; the seed's approach over a slice of `seedContacts`, measured and
 * scaled to `oursContacts` (its work is one whole-message render per contact, so its time is linear in
 * contacts); and the calibration check: our approach on `sliceContacts` contacts with the real model and with
 * the stand-in calibrated from it in this run, whose wall times should agree within ±15 %.
 */
export async function benchRealSpeed(
  realDir: string,
  standInDir: string,
  options: { oursContacts: number; seedContacts: number; sliceContacts: number },
  threads = 2,
) {
  const timed = async (modelDir: string, run: (pool: WorkerPool, worker: TestWorker) => Promise<void>) => {
    const worker = await startTestWorker({ modelDir, engine: "kokoro", threads, readyTimeoutMs: 300_000 });
    const pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined });
    try {
      await pool.probe();
      await run(pool, worker);
    } finally {
      await pool.close();
      await worker.stop();
    }
  };
  const ours = async (pool: WorkerPool, contacts: number, name: string) => {
    const setup = await setUpCampaign(contacts, pool, name);
    try {
      const run = await runOurs(setup, pool);
      const facts = await segmentFacts(setup.database, setup.campaignId);
      return { contacts, wallMs: Math.round(run.wallMs), calls: facts.n, audioSec: round(facts.audio / 1000), inferenceMs: Math.round(facts.generation / threads) };
    } finally {
      await setup.database.close();
    }
  };
  let sliceReal!: Awaited<ReturnType<typeof ours>>;
  let sliceStandIn!: Awaited<ReturnType<typeof ours>>;
  let full!: Awaited<ReturnType<typeof ours>>;
  let seed!: { contacts: number; wallMs: number; audioSec: number };
  await timed(realDir, async (pool, worker) => {
    sliceReal = await ours(pool, options.sliceContacts, "slice-real");
    const seedSetup = await setUpCampaign(options.seedContacts, pool, "seed");
    try {
      const run = await runSeed(seedSetup, worker);
      seed = { contacts: options.seedContacts, wallMs: Math.round(run.wallMs), audioSec: round(run.audioSec) };
    } finally {
      await seedSetup.database.close();
    }
    full = await ours(pool, options.oursContacts, "ours-full");
  });
  await timed(standInDir, async (pool) => {
    sliceStandIn = await ours(pool, options.sliceContacts, "slice-stand-in");
  });
  const seedProjectedMs = Math.round((seed.wallMs / seed.contacts) * options.oursContacts);
  return {
    calibration: { contacts: options.sliceContacts, realMs: sliceReal.wallMs, standInMs: sliceStandIn.wallMs, ratio: round(sliceStandIn.wallMs / sliceReal.wallMs, 3), target: "0.85–1.15" },
    seed: { ...seed, msPerContact: Math.round(seed.wallMs / seed.contacts), projectedMs: seedProjectedMs },
    ours: { ...full, overhead: round(full.wallMs / full.inferenceMs, 3) },
    speedup: round(seedProjectedMs / full.wallMs),
    target: 10,
  };
}
