import { NextResponse } from "next/server";
import { createContactList, createListSchema, listContactLists } from "@/lib/contacts";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/lists: the organisation's contact lists with member counts
export const GET = route(async ({ context }) => NextResponse.json({ items: await listContactLists(await context()) }));

// POST /api/lists {name}: create a list
export const POST = route(async ({ req, context }) => {
  const { name } = createListSchema.parse(await req.json());
  return respond(await createContactList(await context(), name), { successStatus: 201 });
});
