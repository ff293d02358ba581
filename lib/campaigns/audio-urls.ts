import { assembleMessageAudio, signAudio, type AudioUrlSigning, type MessageAudio, type MessageFormat } from "@/lib/audio";
import type { Db } from "@/lib/db";
import { appError, err, type AppError, type Result } from "@/lib/result";
import { isMessageOfOrganization } from "./queries";

/** The content-addressed URL of a message's audio (immutable bytes; needs a session or a signature). */
export function messageAudioPath(messageKey: string, extension = "wav"): string {
  return `/api/audio/${messageKey}.${extension}`;
}

/** An absolute audio URL that works without a session until it expires (for phone systems). */
export function signedMessageAudioUrl(signing: AudioUrlSigning, organizationId: string, messageKey: string, extension: string, baseUrl: string): string {
  const url = new URL(messageAudioPath(messageKey, extension), baseUrl);
  const { org, exp, sig } = signAudio(signing, organizationId, messageKey);
  url.search = new URLSearchParams({ org, exp: String(exp), sig }).toString();
  return url.toString();
}

/**
 * A message's audio, only when the message belongs to a campaign of the organisation: message keys are
 * content addresses, so knowing one must not be enough to hear another clinic's patient message.
 */
export async function getMessageAudio(
  ctx: { db: Db; organization: { id: string } },
  messageKey: string,
  format: MessageFormat,
): Promise<Result<MessageAudio, AppError<"not_found" | "audio_not_ready">>> {
  if (!(await isMessageOfOrganization(ctx.db, ctx.organization.id, messageKey))) return err(appError("not_found", "There is no audio at this address."));
  return assembleMessageAudio(ctx.db, messageKey, format);
}
