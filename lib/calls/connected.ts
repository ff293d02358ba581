import type { DbOrTx } from "@/lib/db";
import { getCarrierSettingsRow } from "./queries";
import { answerTexts, type CallLanguageTag } from "./sentences";
import type { CallSentences } from "./versions";

/** Whether the organisation has saved a carrier account (Settings → Phone calls): what phone delivery needs. */
export async function hasCarrierConnected(db: DbOrTx, organizationId: string): Promise<boolean> {
  return (await getCarrierSettingsRow(db, organizationId)) !== null;
}

/**
 * The sentences a call adds to the message, as the organisation has them now (its own or the defaults, and
 * its callback number) in `language`: the key prompt and the voicemail's last sentence. Null while no carrier
 * is connected.
 */
export async function getCallSentences(db: DbOrTx, organizationId: string, language: CallLanguageTag = "en"): Promise<CallSentences | null> {
  const settings = await getCarrierSettingsRow(db, organizationId);
  if (!settings) return null;
  // The same merge the calls use when they are placed (start.ts, callbacks.ts).
  const texts = answerTexts(settings.answerTexts, settings.callbackNumber, language);
  return { prompt: texts.prompt, voicemailCallback: texts.voicemailCallback };
}
