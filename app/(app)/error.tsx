"use client";

// Unexpected failures only (expected ones are Results shown in place); the server logged the details.
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
      <h1 className="text-lg font-semibold text-red-900">Something went wrong</h1>
      <p className="mt-1 text-sm text-red-800">
        The page could not be loaded. Try again; if it keeps happening, check the Status page.
        {error.digest ? ` (reference ${error.digest})` : ""}
      </p>
      <button type="button" className="btn mt-4" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
