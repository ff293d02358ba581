/**
 * A stand-alone process that starts the calls of phone-delivery schedule runs as a web process's tick does,
 * so a test can kill it in the middle of a start:
 *
 *   DATABASE_URL=postgres://… CREDENTIAL_SECRET=… node --import tsx tests/helpers/scheduled-calls-process.ts
 *
 * Prints {"msg":"ready"} once connected, waits for a line on stdin, runs one pass, prints {"msg":"done", summary}.
 */
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { deriveCredentialKey } from "@/lib/calls";
import { openDatabase } from "@/lib/db/client";
import { startScheduledCalls } from "@/lib/schedules";

const url = process.env.DATABASE_URL;
const secret = process.env.CREDENTIAL_SECRET;
if (!url || !secret) {
  process.stderr.write("scheduled-calls-process needs DATABASE_URL and CREDENTIAL_SECRET\n");
  process.exit(2);
}

const print = (entry: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ pid: process.pid, ...entry })}\n`);
const database = await openDatabase({ kind: "postgres", url, max: 2 });
print({ msg: "ready" });
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once("line", () => resolve()));
const config = { publicUrl: "http://127.0.0.1:9", credentialKey: deriveCredentialKey(secret), signing: { key: randomBytes(32) }, guard: { allowPrivate: true } };
const summary = await startScheduledCalls({ db: database.db, config });
print({ msg: "done", summary });
await database.close();
process.exit(0);
