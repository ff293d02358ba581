import { z } from "zod";
import { IGNORED_BODY_MAX_BYTES, jsonBody, jsonResponse, respond, route } from "@/lib/http";
import { deleteVoiceMix, renameVoiceMix, renameVoiceMixSchema } from "@/lib/voices";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.uuid() });

// PATCH /api/voice-mixes/:id: rename a saved mix (campaigns that use it keep their audio)
export const PATCH = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = paramsSchema.parse(params);
  const input = renameVoiceMixSchema.parse(await req.json());
  return respond(await renameVoiceMix(await context(), id, input));
}, {
  openapi: {
    summary: "Rename a saved voice mix",
    tags: ["Voices"],
    requestParams: { path: paramsSchema },
    requestBody: jsonBody(renameVoiceMixSchema),
    responses: { "200": jsonResponse("The renamed mix"), "404": jsonResponse("voice_mix_not_found"), "409": jsonResponse("voice_mix_name_taken") },
  },
});

// DELETE /api/voice-mixes/:id: delete a saved mix (campaigns that use its blend keep it)
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = paramsSchema.parse(params);
  return respond(await deleteVoiceMix(await context(), id));
}, {
  maxBodyBytes: IGNORED_BODY_MAX_BYTES,
  openapi: { summary: "Delete a saved voice mix", tags: ["Voices"], requestParams: { path: paramsSchema }, responses: { "200": jsonResponse("The deleted mix's id"), "404": jsonResponse("voice_mix_not_found") } },
});
