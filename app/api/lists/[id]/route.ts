import { deleteContactList, getContactList, listIdSchema, renameContactList, renameListSchema } from "@/lib/contacts";
import { IGNORED_BODY_MAX_BYTES, jsonBody, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/lists/:id: one list with its member count
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = listIdSchema.parse(params);
  return respond(await getContactList(await context(), id));
}, {
  openapi: { summary: "Get a contact list", tags: ["Lists"], requestParams: { path: listIdSchema }, responses: { "200": jsonResponse("The list with its member count"), "404": jsonResponse("list_not_found") } },
});

// PATCH /api/lists/:id {name}: rename a list
export const PATCH = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = listIdSchema.parse(params);
  const { name } = renameListSchema.parse(await req.json());
  return respond(await renameContactList(await context(), id, name));
}, {
  openapi: {
    summary: "Rename a contact list",
    tags: ["Lists"],
    requestParams: { path: listIdSchema },
    requestBody: jsonBody(renameListSchema),
    responses: { "200": jsonResponse("The renamed list"), "404": jsonResponse("list_not_found"), "409": jsonResponse("list_name_taken") },
  },
});

// DELETE /api/lists/:id: delete a list (its contacts stay)
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = listIdSchema.parse(params);
  return respond(await deleteContactList(await context(), id));
}, {
  maxBodyBytes: IGNORED_BODY_MAX_BYTES,
  openapi: {
    summary: "Delete a contact list",
    description: "Its contacts stay.",
    tags: ["Lists"],
    requestParams: { path: listIdSchema },
    responses: { "200": jsonResponse("`deleted: true`"), "404": jsonResponse("list_not_found") },
  },
});
