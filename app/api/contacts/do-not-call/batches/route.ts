import { NextResponse } from "next/server";
import { listDoNotCallBatches } from "@/lib/contacts";
import { jsonResponse, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/contacts/do-not-call/batches: the latest bulk opt-outs (files, API lists, imports' opt-out columns), newest first
export const GET = route(async ({ context }) => NextResponse.json({ items: await listDoNotCallBatches(await context()) }), {
  openapi: {
    summary: "List bulk opt-outs",
    description: "The latest 20 bulk opt-outs, each with how many numbers it added and whether it was undone.",
    tags: ["Contacts"],
    responses: { "200": jsonResponse("The batches, newest first") },
  },
});
