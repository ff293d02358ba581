import { contactIdSchema, deleteContact, getContactDetail, updateContact, updateContactSchema } from "@/lib/contacts";
import { IGNORED_BODY_MAX_BYTES, jsonBody, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/contacts/:id: one contact with its appointments, do-not-call state, lists and campaigns
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = contactIdSchema.parse(params);
  return respond(await getContactDetail(await context(), id));
}, {
  openapi: {
    summary: "Get a contact",
    tags: ["Contacts"],
    requestParams: { path: contactIdSchema },
    responses: { "200": jsonResponse("The contact with its appointments, do-not-call state, lists and campaigns"), "404": jsonResponse("contact_not_found") },
  },
});

// PATCH /api/contacts/:id {firstName?, lastName?, phone?, email?, timezone?}: edit a contact (the phone is re-normalised)
export const PATCH = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = contactIdSchema.parse(params);
  const input = updateContactSchema.parse(await req.json());
  return respond(await updateContact(await context(), id, input));
}, {
  openapi: {
    summary: "Edit a contact",
    description: "Absent fields stay as they are; an empty string clears a field. The phone number is normalised to E.164 with the organisation's phone country.",
    tags: ["Contacts"],
    requestParams: { path: contactIdSchema },
    requestBody: jsonBody(updateContactSchema),
    responses: {
      "200": jsonResponse("The edited contact"),
      "404": jsonResponse("contact_not_found"),
      "422": jsonResponse("phone_invalid or timezone_invalid"),
    },
  },
});

// DELETE /api/contacts/:id: delete one contact
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = contactIdSchema.parse(params);
  return respond(await deleteContact(await context(), id));
}, {
  maxBodyBytes: IGNORED_BODY_MAX_BYTES,
  openapi: {
    summary: "Delete a contact",
    description: "Its appointments and list memberships go, and it leaves every campaign's recipients; audio and the do-not-call list are kept.",
    tags: ["Contacts"],
    requestParams: { path: contactIdSchema },
    responses: { "200": jsonResponse("How many were deleted"), "404": jsonResponse("contact_not_found") },
  },
});
