import { NextResponse } from "next/server";
import { respond, route } from "@/lib/http";
import { createVoiceMix, createVoiceMixSchema, listVoiceMixes } from "@/lib/voices";

export const dynamic = "force-dynamic";

// GET /api/voice-mixes: the organisation's saved voice mixes, by name
export const GET = route(async ({ context }) => {
  return NextResponse.json({ mixes: await listVoiceMixes(await context()) });
});

// POST /api/voice-mixes: save a named mix ("House voice" → "af_heart(2)+af_bella(1)")
export const POST = route(async ({ req, context }) => {
  const input = createVoiceMixSchema.parse(await req.json());
  const ctx = await context();
  return respond(await createVoiceMix(ctx, input), { successStatus: 201 });
});
