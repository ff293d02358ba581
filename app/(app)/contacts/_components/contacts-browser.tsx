"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { ContactDto, ContactSort } from "@/lib/contacts";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson, unwrap } from "../../_components/client-api";
import { useContactLists } from "../../_components/use-contact-lists";
import { addToListAction, deleteContactsAction, removeFromListAction } from "../actions";
import { DELETE_EXPLANATION } from "./delete-explanation";

const PAGE_SIZE = 50;
const SORT_LABELS: Record<ContactSort, string> = { name: "Name, A to Z", "-name": "Name, Z to A", "-created": "Newest first", created: "Oldest first" };
const formatAt = (at: Date | string, timeZone: string) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(at));
const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export const contactName = (c: { firstName: string | null; lastName: string | null; phone: string }) => [c.firstName, c.lastName].filter(Boolean).join(" ") || c.phone;

/** The value, once it has stopped changing for `ms` (typing in the search box does not query every key). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The contacts page: search, sort, filter by list, page through, select, delete or add to a list, export. */
export function ContactsBrowser({ initialListId, organizationTimeZone }: { initialListId: string | null; organizationTimeZone: string }) {
  const client = useQueryClient();
  const lists = useContactLists();
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<ContactSort>("name");
  const [listId, setListId] = useState(initialListId ?? "");
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [targetList, setTargetList] = useState("");
  const term = useDebounced(search.trim(), 250);
  const filter = { search: term || undefined, sort, listId: listId || undefined };
  const params = new URLSearchParams(Object.entries(filter).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
  const page = useQuery({
    queryKey: queryKeys.contacts.page({ ...filter, offset }),
    queryFn: () => fetchJson<{ items: ContactDto[]; total: number }>(`/api/contacts?${params}&limit=${PAGE_SIZE}&offset=${offset}`),
    placeholderData: keepPreviousData,
  });
  // A new search, order or list starts again from the first page with nothing selected.
  useEffect(() => {
    setOffset(0);
    setSelected(new Set());
  }, [term, sort, listId]);

  const refresh = () => {
    setSelected(new Set());
    void client.invalidateQueries({ queryKey: queryKeys.contacts.all });
    void client.invalidateQueries({ queryKey: queryKeys.lists.all });
  };
  const remove = useMutation({ mutationFn: (ids: string[]) => unwrap(deleteContactsAction(ids)), onSuccess: refresh });
  const addToList = useMutation({ mutationFn: (ids: string[]) => unwrap(addToListAction(targetList, ids)), onSuccess: refresh });
  const removeFromList = useMutation({ mutationFn: (ids: string[]) => unwrap(removeFromListAction(listId, ids)), onSuccess: refresh });
  const failure = remove.error ?? addToList.error ?? removeFromList.error;

  const items = page.data?.items ?? [];
  const total = page.data?.total ?? 0;
  const ids = [...selected];
  const allOnPage = items.length > 0 && items.every((c) => selected.has(c.id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-[2_1_16rem]">
          <label htmlFor="contact-search" className="label">
            Search
          </label>
          <input id="contact-search" type="search" className="input" placeholder="Name, phone or email" value={search} onChange={(e) => setSearch(e.target.value)} maxLength={200} />
        </div>
        <div className="min-w-0 flex-[1_1_10rem]">
          <label htmlFor="contact-sort" className="label">
            Order
          </label>
          <select id="contact-sort" className="input" value={sort} onChange={(e) => setSort(e.target.value as ContactSort)}>
            {Object.entries(SORT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-0 flex-[1_1_10rem]">
          <label htmlFor="contact-list-filter" className="label">
            List
          </label>
          <select id="contact-list-filter" className="input" value={listId} onChange={(e) => setListId(e.target.value)}>
            <option value="">All contacts</option>
            {lists.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({l.members.toLocaleString("en-US")})
              </option>
            ))}
          </select>
        </div>
        <a className="btn" href={`/api/contacts/export?${params}`} download>
          Export CSV
        </a>
      </div>

      {selected.size > 0 && (
        <div className="flex flex-wrap items-center gap-2 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm" data-testid="bulk-bar">
          <span className="font-medium">{plural(selected.size, "contact", "contacts")} selected</span>
          <select aria-label="List to add them to" className="input w-auto py-1" value={targetList} onChange={(e) => setTargetList(e.target.value)}>
            <option value="">Add to list…</option>
            {lists.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
          <button type="button" className="btn" disabled={!targetList || addToList.isPending} onClick={() => addToList.mutate(ids)}>
            Add
          </button>
          {listId && (
            <button type="button" className="btn" disabled={removeFromList.isPending} onClick={() => removeFromList.mutate(ids)}>
              Remove from this list
            </button>
          )}
          <button
            type="button"
            className="btn-danger sm:ml-auto"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Delete ${plural(selected.size, "contact", "contacts")}? ${DELETE_EXPLANATION}`)) remove.mutate(ids);
            }}
          >
            Delete {selected.size}
          </button>
        </div>
      )}
      {failure && (
        <p role="alert" className="text-sm text-red-700">
          {failure.message}
        </p>
      )}

      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <table className="w-full table-fixed text-left text-sm" data-testid="contacts-table">
          <caption className="sr-only">Contacts</caption>
          <thead className="bg-slate-50 text-xs text-slate-600">
            <tr>
              <th scope="col" className="w-10 px-3 py-2">
                <input type="checkbox" aria-label="Select every contact on this page" checked={allOnPage} onChange={() => setSelected(allOnPage ? new Set() : new Set(items.map((c) => c.id)))} />
              </th>
              <th scope="col" className="px-3 py-2 font-medium">Name</th>
              <th scope="col" className="w-36 px-3 py-2 font-medium sm:w-40">Phone</th>
              <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">Email</th>
              <th scope="col" className="hidden w-48 px-3 py-2 font-medium lg:table-cell">Next appointment</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((c) => (
              <tr key={c.id} className="hover:bg-slate-50">
                <td className="px-3 py-2">
                  <input type="checkbox" aria-label={`Select ${contactName(c)}`} checked={selected.has(c.id)} onChange={() => toggle(c.id)} />
                </td>
                <td className="min-w-0 px-3 py-2">
                  <Link href={`/contacts/${c.id}`} className="block truncate font-medium text-indigo-700 hover:underline">
                    {contactName(c)}
                  </Link>
                  {c.optedOut && <span className="mt-0.5 inline-block rounded bg-red-50 px-1.5 text-xs font-medium text-red-800">Do not call</span>}
                </td>
                <td className="truncate px-3 py-2 tabular-nums">{c.phone}</td>
                <td className="hidden truncate px-3 py-2 md:table-cell">{c.email ?? "—"}</td>
                <td className="hidden px-3 py-2 lg:table-cell">{c.nextAppointment ? formatAt(c.nextAppointment.startsAt, c.timezone ?? organizationTimeZone) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.isSuccess && items.length === 0 && (
          <p className="px-3 py-6 text-center text-sm text-slate-600">{term || listId ? "No contact matches." : "No contacts yet. Import a CSV from a new campaign."}</p>
        )}
        {page.isError && (
          <p role="alert" className="px-3 py-6 text-center text-sm text-red-700">
            {page.error.message}
          </p>
        )}
      </div>

      <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span className="text-slate-600 tabular-nums" data-testid="contacts-range">
          {total === 0 ? "0 contacts" : `${(offset + 1).toLocaleString("en-US")}–${Math.min(offset + PAGE_SIZE, total).toLocaleString("en-US")} of ${plural(total, "contact", "contacts")}`}
        </span>
        <span className="flex gap-2">
          <button type="button" className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            Previous
          </button>
          <button type="button" className="btn" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            Next
          </button>
        </span>
      </nav>
    </div>
  );
}
