import { MAX_CSV_BYTES, previewDoNotCallCsv } from "@/lib/contacts";
import { errorResponse, readCsvUpload, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/contacts/do-not-call/preview: what a do-not-call file would do (numbers to opt out, and whether it looks like an export); saves nothing
export const POST = route(async ({ req, context }) => {
  const upload = await readCsvUpload(req);
  if (!upload.ok) return errorResponse(upload.error);
  return respond(await previewDoNotCallCsv(await context(), { csv: upload.value.csv }));
}, { accepts: ["text/csv", "multipart/form-data"], maxBodyBytes: MAX_CSV_BYTES + 64 * 1024 });
