"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { MemberDto, MemberRemoval, RoleChange } from "@/lib/auth";
import { ROLE_LABELS, type Role } from "@/lib/values/roles";
import { PASSWORD_MIN } from "@/lib/auth/schemas";
import { queryKeys } from "@/lib/query-keys";
import { Card, ITEM_ROW, ItemList } from "../../../_components/card";
import { CardForm, ConfirmButton, ErrorMessage, LabeledInput, LabeledSelect, SubmitRow } from "../../../_components/form-fields";
import { fetchJson } from "../../_components/client-api";
import { useServerList } from "../../_components/use-server-list";
import { useTextFields } from "../../_components/use-text-fields";

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });

const ROLE_STYLE: Record<Role, string> = { owner: "bg-indigo-50 text-indigo-800", admin: "bg-amber-50 text-amber-800", staff: "bg-slate-100 text-slate-700" };

/** What was turned off with a person's admin rights, in a sentence (empty when nothing was). */
function endedAccess(counts: { revokedApiKeys: number; disabledWebhookEndpoints: number }): string {
  const parts = [
    counts.revokedApiKeys > 0 && `${counts.revokedApiKeys} API key${counts.revokedApiKeys === 1 ? "" : "s"} they created ${counts.revokedApiKeys === 1 ? "was" : "were"} revoked`,
    counts.disabledWebhookEndpoints > 0 &&
      `${counts.disabledWebhookEndpoints} webhook endpoint${counts.disabledWebhookEndpoints === 1 ? "" : "s"} they added ${counts.disabledWebhookEndpoints === 1 ? "was" : "were"} turned off`,
  ].filter(Boolean);
  return parts.length ? ` ${parts.join("; ")}.` : "";
}

/**
 * The members list; the owner also adds colleagues (with a first password to hand over), changes their
 * roles (making someone the owner hands ownership over) and removes them.
 */
export function TeamMembers({ initial, isOwner }: { initial: MemberDto[]; isOwner: boolean }) {
  const { data: members, refresh } = useServerList(queryKeys.members(), "/api/members", "members", initial);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => fetchJson<MemberRemoval>(`/api/members/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: (removed) => {
      setNotice(`Removed ${removed.removed}.${endedAccess(removed)}`);
      return refresh();
    },
  });
  const changeRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) =>
      fetchJson<RoleChange>(`/api/members/${encodeURIComponent(id)}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ role }) }),
    onSuccess: (changed) => {
      if (changed.member.role === "owner") {
        // The caller is an admin now: the page's own controls change with it.
        window.location.reload();
        return;
      }
      setNotice(`${changed.member.name} is now ${ROLE_LABELS[changed.member.role].toLowerCase()}.${endedAccess(changed)}`);
      return refresh();
    },
  });
  const busy = remove.isPending || changeRole.isPending;
  const mutationError = remove.error ?? changeRole.error;

  return (
    <Card headingId="members-heading" title="Members" className="space-y-4">
      <ItemList testId="members">
        {members.map((m) => (
          <li key={m.id} className={ITEM_ROW}>
            <div className="min-w-0 basis-full sm:flex-1 sm:basis-0">
              <p className="truncate text-sm font-medium text-slate-900">{m.name}</p>
              <p className="truncate text-sm text-slate-600">{m.email}</p>
            </div>
            {isOwner && m.role !== "owner" ? (
              <select
                className="input w-auto py-1 text-sm"
                aria-label={`Role of ${m.name}`}
                value={m.role}
                disabled={busy}
                onChange={(e) => {
                  const role = e.target.value as Role;
                  if (role === "owner" && !window.confirm(`Make ${m.name} the owner? You become an admin and can no longer manage the team.`)) return;
                  if (m.role === "admin" && role === "staff" && !window.confirm(`Make ${m.name} staff? The API keys they created are revoked and the webhook endpoints they added are turned off.`)) return;
                  setNotice(null);
                  changeRole.mutate({ id: m.id, role });
                }}
              >
                <option value="staff">Staff</option>
                <option value="admin">Admin</option>
                <option value="owner">Owner</option>
              </select>
            ) : (
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${ROLE_STYLE[m.role]}`}>{ROLE_LABELS[m.role]}</span>
            )}
            <span className="text-xs text-slate-600">Added {dateFormat.format(new Date(m.addedAt))}</span>
            {isOwner && m.role !== "owner" && (
              <ConfirmButton
                aria-label={`Remove ${m.name}`}
                disabled={busy}
                question={`Remove ${m.name} (${m.email})? They are signed out at once and can no longer sign in; API keys they created are revoked and webhook endpoints they added are turned off.`}
                onConfirm={() => {
                  setNotice(null);
                  remove.mutate(m.id);
                }}
              >
                Remove
              </ConfirmButton>
            )}
          </li>
        ))}
      </ItemList>
      <ErrorMessage error={mutationError?.message} block />
      {notice && (
        <p role="status" className="text-sm text-emerald-700">
          {notice}
        </p>
      )}
      <RolesHelp />
      {isOwner ? <AddMemberForm onAdded={refresh} /> : <p className="text-sm text-slate-600">Only the owner can add or remove members and change their roles.</p>}
    </Card>
  );
}

/** What each role may do, in the words of the Roles section of docs/using.md. */
function RolesHelp() {
  return (
    <details className="text-sm text-slate-700">
      <summary className="cursor-pointer font-medium">What each role can do</summary>
      <dl className="mt-2 space-y-1">
        <div>
          <dt className="inline font-medium">Staff</dt>
          <dd className="inline">: contacts, imports, lists, do-not-call, campaigns, preview links, exports, pronunciations and voices.</dd>
        </div>
        <div>
          <dt className="inline font-medium">Admin</dt>
          <dd className="inline">: also the organisation settings, schedules, webhook endpoints and API keys.</dd>
        </div>
        <div>
          <dt className="inline font-medium">Owner</dt>
          <dd className="inline">: also adds and removes people, changes roles and can hand ownership to someone else.</dd>
        </div>
      </dl>
    </details>
  );
}

function AddMemberForm({ onAdded }: { onAdded: () => void }) {
  const { values: form, field, reset } = useTextFields({ name: "", email: "", password: "" });
  const [role, setRole] = useState<"staff" | "admin">("staff");
  const add = useMutation({
    mutationFn: () => fetchJson<MemberDto>("/api/members", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...form, role }) }),
    onSuccess: () => {
      reset();
      onAdded();
    },
  });
  return (
    <CardForm headingId="add-member-heading" title="Add a member" nested onSubmit={() => add.mutate()}>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <LabeledInput id="member-name" label="Name" autoComplete="off" required maxLength={100} {...field("name")} />
        <LabeledInput id="member-email" label="Email" type="email" autoComplete="off" required maxLength={254} {...field("email")} />
        <LabeledInput id="member-password" label="First password" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} {...field("password")} />
        <LabeledSelect id="member-role" label="Role" value={role} onChange={(e) => setRole(e.target.value as "staff" | "admin")}>
          <option value="staff">Staff</option>
          <option value="admin">Admin</option>
        </LabeledSelect>
      </div>
      <p className="text-xs text-slate-600">
        Give them this password yourself (nothing is emailed); they can change it on this page after signing in. At least {PASSWORD_MIN} characters.
      </p>
      <SubmitRow
        label="Add member"
        pendingLabel="Adding…"
        pending={add.isPending}
        error={add.error?.message}
        success={add.isSuccess && <>Added {add.data.email}. They can sign in now.</>}
      />
    </CardForm>
  );
}
