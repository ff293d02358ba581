import { callReportCsv, getCallReport } from "@/lib/calls";
import { campaignIdSchema } from "@/lib/campaigns";
import { errorResponse, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id/calls/export: the delivery report as CSV, one row per recipient
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const report = await getCallReport(await context(), id);
  if (!report.ok) return errorResponse(report.error);
  return new Response(callReportCsv(report.value), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="calls-${id}.csv"`, "cache-control": "no-store" },
  });
});
