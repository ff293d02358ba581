import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

// GET /api/health: liveness only (the process answers); it touches neither the database nor the worker.
export function GET() {
  return NextResponse.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
