import twilio from "twilio";
import type VoiceResponse from "twilio/lib/twiml/VoiceResponse";

/**
 * A sentence as rendered audio (`play`), or as text for the carrier's own voice while it is not rendered
 * (`say`, in the call's language: "es-MX" for a Spanish call).
 */
export type Spoken = { say: string; language: string } | { play: string };

function speak(into: { play(url: string): unknown; say(attributes: VoiceResponse.SayAttributes, message: string): unknown }, spoken: Spoken) {
  if ("play" in spoken) into.play(spoken.play);
  else into.say({ language: spoken.language as VoiceResponse.SayAttributes["language"] }, spoken.say);
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

/**
 * A test call to a member of staff: what it is, then a patient's message and the key prompt as the patient
 * hears them, without a Gather (a key pressed on a test call records nothing), then the end.
 */
export function testCallTwiml(input: { intro: Spoken; audioUrl: string; prompt: Spoken; outro: Spoken }): string {
  const response = new twilio.twiml.VoiceResponse();
  speak(response, input.intro);
  response.play(input.audioUrl);
  speak(response, input.prompt);
  speak(response, input.outro);
  response.hangup();
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
