import Link from "next/link";

export default function NotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-1 text-sm text-slate-600">This campaign or page does not exist.</p>
      <Link href="/campaigns" className="btn mt-4">
        Back to campaigns
      </Link>
    </div>
  );
}
