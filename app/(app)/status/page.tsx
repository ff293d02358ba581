import type { Metadata } from "next";
import Link from "next/link";
import { isBasicVoice } from "@/lib/protocol/tts";
import { getStorageStatus, getSystemStatus } from "@/lib/system";
import { viewFallbackWarning, viewWorkers } from "@/lib/system/worker-view";
import { getPageContext } from "@/lib/http/session";
import { getWorkerPool } from "@/lib/runtime/resources";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Status" };

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-1 gap-0.5 px-4 py-2.5 sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-sm break-words text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

export default async function StatusPage() {
  const ctx = await getPageContext();
  const system = getSystemStatus(ctx);
  const storage = await getStorageStatus(ctx);
  const pool = getWorkerPool();
  await pool.probe();
  const info = pool.info();
  const fallback = info && (isBasicVoice(info.engine) || info.warning);
  // Office staff get a summary; worker addresses and raw errors are for owners and admins.
  const workers = viewWorkers(pool.workers(), ctx.user.role);
  const technical = ctx.user.role !== "staff";
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Status</h1>
        <Link href="/status" className="btn" prefetch={false}>
          Check again
        </Link>
      </div>

      <section aria-labelledby="worker-heading" className="space-y-2">
        <h2 id="worker-heading" className="text-lg font-semibold">
          Voice worker
        </h2>
        <p
          className={`rounded-md border px-3 py-2 text-sm ${
            !info ? "border-red-300 bg-red-50 text-red-900" : fallback ? "border-amber-300 bg-amber-50 text-amber-950" : "border-emerald-300 bg-emerald-50 text-emerald-900"
          }`}
          data-testid="worker-state"
        >
          {!info
            ? "No voice worker is ready. Campaigns cannot be launched and voices cannot be auditioned until one is."
            : fallback
              ? `Running, but on a fallback: ${viewFallbackWarning(info.warning, ctx.user.role)}`
              : "Ready: renders with the Kokoro model."}
        </p>
        <dl className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          <Row label="Engine" testId="worker-engine">{info?.engine ?? "—"}</Row>
          <Row label="Model id">{info?.modelId ?? "—"}</Row>
          <Row label="Model version">
            <span className="font-mono text-xs">{info?.modelVersion ?? "—"}</span>
          </Row>
          <Row label="Capacity">{info ? `${info.capacity} renders at once` : "—"}</Row>
          <Row label="Voices">{info ? info.voices.length : "—"}</Row>
          <Row label="Speed">{info?.msPerAudioSecond != null ? `${Math.round(info.msPerAudioSecond)} ms per second of audio` : "Measured after the first render"}</Row>
        </dl>
        <h3 className="pt-2 text-sm font-semibold">Workers</h3>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {workers.map((w) => (
            <li key={w.key} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5 text-sm" data-testid="status-worker">
              <span className={`min-w-0 break-all ${technical ? "font-mono text-xs" : ""}`}>{w.label}</span>
              <span className="flex items-center gap-2">
                {w.inFlight !== null && <span className="text-xs text-slate-600">{w.inFlight} in flight</span>}
                <span
                  className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${w.ready ? "bg-emerald-50 text-emerald-800 ring-emerald-300" : "bg-red-50 text-red-800 ring-red-300"}`}
                >
                  {w.ready ? "Ready" : "Not ready"}
                </span>
              </span>
              {w.detail && <span className="w-full text-xs text-red-800">{w.detail}</span>}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="db-heading" className="space-y-2">
        <h2 id="db-heading" className="text-lg font-semibold">
          Database
        </h2>
        <dl className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          <Row label="Database" testId="status-database">{system.database.label}</Row>
          <Row label="Organisation">{system.organization.name}</Row>
          {storage && (
            <Row label="Free space" testId="status-storage">
              <span className={storage.level === "ok" ? undefined : storage.level === "low" ? "text-amber-900" : "font-medium text-red-800"}>{storage.text}</span>
            </Row>
          )}
        </dl>
      </section>
    </section>
  );
}
