"use client";

import { useState } from "react";
import type { WebhookEndpointDto } from "@/lib/webhooks";
import type { WebhookEventType } from "@/lib/webhooks/schemas";
import { ITEM_ROW, ItemList } from "../../../../_components/card";
import { CardForm, ConfirmButton, LabeledInput, SubmitRow } from "../../../../_components/form-fields";
import { ActionError, useServerAction } from "../../../_components/use-server-action";
import { createWebhookEndpointAction, deleteWebhookEndpointAction } from "../actions";

export function EndpointList({ endpoints }: { endpoints: WebhookEndpointDto[] }) {
  const { pending, error, run } = useServerAction();
  return (
    <>
      <ItemList count={endpoints.length} empty="No endpoint yet." testId="webhook-endpoints">
        {endpoints.map((e) => (
          <li key={e.id} className={ITEM_ROW}>
            <div className="min-w-0 flex-1">
              <p className="text-sm font-medium break-all text-slate-900">{e.url}</p>
              <p className="text-xs text-slate-600">{e.eventTypes.join(", ")}</p>
              <p className="text-xs text-slate-600">
                {e.createdBy
                  ? `Added by ${e.createdBy.name} (${e.createdBy.email})`
                  : e.isEnabled
                    ? "Added before the app recorded who adds endpoints: it belongs to the organisation"
                    : "Added by someone no longer on the team"}
              </p>
              {!e.isEnabled && (
                <p className="text-xs font-medium text-red-700">
                  Turned off{e.disabledReason ? `: ${e.disabledReason}` : ""}. Nothing is sent to it. Check the URL; add it again for a new secret, or delete it.
                </p>
              )}
            </div>
            <ConfirmButton
              aria-label={`Delete ${e.url}`}
              disabled={pending}
              question={`Delete the endpoint ${e.url}? Its pending deliveries are dropped.`}
              onConfirm={() => run(() => deleteWebhookEndpointAction(e.id))}
            >
              Delete
            </ConfirmButton>
          </li>
        ))}
      </ItemList>
      <ActionError error={error} />
    </>
  );
}

/** Adds an endpoint; its signing secret is shown here once, right after, and never again. */
export function EndpointForm({ eventTypes }: { eventTypes: readonly WebhookEventType[] }) {
  const { pending, error, run, router } = useServerAction();
  const [url, setUrl] = useState("");
  const [types, setTypes] = useState<WebhookEventType[]>([...eventTypes]);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <CardForm
      headingId="add-endpoint-heading"
      title="Add an endpoint"
      nested
      onSubmit={() => {
        setSecret(null);
        run(
          () => createWebhookEndpointAction({ url, eventTypes: types }),
          (created) => {
            setUrl("");
            setSecret(created.secret);
            router.refresh();
          },
        );
      }}
    >
      <LabeledInput id="endpoint-url" label="URL" type="url" required maxLength={2000} placeholder="https://dialer.example.com/hooks/voice" value={url} onChange={(e) => setUrl(e.target.value)} />
      <fieldset>
        <legend className="label">Events</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {eventTypes.map((t) => (
            <label key={t} className="inline-flex min-h-9 items-center gap-1.5 rounded-md border border-slate-300 px-2.5 text-sm">
              <input type="checkbox" checked={types.includes(t)} onChange={() => setTypes((all) => (all.includes(t) ? all.filter((x) => x !== t) : [...all, t]))} />
              {t}
            </label>
          ))}
        </div>
      </fieldset>
      <SubmitRow label="Add endpoint" pendingLabel="Adding…" pending={pending} error={error} />
      {secret && (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-medium text-amber-900">Signing secret: copy it now, it is not shown again.</p>
          <code className="mt-1 block break-all text-slate-900" data-testid="webhook-secret">
            {secret}
          </code>
        </div>
      )}
    </CardForm>
  );
}
