import http from "node:http";
import type { AddressInfo } from "node:net";
import { FORMAT_INFO, parseAudioFileName, verifyAudioSignature } from "@/lib/audio";
import { sql } from "drizzle-orm";
import { answerSegmentKeys, getAnswerAudio, handleCarrierCallback, type CallbackKind, type CallsConfig } from "@/lib/calls";
import { getMessageAudio } from "@/lib/campaigns";
import { rowsOf, type Db } from "@/lib/db";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import type { WorkerPool } from "@/lib/worker-client";

/**
 * The two public paths a carrier reaches, served on loopback for tests: the carrier callbacks (through the
 * same handler the app's routes call) and signed audio. Its URL is the app's public URL (APP_URL).
 */
export async function startCarrierFacingServer(
  db: Db,
  signingKey: Buffer,
): Promise<{
  url: string;
  config: (credentialKey: Buffer) => CallsConfig;
  requests: string[];
  /** Runs before each carrier callback is handled (to act while a call is under way); null: nothing. */
  beforeCallback: ((kind: CallbackKind, params: Record<string, string>) => Promise<void>) | null;
  close(): Promise<void>;
}> {
  const requests: string[] = [];
  let publicUrl = "";
  let current: CallsConfig | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", publicUrl);
        requests.push(`${req.method} ${url.pathname}`);
        const carrier = /^\/api\/carrier\/(voice|gather|status|amd)$/.exec(url.pathname);
        if (carrier && req.method === "POST" && current) {
          const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
          const signature = req.headers["x-twilio-signature"];
          await facing.beforeCallback?.(carrier[1] as CallbackKind, params);
          const answer = await handleCarrierCallback(db, current, { kind: carrier[1] as CallbackKind, url: url.toString(), params, signature: typeof signature === "string" ? signature : null });
          if (answer.status >= 400) requests.push(`${answer.status} ${answer.body} ${params.CallStatus ?? ""} ${params.SequenceNumber ?? ""}`);
          res.writeHead(answer.status, { "content-type": answer.contentType }).end(answer.body);
          return;
        }
        const audio = /^\/api\/audio\/([^/]+)$/.exec(url.pathname);
        const file = audio ? parseAudioFileName(audio[1]!) : null;
        if (file) {
          const org = url.searchParams.get("org") ?? "";
          const verdict = verifyAudioSignature(signingKey, file.messageKey, { org, exp: Number(url.searchParams.get("exp")), sig: url.searchParams.get("sig") ?? "" });
          if (verdict !== "valid") return void res.writeHead(403).end();
          let found = await getMessageAudio({ db, organization: { id: org } }, file.messageKey, file.format);
          if (!found.ok && found.error.code === "not_found") found = await getAnswerAudio({ db, organization: { id: org } }, file.messageKey, file.format);
          if (!found.ok) return void res.writeHead(404).end();
          res.writeHead(200, { "content-type": FORMAT_INFO[file.format].contentType, "content-length": found.value.bytes.length }).end(found.value.bytes);
          return;
        }
        res.writeHead(404).end();
      })().catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const facing = {
    url: publicUrl,
    requests,
    beforeCallback: null as ((kind: CallbackKind, params: Record<string, string>) => Promise<void>) | null,
    config(credentialKey: Buffer) {
      current = { publicUrl, credentialKey, signing: { key: signingKey }, guard: { allowPrivate: true } };
      return current;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return facing;
}

/** A time zone where the local time now is between 10:00 and 17:00, so calls placed now are inside the window. */
export function zoneInsideWindow(now = new Date()): string {
  const zones = ["Pacific/Honolulu", "America/Los_Angeles", "America/Chicago", "America/New_York", "America/Sao_Paulo", "Europe/London", "Europe/Berlin", "Asia/Dubai", "Asia/Kolkata", "Asia/Bangkok", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland"];
  for (const zone of zones) {
    const hour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "numeric", hourCycle: "h23" }).format(now));
    if (hour >= 10 && hour < 17) return zone;
  }
  throw new Error("no zone has office hours now");
}

/** Renders the calls' own sentences (key prompt, answers, voicemail's last one) until none is left to render. */
export async function renderCallSentences(db: Db, pool: WorkerPool, timeoutMs = 30_000): Promise<void> {
  const dispatcher = createDispatcher({ db, pool, pollMs: 20 });
  dispatcher.start();
  try {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
      const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from segments where key in (${answerSegmentKeys()}) and status not in ('done', 'failed')`));
      if (row!.n === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the call sentences were not rendered");
  } finally {
    await dispatcher.stop();
  }
}
