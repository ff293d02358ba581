/**
 * The serverless deployment, proven on the production build: two `next start` processes stand in for two
 * function instances (DISPATCH_MODE=request: no dispatch loop, renders run in after() and the cron route),
 * sharing one real Postgres, and one real TTS worker serving HTTPS with a certificate generated here that
 * the web side trusts through TTS_WORKER_CA. Needs TEST_DATABASE_URL (CI sets it; PGlite is single-process).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import postgres from "postgres";
import { getFreePort, startTestWorker, type TestWorker } from "../../harness/worker-process";
import { createLoopbackCertificate } from "../helpers/tls";

const root = path.resolve(import.meta.dirname, "../..");
const baseUrl = process.env.TEST_DATABASE_URL;
const OWNER = { organizationName: "Harbor Physio", name: "Hana Owner", email: "hana@harbor.test", password: "serverless password 1" };
const CRON_SECRET = randomBytes(24).toString("hex");
const SSE_MAX_STREAM_SECONDS = 1;

test.skip(!baseUrl, "needs TEST_DATABASE_URL: two web processes share one database only on Postgres");
test.describe.configure({ mode: "serial", timeout: 180_000 });

type Web = { url: string; child: ChildProcess; output: () => string };
const webs: Web[] = [];
let worker: TestWorker;
let sql: postgres.Sql;
let appSql: postgres.Sql;
let databaseName: string;
let cookie: string;

async function startWeb(env: Record<string, string>): Promise<Web> {
  const port = await getFreePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", APP_URL: url, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const web = { url, child, output: () => output };
  webs.push(web);
  await expect
    .poll(async () => {
      if (child.exitCode !== null) throw new Error(`web exited (${child.exitCode}):\n${output}`);
      return (await fetch(`${url}/api/health`).catch(() => null))?.status;
    }, { timeout: 60_000, intervals: [250] })
    .toBe(200);
  return web;
}

const post = (request: APIRequestContext, url: string, data: unknown, headers: Record<string, string> = {}) =>
  request.post(url, { data, headers: { origin: new URL(url).origin, "x-real-ip": "198.51.100.10", ...headers } });

async function launchCampaign(request: APIRequestContext, web: Web, name: string, sentence: string, contacts: number): Promise<string> {
  const csv = ["Phone,First Name", ...Array.from({ length: contacts }, (_, i) => `512-555-${String(1000 + i)},${name}${i}`)].join("\n");
  const imported = await request.post(`${web.url}/api/contacts/import`, { data: csv, headers: { cookie, origin: web.url, "content-type": "text/csv" } });
  expect(imported.status(), await imported.text()).toBe(200);
  const created = await post(request, `${web.url}/api/campaigns`, { name, template: `${sentence} {{firstName}}.`, voice: "af_heart", speed: 1, recipients: { mode: "all" } }, { cookie });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const launched = await post(request, `${web.url}/api/campaigns/${id}/launch`, {}, { cookie });
  expect(launched.status(), await launched.text()).toBe(200);
  return id;
}

const campaignStatus = async (request: APIRequestContext, web: Web, id: string) =>
  ((await (await request.get(`${web.url}/api/campaigns/${id}`, { headers: { cookie } })).json()) as { status: string }).status;

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  sql = postgres(baseUrl!, { max: 1, onnotice: () => {} });
  databaseName = `voice_serverless_${randomBytes(4).toString("hex")}`;
  await sql.unsafe(`create database "${databaseName}"`);
  const databaseUrl = new URL(baseUrl!);
  databaseUrl.pathname = `/${databaseName}`;
  appSql = postgres(databaseUrl.toString(), { max: 1, onnotice: () => {} });

  const certificate = await createLoopbackCertificate();
  // A slower tiny model, so a campaign renders for longer than one progress stream lives.
  worker = await startTestWorker({ tls: certificate, model: { extraFlopsPerSample: 80_000 } });
  const env = {
    DATABASE_URL: databaseUrl.toString(),
    DISPATCH_MODE: "request",
    AUTH_SECRET: randomBytes(32).toString("hex"),
    CRON_SECRET,
    TTS_WORKER_URLS: worker.url,
    TTS_WORKER_TOKEN: worker.token!,
    // The PEM itself, as it would be pasted into a hosting dashboard (newlines escaped).
    TTS_WORKER_CA: certificate.ca.replaceAll("\n", "\\n"),
    SSE_MAX_STREAM_SECONDS: String(SSE_MAX_STREAM_SECONDS),
    // What Vercel sets in every function; there the client's address is the x-real-ip its edge writes.
    VERCEL: "1",
  };
  // One after the other: the first boot migrates the empty database.
  await startWeb(env);
  await startWeb(env);

  // What the operator reads in the first boot's log.
  const setupCode = /enter the setup code ([0-9A-Z-]+)/.exec(webs[0]!.output())?.[1];
  expect(setupCode, webs[0]!.output()).toBeTruthy();
  const setup = await post(request, `${webs[0]!.url}/api/setup`, { ...OWNER, setupCode });
  expect(setup.status(), await setup.text()).toBe(201);
  const signedIn = await post(request, `${webs[0]!.url}/api/auth/sign-in/email`, { email: OWNER.email, password: OWNER.password });
  expect(signedIn.status()).toBe(200);
  cookie = signedIn.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value.split(";")[0]).join("; ");
  expect(cookie).toMatch(/session_token=/);
});

test.afterAll(async () => {
  for (const web of webs) if (web.child.exitCode === null) web.child.kill("SIGKILL");
  await worker?.stop();
  await appSql?.end({ timeout: 5 });
  await sql?.unsafe(`drop database if exists "${databaseName}" with (force)`);
  await sql?.end({ timeout: 5 });
});

test("two web processes share one sign-in budget: the sixth attempt across both gets 429", async ({ request }) => {
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const web = webs[i % 2]!;
    const res = await post(request, `${web.url}/api/auth/sign-in/email`, { email: OWNER.email, password: `guess ${i}` }, { "x-real-ip": "203.0.113.66" });
    statuses.push(res.status());
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  // Another address still signs in on either process.
  expect((await post(request, `${webs[1]!.url}/api/auth/sign-in/email`, { email: OWNER.email, password: OWNER.password }, { "x-real-ip": "203.0.113.67" })).status()).toBe(200);
});

test("a launch renders to ready through after() alone, and the browser's progress stream resumes without a gap", async ({ request, page }) => {
  const [a, b] = [webs[0]!, webs[1]!];
  const id = await launchCampaign(request, a, "Harbor", "Hello from Harbor Physio, your visit is confirmed", 24);

  // The browser subscribes on the other process; each stream ends itself after SSE_MAX_STREAM_SECONDS and
  // EventSource reconnects with Last-Event-ID.
  await page.context().addCookies(cookie.split("; ").map((pair) => ({ name: pair.split("=")[0]!, value: pair.slice(pair.indexOf("=") + 1), url: b.url })));
  await page.goto(`${b.url}/api/health`);
  const seen = await page.evaluate(
    (campaignId) =>
      new Promise<{ opens: number; events: Array<{ type: string; id: string; status?: string; done?: number }> }>((resolve, reject) => {
        const source = new EventSource(`/api/campaigns/${campaignId}/events`);
        const events: Array<{ type: string; id: string; status?: string; done?: number }> = [];
        let opens = 0;
        source.onopen = () => (opens += 1);
        for (const type of ["snapshot", "progress", "status"]) {
          source.addEventListener(type, (e) => {
            const data = JSON.parse((e as MessageEvent<string>).data) as { status?: string; counts?: { done: number } };
            events.push({ type, id: (e as MessageEvent).lastEventId, status: data.status, done: data.counts?.done });
            if ((type === "status" || type === "snapshot") && data.status === "ready") {
              source.close();
              resolve({ opens, events });
            }
          });
        }
        setTimeout(() => reject(new Error(`no ready after 120 s: ${JSON.stringify(events.slice(-3))}`)), 120_000);
      }),
    id,
  );
  expect(await campaignStatus(request, a, id)).toBe("ready");

  // Every event the database holds after the first snapshot reached the browser, once, in order.
  const snapshotId = Number(seen.events[0]!.id);
  expect(seen.events[0]!.type).toBe("snapshot");
  const rows = await appSql<{ id: number }[]>`select id::int as id from campaign_events where campaign_id = ${id} and id > ${snapshotId} order by id`;
  const received = seen.events.slice(1).map((e) => Number(e.id));
  expect(received).toEqual(rows.map((r) => r.id));
  // Renders done before the snapshot are in its counts; each later one arrived as its own progress event.
  expect(seen.events[0]!.done! + seen.events.filter((e) => e.type === "progress").length).toBe(24);
  // The stream ended itself mid-campaign at least once, and the browser reconnected on its own.
  expect(seen.opens).toBeGreaterThan(1);
});

test("a launch whose function is stopped after responding is finished by the cron route", async ({ request }) => {
  const [a, b] = [webs[0]!, webs[1]!];
  expect((await request.get(`${b.url}/api/cron/dispatch`)).status()).toBe(401);
  expect((await request.get(`${b.url}/api/cron/dispatch`, { headers: { authorization: "Bearer wrong-secret-0123456789" } })).status()).toBe(401);

  const id = await launchCampaign(request, a, "Pier", "Good afternoon from the pier clinic", 20);
  // The platform freezes or ends the instance once it has answered: here, at once and for good.
  a.child.kill("SIGKILL");
  let rendered = 0;
  await expect
    .poll(async () => {
      const res = await request.get(`${b.url}/api/cron/dispatch`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
      expect(res.status()).toBe(200);
      rendered += ((await res.json()) as { rendered: number }).rendered;
      return campaignStatus(request, b, id);
    }, { timeout: 90_000, intervals: [1_000] })
    .toBe("ready");
  // Whatever after() managed before the kill, the cron passes rendered the rest.
  expect(rendered).toBeGreaterThan(0);
});
