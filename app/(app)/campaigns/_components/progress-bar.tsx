type Counts = { queued: number; rendering: number; done: number; failed: number; total: number };

export function progressPercent(counts: Counts): number {
  if (counts.total === 0) return 0;
  return Math.floor(((counts.done + counts.failed) / counts.total) * 100);
}

/** Fixed height and width so streaming updates never move anything around it. */
export function ProgressBar({ counts, label }: { counts: Counts; label: string }) {
  const done = counts.total ? (counts.done / counts.total) * 100 : 0;
  const failed = counts.total ? (counts.failed / counts.total) * 100 : 0;
  const percent = progressPercent(counts);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent}%: ${counts.done} of ${counts.total} done${counts.failed ? `, ${counts.failed} failed` : ""}`}
      className="flex h-2 w-full overflow-hidden rounded-full bg-slate-200"
    >
      <div className="h-full bg-emerald-600 transition-[width] duration-300" style={{ width: `${done}%` }} />
      <div className="h-full bg-red-600 transition-[width] duration-300" style={{ width: `${failed}%` }} />
    </div>
  );
}
