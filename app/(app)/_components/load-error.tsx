"use client";

/** What a failed query shows in place of its data: the server's message and a way to ask again. */
export function LoadError({ what, error, onRetry, className = "text-sm text-red-700" }: { what: string; error: Error; onRetry: () => void; className?: string }) {
  return (
    <p role="alert" className={className}>
      Could not {what}: {error.message}{" "}
      <button type="button" className="font-medium underline" onClick={onRetry}>
        Try again
      </button>
    </p>
  );
}
