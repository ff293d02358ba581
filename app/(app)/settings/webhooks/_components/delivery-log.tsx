"use client";

import type { WebhookDeliveryDto } from "@/lib/webhooks";
import { ItemList } from "../../../../_components/card";
import { ActionError, useServerAction } from "../../../_components/use-server-action";
import { replayWebhookDeliveryAction } from "../actions";

const STATUS_STYLE = { delivered: "bg-emerald-50 text-emerald-800", pending: "bg-amber-50 text-amber-800", failed: "bg-red-50 text-red-800" } as const;
const time = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "long" });

/** Every delivery with each attempt's answer; replay sends it again with the same webhook-id. */
export function DeliveryLog({ deliveries }: { deliveries: WebhookDeliveryDto[] }) {
  const { pending, error, run } = useServerAction();
  return (
    <>
      <ItemList count={deliveries.length} empty="Nothing sent yet." testId="webhook-deliveries" bordered={false}>
        {deliveries.map((d) => (
          <li key={d.id} className="space-y-1.5 py-3">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className="text-sm font-medium text-slate-900">{d.eventType}</span>
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[d.status]}`}>{d.status}</span>
              <span className="order-last min-w-0 basis-full truncate text-xs text-slate-600 sm:order-none sm:flex-1 sm:basis-auto">{d.endpointUrl}</span>
              <button
                type="button"
                className="btn ml-auto"
                aria-label={`Replay ${d.eventType} ${d.eventId}`}
                disabled={pending}
                onClick={() => run(() => replayWebhookDeliveryAction(d.id))}
              >
                Replay
              </button>
            </div>
            <p className="text-xs break-all text-slate-500">webhook-id {d.eventId}</p>
            <ol className="space-y-0.5 text-xs text-slate-700">
              {d.attempts.map((a, i) => (
                <li key={i}>
                  {time.format(new Date(a.attemptedAt))}: {a.statusCode ? `HTTP ${a.statusCode}` : a.error} ({a.durationMs} ms)
                </li>
              ))}
              {d.status === "pending" && d.nextAttemptAt && <li>Next attempt {time.format(new Date(d.nextAttemptAt))}</li>}
            </ol>
          </li>
        ))}
      </ItemList>
      <ActionError error={error} />
    </>
  );
}
