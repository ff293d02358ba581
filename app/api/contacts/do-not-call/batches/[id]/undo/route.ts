import { doNotCallBatchIdSchema, undoDoNotCallBatch } from "@/lib/contacts";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/contacts/do-not-call/batches/:id/undo: take the numbers this bulk opt-out added off the list again
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = doNotCallBatchIdSchema.parse(params);
  return respond(await undoDoNotCallBatch(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
