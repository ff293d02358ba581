import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

// Any URL no page matches (Next answers 404): the app's own page instead of the framework's bare one.
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center px-4 py-10">
      <div className="rounded-lg border border-slate-200 bg-white p-6" data-testid="not-found">
        <p className="text-sm font-medium text-indigo-700">Voice campaigns</p>
        <h1 className="mt-1 text-xl font-semibold">This page does not exist</h1>
        <p className="mt-2 text-slate-600">The address may be mistyped, or the page was moved. Your campaigns are one click away.</p>
        <Link href="/campaigns" className="btn-primary mt-4 inline-block">
          Go to campaigns
        </Link>
      </div>
    </main>
  );
}
