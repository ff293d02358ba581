import { NextResponse } from "next/server";
import { createPronunciation, listPronunciations, pronunciationSchema } from "@/lib/lexicon";
import { respond, route, jsonResponse } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/pronunciations: the organisation's pronunciation dictionary, alphabetical
export const GET = route(async ({ context }) => {
  return NextResponse.json({ pronunciations: await listPronunciations(await context()) });
}, { openapi: { summary: "List pronunciations", tags: ["Pronunciations"], responses: { "200": jsonResponse("List pronunciations: done") } } });

// POST /api/pronunciations: add a word and how to say it (409 term_taken when the word is already there)
export const POST = route(async ({ req, context }) => {
  const input = pronunciationSchema.parse(await req.json());
  return respond(await createPronunciation(await context(), input), { successStatus: 201 });
}, { openapi: { summary: "Add a pronunciation", tags: ["Pronunciations"], responses: { "200": jsonResponse("Add a pronunciation: done") } } });
