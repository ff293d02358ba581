import { importContactsFile } from "@/lib/campaigns";
import { importContactsCsvSchema, MAX_CSV_BYTES } from "@/lib/contacts";
import { errorResponse, readCsvUpload, respond, route } from "@/lib/http";
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
  return respond(await importContactsFile(ctx, { csv: upload.value.csv, fileName, listName, mapping }));
}, { accepts: ["text/csv", "multipart/form-data"], maxBodyBytes: MAX_UPLOAD_BYTES });
