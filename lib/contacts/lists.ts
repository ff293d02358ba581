import type { Ctx } from "@/lib/context";
import { resolveAppointmentWindow, type AppointmentWindow } from "./appointment-window";
import type { DbOrTx } from "@/lib/db";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import {
  countContactsForOrganization,
  countListsOfOrganization,
  deleteListMembers,
  deleteListRow,
  getList,
  getListByName,
  insertList,
  insertListMembers,
  listListsOfOrganization,
  lockListsOfOrganization,
  renameListRow,
  type ListRow,
} from "./queries";

export type ListDto = ListRow;

export const listNotFound = (): AppError<"list_not_found"> => appError("list_not_found", "This list does not exist or was deleted.");
const nameTaken = (name: string): AppError<"list_name_taken"> => appError("list_name_taken", `There is already a list called "${name}"; pick another name.`);

/** Lists an organisation may have: every page that offers them shows them all. */
export const MAX_LISTS_PER_ORGANIZATION = 1_000;

export const tooManyLists = (): AppError<"too_many_lists"> =>
  appError("too_many_lists", `An organisation can have at most ${MAX_LISTS_PER_ORGANIZATION.toLocaleString("en-US")} contact lists; delete lists you no longer use first.`);

export function listContactLists(ctx: Ctx): Promise<ListDto[]> {
  return listListsOfOrganization(ctx.db, ctx.organization.id, MAX_LISTS_PER_ORGANIZATION);
}

/** Whether a list of this name exists or one more may be made; call it inside a transaction (it takes the lists' lock). */
export async function canEnsureList(tx: DbOrTx, organizationId: string, name: string): Promise<boolean> {
  await lockListsOfOrganization(tx, organizationId);
  return (await getListByName(tx, organizationId, name)) !== null || (await countListsOfOrganization(tx, organizationId)) < MAX_LISTS_PER_ORGANIZATION;
}

export async function getContactList(ctx: Ctx, id: string): Promise<Result<ListDto, AppError<"list_not_found">>> {
  const list = await getList(ctx.db, ctx.organization.id, id);
  return list ? ok(list) : err(listNotFound());
}

export async function createContactList(ctx: Ctx, name: string): Promise<Result<ListDto, AppError<"list_name_taken" | "too_many_lists">>> {
  return ctx.db.transaction(async (tx) => {
    await lockListsOfOrganization(tx, ctx.organization.id);
    if ((await countListsOfOrganization(tx, ctx.organization.id)) >= MAX_LISTS_PER_ORGANIZATION) return err(tooManyLists());
    const row = await insertList(tx, ctx.organization.id, name);
    if (!row) return err(nameTaken(name));
    const list = await getList(tx, ctx.organization.id, row.id);
    if (!list) throw new Error("a list just inserted is missing");
    return ok(list);
  });
}

export async function renameContactList(ctx: Ctx, id: string, name: string): Promise<Result<ListDto, AppError<"list_not_found" | "list_name_taken">>> {
  const outcome = await renameListRow(ctx.db, ctx.organization.id, id, name);
  if (outcome === "missing") return err(listNotFound());
  if (outcome === "taken") return err(nameTaken(name));
  return getContactList(ctx, id);
}

/** Deletes a list and its memberships; the contacts stay. A draft that was going to the list keeps the recipients it resolved. */
export async function deleteContactList(ctx: Ctx, id: string): Promise<Result<{ deleted: true }, AppError<"list_not_found">>> {
  return (await deleteListRow(ctx.db, ctx.organization.id, id)) ? ok({ deleted: true }) : err(listNotFound());
}

/** Adds contacts to a list; ids that are not the organisation's contacts are skipped. */
export async function addContactsToList(ctx: Ctx, id: string, contactIds: readonly string[]): Promise<Result<{ added: number; list: ListDto }, AppError<"list_not_found">>> {
  const list = await getList(ctx.db, ctx.organization.id, id);
  if (!list) return err(listNotFound());
  const added = await insertListMembers(ctx.db, ctx.organization.id, id, contactIds);
  return ok({ added, list: { ...list, members: list.members + added } });
}

export async function removeContactsFromList(ctx: Ctx, id: string, contactIds: readonly string[]): Promise<Result<{ removed: number; list: ListDto }, AppError<"list_not_found">>> {
  const list = await getList(ctx.db, ctx.organization.id, id);
  if (!list) return err(listNotFound());
  const removed = await deleteListMembers(ctx.db, id, contactIds);
  return ok({ removed, list: { ...list, members: list.members - removed } });
}

/**
 * How many contacts a "list" recipient choice reaches (the list's members, or those of them with an
 * appointment in the window, resolved as of `now`), or list_not_found when the list is not the organisation's.
 */
export async function countListContacts(
  ctx: Ctx,
  selection: { listId: string; window?: AppointmentWindow },
  now = new Date(),
): Promise<Result<number, AppError<"list_not_found">>> {
  const list = await getList(ctx.db, ctx.organization.id, selection.listId);
  if (!list) return err(listNotFound());
  const appointments = selection.window && resolveAppointmentWindow(selection.window, ctx.organization.timezone, now);
  return ok(await countContactsForOrganization(ctx.db, ctx.organization.id, { listId: selection.listId, appointments }));
}

/** The list of this name, created when the organisation has none (an import's "add to list" field). */
export async function ensureList(db: DbOrTx, organizationId: string, name: string): Promise<{ id: string; name: string }> {
  const existing = (await getListByName(db, organizationId, name)) ?? (await insertList(db, organizationId, name)) ?? (await getListByName(db, organizationId, name));
  if (!existing) throw new Error("a list could be neither found nor created");
  return { id: existing.id, name };
}
