import { isIP } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";
import type { CarrierProvider } from "@/drizzle/schema/calls";
import { guardedLookup, isPublicAddress, type UrlGuard } from "@/lib/webhooks";

/**
 * The carrier's REST API, spoken with plain fetch: the base URL is the organisation's (Twilio's host, a
 * SignalWire space, the test simulator), and every request goes through the same address guard as webhook
 * deliveries (the URL is typed in by a person, so it must not reach the server's own network). The twilio
 * package's client is built around Twilio's own hosts (regions and edges), not an arbitrary base URL.
 */
export type CarrierAccount = { provider: CarrierProvider; baseUrl: string; accountSid: string; authToken: string };

export type CarrierCall = { sid: string; to: string; status: string; dateCreated: Date | null };

export type CarrierError = { kind: "rejected"; status: number; code: number | null; message: string } | { kind: "unreachable"; message: string };

export type CarrierResult<T> = { ok: true; value: T } | { ok: false; error: CarrierError };

/** Error codes that mean the number itself cannot be called: retrying would never work. */
export const INVALID_NUMBER_CODES = new Set([21211, 21214, 21215, 21216, 21217, 21401, 21407, 21421, 13224, 13225]);

const agents = new Map<boolean, Agent>();
function agentFor(guard: UrlGuard): Agent {
  let agent = agents.get(guard.allowPrivate);
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(guard) }, keepAliveTimeout: 4_000 });
    agents.set(guard.allowPrivate, agent);
  }
  return agent;
}

function callsPath(account: CarrierAccount): string {
  const prefix = account.provider === "signalwire-compatible" ? "/api/laml" : "";
  return `${prefix}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/Calls`;
}

async function send(account: CarrierAccount, guard: UrlGuard, method: "GET" | "POST", path: string, form?: URLSearchParams): Promise<CarrierResult<Record<string, unknown>>> {
  const url = new URL(path, account.baseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!guard.allowPrivate && isIP(host) && !isPublicAddress(host)) return { ok: false, error: { kind: "unreachable", message: `${host} is a private or local address` } };
  try {
    const response = await undiciFetch(url, {
      method,
      dispatcher: agentFor(guard),
      headers: {
        authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`,
        accept: "application/json",
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form?.toString(),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.ok) return { ok: true, value: body };
    const code = typeof body.code === "number" ? body.code : null;
    return { ok: false, error: { kind: "rejected", status: response.status, code, message: typeof body.message === "string" ? body.message : `the carrier answered ${response.status}` } };
  } catch (error) {
    return { ok: false, error: { kind: "unreachable", message: (error as Error).message } };
  }
}

const toCall = (r: Record<string, unknown>): CarrierCall => ({
  sid: String(r.sid),
  to: String(r.to),
  status: String(r.status),
  dateCreated: typeof r.date_created === "string" ? new Date(r.date_created) : null,
});

export type CreateCallInput = {
  to: string;
  from: string;
  /** Where the carrier fetches the call's TwiML; or `twiml`, the document itself. */
  url?: string;
  twiml?: string;
  statusCallback: string | null;
  amdCallback: string | null;
  timeoutSeconds?: number;
};

export async function createCall(account: CarrierAccount, guard: UrlGuard, input: CreateCallInput): Promise<CarrierResult<CarrierCall>> {
  const form = new URLSearchParams({ To: input.to, From: input.from, Timeout: String(input.timeoutSeconds ?? 30) });
  if (input.url) form.set("Url", input.url);
  if (input.url) form.set("Method", "POST");
  if (input.twiml) form.set("Twiml", input.twiml);
  if (input.statusCallback) {
    form.set("StatusCallback", input.statusCallback);
    form.set("StatusCallbackMethod", "POST");
    for (const event of ["initiated", "ringing", "answered", "completed"]) form.append("StatusCallbackEvent", event);
  }
  if (input.amdCallback) {
    form.set("MachineDetection", "DetectMessageEnd");
    form.set("AsyncAmd", "true");
    form.set("AsyncAmdStatusCallback", input.amdCallback);
    form.set("AsyncAmdStatusCallbackMethod", "POST");
  }
  const result = await send(account, guard, "POST", `${callsPath(account)}.json`, form);
  return result.ok ? { ok: true, value: toCall(result.value) } : result;
}

/** Calls to a number created at or after `since` (the carrier's clock, so a minute of slack is given). */
export async function listCallsTo(account: CarrierAccount, guard: UrlGuard, to: string, since: Date): Promise<CarrierResult<CarrierCall[]>> {
  const query = new URLSearchParams({ To: to, PageSize: "50" });
  const result = await send(account, guard, "GET", `${callsPath(account)}.json?${query}`);
  if (!result.ok) return result;
  const calls = Array.isArray(result.value.calls) ? (result.value.calls as Record<string, unknown>[]).map(toCall) : [];
  return { ok: true, value: calls.filter((c) => c.to === to && (!c.dateCreated || c.dateCreated.getTime() >= since.getTime() - 60_000)) };
}

/** Replaces what a live call is playing with this TwiML. */
export async function updateCallTwiml(account: CarrierAccount, guard: UrlGuard, sid: string, twiml: string): Promise<CarrierResult<CarrierCall>> {
  const result = await send(account, guard, "POST", `${callsPath(account)}/${encodeURIComponent(sid)}.json`, new URLSearchParams({ Twiml: twiml }));
  return result.ok ? { ok: true, value: toCall(result.value) } : result;
}
