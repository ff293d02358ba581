"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { MemberDto, MemberRemoval, RoleChange } from "@/lib/auth";
import { ROLE_LABELS, type Role } from "@/lib/values/roles";
import { PASSWORD_MIN } from "@/lib/auth/schemas";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "../../_components/client-api";
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
  const client = useQueryClient();
  const members = useQuery({
    queryKey: queryKeys.members(),
    queryFn: async () => (await fetchJson<{ members: MemberDto[] }>("/api/members")).members,
    initialData: initial,
  });
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.members() });
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
    <section aria-labelledby="members-heading" className="card space-y-4">
      <h2 id="members-heading" className="text-base font-semibold">
        Members
      </h2>
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" data-testid="members">
        {members.data.map((m) => (
          <li key={m.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2.5">
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
              <button
                type="button"
                className="btn-danger"
                aria-label={`Remove ${m.name}`}
                disabled={busy}
                onClick={() => {
                  if (
                    window.confirm(
                      `Remove ${m.name} (${m.email})? They are signed out at once and can no longer sign in; API keys they created are revoked and webhook endpoints they added are turned off.`,
                    )
                  ) {
                    setNotice(null);
                    remove.mutate(m.id);
                  }
                }}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {mutationError && (
        <p role="alert" className="text-sm text-red-700">
          {mutationError.message}
        </p>
      )}
      {notice && (
        <p role="status" className="text-sm text-emerald-700">
          {notice}
        </p>
      )}
      <RolesHelp />
      {isOwner ? <AddMemberForm onAdded={refresh} /> : <p className="text-sm text-slate-600">Only the owner can add or remove members and change their roles.</p>}
    </section>
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
    <form
      className="space-y-3 border-t border-slate-200 pt-4"
      aria-labelledby="add-member-heading"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <h3 id="add-member-heading" className="text-sm font-semibold">
        Add a member
      </h3>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <label htmlFor="member-name" className="label">
            Name
          </label>
          <input id="member-name" className="input mt-1" autoComplete="off" required maxLength={100} {...field("name")} />
        </div>
        <div>
          <label htmlFor="member-email" className="label">
            Email
          </label>
          <input id="member-email" type="email" className="input mt-1" autoComplete="off" required maxLength={254} {...field("email")} />
        </div>
        <div>
          <label htmlFor="member-password" className="label">
            First password
          </label>
          <input id="member-password" type="password" className="input mt-1" autoComplete="new-password" required minLength={PASSWORD_MIN} {...field("password")} />
        </div>
        <div>
          <label htmlFor="member-role" className="label">
            Role
          </label>
          <select id="member-role" className="input mt-1" value={role} onChange={(e) => setRole(e.target.value as "staff" | "admin")}>
            <option value="staff">Staff</option>
            <option value="admin">Admin</option>
          </select>
        </div>
      </div>
      <p className="text-xs text-slate-600">
        Give them this password yourself (nothing is emailed); they can change it on this page after signing in. At least {PASSWORD_MIN} characters.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Add member"}
        </button>
        {add.isError && (
          <span role="alert" className="text-sm text-red-700">
            {add.error.message}
          </span>
        )}
        {add.isSuccess && (
          <span role="status" className="text-sm text-emerald-700">
            Added {add.data.email}. They can sign in now.
          </span>
        )}
      </div>
    </form>
  );
}
