import type { Metadata } from "next";
import Link from "next/link";
import { roleAtLeast } from "@/lib/values/roles";
import { listCampaigns } from "@/lib/campaigns";
import { hasCarrierConnected } from "@/lib/calls";
import { listContactLists } from "@/lib/contacts";
import { DELIVERY_LABELS, describeScheduleWindow, listSchedules } from "@/lib/schedules";
import { Card, PageHeader } from "../../_components/card";
import { describeDays, formatInZone } from "./_components/format";
import { PauseButton } from "./_components/pause-button";
import { ScheduleForm } from "./_components/schedule-form";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Schedules" };

export default async function SchedulesPage() {
  const ctx = await getPageContext();
  const [schedules, campaigns, lists, hasCarrier] = await Promise.all([listSchedules(ctx), listCampaigns(ctx), listContactLists(ctx), hasCarrierConnected(ctx.db, ctx.organization.id)]);
  const timezone = ctx.organization.timezone;
  const canManage = roleAtLeast(ctx.user.role, "admin");
  return (
    <section className="space-y-6">
      <PageHeader title="Schedules">
        A schedule launches a campaign by itself, at a time of day in {timezone}, for the contacts with an appointment coming up. Results can go to your
        phone system by <Link href="/settings/webhooks" className="text-indigo-700 underline">webhook</Link>.
      </PageHeader>
      {schedules.length > 0 && (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="schedules">
          {schedules.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
              <div className="min-w-0 basis-full sm:flex-1 sm:basis-0">
                <Link href={`/schedules/${s.id}`} className="font-medium text-indigo-700 hover:underline">
                  {s.name}
                </Link>
                <p className="text-sm text-slate-600">
                  {describeDays(s.weekdays)} at {s.localTime} · {s.campaignName} · {describeScheduleWindow(s.daysAhead)}
                  {s.list && ` · only list ${s.list.name ?? "(deleted)"}`}
                </p>
                <p className="text-sm text-slate-600" data-testid="schedule-delivery">
                  Deliver: {s.delivery === "calls" ? <span className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-800">{DELIVERY_LABELS.calls}</span> : DELIVERY_LABELS.files}
                </p>
              </div>
              <p className="text-sm text-slate-700">{s.isPaused ? <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800">Paused</span> : s.nextRunAt ? `Next run ${formatInZone(s.nextRunAt, timezone)}` : "No run planned"}</p>
              {canManage && <PauseButton id={s.id} name={s.name} isPaused={s.isPaused} />}
            </li>
          ))}
        </ul>
      )}
      {canManage ? (
        <Card headingId="new-schedule-heading" title="New schedule" className="space-y-4">
          <ScheduleForm campaigns={campaigns.map((c) => ({ id: c.id, name: c.name }))} lists={lists.map((l) => ({ id: l.id, name: l.name }))} timezone={timezone} hasCarrier={hasCarrier} />
        </Card>
      ) : (
        <p className="card text-sm text-slate-700">Only an admin or the owner can add, change, pause or delete schedules: they launch campaigns with nobody checking each one.</p>
      )}
    </section>
  );
}
