import { contactIdSchema, optInContact, optOutContact, optOutSchema } from "@/lib/contacts";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// PUT /api/contacts/:id/opt-out {reason?}: put the contact's number on the do-not-call list
export const PUT = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = contactIdSchema.parse(params);
  const text = await req.text();
  const { reason } = optOutSchema.parse(text === "" ? {} : JSON.parse(text));
  return respond(await optOutContact(await context(), id, { reason, source: "api" }));
}, { maxBodyBytes: 16 * 1024 });

// DELETE /api/contacts/:id/opt-out: take the number off the do-not-call list
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = contactIdSchema.parse(params);
  return respond(await optInContact(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
