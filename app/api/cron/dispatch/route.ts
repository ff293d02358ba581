import { timingSafeEqual, createHash } from "node:crypto";
import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { errorResponse, route } from "@/lib/http";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

const digest = (s: string) => createHash("sha256").update(s).digest();

// GET /api/cron/dispatch: serverless pass: due schedule slots, due webhooks, due calls, then dispatch (Vercel Cron sends `Authorization: Bearer $CRON_SECRET`)
export const GET = route(async ({ req }) => {
  const given = req.headers.get("authorization") ?? "";
  if (!env.CRON_SECRET || !timingSafeEqual(digest(given), digest(`Bearer ${env.CRON_SECRET}`))) {
    return errorResponse({ code: "unauthorized", message: "A valid CRON_SECRET bearer token is required." });
  }
  const { dispatchFor, placeCalls, runAutomations } = await import("@/lib/runtime/dispatch");
  const automations = await runAutomations();
  const calls = await placeCalls();
  return NextResponse.json({ ...(await dispatchFor()), automations, calls });
}, { access: "public" });
