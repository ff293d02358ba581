import { doNotCallBatchIdSchema, undoDoNotCallBatch } from "@/lib/contacts";
import { IGNORED_BODY_MAX_BYTES, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/contacts/do-not-call/batches/:id/undo: take the numbers this bulk opt-out added off the list again
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = doNotCallBatchIdSchema.parse(params);
  return respond(await undoDoNotCallBatch(await context(), id));
}, {
  maxBodyBytes: IGNORED_BODY_MAX_BYTES,
  openapi: {
    summary: "Undo a bulk opt-out",
    description:
      "The numbers the batch put on the do-not-call list leave it, in one step. A number's own opt-out (by hand, or for one contact through the API), before or after the batch, stays. Undoing an undone batch changes nothing.",
    tags: ["Contacts"],
    requestParams: { path: doNotCallBatchIdSchema },
    responses: { "200": jsonResponse("The batch, now undone, with how many numbers it removed"), "404": jsonResponse("do_not_call_batch_not_found") },
  },
});
