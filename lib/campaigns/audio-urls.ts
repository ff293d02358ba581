import type { ScopedCtx } from "@/lib/context";
import { assembleMessageAudio, messageAudioPath, signAudio, type AudioUrlSigning, type MessageAudio, type MessageFormat } from "@/lib/audio";
import { etaMidpointSeconds } from "@/lib/renders";
import { appError, err, type AppError, type Result } from "@/lib/result";
import { estimateTimeLeft } from "./eta";
import { isMessageOfOrganization } from "./queries";

/** An absolute audio URL that works without a session until it expires (for phone systems). */
/** `name`: the download's file name stem (whose message, which campaign); the signature does not cover it. */
export function signedMessageAudioUrl(signing: AudioUrlSigning, organizationId: string, messageKey: string, format: MessageFormat, baseUrl: string, name?: string | null): string {
  const url = new URL(messageAudioPath(messageKey, format), baseUrl);
  const { org, exp, sig } = signAudio(signing, organizationId, messageKey);
  url.search = new URLSearchParams({ org, exp: String(exp), sig, ...(name ? { name } : {}) }).toString();
  return url.toString();
}

/**
 * A message's audio, only when the message belongs to a campaign of the organisation: message keys are
 * content addresses, so knowing one must not be enough to hear another clinic's patient message.
 */
export async function getMessageAudio(
  ctx: ScopedCtx,
  messageKey: string,
  format: MessageFormat,
): Promise<Result<MessageAudio, AppError<"not_found" | "audio_not_ready">>> {
  if (!(await isMessageOfOrganization(ctx.db, ctx.organization.id, messageKey))) return err(appError("not_found", "There is no audio at this address."));
  const audio = await assembleMessageAudio(ctx.db, messageKey, format);
  if (audio.ok || audio.error.code !== "audio_not_ready") return audio;
  // Still rendering: say when to ask again (the route sends it as Retry-After); nothing when it never will be.
  const eta = await estimateTimeLeft(ctx.db, { messageKey }, null);
  const retryAfterSeconds = eta && eta.highSeconds > 0 ? etaMidpointSeconds(eta) : null;
  return err({ ...audio.error, details: { eta, retryAfterSeconds } });
}
