import type { ReactNode } from "react";

/**
 * Tables that fit a phone: from the sm breakpoint up they are ordinary tables; below it every row is a small
 * card of labelled lines, so no column ends up off-screen. Use with STACKED_TABLE classes on the table parts.
 */
export const STACKED_TABLE = {
  table: "w-full text-left text-sm sm:min-w-[36rem]",
  thead: "hidden bg-slate-50 text-xs text-slate-600 sm:table-header-group",
  tbody: "block divide-y divide-slate-200 bg-white sm:table-row-group",
  row: "block py-2 sm:table-row sm:py-0",
};

/** A cell that, on a phone, is one line of its row's card: its label on the left, the value on the right. */
export function StackedCell({ label, className = "", children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <td className={`flex min-h-9 items-center justify-between gap-3 px-3 py-1 sm:table-cell sm:min-h-0 sm:py-2 ${className}`}>
      <span className="shrink-0 text-xs text-slate-600 sm:hidden">{label}</span>
      {children}
    </td>
  );
}
