import { importContactsCsvSchema, MAX_CSV_BYTES, previewContactsCsv } from "@/lib/contacts";
import { errorResponse, readCsvUpload, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

const MAX_UPLOAD_BYTES = MAX_CSV_BYTES + 64 * 1024;
const previewParamsSchema = importContactsCsvSchema.pick({ mapping: true });

// POST /api/contacts/import/preview: the import's mapping step without writing: each column's role, the first rows as they would be stored, the problems
export const POST = route(async ({ req, context }) => {
  const upload = await readCsvUpload(req);
  if (!upload.ok) return errorResponse(upload.error);
  const { mapping } = previewParamsSchema.parse({ mapping: upload.value.field("mapping") });
  const ctx = await context();
  return respond(await previewContactsCsv(ctx, { csv: upload.value.csv, mapping }));
}, { accepts: ["text/csv", "multipart/form-data"], maxBodyBytes: MAX_UPLOAD_BYTES });
