/**
 * A stand-alone call placer: the real placeDueCalls loop against a Postgres URL, as the web process runs
 * it, so a test can SIGKILL it mid-delivery and start another.
 *
 *   DATABASE_URL=postgres://… PUBLIC_URL=http://127.0.0.1:… CREDENTIAL_SECRET=… SIGNING_KEY=<hex> \
 *     [CLOCK_OFFSET_MS=0] node --import tsx tests/helpers/call-placer-process.ts
 *
 * Prints {"msg":"placer started"} once running and one JSON line per pass that did something.
 */
import { deriveCredentialKey, placeDueCalls } from "@/lib/calls";
import { openDatabase } from "@/lib/db/client";

const url = process.env.DATABASE_URL;
const publicUrl = process.env.PUBLIC_URL;
if (!url || !publicUrl || !process.env.CREDENTIAL_SECRET || !process.env.SIGNING_KEY) {
  process.stderr.write("call-placer-process needs DATABASE_URL, PUBLIC_URL, CREDENTIAL_SECRET and SIGNING_KEY\n");
  process.exit(2);
}
const offset = Number(process.env.CLOCK_OFFSET_MS ?? "0");
const database = await openDatabase({ kind: "postgres", url, max: 3 });
const config = {
  publicUrl,
  credentialKey: deriveCredentialKey(process.env.CREDENTIAL_SECRET),
  signing: { key: Buffer.from(process.env.SIGNING_KEY, "hex") },
  guard: { allowPrivate: true },
};
process.stdout.write(`${JSON.stringify({ pid: process.pid, msg: "placer started" })}\n`);
for (;;) {
  const summary = await placeDueCalls({ db: database.db, config, now: () => new Date(Date.now() + offset), limit: 2 });
  if (summary.done + summary.retrying + summary.dead + summary.lost > 0) process.stdout.write(`${JSON.stringify({ pid: process.pid, ...summary })}\n`);
  await new Promise((resolve) => setTimeout(resolve, 50));
}
