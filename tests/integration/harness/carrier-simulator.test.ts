import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startCarrierSimulator, type CarrierSimulator, type CarrierSimulatorOptions } from "@/harness/carrier-simulator";

/*
 * A tiny loopback "product": it creates calls over the simulator's REST API, answers the voice webhook with
 * TwiML built by the twilio package, serves a sox-made 8 kHz mu-law WAV, and checks every signature it receives
 * with twilio.validateRequest (and that the same request fails under a wrong token).
 */

type Received = {
  path: string;
  method: string;
  params: Record<string, string>;
  valid: boolean;
  validWithWrongToken: boolean;
};

const VoiceResponse = twilio.twiml.VoiceResponse;
const PROMPT_S = 1.5;
let audioDir: string;
let wav: Buffer;
let product: http.Server;
let productUrl: string;
let sim: CarrierSimulator;
let received: Received[] = [];
let amdAction: "update-twiml" | "none" = "update-twiml";
let answeredAction: "redirect" | "none" = "none";
let initiatedAction: "cancel" | "none" = "none";
let cancelResponse: { status: number; body: Record<string, unknown> } | null = null;

function menu(): string {
  const response = new VoiceResponse();
  const gather = response.gather({ numDigits: 1, action: "/gather", method: "POST", timeout: 3 });
  gather.play(`${productUrl}/audio/prompt.wav`);
  response.say("Goodbye");
  return response.toString();
}

function routeTwiml(pathname: string, params: Record<string, string>): string {
  const response = new VoiceResponse();
  switch (pathname) {
    case "/voice":
      return menu();
    case "/gather":
      if (params.Digits === "1") {
        response.say("Confirmed");
        response.hangup();
      } else if (params.Digits === "2") {
        response.say("Cancelled");
      } else if (params.Digits === "3") {
        response.redirect({ method: "POST" }, "/voice");
      } else {
        response.say("Sorry");
      }
      return response.toString();
    case "/no-action":
      if (params.Digits !== undefined) {
        response.say(`You entered ${params.Digits}`);
      } else {
        response.gather({ finishOnKey: "#", timeout: 5 }).say("Enter your code then hash");
      }
      return response.toString();
    case "/broken-audio":
      response.play("/audio/missing.wav");
      response.play("/audio/garbage.wav");
      response.play("/audio/prompt.wav");
      return response.toString();
    case "/unique":
      response.play(`/audio/unique/${encodeURIComponent(params.To ?? "")}.wav`);
      return response.toString();
    case "/loop":
      response.redirect("/loop");
      return response.toString();
    case "/alt":
      response.say("Alternative");
      return response.toString();
    default:
      return "not xml at all";
  }
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function updateCall(sid: string, params: Record<string, string>) {
  return carrierRequest("POST", `/Calls/${sid}.json`, params);
}

async function handleProduct(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? "/", productUrl);
  if (url.pathname === "/audio/prompt.wav") {
    res.writeHead(200, { "content-type": "audio/wav" }).end(wav);
    return;
  }
  if (url.pathname.startsWith("/audio/unique/")) {
    // The same tone with a different trailing byte string: a distinct file for every recipient.
    res.writeHead(200, { "content-type": "audio/wav" }).end(Buffer.concat([wav, Buffer.from(url.pathname)]));
    return;
  }
  if (url.pathname === "/audio/garbage.wav") {
    res.writeHead(200, { "content-type": "audio/wav" }).end(randomBytes(2000));
    return;
  }
  if (url.pathname.startsWith("/audio/")) {
    res.writeHead(404).end();
    return;
  }
  const body = req.method === "POST" ? await readBody(req) : "";
  const params = Object.fromEntries(new URLSearchParams(req.method === "POST" ? body : url.search));
  const signed = req.method === "POST" ? params : {};
  const signature = String(req.headers["x-twilio-signature"] ?? "");
  const fullUrl = `${productUrl}${req.url}`;
  received.push({
    path: url.pathname,
    method: req.method ?? "",
    params,
    valid: twilio.validateRequest(sim.authToken, signature, fullUrl, signed),
    validWithWrongToken: twilio.validateRequest("0".repeat(32), signature, fullUrl, signed),
  });
  if (url.pathname === "/status-fails") {
    res.writeHead(500).end();
    return;
  }
  if (url.pathname === "/status" || url.pathname === "/amd") {
    if (url.pathname === "/amd" && params.AnsweredBy === "machine_end_beep" && amdAction === "update-twiml") {
      const twiml = new VoiceResponse();
      twiml.play(`${productUrl}/audio/prompt.wav`);
      await updateCall(params.CallSid!, { Twiml: twiml.toString() });
    }
    if (url.pathname === "/status" && params.CallStatus === "initiated" && initiatedAction === "cancel") {
      cancelResponse = await updateCall(params.CallSid!, { Status: "canceled" });
    }
    if (url.pathname === "/status" && params.CallStatus === "in-progress" && answeredAction === "redirect") {
      await updateCall(params.CallSid!, { Url: `${productUrl}/alt` });
    }
    res.writeHead(204).end();
    return;
  }
  res.writeHead(200, { "content-type": "text/xml" }).end(routeTwiml(url.pathname, params));
}

async function carrierRequest(method: "GET" | "POST", suffix: string, params: Record<string, string | string[]> = {}, auth?: string) {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(key, item);
  }
  const authorization = `Basic ${Buffer.from(auth ?? `${sim.accountSid}:${sim.authToken}`).toString("base64")}`;
  const base = `${sim.baseUrl}/2010-04-01/Accounts/${sim.accountSid}`;
  const response = await fetch(`${base}${suffix}`, {
    method,
    headers: { authorization, ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    body: method === "POST" ? form.toString() : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function createCall(to: string, extra: Record<string, string | string[]> = {}) {
  return carrierRequest("POST", "/Calls.json", {
    To: to,
    From: "+15005550006",
    Url: `${productUrl}/voice`,
    StatusCallback: `${productUrl}/status`,
    StatusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
    ...extra,
  });
}

async function start(options: CarrierSimulatorOptions = { checkAudio: true }) {
  sim = await startCarrierSimulator(options);
  return sim;
}

function statusCallbacks(sid: string) {
  return received.filter((r) => r.path === "/status" && r.params.CallSid === sid);
}

beforeAll(async () => {
  audioDir = await mkdtemp(path.join(os.tmpdir(), "carrier-sim-test-"));
  const file = path.join(audioDir, "prompt.wav");
  await promisify(execFile)("sox", ["-n", "-r", "8000", "-c", "1", "-e", "mu-law", "-b", "8", file, "synth", String(PROMPT_S), "sine", "440"]);
  wav = await readFile(file);
  product = http.createServer((req, res) => {
    handleProduct(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => product.listen(0, "127.0.0.1", resolve));
  productUrl = `http://127.0.0.1:${(product.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await sim?.close();
  received = [];
  amdAction = "update-twiml";
  answeredAction = "none";
  initiatedAction = "none";
  cancelResponse = null;
});

afterAll(async () => {
  product.closeAllConnections();
  await new Promise((resolve) => product.close(resolve));
  await rm(audioDir, { recursive: true, force: true });
});

describe("carrier simulator: a human answers", () => {
  it("plays the prompt, posts the pressed key to the Gather action and follows the TwiML it returns", async () => {
    await start();
    sim.answer("+15005550101", { kind: "human", keys: ["1"] });
    const created = await createCall("+15005550101");
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ to: "+15005550101", from: "+15005550006", status: "queued", account_sid: sim.accountSid });
    expect(created.body.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(created.body.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    await sim.idle();

    const [call] = sim.callsTo("+15005550101");
    expect(call).toBeDefined();
    expect(call!.status).toBe("completed");
    expect(call!.keys).toEqual(["1"]);
    expect(call!.said).toEqual(["Confirmed"]);
    expect(call!.played).toHaveLength(1);
    expect(call!.played[0]!.format).toBe("wav pcm_mulaw 8000Hz 1ch");
    expect(call!.played[0]!.durationS).toBeCloseTo(PROMPT_S, 2);
    expect(call!.errors).toEqual([]);

    const gatherPost = received.find((r) => r.path === "/gather");
    expect(gatherPost?.params).toMatchObject({ Digits: "1", CallSid: call!.sid, CallStatus: "in-progress", Direction: "outbound-api" });
    const voice = received.find((r) => r.path === "/voice");
    expect(voice?.params).toMatchObject({ AccountSid: sim.accountSid, From: "+15005550006", To: "+15005550101", ApiVersion: "2010-04-01" });
    expect(voice?.params.AnsweredBy).toBeUndefined();

    const statuses = statusCallbacks(call!.sid);
    expect(statuses.map((r) => r.params.CallStatus)).toEqual(["initiated", "ringing", "in-progress", "completed"]);
    expect(statuses.map((r) => r.params.SequenceNumber)).toEqual(["0", "1", "2", "3"]);
    expect(statuses[0]!.params).toMatchObject({ CallbackSource: "call-progress-events", Direction: "outbound-api" });
    // 1.5 s prompt + 1 s before the key + "Confirmed" (0.4 s), rounded up.
    expect(statuses[3]!.params).toMatchObject({ CallDuration: "3", SipResponseCode: "200" });
    expect(call!.durationS).toBe(3);
    expect(received.length).toBeGreaterThanOrEqual(6);
    expect(received.every((r) => r.valid)).toBe(true);
    expect(received.some((r) => r.validWithWrongToken)).toBe(false);
    const sent = call!.events.filter((e) => e.kind === "status-callback").map((e) => e.detail as { responseStatus?: number });
    expect(sent.map((d) => d.responseStatus)).toEqual([204, 204, 204, 204]);
  });

  it("follows key 2 to its own branch and key 3 through a Redirect back to the menu", async () => {
    await start();
    sim.answer("+15005550102", { kind: "human", keys: ["2"] });
    sim.answer("+15005550103", { kind: "human", keys: ["3", "1"] });
    await createCall("+15005550102");
    await createCall("+15005550103");
    await sim.idle();
    const [two] = sim.callsTo("+15005550102");
    expect(two!.keys).toEqual(["2"]);
    expect(two!.said).toEqual(["Cancelled"]);
    const [three] = sim.callsTo("+15005550103");
    expect(three!.keys).toEqual(["3", "1"]);
    expect(three!.played).toHaveLength(2);
    expect(three!.said).toEqual(["Confirmed"]);
    expect(three!.events.some((e) => e.kind === "redirect")).toBe(true);
  });

  it("falls through past the Gather when the human presses nothing", async () => {
    await start();
    await createCall("+15005550104");
    await sim.idle();
    const [call] = sim.callsTo("+15005550104");
    expect(call!.keys).toEqual([]);
    expect(call!.said).toEqual(["Goodbye"]);
    expect(received.some((r) => r.path === "/gather")).toBe(false);
    // 1.5 s prompt + 3 s Gather timeout + "Goodbye", rounded up.
    expect(call!.durationS).toBe(5);
  });

  it("treats a key pressed later than the Gather timeout as silence", async () => {
    await start();
    sim.answer("+15005550105", { kind: "human", keys: ["1"], keyDelayMs: 4000 });
    await createCall("+15005550105");
    await sim.idle();
    const [call] = sim.callsTo("+15005550105");
    expect(call!.keys).toEqual([]);
    expect(call!.said).toEqual(["Goodbye"]);
  });

  it("posts digits to the document's own URL when the Gather has no action, without the finish key", async () => {
    await start();
    sim.answer("+15005550106", { kind: "human", keys: ["1234#"] });
    await createCall("+15005550106", { Url: `${productUrl}/no-action` });
    await sim.idle();
    const [call] = sim.callsTo("+15005550106");
    expect(call!.keys).toEqual(["1234"]);
    expect(call!.said).toEqual(["Enter your code then hash", "You entered 1234"]);
    const second = received.filter((r) => r.path === "/no-action")[1];
    expect(second?.params).toMatchObject({ Digits: "1234", FinishedOnKey: "#" });
  });

  it("signs GET webhooks and callbacks over the URL with its query string", async () => {
    await start();
    sim.answer("+15005550107", { kind: "human", keys: ["1"] });
    await createCall("+15005550107", { Method: "GET", StatusCallbackMethod: "GET" });
    await sim.idle();
    const gets = received.filter((r) => r.method === "GET");
    expect(gets.map((r) => r.path)).toEqual(["/status", "/status", "/status", "/voice", "/status"]);
    expect(gets.every((r) => r.valid && !r.validWithWrongToken)).toBe(true);
    expect(gets.find((r) => r.path === "/voice")?.params).toMatchObject({ CallStatus: "in-progress", To: "+15005550107" });
    expect(gets.at(-1)?.params).toMatchObject({ CallStatus: "completed", SequenceNumber: "3" });
    expect(sim.callsTo("+15005550107")[0]!.keys).toEqual(["1"]);
  });
});

describe("carrier simulator: answering machines", () => {
  it("posts machine_end_beep to the async AMD callback and follows the product's live update", async () => {
    await start();
    sim.answer("+15005550201", { kind: "machine" });
    await createCall("+15005550201", {
      MachineDetection: "DetectMessageEnd",
      AsyncAmd: "true",
      AsyncAmdStatusCallback: `${productUrl}/amd`,
    });
    await sim.idle();
    const [call] = sim.callsTo("+15005550201");
    expect(call!.answeredBy).toBe("machine_end_beep");
    const voice = received.find((r) => r.path === "/voice");
    expect(voice?.params.AnsweredBy).toBeUndefined();
    const amd = received.find((r) => r.path === "/amd");
    expect(amd?.params).toMatchObject({ AnsweredBy: "machine_end_beep", CallSid: call!.sid, MachineDetectionDuration: "6000" });
    expect(amd?.valid).toBe(true);
    // The menu fetched at answer was replaced by the update before it played; the message then played once.
    expect(call!.played).toHaveLength(1);
    expect(call!.keys).toEqual([]);
    expect(call!.events.some((e) => e.kind === "update")).toBe(true);
    expect(call!.errors).toEqual([]);
    const completed = statusCallbacks(call!.sid).at(-1);
    expect(completed?.params).toMatchObject({ CallStatus: "completed", AnsweredBy: "machine_end_beep", CallDuration: "8" });
  });

  it("runs the original document for a machine when the product does not update the call", async () => {
    await start({ checkAudio: true, amdUpdateWaitMs: 50 });
    amdAction = "none";
    sim.answer("+15005550202", { kind: "machine" });
    await createCall("+15005550202", {
      MachineDetection: "DetectMessageEnd",
      AsyncAmd: "true",
      AsyncAmdStatusCallback: `${productUrl}/amd`,
    });
    await sim.idle();
    const [call] = sim.callsTo("+15005550202");
    expect(call!.played).toHaveLength(1);
    expect(call!.keys).toEqual([]);
    expect(call!.said).toEqual(["Goodbye"]);
  });

  it("posts AnsweredBy=human to the async AMD callback and lets the human press keys", async () => {
    await start();
    sim.answer("+15005550203", { kind: "human", keys: ["1"] });
    await createCall("+15005550203", {
      MachineDetection: "DetectMessageEnd",
      AsyncAmd: "true",
      AsyncAmdStatusCallback: `${productUrl}/amd`,
    });
    await sim.idle();
    const [call] = sim.callsTo("+15005550203");
    expect(received.find((r) => r.path === "/amd")?.params.AnsweredBy).toBe("human");
    expect(call!.keys).toEqual(["1"]);
    expect(call!.answeredBy).toBe("human");
  });

  it("sends AnsweredBy with the voice webhook when detection is synchronous", async () => {
    await start();
    sim.answer("+15005550204", { kind: "machine" });
    await createCall("+15005550204", { MachineDetection: "Enable" });
    await sim.idle();
    expect(received.find((r) => r.path === "/voice")?.params.AnsweredBy).toBe("machine_start");
    expect(sim.callsTo("+15005550204")[0]!.answeredBy).toBe("machine_start");
  });
});

describe("carrier simulator: calls that are not answered", () => {
  it("reports busy, no-answer and failed in the final status callback without fetching the webhook", async () => {
    await start();
    sim.answer("+15005550301", { kind: "busy" });
    sim.answer("+15005550302", { kind: "no-answer" });
    sim.answer("+15005550303", { kind: "failed", reason: "unreachable" });
    for (const to of ["+15005550301", "+15005550302", "+15005550303"]) expect((await createCall(to)).status).toBe(201);
    await sim.idle();
    const finals = ["+15005550301", "+15005550302", "+15005550303"].map((to) => {
      const [call] = sim.callsTo(to);
      return { status: call!.status, final: statusCallbacks(call!.sid).at(-1)?.params };
    });
    expect(finals[0]).toMatchObject({ status: "busy", final: { CallStatus: "busy", SipResponseCode: "486", CallDuration: "0" } });
    expect(finals[1]).toMatchObject({ status: "no-answer", final: { CallStatus: "no-answer", CallDuration: "0" } });
    expect(finals[2]).toMatchObject({ status: "failed", final: { CallStatus: "failed", CallDuration: "0" } });
    expect(received.some((r) => r.path === "/voice")).toBe(false);
  });

  it("refuses an invalid number with Twilio's 21211 error and creates no call", async () => {
    await start();
    sim.answer("+15005550304", { kind: "invalid" });
    const invalid = await createCall("+15005550304");
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({
      code: 21211,
      message: "Invalid 'To' Phone Number: +15005550304",
      more_info: "https://www.twilio.com/docs/errors/21211",
      status: 400,
    });
    expect((await createCall("5550304")).body).toMatchObject({ code: 21211, status: 400 });
    expect((await createCall("+15005550305", { From: "abc" })).body).toMatchObject({ code: 21212 });
    expect((await createCall("+15005550305", { From: "" })).body).toMatchObject({ code: 21213 });
    expect((await createCall("+15005550305", { StatusCallbackEvent: ["ringing", "picked-up"] })).body).toMatchObject({ code: 21626 });
    expect(sim.calls).toEqual([]);
    expect(sim.rejectedCreates.map((r) => r.code)).toEqual([21211, 21211, 21212, 21213, 21626]);
  });

  it("answers 401 in Twilio's shape when the credentials are wrong", async () => {
    await start();
    const wrong = await carrierRequest("POST", "/Calls.json", { To: "+15005550306", From: "+15005550006", Url: `${productUrl}/voice` }, `${sim.accountSid}:nope`);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 20003, status: 401, message: "Authenticate" });
    expect(sim.calls).toEqual([]);
  });

  it("gives successive calls to one number the queued answers, then the default", async () => {
    await start();
    sim.answer("+15005550307", [{ kind: "busy" }, { kind: "human", keys: ["1"] }]);
    for (let i = 0; i < 3; i++) {
      await createCall("+15005550307");
      await sim.idle();
    }
    const calls = sim.callsTo("+15005550307");
    expect(calls.map((c) => c.status)).toEqual(["busy", "completed", "completed"]);
    expect(calls.map((c) => c.keys)).toEqual([[], ["1"], []]);
  });
});

describe("carrier simulator: REST resources, updates and faults", () => {
  it("fetches a call by SID, lists calls by To, and answers 404 for an unknown SID", async () => {
    await start();
    const created = await createCall("+15005550401");
    await sim.idle();
    const fetched = await carrierRequest("GET", `/Calls/${String(created.body.sid)}.json`);
    expect(fetched.body).toMatchObject({ sid: created.body.sid, status: "completed", duration: "5", direction: "outbound-api" });
    const listed = await carrierRequest("GET", "/Calls.json?To=%2B15005550401");
    expect((listed.body.calls as { sid: string }[]).map((c) => c.sid)).toEqual([created.body.sid]);
    const missing = await carrierRequest("GET", `/Calls/CA${"0".repeat(32)}.json`);
    expect(missing).toMatchObject({ status: 404, body: { code: 20404, status: 404 } });
    const late = await updateCall(String(created.body.sid), { Twiml: "<Response/>" });
    expect(late).toMatchObject({ status: 400, body: { code: 21220 } });
  });

  it("redirects a live call to a new Url given by update", async () => {
    await start();
    answeredAction = "redirect";
    sim.answer("+15005550402", { kind: "human", keys: ["1"] });
    await createCall("+15005550402");
    await sim.idle();
    const [call] = sim.callsTo("+15005550402");
    expect(call!.said).toEqual(["Alternative"]);
    expect(call!.played).toEqual([]);
    expect(received.filter((r) => r.path === "/alt")).toHaveLength(1);
  });

  it("cancels a call that has not been answered when the product updates it with Status=canceled", async () => {
    await start();
    initiatedAction = "cancel";
    await createCall("+15005550407");
    await sim.idle();
    const [call] = sim.callsTo("+15005550407");
    expect(cancelResponse).toMatchObject({ status: 200, body: { sid: call!.sid } });
    expect(call!.status).toBe("canceled");
    expect(statusCallbacks(call!.sid).map((r) => r.params.CallStatus)).toEqual(["initiated", "canceled"]);
    expect(received.some((r) => r.path === "/voice")).toBe(false);
  });

  it("records a missing and an undecodable audio file and still plays the good one", async () => {
    await start();
    await createCall("+15005550403", { Url: `${productUrl}/broken-audio` });
    await sim.idle();
    const [call] = sim.callsTo("+15005550403");
    expect(call!.errors).toHaveLength(2);
    expect(call!.errors[0]).toMatch(/missing\.wav answered HTTP 404/);
    expect(call!.errors[1]).toMatch(/garbage\.wav is not decodable/);
    expect(call!.played.map((p) => p.format)).toEqual(["error", "error", "wav pcm_mulaw 8000Hz 1ch"]);
    const completed = statusCallbacks(call!.sid).at(-1);
    expect(completed?.params.ErrorCode).toBe("11200");
  });

  it("reads WAV headers for duration when ffprobe is not asked for", async () => {
    await start({ checkAudio: false });
    await createCall("+15005550404");
    await sim.idle();
    const [call] = sim.callsTo("+15005550404");
    expect(call!.played[0]).toMatchObject({ format: "wav pcm_mulaw 8000Hz 1ch", codec: "pcm_mulaw", sampleRateHz: 8000 });
    expect(call!.played[0]!.durationS).toBeCloseTo(PROMPT_S, 2);
  });

  it("records callbacks the product answers with an error and webhooks that are not TwiML", async () => {
    await start();
    await createCall("+15005550405", { StatusCallback: `${productUrl}/status-fails`, Url: `${productUrl}/not-twiml` });
    await sim.idle();
    const [call] = sim.callsTo("+15005550405");
    expect(call!.errors.filter((e) => /status-fails answered HTTP 500/.test(e))).toHaveLength(4);
    expect(call!.errors.some((e) => /not XML|no <Response>/.test(e))).toBe(true);
    expect(call!.status).toBe("completed");
    // The failing status callbacks are recorded; the call's own error code comes from the TwiML.
    const final = call!.events.filter((e) => e.kind === "status-callback").at(-1)?.detail as { params: Record<string, string> };
    expect(final.params.ErrorCode).toBe("12100");
  });

  it("hangs up a call that loops through Redirect, with an error", async () => {
    await start({ maxVerbsPerCall: 20 });
    await createCall("+15005550406", { Url: `${productUrl}/loop` });
    await sim.idle();
    const [call] = sim.callsTo("+15005550406");
    expect(call!.errors.some((e) => e.startsWith("more than 20 verbs"))).toBe(true);
    // Twenty Redirects ran; the twenty-first document was fetched and its first verb went over the cap.
    expect(received.filter((r) => r.path === "/loop")).toHaveLength(21);
    expect(call!.status).toBe("completed");
  });

  it("counts create requests per 1 s window", async () => {
    await start();
    await Promise.all([1, 2, 3, 4].map((i) => createCall(`+1500555050${i}`)));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await Promise.all([5, 6].map((i) => createCall(`+1500555050${i}`)));
    await sim.idle();
    expect(sim.maxConcurrentCreatesPerSecond()).toBe(4);
  });

  it("plays out a hundred simultaneous calls and waits for all of them in idle()", async () => {
    await start();
    const numbers = Array.from({ length: 100 }, (_, i) => `+1500556${String(i).padStart(4, "0")}`);
    numbers.forEach((to, i) => sim.answer(to, { kind: "human", keys: [String((i % 3) + 1)] }));
    const created = await Promise.all(numbers.map((to) => createCall(to)));
    expect(created.every((c) => c.status === 201)).toBe(true);
    await sim.idle();
    expect(sim.calls.every((c) => c.status === "completed" && c.errors.length === 0)).toBe(true);
    expect(received.filter((r) => r.path === "/status" && r.params.CallStatus === "completed")).toHaveLength(100);
    expect(sim.maxConcurrentCreatesPerSecond()).toBeGreaterThan(1);
  });

  it("injects create faults: 500 and 429 create nothing, a dropped response still places the call", async () => {
    await start();
    sim.faultNextCreates(1, "http-500");
    sim.faultNextCreates(1, "http-429");
    sim.faultNextCreates(1, "drop-response");
    expect(await createCall("+15005550601")).toMatchObject({ status: 500, body: { code: 20500 } });
    expect(await createCall("+15005550601")).toMatchObject({ status: 429, body: { code: 20429 } });
    await expect(createCall("+15005550601")).rejects.toThrow();
    await sim.idle();
    const listed = await carrierRequest("GET", "/Calls.json?To=%2B15005550601");
    const found = listed.body.calls as { sid: string; status: string }[];
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ sid: sim.calls[0]!.sid, status: "completed" });
    expect((await createCall("+15005550601")).status).toBe(201);
  });

  it("works with the twilio package's own REST client through an HTTP client that rewrites the host", async () => {
    await start();
    sim.answer("+15005550602", { kind: "human", keys: ["1"] });
    class LoopbackClient extends twilio.RequestClient {
      override request<T>(opts: RequestClient.RequestOptions<T>) {
        return super.request<T>({ ...opts, uri: opts.uri.replace(/^https:\/\/api\.twilio\.com/, sim.baseUrl) });
      }
    }
    const client = twilio(sim.accountSid, sim.authToken, { httpClient: new LoopbackClient() });
    const call = await client.calls.create({
      to: "+15005550602",
      from: "+15005550006",
      url: `${productUrl}/voice`,
      statusCallback: `${productUrl}/status`,
      statusCallbackEvent: ["initiated", "answered", "completed"],
    });
    expect(call.sid).toMatch(/^CA/);
    expect(call.status).toBe("queued");
    await sim.idle();
    expect((await client.calls(call.sid).fetch()).status).toBe("completed");
    expect((await client.calls.list({ to: "+15005550602" })).map((c) => c.sid)).toEqual([call.sid]);
    expect(statusCallbacks(call.sid).map((r) => r.params.CallStatus)).toEqual(["initiated", "in-progress", "completed"]);
    expect(sim.callsTo("+15005550602")[0]!.keys).toEqual(["1"]);
  });

  it("probes a distinct audio file for every call", async () => {
    await start();
    const numbers = Array.from({ length: 8 }, (_, i) => `+1500557000${i}`);
    await Promise.all(numbers.map((to) => createCall(to, { Url: `${productUrl}/unique` })));
    await sim.idle();
    for (const to of numbers) {
      const [call] = sim.callsTo(to);
      expect(call!.errors).toEqual([]);
      expect(call!.played[0]!.url).toBe(`${productUrl}/audio/unique/${encodeURIComponent(to)}.wav`);
      expect(call!.played[0]!.format).toBe("wav pcm_mulaw 8000Hz 1ch");
      expect(call!.played[0]!.durationS).toBeCloseTo(PROMPT_S, 2);
    }
  });

  it("serves the same API under SignalWire's /api/laml prefix", async () => {
    await start();
    const response = await fetch(`${sim.baseUrl}/api/laml/2010-04-01/Accounts/${sim.accountSid}/Calls.json`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ To: "+15005550501", From: "+15005550006", Url: `${productUrl}/voice` }).toString(),
    });
    expect(response.status).toBe(201);
    await sim.idle();
    expect(sim.callsTo("+15005550501")[0]!.status).toBe("completed");
  });
});
