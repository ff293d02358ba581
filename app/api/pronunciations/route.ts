import { NextResponse } from "next/server";
import { createPronunciation, listPronunciations, pronunciationSchema } from "@/lib/lexicon";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/pronunciations: the organisation's pronunciation dictionary, alphabetical
export const GET = route(async ({ context }) => {
  return NextResponse.json({ pronunciations: await listPronunciations(await context()) });
});

// POST /api/pronunciations: add a word and how to say it (409 term_taken when the word is already there)
export const POST = route(async ({ req, context }) => {
  const input = pronunciationSchema.parse(await req.json());
  return respond(await createPronunciation(await context(), input), { successStatus: 201 });
});
