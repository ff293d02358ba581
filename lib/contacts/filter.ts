import type { Ctx } from "@/lib/context";
import { resolveAppointmentWindow, type AppointmentWindow } from "./appointment-window";
import type { ContactFilter } from "./queries";

/**
 * A filter as the queries take it: the appointment window resolved to instants in the organisation's time
 * zone (the older `upcomingWithinDays: N` is the window "next N days").
 */
export function toContactFilter(
  ctx: Ctx,
  input: { search?: string; listId?: string; appointments?: AppointmentWindow; upcomingWithinDays?: number },
  now = new Date(),
): ContactFilter {
  const window = input.appointments ?? (input.upcomingWithinDays === undefined ? undefined : ({ kind: "nextDays", days: input.upcomingWithinDays } as const));
  return {
    search: input.search,
    listId: input.listId,
    appointments: window && resolveAppointmentWindow(window, ctx.organization.timezone, now),
  };
}
