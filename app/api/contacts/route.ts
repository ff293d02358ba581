import { NextResponse } from "next/server";
import { listContacts, listContactsSchema } from "@/lib/contacts";
import { jsonResponse, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/contacts?limit&offset&search: the organisation's contacts with their next appointment
export const GET = route(async ({ req, context }) => {
  const input = listContactsSchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  return NextResponse.json(await listContacts(await context(), input));
}, { openapi: { summary: "List contacts", tags: ["Contacts"], requestParams: { query: listContactsSchema }, responses: { "200": jsonResponse("A page of contacts with their next appointment, and the total") } } });
