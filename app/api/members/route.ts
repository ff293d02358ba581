import { NextResponse } from "next/server";
import { addMember, addMemberSchema, listMembers } from "@/lib/auth";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/members: everyone who can sign in to the organisation
export const GET = route(async ({ context }) => {
  return NextResponse.json({ members: await listMembers(await context()) });
});

// POST /api/members: the owner adds a colleague (staff or admin) with a first password (403 for others, 409 email_taken)
export const POST = route(async ({ req, context }) => {
  const input = addMemberSchema.parse(await req.json());
  return respond(await addMember(await context(), input), { successStatus: 201 });
}, { role: "owner" });
