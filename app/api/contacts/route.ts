import { NextResponse } from "next/server";
import { deleteContacts, deleteContactsSchema, listContacts, listContactsSchema } from "@/lib/contacts";
import { jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/contacts?limit&offset&search&sort&listId&upcomingWithinDays: a page of the organisation's contacts with their next appointment, and the total
export const GET = route(async ({ req, context }) => {
  const input = listContactsSchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  return NextResponse.json(await listContacts(await context(), input));
}, { openapi: { summary: "List contacts", tags: ["Contacts"], requestParams: { query: listContactsSchema }, responses: { "200": jsonResponse("A page of contacts with their next appointment, and the total") } } });

// DELETE /api/contacts {ids}: delete these contacts (bulk delete); audio and the do-not-call list are kept
export const DELETE = route(async ({ req, context }) => {
  const { ids } = deleteContactsSchema.parse(await req.json());
  return respond(await deleteContacts(await context(), ids));
}, {
  openapi: {
    summary: "Delete contacts",
    description: "Their appointments and list memberships go, and they leave every campaign's recipients; audio and the do-not-call list are kept.",
    tags: ["Contacts"],
    requestBody: { required: true, content: { "application/json": { schema: deleteContactsSchema } } },
    responses: { "200": jsonResponse("How many were deleted") },
  },
});
