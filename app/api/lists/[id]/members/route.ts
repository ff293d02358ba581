import { addContactsToList, listIdSchema, listMembersSchema, removeContactsFromList } from "@/lib/contacts";
import { jsonBody, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/lists/:id/members {contactIds}: add contacts to a list
export const POST = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = listIdSchema.parse(params);
  const { contactIds } = listMembersSchema.parse(await req.json());
  return respond(await addContactsToList(await context(), id, contactIds));
}, {
  openapi: {
    summary: "Add contacts to a list",
    tags: ["Lists"],
    requestParams: { path: listIdSchema },
    requestBody: jsonBody(listMembersSchema),
    responses: { "200": jsonResponse("How many were added, and the list with its new member count"), "404": jsonResponse("list_not_found") },
  },
});

// DELETE /api/lists/:id/members {contactIds}: remove contacts from a list
export const DELETE = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = listIdSchema.parse(params);
  const { contactIds } = listMembersSchema.parse(await req.json());
  return respond(await removeContactsFromList(await context(), id, contactIds));
}, {
  openapi: {
    summary: "Remove contacts from a list",
    description: "The contacts themselves stay.",
    tags: ["Lists"],
    requestParams: { path: listIdSchema },
    requestBody: jsonBody(listMembersSchema),
    responses: { "200": jsonResponse("How many were removed, and the list with its new member count"), "404": jsonResponse("list_not_found") },
  },
});
