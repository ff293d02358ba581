import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";
import { deleteSchedule, getScheduleDetail, scheduleIdSchema, scheduleInputSchema, updateSchedule } from "@/lib/schedules";

export const dynamic = "force-dynamic";

// GET /api/schedules/:id: one schedule with its last runs (and, for phone delivery, each run's calls)
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = scheduleIdSchema.parse(params);
  return respond(await getScheduleDetail(await context(), id));
});

// PUT /api/schedules/:id: replace a schedule's settings (slots before the edit never run)
export const PUT = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = scheduleIdSchema.parse(params);
  const input = scheduleInputSchema.parse(await req.json());
  return respond(await updateSchedule(await context(), id, input));
}, { role: "admin" });

// DELETE /api/schedules/:id: delete a schedule (the campaigns it launched stay)
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = scheduleIdSchema.parse(params);
  return respond(await deleteSchedule(await context(), id));
}, { role: "admin", maxBodyBytes: IGNORED_BODY_MAX_BYTES });
