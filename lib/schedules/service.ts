import { createCampaign, getCampaign, launchCampaign, MAX_RECIPIENT_IDS, type WorkerCapabilities } from "@/lib/campaigns";
import { getContactList, listContactIdsWithAppointmentBetween, listNotFound, resolveAppointmentWindow } from "@/lib/contacts";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { getOrganization, type Organization } from "@/lib/organizations";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import { enqueueWebhookEvent } from "@/lib/webhooks";
import {
  claimSlot,
  deleteScheduleRow,
  getRunRow,
  getSchedule,
  insertSchedule,
  listActiveScheduleRows,
  listRunRows,
  listScheduleRows,
  updateRun,
  updateScheduleRow,
  type ScheduleRow,
  type ScheduleRunRow,
} from "./queries";
import { scheduleWindow, type ScheduleInput } from "./schemas";
import { listSlotsBetween, nextSlotAfter, type ScheduleTiming, type Slot } from "./slots";

/**
 * How late a slot may still run: a process that was down at 08:00 and is back at 10:00 sends that morning's
 * reminders; one that was down all day does not send yesterday's.
 */
export const CATCH_UP_MS = 6 * 60 * 60 * 1000;

export type ScheduleErrorCode = "schedule_not_found" | "campaign_not_found" | "list_not_found";
export type ScheduleError<C extends ScheduleErrorCode = ScheduleErrorCode> = AppError<C>;

const scheduleNotFound = (): ScheduleError<"schedule_not_found"> => appError("schedule_not_found", "This schedule does not exist.");

export type ScheduleRunDto = {
  id: string;
  slotAt: string;
  localDate: string;
  status: ScheduleRunRow["status"];
  campaignId: string | null;
  recipients: number;
  message: string | null;
};

export type ScheduleDto = {
  id: string;
  name: string;
  campaignId: string;
  campaignName: string;
  weekdays: number[];
  localTime: string;
  timezone: string;
  daysAhead: number;
  /** The list the schedule is limited to, null for everyone with an appointment; `name` null once the list was deleted. */
  list: { id: string; name: string | null } | null;
  isPaused: boolean;
  /** The next slot that will run; null while paused. */
  nextRunAt: string | null;
};

const timingOf = (row: ScheduleRow, timezone: string): ScheduleTiming => ({ weekdays: row.weekdays, localTime: row.localTime, timezone });

function toRunDto(row: ScheduleRunRow): ScheduleRunDto {
  return {
    id: row.id,
    slotAt: row.slotAt.toISOString(),
    localDate: row.localDate,
    status: row.status,
    campaignId: row.campaignId,
    recipients: row.recipients,
    message: row.message,
  };
}

async function toDto(ctx: Ctx, row: ScheduleRow, now: Date): Promise<ScheduleDto> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, row.campaignId);
  const list = row.listId ? await getContactList(ctx, row.listId) : null;
  const after = row.activeFrom > now ? row.activeFrom : now;
  const next = row.isPaused ? null : nextSlotAfter(timingOf(row, ctx.organization.timezone), after);
  return {
    id: row.id,
    name: row.name,
    campaignId: row.campaignId,
    campaignName: campaign?.name ?? "",
    weekdays: row.weekdays,
    localTime: row.localTime,
    timezone: ctx.organization.timezone,
    daysAhead: row.daysAhead,
    list: row.listId ? { id: row.listId, name: list?.ok ? list.value.name : null } : null,
    isPaused: row.isPaused,
    nextRunAt: next?.at.toISOString() ?? null,
  };
}

/** The campaign and the list must be the organisation's own; another organisation's ids read as missing. */
async function checkInput(ctx: Ctx, input: ScheduleInput): Promise<Result<ScheduleInput & { listId: string | null }, ScheduleError<"campaign_not_found" | "list_not_found">>> {
  if (!(await getCampaign(ctx.db, ctx.organization.id, input.campaignId))) return err(appError("campaign_not_found", "Pick one of your campaigns to run."));
  const listId = input.listId ?? null;
  if (listId && !(await getContactList(ctx, listId)).ok) return err(listNotFound());
  return ok({ ...input, listId });
}

export async function createSchedule(ctx: Ctx, input: ScheduleInput): Promise<Result<ScheduleDto, ScheduleError<"campaign_not_found" | "list_not_found">>> {
  const checked = await checkInput(ctx, input);
  if (!checked.ok) return checked;
  const row = await insertSchedule(ctx.db, ctx.organization.id, checked.value);
  return ok(await toDto(ctx, row, new Date()));
}

/** An edit starts the schedule afresh: slots before it never run, so moving 09:00 to 08:00 at 08:30 does not fire at once. */
export async function updateSchedule(ctx: Ctx, id: string, input: ScheduleInput): Promise<Result<ScheduleDto, ScheduleError>> {
  const checked = await checkInput(ctx, input);
  if (!checked.ok) return checked;
  const row = await updateScheduleRow(ctx.db, ctx.organization.id, id, { ...checked.value, activeFrom: new Date() });
  if (!row) return err(scheduleNotFound());
  return ok(await toDto(ctx, row, new Date()));
}

/** Paused: no slot runs. Resumed: the slots missed meanwhile are not caught up, the next one runs. */
export async function setSchedulePaused(ctx: Ctx, id: string, isPaused: boolean): Promise<Result<ScheduleDto, ScheduleError<"schedule_not_found">>> {
  const row = await updateScheduleRow(ctx.db, ctx.organization.id, id, isPaused ? { isPaused } : { isPaused, activeFrom: new Date() });
  if (!row) return err(scheduleNotFound());
  return ok(await toDto(ctx, row, new Date()));
}

export async function deleteSchedule(ctx: Ctx, id: string): Promise<Result<{ id: string }, ScheduleError<"schedule_not_found">>> {
  return (await deleteScheduleRow(ctx.db, ctx.organization.id, id)) ? ok({ id }) : err(scheduleNotFound());
}

export async function listSchedules(ctx: Ctx, now = new Date()): Promise<ScheduleDto[]> {
  const rows = await listScheduleRows(ctx.db, ctx.organization.id);
  return Promise.all(rows.map((row) => toDto(ctx, row, now)));
}

export async function getScheduleDetail(
  ctx: Ctx,
  id: string,
  now = new Date(),
): Promise<Result<{ schedule: ScheduleDto; runs: ScheduleRunDto[] }, ScheduleError<"schedule_not_found">>> {
  const row = await getSchedule(ctx.db, ctx.organization.id, id);
  if (!row) return err(scheduleNotFound());
  const runs = await listRunRows(ctx.db, ctx.organization.id, id, 100);
  return ok({ schedule: await toDto(ctx, row, now), runs: runs.map(toRunDto) });
}

export type ScheduleTickOptions = {
  db: Db;
  /** The workers' capabilities; while none is ready no slot is claimed, so slots wait (up to CATCH_UP_MS). */
  worker: WorkerCapabilities | null;
  now?: Date;
  log?: (entry: Record<string, unknown>) => void;
};

export type ScheduleTickSummary = { launched: number; skipped: number; failed: number };

/**
 * Runs every due slot of every organisation's active schedules. Safe to call from any number of processes
 * at once (the dispatcher loop of each web process, the cron route): each slot is claimed by the unique key.
 */
export async function runDueSchedules(options: ScheduleTickOptions): Promise<ScheduleTickSummary> {
  const summary: ScheduleTickSummary = { launched: 0, skipped: 0, failed: 0 };
  if (!options.worker) return summary;
  const now = options.now ?? new Date();
  const organizations = new Map<string, Organization | null>();
  for (const schedule of await listActiveScheduleRows(options.db)) {
    if (!organizations.has(schedule.organizationId)) organizations.set(schedule.organizationId, await getOrganization(options.db, schedule.organizationId));
    const organization = organizations.get(schedule.organizationId);
    if (!organization) continue;
    const since = new Date(Math.max(schedule.activeFrom.getTime(), now.getTime() - CATCH_UP_MS));
    for (const slot of listSlotsBetween(timingOf(schedule, organization.timezone), since, now)) {
      const outcome = await runSlot(options.db, organization, schedule, slot, options.worker, now);
      if (!outcome) continue;
      summary[outcome.status]++;
      options.log?.({ level: outcome.status === "failed" ? "warn" : "info", msg: `schedule slot ${outcome.status}`, scheduleId: schedule.id, slotAt: slot.at.toISOString(), ...outcome });
    }
  }
  return summary;
}

type SlotOutcome = { status: "launched" | "skipped" | "failed"; campaignId?: string; recipients?: number; message?: string };

/**
 * Claims the slot and creates and launches its campaign through the same use-cases as the UI, all in one
 * transaction: a crash before commit leaves the slot unclaimed for the next tick, never half run.
 */
async function runSlot(db: Db, organization: Organization, schedule: ScheduleRow, slot: Slot, worker: WorkerCapabilities, now: Date): Promise<SlotOutcome | null> {
  return db.transaction(async (tx) => {
    const runId = await claimSlot(tx, { scheduleId: schedule.id, organizationId: organization.id, slotAt: slot.at, localDate: slot.localDate }, { status: "skipped" });
    if (!runId) return null;
    const outcome = await launchSlotCampaign({ db: tx, organization }, schedule, slot, worker, now);
    await updateRun(tx, runId, outcome);
    if (outcome.status === "skipped") await enqueueWebhookEvent(tx, organization.id, "schedule.skipped", { scheduleId: schedule.id, runId });
    return outcome;
  });
}

async function launchSlotCampaign(ctx: Ctx, schedule: ScheduleRow, slot: Slot, worker: WorkerCapabilities, now: Date): Promise<SlotOutcome> {
  // The same definition of a window as the builder's and the API's, counted from the slot's own date.
  const day = resolveAppointmentWindow(scheduleWindow(schedule.daysAhead), ctx.organization.timezone, now, slot.localDate);
  const listId = schedule.listId ?? undefined;
  // A deleted list never widens the schedule to everyone: its slots are skipped until the schedule is edited.
  if (listId && !(await getContactList(ctx, listId)).ok) return { status: "skipped", recipients: 0, message: "The schedule's contact list no longer exists." };
  const contactIds = await listContactIdsWithAppointmentBetween(ctx.db, ctx.organization.id, { from: day.from, to: day.to, listId }, MAX_RECIPIENT_IDS + 1);
  const skipped: SlotOutcome = { status: "skipped", recipients: 0, message: `No contact${listId ? " in the list" : ""} has an appointment on ${day.firstDate}.` };
  if (contactIds.length === 0) return skipped;
  const source = await getCampaign(ctx.db, ctx.organization.id, schedule.campaignId);
  if (!source) return { status: "failed", message: "The schedule's campaign no longer exists." };
  const created = await createCampaign(
    ctx,
    {
      name: `${schedule.name} · ${slot.localDate}`.slice(0, 120),
      template: source.template,
      voice: source.voice,
      speed: source.speed,
      // The source campaign's choice for messages with a hole: a slot never sends one the clinic did not choose to.
      missingValues: source.missingValues,
      sharedNumbers: source.sharedNumbers,
      recipients: { mode: "contacts", contactIds },
    },
    worker,
  );
  if (!created.ok) return { status: "failed", message: created.error.message };
  const launched = await launchCampaign(ctx, created.value.id, worker);
  // Everyone with an appointment that day may be excluded from calls (do-not-call): nothing to send then.
  if (!launched.ok && launched.error.code === "no_recipients") return { ...skipped, campaignId: created.value.id, message: `Nobody with an appointment on ${day.firstDate} can be called.` };
  if (!launched.ok) return { status: "failed", campaignId: created.value.id, message: launched.error.message };
  return { status: "launched", campaignId: created.value.id, recipients: launched.value.campaign.recipients };
}

/** The `data` of a schedule.skipped webhook: which schedule, which slot, and why. */
export async function getSkippedRunWebhookData(db: Db, organizationId: string, scheduleId: string, runId: string) {
  const [schedule, run] = await Promise.all([getSchedule(db, organizationId, scheduleId), getRunRow(db, organizationId, runId)]);
  return {
    schedule: schedule ? { id: schedule.id, name: schedule.name, campaignId: schedule.campaignId } : { id: scheduleId },
    run: run ? toRunDto(run) : { id: runId },
  };
}
