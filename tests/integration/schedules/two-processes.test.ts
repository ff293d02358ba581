import { spawn } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { campaigns } from "@/drizzle/schema";
import { createCampaign } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { createSchedule, getScheduleDetail } from "@/lib/schedules";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-db";

const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
const SCRIPT = path.join(REPO_ROOT, "tests/helpers/schedule-tick-process.ts");
const hasPostgres = Boolean(inject("pgTemplateDatabase"));
if (!hasPostgres) console.warn('[schedules] skipping "two processes race for a slot": PGlite is single-process, so a second process only exists with Postgres');

type Line = { msg: string; summary?: { launched: number; skipped: number; failed: number } };

function startTickProcess(url: string, now: Date) {
  const lines: Line[] = [];
  let stderr = "";
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), SCRIPT], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: url, NOW: now.toISOString(), TICKS: "5" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let partial = "";
  const waiters: { msg: string; resolve: () => void }[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split("\n");
    partial = parts.pop() ?? "";
    for (const text of parts) {
      const line = JSON.parse(text) as Line;
      lines.push(line);
      for (const w of waiters.filter((w) => w.msg === line.msg)) w.resolve();
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const waitFor = (msg: string) =>
    lines.some((l) => l.msg === msg) ? Promise.resolve() : new Promise<void>((resolve, reject) => {
      waiters.push({ msg, resolve });
      void exited.then((code) => reject(new Error(`tick process exited (${code}) before "${msg}": ${stderr}`)));
    });
  return { child, lines, exited, waitFor };
}

describe.skipIf(!hasPostgres)("two processes race for a slot [postgres]", () => {
  let database: TestDatabase;
  let ctx: Ctx;
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    ctx = { db: database.db, organization: database.organization };
  });
  afterAll(async () => {
    await database?.close();
  });

  it("launches the slot once, from one of them", async () => {
    const zone = database.organization.timezone;
    const slotDay = DateTime.now().setZone(zone).plus({ days: 3 }).startOf("day");
    const now = slotDay.set({ hour: 9 }).toJSDate();
    await seedContacts(database.db, database.organization.id, [
      { firstName: "Maria", phone: "+12025550170", appointment: { startsAt: slotDay.plus({ days: 1 }).set({ hour: 10 }).toJSDate() } },
      { firstName: "John", phone: "+12025550171", appointment: { startsAt: slotDay.plus({ days: 1 }).set({ hour: 15 }).toJSDate() } },
    ]);
    const source = await createCampaign(ctx, { name: "Source", template: "Hi {{firstName}}, see you on {{appointment.date}}.", voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: [] } }, TEST_WORKER);
    if (!source.ok) throw new Error(source.error.message);
    const schedule = await createSchedule(ctx, { name: "Raced", campaignId: source.value.id, weekdays: [1, 2, 3, 4, 5, 6, 7], localTime: "09:00", daysAhead: 1 });
    if (!schedule.ok) throw new Error(schedule.error.message);

    const processes = [startTickProcess(database.url!, now), startTickProcess(database.url!, now)];
    await Promise.all(processes.map((p) => p.waitFor("ready")));
    for (const p of processes) p.child.stdin.write("go\n");
    await Promise.all(processes.map((p) => p.waitFor("done")));
    expect(await Promise.all(processes.map((p) => p.exited))).toEqual([0, 0]);

    const launched = processes.map((p) => p.lines.find((l) => l.msg === "done")!.summary!.launched);
    expect(launched.sort()).toEqual([0, 1]);
    const detail = await getScheduleDetail(ctx, schedule.value.id);
    if (!detail.ok) throw new Error(detail.error.message);
    expect(detail.value.runs).toHaveLength(1);
    expect(detail.value.runs[0]).toMatchObject({ status: "launched", recipients: 2 });
    const made = await database.db.select({ id: campaigns.id, status: campaigns.status }).from(campaigns).where(eq(campaigns.name, `Raced · ${slotDay.toISODate()}`));
    expect(made).toEqual([{ id: detail.value.runs[0]!.campaignId, status: "rendering" }]);
  });
});
