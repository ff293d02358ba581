import { listCampaignsWithStaleAudio } from "@/lib/campaigns";
import { importContactsCsv, importContactsCsvSchema, MAX_CSV_BYTES } from "@/lib/contacts";
import { errorResponse, readCsvUpload, respond, route } from "@/lib/http";
import { ok } from "@/lib/result";
import { checkStorageHeadroom } from "@/lib/system";

export const dynamic = "force-dynamic";

// Multipart framing around the file; the file itself is checked against MAX_CSV_BYTES by the import.
const MAX_UPLOAD_BYTES = MAX_CSV_BYTES + 64 * 1024;

// POST /api/contacts/import: a CSV as multipart `file` (optional `listName`) or a text/csv body (?fileName&listName); good rows import,
// bad rows are reported, and `staleCampaigns` names the launched campaigns whose audio now says a moved appointment's old time
export const POST = route(async ({ req, context }) => {
  // The wrapper counts the bytes (by Content-Length or while streaming) before anything here parses them.
  const upload = await readCsvUpload(req);
  if (!upload.ok) return errorResponse(upload.error);
  const { fileName, listName } = importContactsCsvSchema.parse({ fileName: upload.value.fileName, listName: upload.value.field("listName") });
  const ctx = await context();
  const full = await checkStorageHeadroom(ctx, Buffer.byteLength(upload.value.csv));
  if (full) return errorResponse(full);
  const report = await importContactsCsv(ctx, { csv: upload.value.csv, fileName, listName });
  if (!report.ok) return respond(report);
  const { rescheduledContactIds, ...rest } = report.value;
  return respond(ok({ ...rest, staleCampaigns: await listCampaignsWithStaleAudio(ctx, rescheduledContactIds) }));
}, { accepts: ["text/csv", "multipart/form-data"], maxBodyBytes: MAX_UPLOAD_BYTES });
