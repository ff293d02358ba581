import type { CallAnswerKind } from "@/drizzle/schema/calls";
import { assembleMessageAudio, type MessageAudio, type MessageFormat } from "@/lib/audio";
import type { Db, DbOrTx } from "@/lib/db";
import { insertMessages, insertSegments, listMessageStates, planMessages, segmentKeysOfMessages, type RenderTarget } from "@/lib/renders";
import { appError, err, type AppError, type Result } from "@/lib/result";
import { answerMessageKeys, insertAnswerMessages, isAnswerMessageOfOrganization } from "./queries";

export type AnswerKeys = Partial<Record<CallAnswerKind, string>>;

/**
 * Plans the call's spoken sentences (key prompt, answers, voicemail's last sentence) in the campaign's voice
 * through the segment path: a sentence rendered before (by any campaign or call) is reused, a new one is
 * queued for the dispatcher. Their message keys, by what they say.
 */
export async function planAnswerAudio(db: DbOrTx, organizationId: string, target: RenderTarget, texts: Record<CallAnswerKind, string>): Promise<AnswerKeys> {
  const kinds = Object.keys(texts) as CallAnswerKind[];
  const plan = planMessages(
    kinds.map((k) => texts[k]),
    target,
  );
  await insertSegments(db, [...plan.segments.values()], target);
  await insertMessages(db, [...plan.messages.values()]);
  await insertAnswerMessages(db, organizationId, [...new Set(plan.messageKeys)]);
  return Object.fromEntries(kinds.map((k, i) => [k, plan.messageKeys[i]!]));
}

/** Which of these messages have all their audio (the others are spoken by the carrier's voice meanwhile). */
export async function listRenderedMessages(db: DbOrTx, keys: string[]): Promise<Set<string>> {
  const states = await listMessageStates(db, keys);
  return new Set(keys.filter((k) => {
    const s = states.get(k);
    return s !== undefined && s.failed === 0 && s.done === s.segments;
  }));
}

/** The segments of every call's spoken sentences, as a subquery: the dispatcher renders those still queued. */
export function answerSegmentKeys() {
  return segmentKeysOfMessages(answerMessageKeys());
}

/** A call sentence's audio, only for the organisation that planned it (the carrier fetches it with a signed URL). */
export async function getAnswerAudio(ctx: { db: Db; organization: { id: string } }, messageKey: string, format: MessageFormat): Promise<Result<MessageAudio, AppError<"not_found" | "audio_not_ready">>> {
  if (!(await isAnswerMessageOfOrganization(ctx.db, ctx.organization.id, messageKey))) return err(appError("not_found", "There is no audio at this address."));
  return assembleMessageAudio(ctx.db, messageKey, format);
}
