import type { CallOutcome } from "@/drizzle/schema/calls";
import { recordCallProgress } from "@/lib/campaigns";
import type { Db, DbOrTx } from "@/lib/db";
import { enqueueWebhookEvent, type WebhookEventType } from "@/lib/webhooks";
import { setDeliveryOutcome, type AttemptWithDelivery } from "./queries";

/** The webhook each key-press outcome sends besides call.completed. */
const OUTCOME_EVENTS: Partial<Record<CallOutcome, WebhookEventType>> = {
  confirmed: "appointment.confirmed",
  cancel_requested: "appointment.cancel_requested",
  opted_out: "contact.opted_out",
};

const subjectOf = (found: AttemptWithDelivery, outcome: CallOutcome, extra: Record<string, string> = {}) => ({
  deliveryId: found.delivery.id,
  campaignId: found.delivery.campaignId,
  contactId: found.delivery.contactId,
  outcome,
  ...extra,
});

/**
 * The answer a key gave (confirmed, cancel requested, opted out): the delivery's outcome, set over whatever
 * a status said before, and its webhook, in one transaction. `extra` goes into the event's subject.
 */
export async function recordKeyOutcome(db: Db, found: AttemptWithDelivery, outcome: CallOutcome, at: Date, extra: Record<string, string> = {}, also?: (tx: DbOrTx) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    await also?.(tx);
    await setDeliveryOutcome(tx, found.delivery.id, outcome, null, at, { overwrite: true });
    await recordCallProgress(tx, found.delivery.campaignId, { recipientId: found.delivery.recipientId, state: "answered", outcome });
    const type = OUTCOME_EVENTS[outcome];
    if (type) await enqueueWebhookEvent(tx, found.delivery.organizationId, type, subjectOf(found, outcome, extra));
  });
}

/**
 * The delivery is over: its outcome (unless a key already decided one) and, when a call was made,
 * call.completed. A delivery's outcome is set once, so a replayed or late status cannot send it twice. A
 * number found on the do-not-call list before its call is not a new opt-out: no contact.opted_out.
 */
export async function recordFinalOutcome(db: Db, found: AttemptWithDelivery, outcome: CallOutcome, detail: string | null, at: Date, options: { called?: boolean } = {}): Promise<void> {
  await db.transaction(async (tx) => {
    const set = await setDeliveryOutcome(tx, found.delivery.id, outcome, detail, at);
    const final = set ? outcome : (found.delivery.outcome ?? outcome);
    await recordCallProgress(tx, found.delivery.campaignId, { recipientId: found.delivery.recipientId, state: "ended", outcome: final });
    if (options.called !== false) await enqueueWebhookEvent(tx, found.delivery.organizationId, "call.completed", subjectOf(found, final, { attemptId: found.attempt.id }));
  });
}

/** A call of the delivery was placed, or ended and will be tried again: the report's progress moves. */
export async function recordCallStep(db: DbOrTx, found: AttemptWithDelivery, state: "placed" | "retrying"): Promise<void> {
  await recordCallProgress(db, found.delivery.campaignId, { recipientId: found.delivery.recipientId, state, outcome: null });
}
