import { getSystemStatus } from "@/lib/system";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const status = await getSystemStatus();
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">Welcome to Voice campaigns</h1>
      <p className="max-w-prose text-slate-600">
        Build personalised voice messages for {status.organization.name}, hear them before they go out, and hand
        the audio to your phone system.
      </p>
      <dl className="inline-grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <dt className="text-slate-500">Database</dt>
        <dd data-testid="database-label">{status.database.label}</dd>
      </dl>
    </section>
  );
}
