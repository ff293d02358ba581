import { NextResponse } from "next/server";
import { deleteContacts, deleteContactsSchema, listContacts, listContactsSchema } from "@/lib/contacts";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/contacts?limit&offset&search&sort&listId&upcomingWithinDays: a page of the organisation's contacts with their next appointment, and the total
export const GET = route(async ({ req, context }) => {
  const input = listContactsSchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  return NextResponse.json(await listContacts(await context(), input));
});

// DELETE /api/contacts {ids}: delete these contacts (bulk delete); audio and the do-not-call list are kept
export const DELETE = route(async ({ req, context }) => {
  const { ids } = deleteContactsSchema.parse(await req.json());
  return respond(await deleteContacts(await context(), ids));
});
