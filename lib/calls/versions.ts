/**
 * The two versions of a call, as text: what a patient who answers hears, and what an answering machine
 * records. Both play the same message audio; the live call then asks for a key, the voicemail ends with the
 * callback sentence instead (lib/calls/twiml.ts messageTwiml and voicemailTwiml). Pure: the campaign builder
 * shows it in the browser.
 */
export type CallSentences = { prompt: string; voicemailCallback: string };

export type CallVersions = {
  /** In order: the message, then the key prompt. */
  answered: string[];
  /** In order: the message (no key prompt), then the callback sentence. */
  machine: string[];
  /** The message itself asks for a key: the answering machine records that sentence too. */
  messageAsksForKeys: boolean;
};

// "Press 1", "press star", "pulse 2" (Spanish): a key instruction written into the message by hand.
const KEY_INSTRUCTION = /\b(press|pulse|marque)\s+(\d|star|pound|hash|asterisco|almohadilla)\b/i;

export function callVersions(message: string, sentences: CallSentences): CallVersions {
  const text = message.trim();
  const parts = (last: string) => [text, last.trim()].filter((s) => s !== "");
  return { answered: parts(sentences.prompt), machine: parts(sentences.voicemailCallback), messageAsksForKeys: KEY_INSTRUCTION.test(text) };
}
