import type { CampaignDto } from "@/lib/campaigns";

const STYLES: Record<CampaignDto["status"], { label: string; className: string }> = {
  draft: { label: "Draft", className: "bg-slate-100 text-slate-700 ring-slate-300" },
  rendering: { label: "Rendering", className: "bg-blue-50 text-blue-800 ring-blue-300" },
  ready: { label: "Ready", className: "bg-emerald-50 text-emerald-800 ring-emerald-300" },
  partially_failed: { label: "Partly failed", className: "bg-amber-50 text-amber-900 ring-amber-300" },
  canceled: { label: "Canceled", className: "bg-slate-100 text-slate-600 ring-slate-300" },
};

export function StatusBadge({ status }: { status: CampaignDto["status"] }) {
  const style = STYLES[status];
  return (
    <span
      data-testid="status-badge"
      className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${style.className}`}
    >
      {style.label}
    </span>
  );
}
