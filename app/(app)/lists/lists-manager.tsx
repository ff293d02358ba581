"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { ListDto } from "@/lib/contacts";
import { MAX_LIST_NAME_CHARS } from "@/lib/contacts/schemas";
import { queryKeys } from "@/lib/query-keys";
import { ItemList } from "../../_components/card";
import { ConfirmButton, ErrorMessage } from "../../_components/form-fields";
import { unwrap } from "../_components/client-api";
import { useInlineRename } from "../_components/use-inline-rename";
import { useServerList } from "../_components/use-server-list";
import { createListAction, deleteListAction, renameListAction } from "../contacts/actions";

/** Create, rename and delete lists; each links to its contacts. */
export function ListsManager({ initial }: { initial: ListDto[] }) {
  const lists = useServerList(queryKeys.lists.all, "/api/lists", "items", initial);
  const refresh = () => void lists.refresh();
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: () => unwrap(createListAction(name)),
    onSuccess: () => {
      setName("");
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => unwrap(deleteListAction(id)), onSuccess: refresh });

  return (
    <div className="card space-y-4">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <div className="min-w-0 flex-[1_1_14rem]">
          <label htmlFor="new-list-name" className="label">
            New list
          </label>
          <input id="new-list-name" className="input" maxLength={MAX_LIST_NAME_CHARS} required value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Hygiene recall" />
        </div>
        <button type="submit" className="btn-primary" disabled={create.isPending}>
          Create
        </button>
      </form>
      <ErrorMessage error={(create.error ?? remove.error)?.message} block />
      <ItemList count={lists.data.length} empty="No lists yet." testId="lists">
        {lists.data.map((l) => (
          <ListRow key={l.id} list={l} onChanged={refresh} onDelete={() => remove.mutate(l.id)} />
        ))}
      </ItemList>
    </div>
  );
}

function ListRow({ list, onChanged, onDelete }: { list: ListDto; onChanged: () => void; onDelete: () => void }) {
  const { editing, setEditing, name, setName, rename, submit } = useInlineRename(list.name, (name) => unwrap(renameListAction(list.id, name)), onChanged);
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-2 px-3 py-2.5 text-sm">
      {editing ? (
        <form className="flex min-w-0 flex-[1_1_14rem] flex-wrap items-center gap-2" onSubmit={submit}>
          <input aria-label={`New name for ${list.name}`} className="input min-w-0 flex-1 py-1" maxLength={MAX_LIST_NAME_CHARS} required value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="btn" disabled={rename.isPending}>
            Save
          </button>
          <ErrorMessage error={rename.error?.message} />
        </form>
      ) : (
        <Link href={`/contacts?listId=${list.id}`} className="min-w-0 basis-full truncate font-medium text-indigo-700 hover:underline sm:flex-1 sm:basis-0">
          {list.name}
        </Link>
      )}
      <span className="text-slate-600 tabular-nums">{list.members.toLocaleString("en-US")} contacts</span>
      {!editing && (
        <button type="button" className="btn" onClick={() => setEditing(true)} aria-label={`Rename ${list.name}`}>
          Rename
        </button>
      )}
      <ConfirmButton question={`Delete the list "${list.name}"? Its contacts stay; only the list goes.`} onConfirm={onDelete} aria-label={`Delete ${list.name}`}>
        Delete
      </ConfirmButton>
    </li>
  );
}
