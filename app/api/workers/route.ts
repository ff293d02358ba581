import { NextResponse } from "next/server";
import { route } from "@/lib/http";
import { getWorkerPool } from "@/lib/worker-client";

export const dynamic = "force-dynamic";

// GET /api/workers: engine, model, capacity and readiness of every configured TTS worker (fresh probe)
export const GET = route(async ({ context }) => {
  await context();
  const pool = getWorkerPool();
  await pool.probe();
  const info = pool.info();
  return NextResponse.json({ ready: info !== null, info }, { headers: { "cache-control": "no-store" } });
});
