import { z } from "zod";
import { removeMember } from "@/lib/auth";
import { IGNORED_BODY_MAX_BYTES, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

const memberIdSchema = z.object({ id: z.string().min(1).max(64) });

// DELETE /api/members/:id: the owner removes a member, who is signed out everywhere at once
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = memberIdSchema.parse(params);
  return respond(await removeMember(await context(), id));
}, {
  maxBodyBytes: IGNORED_BODY_MAX_BYTES,
  openapi: { summary: "Remove a member", description: "The owner, signed in, only.", tags: ["Team"], requestParams: { path: memberIdSchema }, responses: { "200": jsonResponse("The removed member's id"), "404": jsonResponse("member_not_found") } },
});
