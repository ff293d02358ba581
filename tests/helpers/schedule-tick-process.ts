/**
 * A stand-alone process that runs schedule ticks as a web process does, so a test can race two of them
 * for the same slot on one Postgres:
 *
 *   DATABASE_URL=postgres://… NOW=2027-03-13T14:00:00Z node --import tsx tests/helpers/schedule-tick-process.ts
 *
 * Prints {"msg":"ready"} once connected, waits for a line on stdin (the start signal, so both processes
 * tick at the same moment), runs TICKS ticks back to back at NOW, prints {"msg":"done", summary} and exits.
 */
import { createInterface } from "node:readline";
import { openDatabase } from "@/lib/db/client";
import { runDueSchedules } from "@/lib/schedules";
import { TEST_WORKER } from "../../harness/seed";

const url = process.env.DATABASE_URL;
const now = new Date(process.env.NOW ?? "");
if (!url || Number.isNaN(now.getTime())) {
  process.stderr.write("schedule-tick-process needs DATABASE_URL and NOW\n");
  process.exit(2);
}

const print = (entry: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ pid: process.pid, ...entry })}\n`);
const database = await openDatabase({ kind: "postgres", url, max: 5 });
print({ msg: "ready" });
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once("line", () => resolve()));
const summary = { launched: 0, skipped: 0, failed: 0 };
for (let i = 0; i < Number(process.env.TICKS ?? 5); i++) {
  const tick = await runDueSchedules({ db: database.db, worker: TEST_WORKER, now });
  summary.launched += tick.launched;
  summary.skipped += tick.skipped;
  summary.failed += tick.failed;
}
print({ msg: "done", summary });
await database.close();
process.exit(0);
