import { addContactsToList, listIdSchema, listMembersSchema, removeContactsFromList } from "@/lib/contacts";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/lists/:id/members {contactIds}: add contacts to a list
export const POST = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = listIdSchema.parse(params);
  const { contactIds } = listMembersSchema.parse(await req.json());
  return respond(await addContactsToList(await context(), id, contactIds));
});

// DELETE /api/lists/:id/members {contactIds}: remove contacts from a list
export const DELETE = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = listIdSchema.parse(params);
  const { contactIds } = listMembersSchema.parse(await req.json());
  return respond(await removeContactsFromList(await context(), id, contactIds));
});
