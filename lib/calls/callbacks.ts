import type { Db } from "@/lib/db";
import { optOutPhoneByCall, recordAppointmentAnswer } from "@/lib/contacts";
import { signedMessageAudioUrl } from "@/lib/campaigns";
import { enqueueJobs } from "@/lib/jobs";
import { INVALID_NUMBER_CODES, updateCallTwiml } from "./carrier";
import { CALL_AUDIO_FORMAT, type CallsConfig } from "./config";
import { recordCallStep, recordFinalOutcome, recordKeyOutcome } from "./outcomes";
import { callbackUrl, CALL_QUEUE } from "./place";
import { claimCallback, getAttemptBySid, getAttemptWithDelivery, insertAttempt, markAttemptPlaced, skipQueuedAttempts, updateAttempt, type AttemptWithDelivery } from "./queries";
import { loadCarrier } from "./settings";
import { listRenderedMessages } from "./answers";
import { hangUpTwiml, messageTwiml, redirectTwiml, sayAndHangUp, voicemailTwiml, type Spoken } from "./twiml";
import { answerTexts, CALL_LANGUAGES, callLanguageOf } from "./sentences";
import { isSignedByCarrier } from "./twiml";

export type CallbackKind = "voice" | "gather" | "status" | "amd";

export type CallbackRequest = {
  kind: CallbackKind;
  /** The URL the carrier posted to, as the public sees it (APP_URL + path + query): what it signed. */
  url: string;
  params: Record<string, string>;
  signature: string | null;
};

export type CallbackResponse = { status: number; body: string; contentType: "text/xml" | "text/plain" };

const xml = (body: string): CallbackResponse => ({ status: 200, body, contentType: "text/xml" });
const text = (status: number, body: string): CallbackResponse => ({ status, body, contentType: "text/plain" });

const TERMINAL = new Set(["completed", "busy", "no-answer", "failed", "canceled"]);
const MAX_ROUNDS = 6;

/**
 * Every carrier callback: the call is looked up by its sid (or, before the create's answer was saved, by
 * the attempt named in the URL the carrier was given, whose sid must then be free); the request must be
 * signed with that organisation's auth token over the public URL; a callback handled before is refused.
 * Nothing in the body is trusted to name a recipient.
 */
export async function handleCarrierCallback(db: Db, config: CallsConfig, request: CallbackRequest, now = new Date()): Promise<CallbackResponse> {
  const sid = request.params.CallSid ?? "";
  if (!/^CA[0-9a-f]{32}$/i.test(sid) && !/^[0-9a-f-]{36}$/i.test(sid)) return text(403, "unknown call");
  let found = await getAttemptBySid(db, sid);
  const attemptId = new URL(request.url).searchParams.get("a");
  if (!found && attemptId && /^[0-9a-f-]{36}$/i.test(attemptId)) {
    const byId = await getAttemptWithDelivery(db, attemptId);
    // Its sid may have been saved between the two reads: then it must be this call's.
    const sidFits = byId?.attempt.carrierSid === null || byId?.attempt.carrierSid === sid;
    if (byId && sidFits && (byId.attempt.state === "creating" || byId.attempt.state === "placed")) found = byId;
  }
  if (!found || (attemptId && found.attempt.id !== attemptId)) return text(403, "unknown call");
  const carrier = await loadCarrier(db, found.delivery.organizationId, config);
  if (!carrier || !isSignedByCarrier(carrier.account.authToken, request.signature, request.url, request.params)) return text(403, "signature refused");
  if (!(await claimCallback(db, sid, eventKey(request)))) return text(409, "already handled");
  if (found.attempt.carrierSid === null) {
    // The create's answer was not saved (its placer died): the signed callback tells which call it was.
    await markAttemptPlaced(db, found.attempt.id, sid, now);
    found = { ...found, attempt: { ...found.attempt, state: "placed", carrierSid: sid } };
  }
  const audioUrl = (messageKey = found.delivery.messageKey) => signedMessageAudioUrl(config.signing, found.delivery.organizationId, messageKey, CALL_AUDIO_FORMAT, config.publicUrl);
  const language = callLanguageOf(found.delivery.language);
  // Status callbacks (most of a call's callbacks) speak nothing: the sentences are looked up only for the others.
  const sentences = () => spokenSentences(db, found, answerTexts(carrier.settings.answerTexts, carrier.settings.callbackNumber, language), CALL_LANGUAGES[language].sayLanguage, audioUrl);
  const query = new URL(request.url).searchParams;
  const round = Number(query.get("r") ?? "1") || 1;

  switch (request.kind) {
    case "voice": {
      if (round > MAX_ROUNDS) return xml(hangUpTwiml());
      const texts = await sentences();
      const silentRounds = Number(query.get("q") ?? "0") || 0;
      return xml(
        messageTwiml({
          audioUrl: audioUrl(),
          prompt: texts.prompt,
          gatherUrl: callbackUrl(config, "gather", found.attempt.id, { r: String(round) }),
          // No key: the message once more, then the call ends.
          repeatUrl: silentRounds === 0 ? callbackUrl(config, "voice", found.attempt.id, { r: String(round + 1), q: "1" }) : null,
        }),
      );
    }
    case "gather": {
      const digit = (request.params.Digits ?? "").slice(0, 1);
      await updateAttempt(db, found.attempt.id, { digits: `${found.attempt.digits ?? ""}${digit}` });
      return xml(await answerKey(db, found, digit, round, await sentences(), config, now));
    }
    case "amd": {
      const answeredBy = request.params.AnsweredBy ?? "unknown";
      await updateAttempt(db, found.attempt.id, { answeredBy });
      if (answeredBy.startsWith("machine_") || answeredBy === "fax") {
        const updated = await updateCallTwiml(carrier.account, config.guard, sid, voicemailTwiml({ audioUrl: audioUrl(), callback: (await sentences()).voicemailCallback }));
        if (!updated.ok) await updateAttempt(db, found.attempt.id, { error: `voicemail could not be started: ${updated.error.message}` });
      }
      return text(204, "");
    }
    case "status":
      await handleStatus(db, found, request.params, carrier.settings, now);
      return text(204, "");
  }
}

function eventKey(request: CallbackRequest): string {
  const q = new URL(request.url).searchParams;
  if (request.kind === "status") return `status:${request.params.CallStatus ?? ""}:${request.params.SequenceNumber ?? ""}`;
  if (request.kind === "gather") return `gather:${q.get("r") ?? ""}`;
  if (request.kind === "voice") return `voice:${q.get("r") ?? ""}`;
  return "amd";
}

type Sentences = Record<keyof ReturnType<typeof answerTexts>, Spoken>;

/**
 * Each sentence as its rendered audio when the delivery's copy in its version's voice is ready, else as text
 * for the carrier's voice in the call's language (`sayLanguage`).
 */
async function spokenSentences(db: Db, found: AttemptWithDelivery, texts: ReturnType<typeof answerTexts>, sayLanguage: string, audioUrl: (key: string) => string): Promise<Sentences> {
  const keys = found.delivery.answerKeys;
  const rendered = await listRenderedMessages(db, Object.values(keys).filter((k): k is string => !!k));
  const pick = (kind: keyof Sentences): Spoken => (keys[kind] && rendered.has(keys[kind]!) ? { play: audioUrl(keys[kind]!) } : { say: texts[kind], language: sayLanguage });
  return { prompt: pick("prompt"), confirmed: pick("confirmed"), cancelRequested: pick("cancelRequested"), optedOut: pick("optedOut"), voicemailCallback: pick("voicemailCallback") };
}

async function answerKey(db: Db, found: AttemptWithDelivery, digit: string, round: number, texts: Sentences, config: CallsConfig, now: Date): Promise<string> {
  const again = () => redirectTwiml(callbackUrl(config, "voice", found.attempt.id, { r: String(round + 1), q: "0" }));
  switch (digit) {
    case "1":
    case "2": {
      const answer = digit === "1" ? "confirmed" : "cancel_requested";
      let appointmentId: string | null = null;
      await recordKeyOutcome(db, found, answer, now, {}, async (tx) => {
        appointmentId = await recordAppointmentAnswer(tx, found.delivery.contactId, answer, now);
      });
      void appointmentId;
      return sayAndHangUp(digit === "1" ? texts.confirmed : texts.cancelRequested);
    }
    case "9":
      // On the list before this answer is spoken: no later attempt or campaign calls the number again.
      await recordKeyOutcome(db, found, "opted_out", now, { phone: found.delivery.phone }, async (tx) => {
        await optOutPhoneByCall(tx, found.delivery.organizationId, found.delivery.phone);
        await skipQueuedAttempts(tx, found.delivery.id, "the patient pressed 9");
      });
      return sayAndHangUp(texts.optedOut);
    case "*":
      return again();
    default:
      return again();
  }
}

async function handleStatus(db: Db, found: AttemptWithDelivery, params: Record<string, string>, settings: { retries: number; retryDelayMinutes: number }, now: Date): Promise<void> {
  const status = params.CallStatus ?? "";
  if (!TERMINAL.has(status)) {
    await updateAttempt(db, found.attempt.id, { carrierStatus: status });
    return;
  }
  const errorCode = params.ErrorCode || null;
  const answeredBy = params.AnsweredBy || found.attempt.answeredBy;
  await updateAttempt(db, found.attempt.id, {
    state: "ended",
    carrierStatus: status,
    durationSeconds: params.CallDuration ? Number(params.CallDuration) || 0 : 0,
    errorCode,
    answeredBy,
    endedAt: now,
  });
  if (status === "completed") {
    const machine = (answeredBy ?? "").startsWith("machine_");
    await recordFinalOutcome(db, found, machine ? "voicemail" : "answered_no_key", null, now);
    return;
  }
  if (errorCode && INVALID_NUMBER_CODES.has(Number(errorCode))) {
    await recordFinalOutcome(db, found, "invalid_number", `carrier error ${errorCode}`, now);
    return;
  }
  // Busy, no answer or failed: again after the delay (inside the window, under the cap) while attempts are
  // left, unless the calls were stopped (or the campaign canceled) while this one was under way.
  const fresh = await getAttemptWithDelivery(db, found.attempt.id);
  const stopReason = fresh?.delivery.stopReason ?? null;
  if (!fresh?.delivery.outcome && !stopReason && found.attempt.attemptNo <= settings.retries) {
    const next = await insertAttempt(db, found.delivery.id, found.attempt.attemptNo + 1);
    if (next) await enqueueJobs(db, [{ queue: CALL_QUEUE, key: next, runAt: new Date(now.getTime() + settings.retryDelayMinutes * 60_000) }]);
    await recordCallStep(db, found, "retrying");
    return;
  }
  const outcome = status === "busy" ? "busy" : status === "no-answer" ? "no_answer" : "failed";
  const why = outcome === "failed" ? `the call failed${errorCode ? ` (carrier error ${errorCode})` : ""}${params.SipResponseCode ? `, SIP ${params.SipResponseCode}` : ""}` : `after ${found.attempt.attemptNo} attempt${found.attempt.attemptNo === 1 ? "" : "s"}`;
  const detail = stopReason ? `${why}; not tried again: ${stopReason === "canceled" ? "the campaign was canceled" : "calls were stopped"}` : why;
  await recordFinalOutcome(db, found, outcome, detail, now);
}
