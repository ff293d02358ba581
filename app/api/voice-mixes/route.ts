import { NextResponse } from "next/server";
import { jsonBody, jsonResponse, respond, route } from "@/lib/http";
import { createVoiceMix, createVoiceMixSchema, listVoiceMixes } from "@/lib/voices";

export const dynamic = "force-dynamic";

// GET /api/voice-mixes: the organisation's saved voice mixes, by name
export const GET = route(async ({ context }) => {
  return NextResponse.json({ mixes: await listVoiceMixes(await context()) });
}, { openapi: { summary: "List saved voice mixes", tags: ["Voices"], responses: { "200": jsonResponse("The organisation's saved mixes, by name") } } });

// POST /api/voice-mixes: save a named mix ("House voice" → "af_heart(2)+af_bella(1)")
export const POST = route(async ({ req, context }) => {
  const input = createVoiceMixSchema.parse(await req.json());
  const ctx = await context();
  return respond(await createVoiceMix(ctx, input), { successStatus: 201 });
}, {
  openapi: {
    summary: "Save a voice mix",
    tags: ["Voices"],
    requestBody: jsonBody(createVoiceMixSchema),
    responses: { "201": jsonResponse("The saved mix"), "409": jsonResponse("voice_mix_name_taken"), "422": jsonResponse("unknown_voice, or too_many_voice_mixes (at most 100 per organisation)") },
  },
});
