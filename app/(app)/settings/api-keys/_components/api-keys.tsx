"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ApiKeyDto, ApiKeyEventDto, CreatedApiKey } from "@/lib/api-keys";
import { queryKeys } from "@/lib/query-keys";
import { Card, ITEM_ROW, ItemList } from "../../../../_components/card";
import { CardForm, ConfirmButton, ErrorMessage, LabeledInput, SubmitRow } from "../../../../_components/form-fields";
import { fetchJson } from "../../../_components/client-api";
import { useServerList } from "../../../_components/use-server-list";

const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });
const when = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : "never");

/** The owner's list of keys, a form for a new one (shown once), revoke buttons and the recent key activity. */
export function ApiKeys({ initial, activity }: { initial: ApiKeyDto[]; activity: ApiKeyEventDto[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const keys = useServerList(queryKeys.apiKeys(), "/api/api-keys", "apiKeys", initial);
  // The list is a query; the activity comes with the page, so the page is refreshed too.
  const refresh = () => {
    router.refresh();
    return keys.refresh();
  };
  const revoke = useMutation({
    mutationFn: (id: string) => fetchJson<ApiKeyDto>(`/api/api-keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  const names = new Map(keys.data.map((k) => [k.id, k.name]));

  return (
    <>
      <CreateKeyForm
        onCreated={(key) => {
          setCreated(key);
          refresh();
        }}
      />
      {created && <NewKey apiKey={created} onDone={() => setCreated(null)} />}
      <Card headingId="keys-heading" title="Keys">
        <ItemList count={keys.data.length} empty="No keys yet." testId="api-keys">
          {keys.data.map((k) => (
            <li key={k.id} className={ITEM_ROW}>
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium text-slate-900">{k.name}</p>
                <p className="truncate font-mono text-xs text-slate-600">{k.prefix}</p>
                <p className="text-xs text-slate-600">Created by {k.createdBy ? `${k.createdBy.name} (${k.createdBy.email})` : "someone no longer on the team"}</p>
                {k.revokedReason && <p className="text-xs text-red-700">Revoked because {k.revokedReason}.</p>}
              </div>
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${k.scopes.includes("write") ? "bg-amber-50 text-amber-800" : "bg-slate-100 text-slate-700"}`}>
                {k.scopes.includes("write") ? "Read and write" : "Read only"}
              </span>
              <span className="text-xs text-slate-600">
                Created {when(k.createdAt)} · Last used {when(k.lastUsedAt)}
              </span>
              {k.revokedAt ? (
                <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800">Revoked {when(k.revokedAt)}</span>
              ) : (
                <ConfirmButton
                  aria-label={`Revoke ${k.name}`}
                  disabled={revoke.isPending}
                  question={`Revoke ${k.name}? Systems using it get 401 from their next request.`}
                  onConfirm={() => revoke.mutate(k.id)}
                >
                  Revoke
                </ConfirmButton>
              )}
            </li>
          ))}
        </ItemList>
        <ErrorMessage error={revoke.error?.message} block />
      </Card>
      <Card headingId="activity-heading" title="Recent activity" description="Keys created and revoked, and every request made with a key that could change data.">
        {activity.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing yet.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="api-key-activity">
            {activity.map((e) => (
              <li key={e.id} className="flex flex-wrap gap-x-3 break-all">
                <span className="text-xs whitespace-nowrap text-slate-600">{when(e.createdAt)}</span>
                <span className="font-medium">{names.get(e.apiKeyId) ?? "A key"}</span>
                <span className="text-slate-700">{e.kind === "write" ? `${e.details.method} ${e.details.path} → ${e.details.status}` : e.kind}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: CreatedApiKey) => void }) {
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "write">("read");
  const create = useMutation({
    mutationFn: () => fetchJson<CreatedApiKey>("/api/api-keys", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, scope }) }),
    onSuccess: (key) => {
      setName("");
      onCreated(key);
    },
  });
  return (
    <CardForm headingId="create-key-heading" title="Create a key" onSubmit={() => create.mutate()}>
      <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
        <LabeledInput id="key-name" label="Name" autoComplete="off" required maxLength={80} placeholder="e.g. Front-desk scheduler" value={name} onChange={(e) => setName(e.target.value)} />
        <fieldset className="flex flex-wrap gap-4 pb-2">
          <legend className="sr-only">Scope</legend>
          {(["read", "write"] as const).map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm">
              <input type="radio" name="scope" value={s} checked={scope === s} onChange={() => setScope(s)} />
              {s === "read" ? "Read only" : "Read and write"}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="text-xs text-slate-600">A read-only key may list and export; a read-and-write key may also import contacts and create and launch campaigns.</p>
      <SubmitRow label="Create key" pendingLabel="Creating…" pending={create.isPending} error={create.error?.message} />
    </CardForm>
  );
}

function NewKey({ apiKey, onDone }: { apiKey: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <section role="status" aria-labelledby="new-key-heading" className="card space-y-3 border-emerald-300 bg-emerald-50">
      <h2 id="new-key-heading" className="text-base font-semibold text-emerald-900">
        {apiKey.name}: copy the key now
      </h2>
      <p className="text-sm text-emerald-900">This is the only time it is shown. Only a hash of it is kept, so it cannot be shown again; if it is lost, revoke it and create another.</p>
      <code data-testid="new-api-key" className="block rounded-md border border-emerald-200 bg-white px-3 py-2 font-mono text-xs break-all text-slate-900 select-all">
        {apiKey.token}
      </code>
      <div className="flex flex-wrap gap-3">
        <button
          type="button"
          className="btn"
          onClick={async () => {
            await navigator.clipboard.writeText(apiKey.token);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          I have saved it
        </button>
      </div>
    </section>
  );
}
