/**
 * A loopback stand-in for a TwiML carrier (Twilio's documented REST subset; SignalWire's compatible API answers
 * the same paths under `/api/laml`). The product points its carrier base URL at `sim.baseUrl` and uses the
 * simulator's account SID and auth token; each created call then plays out against the product's own webhooks:
 * status callbacks, the voice webhook, the TwiML it returns (Play, Say, Pause, Gather, Redirect, Hangup), digits
 * posted to Gather actions, answering-machine detection and live call updates. Every request the simulator
 * sends is signed with `X-Twilio-Signature` by the twilio package's own helper.
 *
 *   const sim = await startCarrierSimulator({ checkAudio: true });
 *   sim.answer("+15005550101", { kind: "human", keys: ["1"] });     // confirms
 *   sim.answer("+15005550102", [{ kind: "busy" }, { kind: "machine" }]); // busy, then voicemail on the retry
 *   … the product creates calls at `${sim.baseUrl}/2010-04-01/Accounts/${sim.accountSid}/Calls.json` …
 *   await sim.idle();
 *   sim.callsTo("+15005550101")[0].keys;                            // ["1"]
 *   await sim.close();
 *
 * Time is simulated: a call's duration is the sum of what it played, said, paused and waited for, not wall time,
 * so a thousand calls run in seconds. docs/carrier-simulator.md lists what is and is not covered.
 */
import { execFile } from "node:child_process";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import pLimit from "p-limit";
import twilio from "twilio";

export type Answer =
  | { kind: "human"; keys?: string[]; keyDelayMs?: number } // keys pressed in order, one per <Gather>; none = silence
  | { kind: "machine" } // answering machine: AMD result machine_end_beep after the greeting
  | { kind: "busy" }
  | { kind: "no-answer" }
  | { kind: "failed"; reason?: string }
  | { kind: "invalid" }; // invalid = Twilio error 21211 on create (HTTP 400)

export interface PlayedAudio {
  url: string;
  /** "wav pcm_mulaw 8000Hz 1ch" (container, codec, rate, channels); "error" when the file could not be used. */
  format: string;
  durationS: number;
  bytes?: number;
  codec?: string;
  sampleRateHz?: number;
  channels?: number;
}

export interface SimulatedCall {
  sid: string;
  to: string;
  from: string;
  url: string;
  createdAt: number;
  status: string;
  answeredBy?: string;
  keys: string[];
  played: PlayedAudio[];
  said: string[];
  events: { at: number; kind: string; detail?: unknown }[];
  errors: string[];
  /** The answer this call was given (from `answer()` or the default). */
  answer: Answer;
  /** Whole seconds from answer to hangup on the simulated clock (what the completed callback reports). */
  durationS?: number;
}

export interface RejectedCreate {
  at: number;
  to: string | null;
  from: string | null;
  code: number;
  message: string;
}

/**
 * A fault for the next create requests: `http-500` and `http-429` refuse the request (no call exists);
 * `drop-response` creates the call and lets it play out, but destroys the connection instead of answering,
 * so the product must find out what happened (for example by listing calls to the number).
 */
export type CreateFault = "http-500" | "http-429" | "drop-response";

export interface CarrierSimulator {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  calls: SimulatedCall[];
  /** Create requests answered with a Twilio error (no call resource exists for them). */
  rejectedCreates: RejectedCreate[];
  callsTo(number: string): SimulatedCall[];
  /** One answer for every call to the number, or a queue consumed one per call (then the default answer). */
  answer(number: string, a: Answer | Answer[]): void;
  /** Applies `fault` to the next `count` create requests that pass authentication. */
  faultNextCreates(count: number, fault: CreateFault): void;
  /** The highest number of create requests seen in any 1 s window. */
  maxConcurrentCreatesPerSecond(): number;
  /** Resolves when every call has finished its flow and its callbacks. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface CarrierSimulatorOptions {
  accountSid?: string;
  authToken?: string;
  /** Answer for numbers without one of their own. Default `{ kind: "human" }` (answers, presses nothing). */
  defaultAnswer?: Answer;
  /** Run ffprobe on every <Play> file and record its real format and duration (else WAV headers only). */
  checkAudio?: boolean;
  /** How long a callback or webhook may take before it counts as failed. Default 15 000 ms, as Twilio. */
  callbackTimeoutMs?: number;
  /** Cap on verbs executed per call, a guard against Redirect/Gather loops. Default 50. */
  maxVerbsPerCall?: number;
  /** After a machine's AMD callback, how long (real ms) to wait for the product to update the call. Default 2000. */
  amdUpdateWaitMs?: number;
  /** Simulated length of a machine's greeting, up to the beep. Default 6 s. */
  machineGreetingS?: number;
  /** The loopback port to listen on. Default 0: any free port. */
  port?: number;
}

const API_VERSION = "2010-04-01";
const DEFAULT_GATHER_TIMEOUT_S = 5;
const DEFAULT_KEY_DELAY_MS = 1000;
const SAY_SECONDS_PER_WORD = 0.4;
const STATUS_EVENTS = new Set(["initiated", "ringing", "answered", "completed"]);
const TERMINAL = new Set(["completed", "busy", "no-answer", "failed", "canceled"]);
const E164 = /^\+[1-9]\d{1,14}$/;

type Method = "GET" | "POST";
type Params = Record<string, string>;
type XmlNode = Record<string, unknown>;
type Source =
  | { kind: "url"; url: string; method: Method; extra?: Params }
  | { kind: "twiml"; xml: string; baseUrl?: string };
type Step = { next: Source } | { end: true } | { updated: true };
type Update = { source?: Source; hangup?: boolean };

interface CallState {
  call: SimulatedCall;
  method: Method;
  initial: Source;
  statusCallback?: string;
  statusCallbackMethod: Method;
  statusEvents: Set<string>;
  machineDetection?: string;
  asyncAmd: boolean;
  asyncAmdCallback?: string;
  asyncAmdCallbackMethod: Method;
  ringTimeoutS: number;
  keyQueue: string[];
  sequence: number;
  clockS: number;
  verbs: number;
  dateUpdated: Date;
  startTime?: Date;
  endTime?: Date;
  errorCode?: string;
  pending?: Update;
  wake?: () => void;
}

class CallEnded extends Error {}

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function rfc2822(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}

function parseMethod(value: string | null | undefined, fallback: Method = "POST"): Method {
  const upper = value?.toUpperCase();
  return upper === "GET" || upper === "POST" ? upper : fallback;
}

function isLoopback(url: URL): boolean {
  return ["127.0.0.1", "localhost", "[::1]", "::1"].includes(url.hostname);
}

/** Sliding 1 s window over sorted timestamps. */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

function textOf(children: unknown): string {
  if (!Array.isArray(children)) return "";
  return children
    .map((child: XmlNode) => {
      if (typeof child["#text"] === "string" || typeof child["#text"] === "number") return String(child["#text"]);
      const name = Object.keys(child).find((key) => key !== ":@");
      return name ? textOf(child[name]) : "";
    })
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

function verbOf(node: XmlNode): { name: string; attrs: Record<string, string>; children: XmlNode[] } | null {
  const name = Object.keys(node).find((key) => key !== ":@");
  if (!name || name === "#text") return null;
  const children = Array.isArray(node[name]) ? (node[name] as XmlNode[]) : [];
  return { name, attrs: (node[":@"] as Record<string, string> | undefined) ?? {}, children };
}

/** Reads codec, rate, channels and duration from a RIFF/WAVE header, for when ffprobe is not asked for. */
function probeWavHeader(bytes: Buffer): Omit<PlayedAudio, "url"> | null {
  if (bytes.length < 12 || bytes.toString("ascii", 0, 4) !== "RIFF" || bytes.toString("ascii", 8, 12) !== "WAVE") {
    return null;
  }
  let offset = 12;
  let fmt: { tag: number; channels: number; rate: number; byteRate: number; bits: number } | null = null;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString("ascii", offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === "fmt " && offset + 24 <= bytes.length) {
      fmt = {
        tag: bytes.readUInt16LE(offset + 8),
        channels: bytes.readUInt16LE(offset + 10),
        rate: bytes.readUInt32LE(offset + 12),
        byteRate: bytes.readUInt32LE(offset + 16),
        bits: bytes.readUInt16LE(offset + 22),
      };
    } else if (id === "data" && fmt && fmt.byteRate > 0) {
      const dataBytes = Math.min(size, bytes.length - offset - 8);
      const codec = fmt.tag === 7 ? "pcm_mulaw" : fmt.tag === 6 ? "pcm_alaw" : fmt.tag === 1 ? `pcm_s${fmt.bits}le` : `wav_tag_${fmt.tag}`;
      return {
        format: `wav ${codec} ${fmt.rate}Hz ${fmt.channels}ch`,
        durationS: dataBytes / fmt.byteRate,
        bytes: bytes.length,
        codec,
        sampleRateHz: fmt.rate,
        channels: fmt.channels,
      };
    }
    offset += 8 + size + (size % 2);
  }
  return null;
}

export async function startCarrierSimulator(options: CarrierSimulatorOptions = {}): Promise<CarrierSimulator> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString("hex")}`;
  const authToken = options.authToken ?? randomBytes(16).toString("hex");
  const defaultAnswer: Answer = options.defaultAnswer ?? { kind: "human" };
  const callbackTimeoutMs = options.callbackTimeoutMs ?? 15_000;
  const maxVerbs = options.maxVerbsPerCall ?? 50;
  const amdUpdateWaitMs = options.amdUpdateWaitMs ?? 2000;
  const greetingS = options.machineGreetingS ?? 6;

  const calls: SimulatedCall[] = [];
  const states = new Map<string, CallState>();
  const rejectedCreates: RejectedCreate[] = [];
  const answers = new Map<string, Answer | Answer[]>();
  const createTimes: number[] = [];
  const createFaults: CreateFault[] = [];
  const flows = new Set<Promise<void>>();
  // Identical files are probed once; distinct ones (personalised audio) at most two at a time on a small machine.
  const probeCache = new Map<string, Promise<Omit<PlayedAudio, "url">>>();
  const probeLimit = pLimit(2);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: true,
  });
  let tmpDir: string | null = null;
  let closed = false;
  let baseUrl = "";

  function pickAnswer(to: string): Answer {
    const entry = answers.get(to);
    if (!entry) return defaultAnswer;
    if (!Array.isArray(entry)) return entry;
    return entry.shift() ?? defaultAnswer;
  }

  function record(state: CallState, kind: string, detail?: unknown) {
    state.call.events.push({ at: Date.now(), kind, detail });
  }

  function fail(state: CallState, message: string, errorCode?: string) {
    state.call.errors.push(message);
    if (errorCode && !state.errorCode) state.errorCode = errorCode;
    record(state, "error", { message, errorCode });
  }

  function setStatus(state: CallState, status: string) {
    state.call.status = status;
    state.dateUpdated = new Date();
  }

  function resource(state: CallState) {
    const { call } = state;
    const uri = `/${API_VERSION}/Accounts/${accountSid}/Calls/${call.sid}.json`;
    return {
      account_sid: accountSid,
      annotation: null,
      answered_by: call.answeredBy ?? null,
      api_version: API_VERSION,
      caller_name: null,
      date_created: rfc2822(new Date(call.createdAt)),
      date_updated: rfc2822(state.dateUpdated),
      direction: "outbound-api",
      duration: call.durationS === undefined ? null : String(call.durationS),
      end_time: state.endTime ? rfc2822(state.endTime) : null,
      forwarded_from: null,
      from: call.from,
      from_formatted: call.from,
      group_sid: null,
      parent_call_sid: null,
      phone_number_sid: null,
      price: null,
      price_unit: "USD",
      queue_time: "0",
      sid: call.sid,
      start_time: state.startTime ? rfc2822(state.startTime) : null,
      status: call.status,
      subresource_uris: {
        notifications: uri.replace(".json", "/Notifications.json"),
        recordings: uri.replace(".json", "/Recordings.json"),
        events: uri.replace(".json", "/Events.json"),
      },
      to: call.to,
      to_formatted: call.to,
      trunk_sid: null,
      uri,
    };
  }

  function baseParams(state: CallState, callStatus: string): Params {
    const { call } = state;
    return {
      AccountSid: accountSid,
      ApiVersion: API_VERSION,
      CallSid: call.sid,
      CallStatus: callStatus,
      Called: call.to,
      Caller: call.from,
      Direction: "outbound-api",
      From: call.from,
      To: call.to,
    };
  }

  /**
   * Sends one signed request the way Twilio does: POST bodies are form-encoded and signed over URL + sorted
   * params; GET requests carry the params in the query string and are signed over that full URL alone.
   */
  async function send(state: CallState, url: string, method: Method, params: Params, kind: string) {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      fail(state, `${kind}: not a URL: ${url}`, "11200");
      return null;
    }
    if (!isLoopback(target)) {
      fail(state, `${kind}: refused a non-loopback URL ${target.origin}`, "11200");
      return null;
    }
    if (method === "GET") for (const [key, value] of Object.entries(params)) target.searchParams.append(key, value);
    const signedUrl = method === "GET" ? target.href : url;
    const signature = twilio.getExpectedTwilioSignature(authToken, signedUrl, method === "GET" ? {} : params);
    const detail: { url: string; method: Method; params: Params; responseStatus?: number } = { url: signedUrl, method, params };
    record(state, kind, detail);
    try {
      const response = await fetch(signedUrl, {
        method,
        headers: {
          "x-twilio-signature": signature,
          "user-agent": "TwilioProxy/1.1",
          ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } : {}),
        },
        body: method === "POST" ? new URLSearchParams(params).toString() : undefined,
        signal: AbortSignal.timeout(callbackTimeoutMs),
        // A redirect could lead off loopback; the product has no reason to send one.
        redirect: "manual",
      });
      const body = await response.text();
      detail.responseStatus = response.status;
      // Only a failed webhook affects the call itself (error 11200); a failed callback is merely recorded.
      const errorCode = kind === "webhook" ? "11200" : undefined;
      if (!response.ok) fail(state, `${kind}: ${method} ${url} answered HTTP ${response.status}`, errorCode);
      return { status: response.status, ok: response.ok, body, contentType: response.headers.get("content-type") };
    } catch (error) {
      fail(state, `${kind}: ${method} ${url} failed: ${(error as Error).message}`, kind === "webhook" ? "11200" : undefined);
      return null;
    }
  }

  async function statusCallback(state: CallState, event: string, callStatus: string, extra: Params = {}) {
    // Twilio sends `completed` (and the other final states) by default; the others only when asked for.
    if (!state.statusCallback || (event !== "completed" && !state.statusEvents.has(event))) return;
    const params: Params = {
      ...baseParams(state, callStatus),
      CallbackSource: "call-progress-events",
      SequenceNumber: String(state.sequence++),
      Timestamp: rfc2822(new Date()),
      ...(state.call.answeredBy && !state.asyncAmd ? { AnsweredBy: state.call.answeredBy } : {}),
      ...extra,
    };
    await send(state, state.statusCallback, state.statusCallbackMethod, params, "status-callback");
  }

  function takeUpdate(state: CallState): Update | undefined {
    const update = state.pending;
    state.pending = undefined;
    return update;
  }

  function waitForUpdate(state: CallState, ms: number): Promise<void> {
    if (state.pending || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        state.wake = undefined;
        resolve();
      }
      state.wake = done;
    });
  }

  async function loadDocument(state: CallState, source: Source, callStatus: string, extra: Params = {}) {
    let xml: string;
    let docUrl: string | undefined;
    if (source.kind === "twiml") {
      xml = source.xml;
      docUrl = source.baseUrl;
      record(state, "twiml", { xml });
    } else {
      const params = { ...baseParams(state, callStatus), ...extra, ...source.extra };
      const response = await send(state, source.url, source.method, params, "webhook");
      if (!response?.ok) return null;
      xml = response.body;
      docUrl = source.url;
    }
    const valid = XMLValidator.validate(xml);
    if (valid !== true) {
      fail(state, `TwiML from ${docUrl ?? "update"} is not XML: ${valid.err.msg}`, "12100");
      return null;
    }
    const root = (parser.parse(xml) as XmlNode[]).map(verbOf).find((node) => node && node.name !== "?xml");
    if (!root || root.name !== "Response") {
      fail(state, `TwiML from ${docUrl ?? "update"} has no <Response> root`, "12100");
      return null;
    }
    return { verbs: root.children, docUrl };
  }

  async function fetchAudio(state: CallState, url: string): Promise<PlayedAudio> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      fail(state, `Play: not a URL: ${url}`, "11200");
      return { url, format: "error", durationS: 0 };
    }
    if (!isLoopback(target)) {
      fail(state, `Play: refused a non-loopback URL ${target.origin}`, "11200");
      return { url, format: "error", durationS: 0 };
    }
    let bytes: Buffer;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(callbackTimeoutMs), redirect: "manual" });
      bytes = Buffer.from(await response.arrayBuffer());
      if (!response.ok) {
        fail(state, `Play: GET ${url} answered HTTP ${response.status}`, "11200");
        return { url, format: "error", durationS: 0 };
      }
    } catch (error) {
      fail(state, `Play: GET ${url} failed: ${(error as Error).message}`, "11200");
      return { url, format: "error", durationS: 0 };
    }
    const key = createHash("sha256").update(bytes).digest("hex");
    let probing = probeCache.get(key);
    if (!probing) {
      probing = options.checkAudio
        ? probeLimit(() => ffprobe(bytes))
        : Promise.resolve(probeWavHeader(bytes) ?? { format: "unknown", durationS: 0, bytes: bytes.length });
      probeCache.set(key, probing);
    }
    const probed = await probing;
    if (probed.format === "error") fail(state, `Play: ${url} is not decodable audio`, "13227");
    return { url, ...probed };
  }

  async function ffprobe(bytes: Buffer): Promise<Omit<PlayedAudio, "url">> {
    tmpDir ??= await mkdtemp(path.join(os.tmpdir(), "carrier-sim-"));
    const file = path.join(tmpDir, randomBytes(8).toString("hex"));
    await writeFile(file, bytes);
    try {
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(
          "ffprobe",
          ["-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels:format=format_name,duration", "-of", "json", file],
          { timeout: 20_000 },
          (error, out) => (error ? reject(error) : resolve(out)),
        );
      });
      const info = JSON.parse(stdout) as {
        streams?: { codec_name?: string; sample_rate?: string; channels?: number }[];
        format?: { format_name?: string; duration?: string };
      };
      const stream = info.streams?.[0];
      const durationS = Number(info.format?.duration);
      if (!stream?.codec_name || !Number.isFinite(durationS)) return { format: "error", durationS: 0, bytes: bytes.length };
      const rate = Number(stream.sample_rate);
      return {
        format: `${info.format?.format_name} ${stream.codec_name} ${rate}Hz ${stream.channels}ch`,
        durationS,
        bytes: bytes.length,
        codec: stream.codec_name,
        sampleRateHz: rate,
        channels: stream.channels,
      };
    } catch {
      return { format: "error", durationS: 0, bytes: bytes.length };
    } finally {
      await rm(file, { force: true });
    }
  }

  /** Resolves a verb's URL against the document it came from, as Twilio does; TwiML sent by update has no base. */
  function resolveUrl(state: CallState, ref: string, docUrl: string | undefined, verb: string): string | null {
    try {
      return new URL(ref, docUrl).href;
    } catch {
      fail(state, `<${verb}> URL ${ref} cannot be resolved${docUrl ? ` against ${docUrl}` : " (TwiML given by update has no base URL)"}`);
      return null;
    }
  }

  function countVerb(state: CallState, name: string) {
    if (closed) throw new CallEnded("simulator closed");
    state.verbs++;
    if (state.verbs > maxVerbs) {
      fail(state, `more than ${maxVerbs} verbs in one call (last: <${name}>); the call was hung up`);
      throw new CallEnded("verb cap");
    }
  }

  async function runPrompt(state: CallState, verb: NonNullable<ReturnType<typeof verbOf>>, docUrl?: string) {
    const { call } = state;
    if (verb.name === "Play") {
      const text = textOf(verb.children);
      if (!text) {
        if (verb.attrs.digits) record(state, "play-digits", { digits: verb.attrs.digits });
        else fail(state, "<Play> without a URL");
        return;
      }
      const url = resolveUrl(state, text, docUrl, "Play");
      if (!url) return;
      let loop = Number(verb.attrs.loop ?? "1");
      if (!Number.isInteger(loop) || loop < 0) loop = 1;
      if (loop === 0) {
        fail(state, `<Play loop="0"> repeats until hangup; played once`);
        loop = 1;
      }
      const played = await fetchAudio(state, url);
      for (let i = 0; i < loop; i++) {
        call.played.push(played);
        state.clockS += played.durationS;
      }
      record(state, "play", { url, format: played.format, durationS: played.durationS, loop });
    } else if (verb.name === "Say") {
      const text = textOf(verb.children);
      call.said.push(text);
      state.clockS += text.split(/\s+/).filter(Boolean).length * SAY_SECONDS_PER_WORD;
      record(state, "say", { text, voice: verb.attrs.voice, language: verb.attrs.language });
    } else if (verb.name === "Pause") {
      const length = Number(verb.attrs.length ?? "1");
      state.clockS += Number.isFinite(length) && length >= 0 ? length : 1;
      record(state, "pause", { length });
    } else {
      fail(state, `<${verb.name}> is not allowed inside <Gather>`);
    }
  }

  function nextKey(state: CallState): { key: string; delayMs: number } | null {
    const answer = state.call.answer;
    if (answer.kind !== "human" || state.keyQueue.length === 0) return null;
    return { key: state.keyQueue[0]!, delayMs: answer.keyDelayMs ?? DEFAULT_KEY_DELAY_MS };
  }

  async function runVerbs(state: CallState, verbs: XmlNode[], docUrl?: string): Promise<Step> {
    for (const node of verbs) {
      if (state.pending) return { updated: true };
      const verb = verbOf(node);
      if (!verb) continue;
      countVerb(state, verb.name);
      switch (verb.name) {
        case "Play":
        case "Say":
        case "Pause":
          await runPrompt(state, verb, docUrl);
          break;
        case "Gather": {
          record(state, "gather", verb.attrs);
          for (const child of verb.children) {
            if (state.pending) return { updated: true };
            const prompt = verbOf(child);
            if (!prompt) continue;
            countVerb(state, prompt.name);
            await runPrompt(state, prompt, docUrl);
          }
          if (state.pending) return { updated: true };
          const givenTimeout = Number(verb.attrs.timeout ?? DEFAULT_GATHER_TIMEOUT_S);
          const timeoutS = Number.isFinite(givenTimeout) && givenTimeout >= 0 ? givenTimeout : DEFAULT_GATHER_TIMEOUT_S;
          const finishOnKey = verb.attrs.finishOnKey ?? "#";
          const numDigits = verb.attrs.numDigits ? Number(verb.attrs.numDigits) : undefined;
          const acceptsDigits = (verb.attrs.input ?? "dtmf").split(/\s+/).includes("dtmf");
          const pressed = acceptsDigits ? nextKey(state) : null;
          const action = verb.attrs.action ? resolveUrl(state, verb.attrs.action, docUrl, "Gather") : docUrl;
          const method = parseMethod(verb.attrs.method);
          if (pressed && pressed.delayMs <= timeoutS * 1000) {
            state.keyQueue.shift();
            state.clockS += pressed.delayMs / 1000;
            let digits = pressed.key;
            let finishedOnKey = "";
            const finishAt = finishOnKey ? digits.indexOf(finishOnKey) : -1;
            if (finishAt >= 0) {
              finishedOnKey = finishOnKey;
              digits = digits.slice(0, finishAt);
            }
            if (numDigits !== undefined && digits.length > numDigits) digits = digits.slice(0, numDigits);
            state.call.keys.push(digits);
            record(state, "digits", { digits, finishedOnKey });
            if (!action) {
              fail(state, "<Gather> got digits but has no action and no document URL to post them to");
              return { end: true };
            }
            return { next: { kind: "url", url: action, method, extra: { Digits: digits, FinishedOnKey: finishedOnKey } } };
          }
          state.clockS += timeoutS;
          record(state, "gather-timeout", { timeoutS });
          if (verb.attrs.actionOnEmptyResult === "true" && action) {
            return { next: { kind: "url", url: action, method, extra: { Digits: "" } } };
          }
          break;
        }
        case "Redirect": {
          const text = textOf(verb.children);
          if (!text) {
            fail(state, "<Redirect> without a URL");
            return { end: true };
          }
          const url = resolveUrl(state, text, docUrl, "Redirect");
          if (!url) return { end: true };
          record(state, "redirect", { url });
          return { next: { kind: "url", url, method: parseMethod(verb.attrs.method) } };
        }
        case "Hangup":
          record(state, "hangup");
          return { end: true };
        case "Reject":
          record(state, "reject", { reason: verb.attrs.reason });
          return { end: true };
        default:
          fail(state, `<${verb.name}> is not simulated; skipped`);
      }
    }
    return { end: true };
  }

  /** Follows documents until one ends the call; a live update replaces whatever document is running. */
  async function runDocuments(state: CallState, first: Source, extra: Params, beforeVerbs?: () => Promise<void>) {
    let source: Source | undefined = first;
    let firstDocument = true;
    while (source) {
      const doc = await loadDocument(state, source, "in-progress", firstDocument ? extra : {});
      if (firstDocument && beforeVerbs) await beforeVerbs();
      firstDocument = false;
      let step: Step = { end: true };
      if (doc && !state.pending) step = await runVerbs(state, doc.verbs, doc.docUrl);
      if (state.pending) step = { updated: true };
      if ("updated" in step) {
        const update = takeUpdate(state);
        if (!update || update.hangup) return;
        source = update.source;
      } else if ("next" in step) {
        source = step.next;
      } else {
        return;
      }
    }
  }

  async function answerAndRun(state: CallState) {
    const { call } = state;
    const answer = call.answer;
    const isMachine = answer.kind === "machine";
    const endBeep = state.machineDetection === "DetectMessageEnd";
    const amdResult = isMachine ? (endBeep ? "machine_end_beep" : "machine_start") : "human";
    state.startTime = new Date();
    setStatus(state, "in-progress");
    // Synchronous AMD listens before the webhook is fetched; with DetectMessageEnd it waits for the beep.
    const syncAmd = Boolean(state.machineDetection) && !state.asyncAmd;
    if (syncAmd) {
      call.answeredBy = amdResult;
      if (isMachine && endBeep) state.clockS += greetingS;
    }
    await statusCallback(state, "answered", "in-progress");
    const extra: Params = syncAmd
      ? { AnsweredBy: amdResult, MachineDetectionDuration: String(Math.round((isMachine ? greetingS : 2) * 1000)) }
      : {};
    const asyncAmd = Boolean(state.machineDetection) && state.asyncAmd;
    const beforeVerbs = asyncAmd
      ? async () => {
          if (isMachine && endBeep) state.clockS += greetingS;
          call.answeredBy = amdResult;
          const params: Params = {
            AccountSid: accountSid,
            CallSid: call.sid,
            AnsweredBy: amdResult,
            MachineDetectionDuration: String(Math.round((isMachine ? greetingS : 2) * 1000)),
          };
          if (state.asyncAmdCallback) {
            await send(state, state.asyncAmdCallback, state.asyncAmdCallbackMethod, params, "amd-callback");
          } else {
            fail(state, "AsyncAmd is true but no AsyncAmdStatusCallback was given");
          }
          // A machine has no one to press keys; the product is expected to update the call after the beep.
          if (isMachine) await waitForUpdate(state, amdUpdateWaitMs);
        }
      : undefined;
    await runDocuments(state, state.initial, extra, beforeVerbs);
  }

  async function runCall(state: CallState) {
    const { call } = state;
    const answer = call.answer;
    await new Promise((resolve) => setImmediate(resolve));
    let finalStatus = "completed";
    let sipCode = "200";
    try {
      await statusCallback(state, "initiated", "initiated");
      if (state.pending) throw new CallEnded("canceled");
      if (answer.kind === "failed") {
        finalStatus = "failed";
        sipCode = "503";
        record(state, "failed", { reason: answer.reason ?? "network" });
      } else {
        setStatus(state, "ringing");
        await statusCallback(state, "ringing", "ringing");
        if (state.pending) throw new CallEnded("canceled");
        if (answer.kind === "busy") {
          finalStatus = "busy";
          sipCode = "486";
        } else if (answer.kind === "no-answer") {
          finalStatus = "no-answer";
          sipCode = "487";
          record(state, "ring-timeout", { timeoutS: state.ringTimeoutS });
        } else {
          await answerAndRun(state);
        }
      }
    } catch (error) {
      if (!(error instanceof CallEnded)) {
        fail(state, `simulator fault: ${(error as Error).stack ?? String(error)}`);
      } else if (error.message === "canceled") {
        finalStatus = "canceled";
        sipCode = "487";
      }
    }
    if (finalStatus === "canceled" || call.status !== "in-progress") {
      call.durationS = 0;
    } else {
      call.durationS = Math.ceil(state.clockS);
    }
    state.endTime = new Date();
    setStatus(state, finalStatus);
    state.pending = undefined;
    const extra: Params = { CallDuration: String(call.durationS), SipResponseCode: sipCode };
    if (state.errorCode) extra.ErrorCode = state.errorCode;
    if (call.answeredBy && state.asyncAmd) extra.AnsweredBy = call.answeredBy;
    await statusCallback(state, "completed", finalStatus, extra);
    record(state, "ended", { status: finalStatus, durationS: call.durationS });
  }

  function startFlow(state: CallState) {
    const flow = runCall(state).finally(() => flows.delete(flow));
    flows.add(flow);
  }

  // ---- REST edge ----

  function json(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  }

  function authorized(req: http.IncomingMessage, pathAccount: string): boolean {
    const header = req.headers.authorization ?? "";
    if (!header.startsWith("Basic ")) return false;
    const expected = Buffer.from(`${accountSid}:${authToken}`);
    const given = Buffer.from(Buffer.from(header.slice(6), "base64").toString("utf8"));
    return pathAccount === accountSid && given.length === expected.length && timingSafeEqual(given, expected);
  }

  function rejectCreate(res: http.ServerResponse, to: string | null, from: string | null, code: number, message: string) {
    rejectedCreates.push({ at: Date.now(), to, from, code, message });
    json(res, 400, twilioError(400, code, message));
  }

  function createCall(form: URLSearchParams, res: http.ServerResponse) {
    createTimes.push(performance.now());
    const fault = createFaults.shift();
    if (fault === "http-500") {
      rejectedCreates.push({ at: Date.now(), to: form.get("To"), from: form.get("From"), code: 20500, message: "injected 500" });
      return json(res, 500, twilioError(500, 20500, "Internal Server Error"));
    }
    if (fault === "http-429") {
      rejectedCreates.push({ at: Date.now(), to: form.get("To"), from: form.get("From"), code: 20429, message: "injected 429" });
      return json(res, 429, twilioError(429, 20429, "Too Many Requests"));
    }
    const to = form.get("To");
    const from = form.get("From");
    const url = form.get("Url");
    const twiml = form.get("Twiml");
    if (!to) return rejectCreate(res, to, from, 21201, "No 'To' number is specified");
    if (!from) return rejectCreate(res, to, from, 21213, "No 'From' number is specified");
    if (!E164.test(to)) return rejectCreate(res, to, from, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!E164.test(from)) return rejectCreate(res, to, from, 21212, `Invalid 'From' Phone Number: ${from}`);
    if (!url && !twiml) return rejectCreate(res, to, from, 21205, "Url parameter is required.");
    if (url) {
      try {
        if (!/^https?:$/.test(new URL(url).protocol)) throw new Error("scheme");
      } catch {
        return rejectCreate(res, to, from, 21205, `Url is not a valid URL: ${url}`);
      }
    }
    const events = form
      .getAll("StatusCallbackEvent")
      .flatMap((value) => value.split(/[\s,]+/))
      .filter(Boolean)
      .map((value) => value.toLowerCase());
    const unknownEvent = events.find((event) => !STATUS_EVENTS.has(event));
    if (unknownEvent) return rejectCreate(res, to, from, 21626, `Invalid 'StatusCallbackEvent': ${unknownEvent}`);
    const answer = pickAnswer(to);
    if (answer.kind === "invalid") return rejectCreate(res, to, from, 21211, `Invalid 'To' Phone Number: ${to}`);

    const method = parseMethod(form.get("Method"));
    const call: SimulatedCall = {
      sid: `CA${randomBytes(16).toString("hex")}`,
      to,
      from,
      url: url ?? "",
      createdAt: Date.now(),
      status: "queued",
      keys: [],
      played: [],
      said: [],
      events: [],
      errors: [],
      answer,
    };
    const state: CallState = {
      call,
      method,
      initial: url ? { kind: "url", url, method } : { kind: "twiml", xml: twiml! },
      statusCallback: form.get("StatusCallback") ?? undefined,
      statusCallbackMethod: parseMethod(form.get("StatusCallbackMethod")),
      statusEvents: new Set(events),
      machineDetection: form.get("MachineDetection") ?? undefined,
      asyncAmd: form.get("AsyncAmd") === "true",
      asyncAmdCallback: form.get("AsyncAmdStatusCallback") ?? undefined,
      asyncAmdCallbackMethod: parseMethod(form.get("AsyncAmdStatusCallbackMethod")),
      ringTimeoutS: Number(form.get("Timeout") ?? "60") || 60,
      keyQueue: answer.kind === "human" ? [...(answer.keys ?? [])] : [],
      sequence: 0,
      clockS: 0,
      verbs: 0,
      dateUpdated: new Date(),
    };
    record(state, "created", Object.fromEntries([...form.keys()].map((key) => [key, form.getAll(key).join(" ")])));
    calls.push(call);
    states.set(call.sid, state);
    if (fault === "drop-response") {
      record(state, "create-response-dropped");
      res.socket?.destroy();
    } else {
      json(res, 201, resource(state));
    }
    startFlow(state);
  }

  function updateCall(state: CallState, form: URLSearchParams, res: http.ServerResponse) {
    const { call } = state;
    const status = form.get("Status");
    const url = form.get("Url");
    const twiml = form.get("Twiml");
    record(state, "update", Object.fromEntries(form.entries()));
    if (TERMINAL.has(call.status)) {
      return json(res, 400, twilioError(400, 21220, "Call is not in-progress. Cannot redirect."));
    }
    if (status === "completed" || status === "canceled") {
      if (status === "canceled" && call.status === "in-progress") {
        return json(res, 400, twilioError(400, 21220, "Call is in-progress. Cannot cancel; use Status=completed."));
      }
      state.pending = { hangup: true };
    } else if (url || twiml) {
      if (call.status !== "in-progress") {
        return json(res, 400, twilioError(400, 21220, "Call is not in-progress. Cannot redirect."));
      }
      state.pending = {
        source: twiml ? { kind: "twiml", xml: twiml } : { kind: "url", url: url!, method: parseMethod(form.get("Method")) },
      };
    } else {
      return json(res, 400, twilioError(400, 21218, "Invalid update: give Url, Twiml or Status."));
    }
    state.dateUpdated = new Date();
    state.wake?.();
    json(res, 200, resource(state));
  }

  async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", baseUrl);
    const pathname = url.pathname.replace(/^\/api\/laml(?=\/)/, "");
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls(?:\/([^/]+?))?\.json$/.exec(pathname);
    if (!match) {
      return json(res, 404, twilioError(404, 20404, `The requested resource ${url.pathname} was not found`));
    }
    const [, pathAccount, sid] = match;
    if (!authorized(req, pathAccount!)) {
      res.setHeader("www-authenticate", 'Basic realm="Twilio API"');
      return json(res, 401, {
        ...twilioError(401, 20003, "Authenticate"),
        detail: "Your AccountSid or AuthToken was incorrect.",
      });
    }
    const form = req.method === "POST" ? await readForm(req) : url.searchParams;
    if (!sid) {
      if (req.method === "POST") return createCall(form, res);
      if (req.method === "GET") {
        const pageSize = Math.min(Number(form.get("PageSize") ?? "50") || 50, 1000);
        const listed = [...states.values()]
          .filter(({ call }) => (!form.get("To") || call.to === form.get("To")) && (!form.get("From") || call.from === form.get("From")))
          .filter(({ call }) => !form.get("Status") || call.status === form.get("Status"))
          .reverse()
          .slice(0, pageSize);
        const uri = `${url.pathname}${url.search}`;
        return json(res, 200, {
          calls: listed.map(resource),
          end: Math.max(listed.length - 1, 0),
          first_page_uri: uri,
          next_page_uri: null,
          page: 0,
          page_size: pageSize,
          previous_page_uri: null,
          start: 0,
          uri,
        });
      }
    } else {
      const state = states.get(sid);
      if (!state) return json(res, 404, twilioError(404, 20404, `The requested resource ${url.pathname} was not found`));
      if (req.method === "GET") return json(res, 200, resource(state));
      if (req.method === "POST") return updateCall(state, form, res);
    }
    json(res, 405, twilioError(405, 20004, "Method not allowed"));
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, twilioError(500, 20500, `Internal Server Error: ${(error as Error).message}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function idle() {
    while (flows.size > 0) await Promise.allSettled([...flows]);
  }

  return {
    baseUrl,
    accountSid,
    authToken,
    calls,
    rejectedCreates,
    callsTo: (number) => calls.filter((call) => call.to === number),
    answer(number, a) {
      answers.set(number, Array.isArray(a) ? [...a] : a);
    },
    faultNextCreates(count, fault) {
      for (let i = 0; i < count; i++) createFaults.push(fault);
    },
    maxConcurrentCreatesPerSecond: () => maxInWindow(createTimes, 1000),
    idle,
    async close() {
      closed = true;
      for (const state of states.values()) state.wake?.();
      await idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
    },
  };
}
