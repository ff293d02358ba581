import { NextResponse } from "next/server";
import { createPronunciation, listPronunciations, pronunciationFilterSchema, pronunciationSchema } from "@/lib/lexicon";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/pronunciations: the organisation's pronunciation dictionary, alphabetical; ?language=es for one language
export const GET = route(async ({ req, context }) => {
  const filter = pronunciationFilterSchema.parse({ language: new URL(req.url).searchParams.get("language") ?? undefined });
  return NextResponse.json({ pronunciations: await listPronunciations(await context(), filter) });
});

// POST /api/pronunciations: add a word, how to say it and its language (409 term_taken when the word is already there in that language)
export const POST = route(async ({ req, context }) => {
  const input = pronunciationSchema.parse(await req.json());
  return respond(await createPronunciation(await context(), input), { successStatus: 201 });
});
