import { NextResponse } from "next/server";
import { createContactList, createListSchema, listContactLists } from "@/lib/contacts";
import { jsonBody, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/lists: the organisation's contact lists with member counts
export const GET = route(async ({ context }) => NextResponse.json({ items: await listContactLists(await context()) }), {
  openapi: { summary: "List contact lists", tags: ["Lists"], responses: { "200": jsonResponse("The lists with their member counts, as `items`") } },
});

// POST /api/lists {name}: create a list
export const POST = route(async ({ req, context }) => {
  const { name } = createListSchema.parse(await req.json());
  return respond(await createContactList(await context(), name), { successStatus: 201 });
}, {
  openapi: {
    summary: "Create a contact list",
    tags: ["Lists"],
    requestBody: jsonBody(createListSchema),
    responses: { "201": jsonResponse("The new, empty list"), "409": jsonResponse("list_name_taken"), "422": jsonResponse("too_many_lists (at most 1,000 per organisation)") },
  },
});
