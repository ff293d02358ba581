"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ContactCampaignRow } from "@/lib/campaigns";
import type { ContactDetail } from "@/lib/contacts";
import { queryKeys } from "@/lib/query-keys";
import { unwrap } from "../../_components/client-api";
import { useTextFields } from "../../_components/use-text-fields";
import { statusWord } from "../../campaigns/_components/import-mapping";
import { StatusBadge } from "../../campaigns/_components/status-badge";
import { deleteContactsAction, optInContactAction, optOutContactAction, updateContactAction } from "../actions";
import { contactName } from "./contacts-browser";
import { DELETE_EXPLANATION } from "./delete-explanation";

const SOURCES: Record<string, string> = { manual: "by hand", import: "by an import's opt-out column", file: "by a do-not-call file", api: "through the API" };

/** One contact: edit, do-not-call, delete; its appointments, lists and the campaigns that reached it. */
export function ContactPage({ initial, campaigns, organizationTimeZone }: { initial: ContactDetail; campaigns: ContactCampaignRow[]; organizationTimeZone: string }) {
  const router = useRouter();
  const client = useQueryClient();
  const [detail, setDetail] = useState(initial);
  const { contact } = detail;
  // Appointments in the zone they are spoken in: the contact's own, else the organisation's.
  const zoned = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: contact.timezone ?? organizationTimeZone });
  const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: organizationTimeZone });
  const { values, field } = useTextFields({
    firstName: contact.firstName ?? "",
    lastName: contact.lastName ?? "",
    phone: contact.phone,
    email: contact.email ?? "",
    timezone: contact.timezone ?? "",
  });
  const [reason, setReason] = useState("");
  const changed = (next: ContactDetail) => {
    setDetail(next);
    void client.invalidateQueries({ queryKey: queryKeys.contacts.all });
  };
  const save = useMutation({ mutationFn: () => unwrap(updateContactAction(contact.id, values)), onSuccess: changed });
  const optOut = useMutation({ mutationFn: () => unwrap(optOutContactAction(contact.id, { reason })), onSuccess: changed });
  const optIn = useMutation({ mutationFn: () => unwrap(optInContactAction(contact.id)), onSuccess: changed });
  const remove = useMutation({
    mutationFn: () => unwrap(deleteContactsAction([contact.id])),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.contacts.all });
      router.push("/contacts");
    },
  });

  const inputs: [keyof typeof values, string, string][] = [
    ["firstName", "First name", "text"],
    ["lastName", "Last name", "text"],
    ["phone", "Phone", "tel"],
    ["email", "Email", "email"],
    ["timezone", "Time zone", "text"],
  ];

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="min-w-0 truncate text-2xl font-semibold" data-testid="contact-name">
          {contactName(contact)}
        </h1>
        {detail.optOut && <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800 ring-1 ring-red-300 ring-inset">Do not call</span>}
        <Link href="/contacts" className="ml-auto text-sm text-indigo-700 hover:underline">
          All contacts
        </Link>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <form
          className="card space-y-3"
          aria-labelledby="edit-heading"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <h2 id="edit-heading" className="text-base font-semibold">
            Details
          </h2>
          {inputs.map(([key, label, type]) => (
            <div key={key}>
              <label htmlFor={`contact-${key}`} className="label">
                {label}
              </label>
              <input id={`contact-${key}`} type={type} className="input" maxLength={key === "email" ? 320 : 200} required={key === "phone"} {...field(key)} />
            </div>
          ))}
          <p className="text-xs text-slate-600">The phone is saved in international form (+1 202 555 0101); write it with its area code, or with + and the country code.</p>
          <p className="text-sm text-slate-800" data-testid="contact-language">
            Preferred language: {languageName(contact.language)}
          </p>
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" className="btn-primary" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save"}
            </button>
            {save.isSuccess && (
              <span role="status" className="text-sm text-emerald-700">
                Saved.
              </span>
            )}
            {save.isError && (
              <span role="alert" className="text-sm text-red-700">
                {save.error.message}
              </span>
            )}
          </div>
        </form>

        <div className="space-y-6">
          <section aria-labelledby="dnc-heading" className="card space-y-3">
            <h2 id="dnc-heading" className="text-base font-semibold">
              Do not call
            </h2>
            {detail.optOut ? (
              <>
                <p className="text-sm text-slate-800" data-testid="opt-out-state">
                  {contact.phone} is on the do-not-call list since {dateTime.format(new Date(detail.optOut.createdAt))}, set {SOURCES[detail.optOut.source] ?? detail.optOut.source}
                  {detail.optOut.setByName ? ` by ${detail.optOut.setByName}` : ""}.{detail.optOut.reason ? ` Reason: ${detail.optOut.reason.replace(/[.!?]?$/, ".")}` : ""} No campaign calls it.
                </p>
                <button type="button" className="btn" disabled={optIn.isPending} onClick={() => optIn.mutate()}>
                  Allow calls again
                </button>
              </>
            ) : (
              <form
                className="space-y-2"
                onSubmit={(e) => {
                  e.preventDefault();
                  optOut.mutate();
                }}
              >
                <label htmlFor="opt-out-reason" className="label">
                  Reason <span className="font-normal text-slate-600">(optional)</span>
                </label>
                <input id="opt-out-reason" className="input" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. Asked on the phone" />
                <button type="submit" className="btn-danger" disabled={optOut.isPending}>
                  Mark do not call
                </button>
              </form>
            )}
            {(optOut.error ?? optIn.error) && (
              <p role="alert" className="text-sm text-red-700">
                {(optOut.error ?? optIn.error)?.message}
              </p>
            )}
          </section>

          <section aria-labelledby="appointments-heading" className="card space-y-2">
            <h2 id="appointments-heading" className="text-base font-semibold">
              Appointments
            </h2>
            <AppointmentList title="Upcoming" items={detail.appointments.upcoming} testId="upcoming-appointments" format={zoned} />
            <AppointmentList title="Past" items={detail.appointments.past} testId="past-appointments" format={zoned} />
          </section>
        </div>
      </div>

      <section aria-labelledby="campaigns-heading" className="card space-y-2">
        <h2 id="campaigns-heading" className="text-base font-semibold">
          Campaigns
        </h2>
        {campaigns.length === 0 ? (
          <p className="text-sm text-slate-600">No campaign has reached this contact yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="contact-campaigns">
            {campaigns.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
                <Link href={`/campaigns/${c.id}`} className="min-w-0 truncate font-medium text-indigo-700 hover:underline">
                  {c.name}
                </Link>
                <StatusBadge status={c.status} />
                <span className="text-slate-600">{c.launchedAt ? `launched ${dateTime.format(new Date(c.launchedAt))}` : "not launched"}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="text-sm text-slate-700">
          Lists: {detail.lists.length === 0 ? "none" : detail.lists.map((l, i) => (
            <span key={l.id}>
              {i > 0 && ", "}
              <Link href={`/contacts?listId=${l.id}`} className="text-indigo-700 hover:underline">
                {l.name}
              </Link>
            </span>
          ))}
        </p>
      </section>

      <section aria-labelledby="delete-heading" className="card space-y-2">
        <h2 id="delete-heading" className="text-base font-semibold">
          Delete this contact
        </h2>
        <p className="text-sm text-slate-700">{DELETE_EXPLANATION}</p>
        <button
          type="button"
          className="btn-danger"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Delete ${contactName(contact)}? ${DELETE_EXPLANATION}`)) remove.mutate();
          }}
        >
          Delete contact
        </button>
        {remove.isError && (
          <p role="alert" className="text-sm text-red-700">
            {remove.error.message}
          </p>
        )}
      </section>
    </div>
  );
}

function AppointmentList({ title, items, testId, format }: { title: string; items: ContactDetail["appointments"]["upcoming"]; testId: string; format: Intl.DateTimeFormat }) {
  return (
    <div>
      <h3 className="text-sm font-medium text-slate-800">{title}</h3>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">None.</p>
      ) : (
        <ul className="text-sm text-slate-800" data-testid={testId}>
          {items.map((a) => (
            <li key={a.id}>
              {format.format(new Date(a.startsAt))}
              {a.provider && ` with ${a.provider}`}
              {a.location && `, ${a.location}`}
              {a.status && (
                <span className={`ml-2 inline-block rounded px-1.5 text-xs font-medium ${NOT_REMINDED.has(a.status) ? "bg-red-50 text-red-800" : "bg-slate-100 text-slate-700"}`} data-testid="appointment-status">
                  {statusWord(a.status)}
                </span>
              )}
              {a.callAnswer && (
                <span className={`ml-2 inline-block rounded px-1.5 py-0.5 text-xs ${a.callAnswer === "confirmed" ? "bg-green-100 text-green-800" : "bg-amber-100 text-amber-900"}`}>
                  {a.callAnswer === "confirmed" ? "Confirmed by phone" : "Asked to cancel or reschedule"}
                  {a.callAnsweredAt && ` · ${format.format(new Date(a.callAnsweredAt))}`}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const NOT_REMINDED = new Set(["cancelled", "broken", "no_show", "completed"]);

/** "es" → "Spanish (es)"; a value the import kept as written is shown as it is; none: "not given". */
function languageName(tag: string | null): string {
  if (!tag) return "not given";
  try {
    const name = new Intl.DisplayNames(["en"], { type: "language" }).of(tag);
    return name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}
