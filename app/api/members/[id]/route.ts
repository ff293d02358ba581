import { changeMemberRole, changeMemberRoleSchema, memberIdSchema, removeMember } from "@/lib/auth";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// PATCH /api/members/:id: the owner changes a member's role; `owner` hands ownership over (the owner becomes an admin)
export const PATCH = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = memberIdSchema.parse(params);
  const input = changeMemberRoleSchema.parse(await req.json());
  return respond(await changeMemberRole(await context(), id, input));
}, { role: "owner" });

// DELETE /api/members/:id: the owner removes a member, who is signed out everywhere at once; their API keys are revoked and their webhook endpoints turned off
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = memberIdSchema.parse(params);
  return respond(await removeMember(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES, role: "owner" });
