import type { ReactNode } from "react";

/** A card's title: h2 for a card of its own, h3 (smaller) for a part of a card. */
export function CardHeading({ id, nested = false, children }: { id: string; nested?: boolean; children: ReactNode }) {
  return nested ? (
    <h3 id={id} className="text-sm font-semibold">
      {children}
    </h3>
  ) : (
    <h2 id={id} className="text-base font-semibold">
      {children}
    </h2>
  );
}

/**
 * A section of a settings-like page drawn as a card and named by its heading, with an optional line of
 * description under it and actions (a link or button) on the heading's right.
 */
export function Card({
  headingId,
  title,
  description,
  actions,
  className = "space-y-3",
  children,
}: {
  headingId: string;
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  const heading = <CardHeading id={headingId}>{title}</CardHeading>;
  return (
    <section aria-labelledby={headingId} className={`card ${className}`}>
      {actions ? (
        <div className="flex flex-wrap items-center justify-between gap-2">
          {heading}
          {actions}
        </div>
      ) : (
        heading
      )}
      {description && <p className="text-xs text-slate-600">{description}</p>}
      {children}
    </section>
  );
}

/** A page's (or a settings tab's) title and the paragraph that says what it is for. */
export function PageHeader({ title, level = 1, className = "", children }: { title: ReactNode; level?: 1 | 2; className?: string; children: ReactNode }) {
  return (
    <div>
      {level === 1 ? <h1 className="text-2xl font-semibold">{title}</h1> : <h2 className="text-xl font-semibold">{title}</h2>}
      <p className={`mt-1 text-sm text-slate-600 ${className}`.trim()}>{children}</p>
    </div>
  );
}

/** The bordered list of rows a settings card shows or, given `empty` and no rows, the sentence that says so. */
export function ItemList({
  count,
  empty,
  testId,
  bordered = true,
  children,
}: {
  count?: number;
  empty?: ReactNode;
  testId: string;
  bordered?: boolean;
  children: ReactNode;
}) {
  if (count === 0 && empty) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className={bordered ? "divide-y divide-slate-200 rounded-md border border-slate-200" : "divide-y divide-slate-200"} data-testid={testId}>
      {children}
    </ul>
  );
}

/** One row of an ItemList: what it is on the left (wrapping under on a phone), its badges and buttons after. */
export const ITEM_ROW = "flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2.5";
