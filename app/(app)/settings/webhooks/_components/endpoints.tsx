"use client";

import { useState } from "react";
import type { WebhookEndpointDto } from "@/lib/webhooks";
import type { WebhookEventType } from "@/lib/webhooks/schemas";
import { ActionError, useServerAction } from "../../../_components/use-server-action";
import { createWebhookEndpointAction, deleteWebhookEndpointAction } from "../actions";

export function EndpointList({ endpoints }: { endpoints: WebhookEndpointDto[] }) {
  const { pending, error, run } = useServerAction();
  if (endpoints.length === 0) return <p className="text-sm text-slate-600">No endpoint yet.</p>;
  return (
    <>
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" data-testid="webhook-endpoints">
        {endpoints.map((e) => (
          <li key={e.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2.5">
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
            <button
              type="button"
              className="btn-danger"
              aria-label={`Delete ${e.url}`}
              disabled={pending}
              onClick={() => {
                if (window.confirm(`Delete the endpoint ${e.url}? Its pending deliveries are dropped.`)) run(() => deleteWebhookEndpointAction(e.id));
              }}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
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
    <form
      className="space-y-3 border-t border-slate-200 pt-4"
      aria-labelledby="add-endpoint-heading"
      onSubmit={(e) => {
        e.preventDefault();
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
      <h3 id="add-endpoint-heading" className="text-sm font-semibold">
        Add an endpoint
      </h3>
      <div>
        <label htmlFor="endpoint-url" className="label">
          URL
        </label>
        <input id="endpoint-url" type="url" className="input mt-1" required maxLength={2000} placeholder="https://dialer.example.com/hooks/voice" value={url} onChange={(e) => setUrl(e.target.value)} />
      </div>
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
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? "Adding…" : "Add endpoint"}
        </button>
        <ActionError error={error} />
      </div>
      {secret && (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-medium text-amber-900">Signing secret: copy it now, it is not shown again.</p>
          <code className="mt-1 block break-all text-slate-900" data-testid="webhook-secret">
            {secret}
          </code>
        </div>
      )}
    </form>
  );
}
