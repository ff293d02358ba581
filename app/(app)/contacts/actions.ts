"use server";

import {
  addContactsToList,
  contactIdSchema,
  createContactList,
  createListSchema,
  deleteContactList,
  deleteContacts,
  deleteContactsSchema,
  listIdSchema,
  listMembersSchema,
  optInContact,
  optOutContact,
  optOutSchema,
  removeContactsFromList,
  renameContactList,
  renameListSchema,
  updateContact,
  updateContactSchema,
} from "@/lib/contacts";
import { action } from "@/lib/http";

const updateSchema = contactIdSchema.extend({ input: updateContactSchema });
const optOutInputSchema = contactIdSchema.extend({ input: optOutSchema });
const renameSchema = listIdSchema.extend(renameListSchema.shape);
const membersSchema = listIdSchema.extend(listMembersSchema.shape);

export async function updateContactAction(id: unknown, input: unknown) {
  return action(updateSchema, { id, input }, (ctx, data) => updateContact(ctx, data.id, data.input));
}

export async function deleteContactsAction(ids: unknown) {
  return action(deleteContactsSchema, { ids }, (ctx, data) => deleteContacts(ctx, data.ids));
}

export async function optOutContactAction(id: unknown, input: unknown) {
  return action(optOutInputSchema, { id, input }, (ctx, data) => optOutContact(ctx, data.id, { reason: data.input.reason, source: "manual" }));
}

export async function optInContactAction(id: unknown) {
  return action(contactIdSchema, { id }, (ctx, data) => optInContact(ctx, data.id));
}

export async function createListAction(name: unknown) {
  return action(createListSchema, { name }, (ctx, data) => createContactList(ctx, data.name));
}

export async function renameListAction(id: unknown, name: unknown) {
  return action(renameSchema, { id, name }, (ctx, data) => renameContactList(ctx, data.id, data.name));
}

export async function deleteListAction(id: unknown) {
  return action(listIdSchema, { id }, (ctx, data) => deleteContactList(ctx, data.id));
}

export async function addToListAction(id: unknown, contactIds: unknown) {
  return action(membersSchema, { id, contactIds }, (ctx, data) => addContactsToList(ctx, data.id, data.contactIds));
}

export async function removeFromListAction(id: unknown, contactIds: unknown) {
  return action(membersSchema, { id, contactIds }, (ctx, data) => removeContactsFromList(ctx, data.id, data.contactIds));
}
