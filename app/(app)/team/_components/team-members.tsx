"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { MemberDto } from "@/lib/auth";
import { PASSWORD_MIN } from "@/lib/auth/schemas";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "../../_components/client-api";
import { useTextFields } from "../../_components/use-text-fields";

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });

/** The members list; the owner also adds colleagues (with a first password to hand over) and removes them. */
export function TeamMembers({ initial, isOwner }: { initial: MemberDto[]; isOwner: boolean }) {
  const client = useQueryClient();
  const members = useQuery({
    queryKey: queryKeys.members(),
    queryFn: async () => (await fetchJson<{ members: MemberDto[] }>("/api/members")).members,
    initialData: initial,
  });
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.members() });
  const remove = useMutation({
    mutationFn: (id: string) => fetchJson<{ removed: string }>(`/api/members/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: refresh,
  });

  return (
    <section aria-labelledby="members-heading" className="card space-y-4">
      <h2 id="members-heading" className="text-base font-semibold">
        Members
      </h2>
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" data-testid="members">
        {members.data.map((m) => (
          <li key={m.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2.5">
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium text-slate-900">{m.name}</p>
              <p className="truncate text-sm text-slate-600">{m.email}</p>
            </div>
            <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${m.role === "owner" ? "bg-indigo-50 text-indigo-800" : "bg-slate-100 text-slate-700"}`}>
              {m.role === "owner" ? "Owner" : "Member"}
            </span>
            <span className="text-xs text-slate-600">Added {dateFormat.format(new Date(m.addedAt))}</span>
            {isOwner && m.role !== "owner" && (
              <button
                type="button"
                className="btn-danger"
                aria-label={`Remove ${m.name}`}
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm(`Remove ${m.name} (${m.email})? They are signed out at once and can no longer sign in.`)) remove.mutate(m.id);
                }}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {remove.isError && (
        <p role="alert" className="text-sm text-red-700">
          {remove.error.message}
        </p>
      )}
      {isOwner ? <AddMemberForm onAdded={refresh} /> : <p className="text-sm text-slate-600">Only the owner can add or remove members.</p>}
    </section>
  );
}

function AddMemberForm({ onAdded }: { onAdded: () => void }) {
  const { values: form, field, reset } = useTextFields({ name: "", email: "", password: "" });
  const add = useMutation({
    mutationFn: () => fetchJson<MemberDto>("/api/members", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(form) }),
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
      <div className="grid gap-3 sm:grid-cols-3">
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
