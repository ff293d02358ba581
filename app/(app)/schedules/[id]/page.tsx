import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { roleAtLeast } from "@/lib/values/roles";
import { listCampaigns } from "@/lib/campaigns";
import { hasCarrierConnected } from "@/lib/calls";
import { listContactLists } from "@/lib/contacts";
import { Card, ItemList } from "../../../_components/card";
import { DELIVERY_LABELS, getScheduleDetail, scheduleIdSchema, type ScheduleRunDto } from "@/lib/schedules";
import { DeleteScheduleButton } from "../_components/delete-button";
import { describeDays, formatInZone } from "../_components/format";
import { PauseButton } from "../_components/pause-button";
import { ScheduleForm } from "../_components/schedule-form";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Schedule" };

const STATUS_STYLE = { launched: "bg-emerald-50 text-emerald-800", skipped: "bg-slate-100 text-slate-700", failed: "bg-red-50 text-red-800" } as const;

/** A phone-delivery run's calls: waiting for the audio, queued, or why they were not started. */
function callsNote(run: ScheduleRunDto): string {
  if (run.delivery !== "calls") return "";
  if (run.callsStartedAt === null) return " · calls start once the audio is ready";
  if (run.callsQueued === null) return ` · ${run.message ?? "calls not started"}`;
  return ` · calls started for ${run.callsQueued}`;
}

export default async function SchedulePage({ params }: { params: Promise<{ id: string }> }) {
  const parsed = scheduleIdSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const ctx = await getPageContext();
  const detail = await getScheduleDetail(ctx, parsed.data.id);
  if (!detail.ok) notFound();
  const { schedule, runs } = detail.value;
  const [campaigns, lists, hasCarrier] = await Promise.all([listCampaigns(ctx), listContactLists(ctx), hasCarrierConnected(ctx.db, ctx.organization.id)]);
  const timezone = ctx.organization.timezone;
  const canManage = roleAtLeast(ctx.user.role, "admin");
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <Link href="/schedules" className="text-sm text-indigo-700 hover:underline">
            ← Schedules
          </Link>
          <h1 className="mt-1 text-2xl font-semibold break-words">{schedule.name}</h1>
          <p className="mt-1 text-sm text-slate-600">
            {describeDays(schedule.weekdays)} at {schedule.localTime} ({timezone}) ·{" "}
            {schedule.isPaused ? "paused" : schedule.nextRunAt ? `next run ${formatInZone(schedule.nextRunAt, timezone)}` : "no run planned"}
          </p>
          <p className="mt-1 text-sm text-slate-600" data-testid="schedule-delivery">
            Deliver: {DELIVERY_LABELS[schedule.delivery]}
          </p>
          {schedule.list && (
            <p className="mt-1 text-sm text-slate-600" data-testid="schedule-list">
              {schedule.list.name === null ? (
                <span className="text-red-700">Its contact list was deleted: runs are skipped until you pick another list or none.</span>
              ) : (
                <>
                  Only contacts in the list <Link href={`/contacts?listId=${schedule.list.id}`} className="text-indigo-700 hover:underline">{schedule.list.name}</Link>
                </>
              )}
            </p>
          )}
        </div>
        {canManage && (
          <div className="flex flex-wrap items-center gap-2">
            <PauseButton id={schedule.id} name={schedule.name} isPaused={schedule.isPaused} />
            <DeleteScheduleButton id={schedule.id} name={schedule.name} />
          </div>
        )}
      </div>
      <Card headingId="history-heading" title="History">
        <ItemList count={runs.length} empty="No run yet." testId="schedule-runs" bordered={false}>
          {runs.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2 text-sm">
              <span className="text-slate-800 sm:w-44">{formatInZone(r.slotAt, timezone)}</span>
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[r.status]}`}>{r.status}</span>
              <span className="min-w-0 basis-full text-slate-600 sm:flex-1 sm:basis-auto">
                {r.status === "launched" ? `${r.recipients} recipient${r.recipients === 1 ? "" : "s"}${callsNote(r)}` : r.message}
              </span>
              {r.campaignId && (
                <Link href={`/campaigns/${r.campaignId}`} className="text-indigo-700 hover:underline">
                  Open campaign
                </Link>
              )}
            </li>
          ))}
        </ItemList>
      </Card>
      {canManage && (
        <Card headingId="edit-heading" title="Edit" className="space-y-4">
          <ScheduleForm campaigns={campaigns.map((c) => ({ id: c.id, name: c.name }))} lists={lists.map((l) => ({ id: l.id, name: l.name }))} schedule={schedule} timezone={timezone} hasCarrier={hasCarrier} />
        </Card>
      )}
    </section>
  );
}
