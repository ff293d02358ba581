"use client";

import Link from "next/link";
import { useState } from "react";
import type { ScheduleDto } from "@/lib/schedules";
import { DELIVERY_LABELS, MAX_DAYS_AHEAD, SCHEDULE_DELIVERIES } from "@/lib/schedules/schemas";
import { LabeledInput, LabeledSelect, SubmitRow } from "../../../_components/form-fields";
import { useServerAction } from "../../_components/use-server-action";
import { createScheduleAction, updateScheduleAction } from "../actions";
import { WEEKDAYS } from "./format";

export type CampaignOption = { id: string; name: string };
export type ListOption = { id: string; name: string };

const toOption = (o: { id: string; name: string }) => ({ value: o.id, label: o.name });

/**
 * Create a schedule, or edit one (`schedule` given): which campaign, which days, what time, how far ahead, which
 * list, and how it delivers (calling needs a carrier: `hasCarrier`).
 */
export function ScheduleForm({
  campaigns,
  lists,
  schedule,
  timezone,
  hasCarrier,
}: {
  campaigns: CampaignOption[];
  lists: ListOption[];
  schedule?: ScheduleDto;
  timezone: string;
  hasCarrier: boolean;
}) {
  const { pending, error, run, router } = useServerAction();
  const [saved, setSaved] = useState(false);
  const [name, setName] = useState(schedule?.name ?? "Tomorrow's reminders");
  const [campaignId, setCampaignId] = useState(schedule?.campaignId ?? campaigns[0]?.id ?? "");
  const [weekdays, setWeekdays] = useState<number[]>(schedule?.weekdays ?? [1, 2, 3, 4, 5]);
  const [localTime, setLocalTime] = useState(schedule?.localTime ?? "09:00");
  const [daysAhead, setDaysAhead] = useState(String(schedule?.daysAhead ?? 1));
  const [listId, setListId] = useState(schedule?.list?.id ?? "");
  const [delivery, setDelivery] = useState<ScheduleDto["delivery"]>(schedule?.delivery ?? "files");
  // A schedule whose list was deleted keeps it selected (and refused on save) rather than quietly widening to everyone.
  const missingList = schedule?.list && !lists.some((l) => l.id === schedule.list?.id) ? schedule.list : null;
  const toggle = (day: number) => setWeekdays((days) => (days.includes(day) ? days.filter((d) => d !== day) : [...days, day].sort()));

  const submit = () => {
    setSaved(false);
    const input = { name, campaignId, weekdays, localTime, daysAhead, listId: listId || null, delivery };
    run(
      () => (schedule ? updateScheduleAction(schedule.id, input) : createScheduleAction(input)),
      (saved) => {
        setSaved(true);
        if (schedule) router.refresh();
        else router.push(`/schedules/${saved.id}`);
      },
    );
  };

  if (campaigns.length === 0) return <p className="text-sm text-slate-600">Create a campaign first: a schedule runs a saved campaign&apos;s template, voice and speed.</p>;
  return (
    <form
      className="space-y-4"
      aria-label={schedule ? "Edit schedule" : "New schedule"}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <LabeledInput id="schedule-name" label="Name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        <LabeledSelect id="schedule-campaign" label="Campaign to run" value={campaignId} onChange={(e) => setCampaignId(e.target.value)} options={campaigns.map(toOption)} />
      </div>
      <fieldset>
        <legend className="label">Days</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {WEEKDAYS.map((w) => (
            <label key={w.day} className="inline-flex min-h-9 items-center gap-1.5 rounded-md border border-slate-300 px-2.5 text-sm has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50">
              <input type="checkbox" checked={weekdays.includes(w.day)} onChange={() => toggle(w.day)} />
              {w.short}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <LabeledInput id="schedule-time" label={<>Time ({timezone})</>} type="time" required value={localTime} onChange={(e) => setLocalTime(e.target.value)} />
        <LabeledInput
          id="schedule-days-ahead"
          label={
            <>
              Call contacts with an appointment in … days after the run <span className="font-normal text-slate-600">(1: the next calendar day, in the organisation's time zone)</span>
            </>
          }
          type="number"
          min={0}
          max={MAX_DAYS_AHEAD}
          required
          value={daysAhead}
          onChange={(e) => setDaysAhead(e.target.value)}
        />
        <LabeledSelect id="schedule-list" label="Only contacts in list" value={listId} onChange={(e) => setListId(e.target.value)} options={lists.map(toOption)}>
          <option value="">Any contact (no list)</option>
          {missingList && <option value={missingList.id}>Deleted list</option>}
        </LabeledSelect>
        <div>
          <LabeledSelect
            id="schedule-delivery"
            label="Deliver"
            aria-describedby="schedule-delivery-hint"
            value={delivery}
            onChange={(e) => setDelivery(e.target.value as ScheduleDto["delivery"])}
          >
            {SCHEDULE_DELIVERIES.map((d) => (
              // A schedule already set to call keeps its choice visible even if the carrier was removed since (saving says why it is refused).
              <option key={d} value={d} disabled={d === "calls" && !hasCarrier && schedule?.delivery !== "calls"}>
                {DELIVERY_LABELS[d]}
                {d === "calls" && !hasCarrier ? " (needs a phone carrier)" : ""}
              </option>
            ))}
          </LabeledSelect>
          <p id="schedule-delivery-hint" className="mt-1 text-xs text-slate-600">
            {delivery === "calls"
              ? "Each run's calls start by themselves once its audio is ready, inside each patient's calling window."
              : hasCarrier
                ? "Each run's audio waits for you to export it or call from the campaign's page."
                : (
                    <>
                      To call patients by schedule, connect a carrier in <Link href="/settings/phone-calls" className="text-indigo-700 underline">Settings → Phone calls</Link>.
                    </>
                  )}
          </p>
        </div>
      </div>
      <p className="text-xs text-slate-600">
        Each run creates and launches a campaign for the contacts whose appointment falls on that day (1 = the day after the run). A time the clocks skip on a
        daylight-saving day runs an hour later; a time that happens twice runs the first time.
      </p>
      <SubmitRow label={schedule ? "Save changes" : "Create schedule"} pendingLabel="Saving…" pending={pending} error={error} success={saved && !error && schedule && "Saved."} />
    </form>
  );
}
