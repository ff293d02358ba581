/**
 * `npm run bench -- speechcheck`: what the speech check costs on this machine. A campaign of 1,000 recipients
 * with realistic name variety (first and last names of many origins, paired at random, as a clinic's list is)
 * is planned, launched and rendered by a real worker (the built-in voice: the rendering is not what is
 * measured), twice: once with no check, once while the check follows the launch and hears each sentence with
 * a name as soon as it is rendered (services/speech-check, Whisper tiny.en, one transcription at a time).
 *
 * Reports: the distinct sentences and how many hold a name; how long the launch call takes (the check never
 * runs inside it); rendering time without and with the check running beside it; the recogniser's seconds per
 * second of audio; how many sentences the check heard within its time budget (BENCH_SPEECHCHECK_SECONDS,
 * default 300 s after rendering ends) and, from the measured rate, how long hearing all of them takes.
 */
import { createCampaign, followCampaignSpeech, getCampaignDetail, launchCampaign, planCampaign, type WorkerCapabilities } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { migrateDatabase, openDatabase, type Database } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { SpeechCheckClient, type SpeechCheckReport } from "@/lib/speech-check";
import { WorkerPool } from "@/lib/worker-client";
import { ensurePython } from "../../harness/python-env";
import { seedContacts, type SeedContact } from "../../harness/seed";
import { startSpeechCheck } from "../../harness/speech-check-process";
import { startTestWorker } from "../../harness/worker-process";

const TEMPLATE = "Hi {{firstName}} {{lastName}}, this is Bright Smile Dental. Your cleaning is due next week. Please call 202 555 0100 to book, or say stop to opt out.";

const FIRST = [
  "Maria", "James", "Mohammed", "Ahmed", "Fatima", "Wei", "Aiko", "Siobhan", "Chidi", "Kwame", "Priya", "Olivia", "Mateo", "Lucia", "Dmitri", "Jurgen",
  "Oluwaseun", "Ngozi", "Tariq", "Leila", "Hiroshi", "Mei", "Sanjay", "Anjali", "Niamh", "Padraig", "Sofia", "Diego", "Valentina", "Giuseppe", "Agnieszka",
  "Wojciech", "Elena", "Nikolai", "Yusuf", "Ayesha", "Thanh", "Linh", "Jae", "Soo-jin", "Emma", "Noah", "Liam", "Ava", "Ethan", "Isabella", "Benjamin",
  "Charlotte", "Xiomara", "Ximena", "Abebe", "Tsion", "Kofi", "Amara", "Ingrid", "Bjorn", "Saoirse", "Aoife", "Rahul", "Deepika",
];
const LAST = [
  "Smith", "Johnson", "Okafor", "Nguyen", "Garcia", "Hernandez", "Patel", "Khan", "Ahmed", "Zhang", "Tanaka", "O'Brien", "Murphy", "Mensah", "Volkov",
  "Muller", "Oyelaran", "Chukwuemeka", "Wojciechowski", "Tkachenko", "Przybylski", "Kowalczyk", "Rossi", "Esposito", "Papadopoulos", "Haddad",
  "Al-Sayed", "Abubakar", "Adeyemi", "Kim", "Park", "Tran", "Pham", "Singh", "Chatterjee", "Venkataraman", "Goldberg", "Schwartz", "Lindqvist",
  "Johansson", "Fitzgerald", "Brown", "Williams", "Taylor", "Martinez", "Lopez", "Gonzalez", "Rodriguez", "Nakamura", "Yamamoto", "Wiśniewski",
  "Dubois", "Lefebvre", "Haile", "Tesfaye", "Boateng", "Asante", "Nwosu", "Eze", "Obi",
];

/** 1,000 contacts, names paired by a fixed pseudo-random sequence so every run plans the same campaign. */
function contacts(count: number): SeedContact[] {
  let state = 12345;
  const next = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  return Array.from({ length: count }, (_, i) => ({ firstName: FIRST[next(FIRST.length)]!, lastName: LAST[next(LAST.length)]!, phone: `+1202${String(5_550_000 + i).padStart(7, "0")}` }));
}

async function renderCampaign(database: Database, ctx: Ctx, pool: WorkerPool, info: WorkerCapabilities, voice: string, name: string) {
  const created = await createCampaign(ctx, { name, template: TEMPLATE, voice, speed: 1, recipients: { mode: "all" } }, info);
  if (!created.ok) throw new Error(created.error.message);
  const id = created.value.id;
  const plan = await planCampaign(ctx, id, info, null);
  if (!plan.ok) throw new Error(plan.error.message);
  const dispatcher = createDispatcher({ db: database.db, pool, pollMs: 20 });
  const stopListening = await database.listen("renders_queued", () => dispatcher.notify());
  const launchStarted = performance.now();
  const launched = await launchCampaign(ctx, id, info);
  if (!launched.ok) throw new Error(launched.error.message);
  const launchMs = performance.now() - launchStarted;
  dispatcher.start();
  return {
    id,
    plan: plan.value,
    launchMs,
    async finish() {
      for (;;) {
        const detail = await getCampaignDetail(ctx, id);
        if (!detail.ok) throw new Error(detail.error.message);
        if (detail.value.status !== "rendering") break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const renderSeconds = (performance.now() - launchStarted) / 1000;
      await dispatcher.stop();
      await stopListening();
      return renderSeconds;
    },
  };
}

export async function benchSpeechCheck(log: (line: string) => void) {
  const python = await ensurePython("asr", log);
  const recipients = Number(process.env.BENCH_SPEECHCHECK_CONTACTS ?? 1_000);
  const budgetSeconds = Number(process.env.BENCH_SPEECHCHECK_SECONDS ?? 300);
  const worker = await startTestWorker({ engine: "builtin", threads: 1, readyTimeoutMs: 180_000 });
  const service = await startSpeechCheck(python, { threads: 1 });
  const pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined });
  const database = await openDatabase({ kind: "pglite" });
  try {
    await pool.probe();
    const info = pool.info()!;
    await migrateDatabase(database);
    const organization = await createOrganization(database.db, { name: "Bright Smile Dental", timezone: "America/New_York" });
    await seedContacts(database.db, organization.id, contacts(recipients));
    const ctx: Ctx = { db: database.db, organization, workers: async () => info };

    log(`speechcheck: ${recipients} recipients, rendering without the check…`);
    const alone = await renderCampaign(database, ctx, pool, info, "af_basic", "without the check");
    const aloneSeconds = await alone.finish();

    log("speechcheck: rendering with the check following the launch…");
    const client = new SpeechCheckClient({ url: service.url, token: service.token });
    const withCheck = await renderCampaign(database, ctx, pool, info, "bf_basic", "with the check");
    const checkStarted = performance.now();
    let report: SpeechCheckReport | null = null;
    const following = followCampaignSpeech(ctx, withCheck.id, client, { intervalMs: 2_000, maxMs: budgetSeconds * 1000 }).then((r) => (report = r));
    const withSeconds = await withCheck.finish();
    log(`speechcheck: rendered in ${withSeconds.toFixed(0)} s; the check goes on for at most ${budgetSeconds} s in all…`);
    await following;
    const checkSeconds = (performance.now() - checkStarted) / 1000;
    const r = report as SpeechCheckReport | null;
    if (!r || !r.ran) throw new Error(`the check did not run: ${r && !r.ran ? r.reason : "no report"}`);
    const rate = r.audioSeconds > 0 ? r.recogniserSeconds / r.audioSeconds : 0;
    const perSegment = r.checked > 0 ? checkSeconds / r.checked : 0;
    return {
      speechCheck: {
        recipients,
        voice: "built-in (eSpeak NG WASM), bf_basic; recogniser Whisper tiny.en int8, 1 thread, beam 5",
        distinctSegments: withCheck.plan.distinctSegments,
        segmentsWithNames: r.segments,
        launchMsWithoutCheck: Math.round(alone.launchMs),
        launchMsWithCheck: Math.round(withCheck.launchMs),
        renderSecondsWithoutCheck: Number(aloneSeconds.toFixed(1)),
        renderSecondsWithCheck: Number(withSeconds.toFixed(1)),
        checked: r.checked,
        unchecked: r.unchecked,
        checkWallSeconds: Number(checkSeconds.toFixed(1)),
        audioSecondsHeard: Number(r.audioSeconds.toFixed(1)),
        recogniserSeconds: Number(r.recogniserSeconds.toFixed(1)),
        recogniserSecondsPerAudioSecond: Number(rate.toFixed(3)),
        projectedCheckSecondsForAll: Math.round(perSegment * r.segments),
        notHeard: r.findings.length,
        notHeardExamples: r.findings.slice(0, 8).map((f) => ({ value: f.value, heard: f.heard })),
      },
    };
  } finally {
    await service.stop();
    await pool.close();
    await worker.stop();
    await database.close();
  }
}
