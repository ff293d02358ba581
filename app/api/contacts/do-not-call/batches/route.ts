import { NextResponse } from "next/server";
import { listDoNotCallBatches } from "@/lib/contacts";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/contacts/do-not-call/batches: the latest bulk opt-outs (files, API lists, imports' opt-out columns), newest first
export const GET = route(async ({ context }) => NextResponse.json({ items: await listDoNotCallBatches(await context()) }));
