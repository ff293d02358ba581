import { NextResponse } from "next/server";
import { z } from "zod";
import { jsonResponse, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/health: liveness only (the process answers); it touches neither the database nor the worker.
export const GET = route(async () => NextResponse.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }), {
  access: "public",
  openapi: { summary: "Liveness", tags: ["Operations"], responses: { "200": jsonResponse("The process answers", z.object({ status: z.literal("ok") })) } },
});
