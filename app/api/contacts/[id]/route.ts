import { contactIdSchema, deleteContact, getContactDetail, updateContact, updateContactSchema } from "@/lib/contacts";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/contacts/:id: one contact with its appointments, do-not-call state, lists and campaigns
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = contactIdSchema.parse(params);
  return respond(await getContactDetail(await context(), id));
});

// PATCH /api/contacts/:id {firstName?, lastName?, phone?, email?, timezone?}: edit a contact (the phone is re-normalised)
export const PATCH = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = contactIdSchema.parse(params);
  const input = updateContactSchema.parse(await req.json());
  return respond(await updateContact(await context(), id, input));
});

// DELETE /api/contacts/:id: delete one contact
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = contactIdSchema.parse(params);
  return respond(await deleteContact(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
