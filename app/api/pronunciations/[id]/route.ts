import { z } from "zod";
import { deletePronunciation, pronunciationIdSchema, pronunciationPatchSchema, updatePronunciation } from "@/lib/lexicon";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: pronunciationIdSchema });

// PATCH /api/pronunciations/:id: change an entry's word, how it is said, or its language (kept when not given)
export const PATCH = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = paramsSchema.parse(params);
  const input = pronunciationPatchSchema.parse(await req.json());
  return respond(await updatePronunciation(await context(), id, input));
});

// DELETE /api/pronunciations/:id: remove an entry; its word is said as written again
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = paramsSchema.parse(params);
  return respond(await deletePronunciation(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
