import { importContactsCsvSchema, MAX_CSV_BYTES, previewContactsCsv } from "@/lib/contacts";
import { z } from "zod";
import { errorResponse, jsonResponse, readCsvUpload, respond, route } from "@/lib/http";

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
}, {
  accepts: ["text/csv", "multipart/form-data"],
  maxBodyBytes: MAX_UPLOAD_BYTES,
  openapi: {
    summary: "Preview a contacts CSV import (dry run)",
    description:
      "Reads the file as POST /api/contacts/import would, without writing: each column with its role (the given mapping, else the organisation's remembered one for these headers, else a known practice export's, else the header's guess), whether the file would import without a question (`complete`), the first rows as they would be stored, and the rows that would fail.",
    tags: ["Contacts"],
    requestParams: { query: previewParamsSchema },
    requestBody: {
      required: true,
      content: { "text/csv": { schema: z.string() }, "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }), mapping: z.string().optional() }) } },
    },
    responses: { "200": jsonResponse("The mapping step: headers, columns with role and samples, source (given, remembered, known, guessed), system, complete, phoneOrder, rows, errors, warnings, problem"), "422": jsonResponse("csv_invalid: an empty file") },
  },
});
