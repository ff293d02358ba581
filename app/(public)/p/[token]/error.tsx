"use client";

export default function PreviewError({ reset }: { reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-slate-200 bg-white p-6 text-center">
      <h1 className="text-xl font-semibold">This preview could not be loaded</h1>
      <p className="mt-2 text-slate-600">Something went wrong on our side. Try again in a moment.</p>
      <button type="button" className="btn mt-4" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
