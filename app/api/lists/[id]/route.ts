import { deleteContactList, getContactList, listIdSchema, renameContactList, renameListSchema } from "@/lib/contacts";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/lists/:id: one list with its member count
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = listIdSchema.parse(params);
  return respond(await getContactList(await context(), id));
});

// PATCH /api/lists/:id {name}: rename a list
export const PATCH = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = listIdSchema.parse(params);
  const { name } = renameListSchema.parse(await req.json());
  return respond(await renameContactList(await context(), id, name));
});

// DELETE /api/lists/:id: delete a list (its contacts stay)
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = listIdSchema.parse(params);
  return respond(await deleteContactList(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
