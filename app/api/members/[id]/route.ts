import { z } from "zod";
import { changeMemberRole, changeMemberRoleSchema, removeMember } from "@/lib/auth";
import { IGNORED_BODY_MAX_BYTES, jsonBody, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

const memberIdSchema = z.object({ id: z.string().min(1).max(64) });

// PATCH /api/members/:id: the owner changes a member's role; `owner` hands ownership over (the owner becomes an admin)
export const PATCH = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = memberIdSchema.parse(params);
  const input = changeMemberRoleSchema.parse(await req.json());
  return respond(await changeMemberRole(await context(), id, input));
}, {
  role: "owner",
  openapi: {
    summary: "Change a member's role",
    description:
      "The owner, signed in, only. `owner` hands ownership over: the previous owner becomes an admin. A member who stops being an admin has the API keys they created revoked and the webhook endpoints they added turned off.",
    tags: ["Team"],
    requestParams: { path: memberIdSchema },
    requestBody: jsonBody(changeMemberRoleSchema),
    responses: { "200": jsonResponse("The member with the new role, and how many keys and endpoints were turned off"), "404": jsonResponse("member_not_found") },
  },
});

// DELETE /api/members/:id: the owner removes a member, who is signed out everywhere at once; their API keys are revoked and their webhook endpoints turned off
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = memberIdSchema.parse(params);
  return respond(await removeMember(await context(), id));
}, {
  maxBodyBytes: IGNORED_BODY_MAX_BYTES,
  role: "owner",
  openapi: {
    summary: "Remove a member",
    description: "The owner, signed in, only. The API keys they created are revoked and the webhook endpoints they added turned off, in the same transaction.",
    tags: ["Team"],
    requestParams: { path: memberIdSchema },
    responses: { "200": jsonResponse("The removed member's email, and how many keys and endpoints were turned off"), "404": jsonResponse("member_not_found") },
  },
});
