import { NextResponse } from "next/server";
import { respond, route } from "@/lib/http";
import { createSchedule, listSchedules, scheduleInputSchema } from "@/lib/schedules";

export const dynamic = "force-dynamic";

// GET /api/schedules: the organisation's schedules, with their delivery and next run
export const GET = route(async ({ context }) => NextResponse.json({ items: await listSchedules(await context()) }));

// POST /api/schedules: create a schedule (delivery "calls" needs a connected carrier)
export const POST = route(async ({ req, context }) => {
  const input = scheduleInputSchema.parse(await req.json());
  return respond(await createSchedule(await context(), input), { successStatus: 201 });
}, { role: "admin" });
