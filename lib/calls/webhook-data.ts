import type { Db } from "@/lib/db";
import { getDeliveryOfOrganization, listAttemptsOfDeliveries } from "./queries";

/**
 * The `data` of a call's webhook (call.completed, appointment.confirmed, appointment.cancel_requested,
 * contact.opted_out), built at delivery from the delivery's id in the event's subject.
 */
export async function getCallWebhookData(db: Db, organizationId: string, subject: Record<string, string>): Promise<Record<string, unknown>> {
  const delivery = subject.deliveryId ? await getDeliveryOfOrganization(db, organizationId, subject.deliveryId) : null;
  if (!delivery) return { call: { id: subject.deliveryId ?? null }, outcome: subject.outcome ?? null };
  const attempts = await listAttemptsOfDeliveries(db, [delivery.id]);
  return {
    campaign: { id: delivery.campaignId },
    contact: { id: delivery.contactId, phone: delivery.phone, timezone: delivery.timezone },
    recipient: { id: delivery.recipientId },
    outcome: subject.outcome ?? delivery.outcome,
    call: {
      id: delivery.id,
      outcome: delivery.outcome,
      outcomeDetail: delivery.outcomeDetail,
      attempts: attempts.map((a) => ({
        attempt: a.attemptNo,
        carrierSid: a.carrierSid,
        status: a.carrierStatus,
        answeredBy: a.answeredBy,
        keys: a.digits,
        durationSeconds: a.durationSeconds,
        errorCode: a.errorCode,
        placedAt: a.placedAt?.toISOString() ?? null,
        endedAt: a.endedAt?.toISOString() ?? null,
      })),
    },
  };
}
