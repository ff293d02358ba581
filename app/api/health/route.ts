import { NextResponse } from "next/server";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/health: liveness only (the process answers); it touches neither the database nor the worker.
export const GET = route(async () => NextResponse.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }), { access: "public" });
