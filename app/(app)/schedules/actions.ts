"use server";

import { z } from "zod";
import { action } from "@/lib/http";
import { createSchedule, deleteSchedule, scheduleIdSchema, scheduleInputSchema, setSchedulePaused, updateSchedule } from "@/lib/schedules";

const updateSchema = z.object({ id: scheduleIdSchema.shape.id, input: scheduleInputSchema });
const pauseSchema = z.object({ id: scheduleIdSchema.shape.id, isPaused: z.boolean() });

// A schedule launches campaigns by itself, with nobody looking at each plan: a standing decision for an admin.
const ADMIN = { role: "admin" } as const;

export async function createScheduleAction(input: unknown) {
  return action(scheduleInputSchema, input, (ctx, data) => createSchedule(ctx, data), ADMIN);
}

export async function updateScheduleAction(id: unknown, input: unknown) {
  return action(updateSchema, { id, input }, (ctx, data) => updateSchedule(ctx, data.id, data.input), ADMIN);
}

export async function setSchedulePausedAction(id: unknown, isPaused: unknown) {
  return action(pauseSchema, { id, isPaused }, (ctx, data) => setSchedulePaused(ctx, data.id, data.isPaused), ADMIN);
}

export async function deleteScheduleAction(id: unknown) {
  return action(scheduleIdSchema, { id }, (ctx, data) => deleteSchedule(ctx, data.id), ADMIN);
}
