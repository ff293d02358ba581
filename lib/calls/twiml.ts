import twilio from "twilio";
import type { CallAnswerTexts } from "@/drizzle/schema/calls";

export const DEFAULT_ANSWER_TEXTS: Required<CallAnswerTexts> = {
  prompt: "Press 1 to confirm. Press 2 to cancel or reschedule. Press 9 to stop these calls. Press star to hear this again.",
  confirmed: "Thank you, your appointment is confirmed.",
  cancelRequested: "Thank you. We will call you to cancel or reschedule.",
  optedOut: "You will not receive these calls again. Goodbye.",
  voicemailCallback: "Please call us back if you have any questions.",
};

export function answerTexts(custom: CallAnswerTexts, callbackNumber: string | null): Required<CallAnswerTexts> {
  const merged = { ...DEFAULT_ANSWER_TEXTS, ...Object.fromEntries(Object.entries(custom).filter(([, v]) => v)) };
  if (!custom.voicemailCallback && callbackNumber) merged.voicemailCallback = `Please call us back on ${spokenNumber(callbackNumber)}.`;
  return merged;
}

/** "+13125550100" → "3 1 2, 5 5 5, 0 1 0 0": digits read one by one, in groups. */
export function spokenNumber(e164: string): string {
  const digits = e164.replace(/^\+1(?=\d{10}$)/, "").replace(/\D/g, "");
  const groups = digits.length === 10 ? [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)] : [digits];
  return groups.map((g) => g.split("").join(" ")).join(", ");
}

/** A sentence as rendered audio (`play`), or as text for the carrier's own voice while it is not rendered. */
export type Spoken = string | { play: string };

function speak(into: { play(url: string): unknown; say(text: string): unknown }, spoken: Spoken) {
  if (typeof spoken === "string") into.say(spoken);
  else into.play(spoken.play);
}

/**
 * The message with its key prompt: the recipient's audio inside a one-key Gather, then the prompt. No key:
 * on the first round the call comes back once (`repeatUrl`), on the second it ends.
 */
export function messageTwiml(input: { audioUrl: string; prompt: Spoken; gatherUrl: string; repeatUrl: string | null }): string {
  const response = new twilio.twiml.VoiceResponse();
  const gather = response.gather({ numDigits: 1, action: input.gatherUrl, method: "POST", timeout: 5, finishOnKey: "" });
  gather.play(input.audioUrl);
  speak(gather, input.prompt);
  if (input.repeatUrl) response.redirect({ method: "POST" }, input.repeatUrl);
  else response.hangup();
  return response.toString();
}

/** A short answer, then the call ends. */
export function sayAndHangUp(spoken: Spoken): string {
  const response = new twilio.twiml.VoiceResponse();
  speak(response, spoken);
  response.hangup();
  return response.toString();
}

export function redirectTwiml(url: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.redirect({ method: "POST" }, url);
  return response.toString();
}

/** What an answering machine records: the message without key prompts, then the callback sentence. */
export function voicemailTwiml(input: { audioUrl: string; callback: Spoken }): string {
  const response = new twilio.twiml.VoiceResponse();
  response.play(input.audioUrl);
  speak(response, input.callback);
  response.hangup();
  return response.toString();
}

export function hangUpTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}

/** Whether a callback was signed by the carrier with this account's auth token, over the URL it was sent to. */
export function isSignedByCarrier(authToken: string, signature: string | null, url: string, params: Record<string, string>): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}
