import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { route } from "@/lib/http";
import { getWorkerPool } from "@/lib/runtime/resources";

export const dynamic = "force-dynamic";

// GET /api/workers: engine, model, capacity and readiness of every configured TTS worker (fresh probe);
// `supervised`: npm start restarts a worker that dies, so an unreachable one is on its way back.
export const GET = route(async ({ context }) => {
  await context();
  const pool = getWorkerPool();
  await pool.probe();
  const info = pool.info();
  return NextResponse.json({ ready: info !== null, info, supervised: env.TTS_WORKER_SUPERVISED }, { headers: { "cache-control": "no-store" } });
});
