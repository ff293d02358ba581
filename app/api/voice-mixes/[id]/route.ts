import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";
import { deleteVoiceMix, renameVoiceMix, renameVoiceMixSchema, voiceMixIdSchema } from "@/lib/voices";

export const dynamic = "force-dynamic";

// PATCH /api/voice-mixes/:id: rename a saved mix (campaigns that use it keep their audio)
export const PATCH = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = voiceMixIdSchema.parse(params);
  const input = renameVoiceMixSchema.parse(await req.json());
  return respond(await renameVoiceMix(await context(), id, input));
});

// DELETE /api/voice-mixes/:id: delete a saved mix (campaigns that use its blend keep it)
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = voiceMixIdSchema.parse(params);
  return respond(await deleteVoiceMix(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
