export default function PreviewNotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 text-center" data-testid="preview-unavailable">
      <h1 className="text-xl font-semibold">This preview link does not exist</h1>
      <p className="mt-2 text-slate-600">Check that the whole link was copied, or ask the person who sent it for a new one.</p>
    </div>
  );
}
