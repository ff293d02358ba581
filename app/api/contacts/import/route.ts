import { listCampaignsWithStaleAudio } from "@/lib/campaigns";
import { importContactsCsv, importContactsCsvSchema, MAX_CSV_BYTES } from "@/lib/contacts";
import { z } from "zod";
import { errorResponse, jsonResponse, readCsvUpload, respond, route } from "@/lib/http";
import { ok } from "@/lib/result";
import { checkStorageHeadroom } from "@/lib/system";

export const dynamic = "force-dynamic";

// Multipart framing around the file; the file itself is checked against MAX_CSV_BYTES by the import.
const MAX_UPLOAD_BYTES = MAX_CSV_BYTES + 64 * 1024;

// POST /api/contacts/import: a CSV as multipart `file` (optional `listName`, `mapping`) or a text/csv body (?fileName&listName); good rows import,
// bad rows are reported, and `staleCampaigns` names the launched campaigns whose audio now says a moved appointment's old time
export const POST = route(async ({ req, context }) => {
  // The wrapper counts the bytes (by Content-Length or while streaming) before anything here parses them.
  const upload = await readCsvUpload(req);
  if (!upload.ok) return errorResponse(upload.error);
  const { fileName, listName, mapping } = importContactsCsvSchema.parse({ fileName: upload.value.fileName, listName: upload.value.field("listName"), mapping: upload.value.field("mapping") });
  const ctx = await context();
  const full = await checkStorageHeadroom(ctx, Buffer.byteLength(upload.value.csv));
  if (full) return errorResponse(full);
  const report = await importContactsCsv(ctx, { csv: upload.value.csv, fileName, listName, mapping });
  if (!report.ok) return respond(report);
  const { rescheduledContactIds, ...rest } = report.value;
  return respond(ok({ ...rest, staleCampaigns: await listCampaignsWithStaleAudio(ctx, rescheduledContactIds) }));
}, {
  accepts: ["text/csv", "multipart/form-data"],
  maxBodyBytes: MAX_UPLOAD_BYTES,
  openapi: {
    summary: "Import contacts from CSV",
    description:
      "Good rows are imported and bad rows reported by spreadsheet row number, in one transaction. At most 5 MB, 50,000 rows, 2,000 characters a cell. Columns are read by `mapping` when given (and it is remembered for the next file with the same headers), else by the organisation's remembered mapping for these headers, else as a known practice export (Open Dental, Dentrix, Eaglesoft, athenaOne, SimplePractice), else by header names. POST /api/contacts/import/preview shows the reading without importing.",
    tags: ["Contacts"],
    requestParams: { query: importContactsCsvSchema },
    requestBody: {
      required: true,
      content: { "text/csv": { schema: z.string() }, "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }), listName: z.string().optional(), mapping: z.string().optional().meta({ description: "JSON column mapping, as the `mapping` query parameter" }) }) } },
    },
    responses: { "200": jsonResponse("The import report: counts, per-row errors, each saved contact's name or time zone the file changed (changes), the list joined and the campaigns made stale"), "422": jsonResponse("csv_invalid: no good row, no phone column, too large"), "507": jsonResponse("storage_full: the embedded database's disk has not the room for this import") },
  },
});
