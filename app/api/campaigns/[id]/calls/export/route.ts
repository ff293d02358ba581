import { z } from "zod";
import { callReportCsv, getCallReport } from "@/lib/calls";
import { campaignIdSchema } from "@/lib/campaigns";
import { errorResponse, jsonResponse, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id/calls/export: the delivery report as CSV, one row per recipient
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const report = await getCallReport(await context(), id);
  if (!report.ok) return errorResponse(report.error);
  return new Response(callReportCsv(report.value), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="calls-${id}.csv"`, "cache-control": "no-store" },
  });
}, {
  openapi: {
    summary: "Delivery report as CSV",
    description: "One row per recipient: outcome, detail, attempts, last status, total duration, keys pressed and attempt times.",
    tags: ["Phone calls"],
    requestParams: { path: campaignIdSchema },
    responses: { "200": { description: "A CSV attachment", content: { "text/csv": { schema: z.string() } } }, "404": jsonResponse("campaign_not_found") },
  },
});
