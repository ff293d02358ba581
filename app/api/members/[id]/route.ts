import { z } from "zod";
import { removeMember } from "@/lib/auth";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// DELETE /api/members/:id: the owner removes a member, who is signed out everywhere at once
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = z.object({ id: z.string().min(1).max(64) }).parse(params);
  return respond(await removeMember(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
