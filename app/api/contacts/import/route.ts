import { listCampaignsWithStaleAudio } from "@/lib/campaigns";
import { importContactsCsv, importContactsCsvSchema, MAX_CSV_BYTES } from "@/lib/contacts";
import { errorResponse, respond, route } from "@/lib/http";
import { ok } from "@/lib/result";

export const dynamic = "force-dynamic";

// Multipart framing around the file; the file itself is checked against MAX_CSV_BYTES by the import.
const MAX_UPLOAD_BYTES = MAX_CSV_BYTES + 64 * 1024;

// POST /api/contacts/import: a CSV as multipart `file` or a text/csv body; good rows import, bad rows are reported,
// and `staleCampaigns` names the launched campaigns whose audio now says a moved appointment's old time
export const POST = route(async ({ req, context }) => {
  // The wrapper counts the bytes (by Content-Length or while streaming) before anything here parses them.
  const body = Buffer.from(await req.arrayBuffer());
  let csv: Buffer;
  let fileName: string | undefined;
  const contentType = req.headers.get("content-type") ?? "";
  if (contentType.toLowerCase().startsWith("multipart/form-data")) {
    const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
    const file = form.get("file");
    if (!(file instanceof File)) return errorResponse({ code: "validation_failed", message: "Attach the CSV as the `file` field." });
    csv = Buffer.from(await file.arrayBuffer());
    fileName = importContactsCsvSchema.parse({ fileName: file.name }).fileName;
  } else {
    csv = body;
    fileName = importContactsCsvSchema.parse({ fileName: req.nextUrl.searchParams.get("fileName") ?? undefined }).fileName;
  }
  const ctx = await context();
  const report = await importContactsCsv(ctx, { csv, fileName });
  if (!report.ok) return respond(report);
  const { rescheduledContactIds, ...rest } = report.value;
  return respond(ok({ ...rest, staleCampaigns: await listCampaignsWithStaleAudio(ctx, rescheduledContactIds) }));
}, { accepts: ["text/csv", "multipart/form-data"], maxBodyBytes: MAX_UPLOAD_BYTES });
