import { importContactsCsv, importContactsCsvSchema, MAX_CSV_BYTES } from "@/lib/contacts";
import { z } from "zod";
import { errorResponse, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// Multipart framing around the file; the file itself is checked against MAX_CSV_BYTES by the import.
const MAX_UPLOAD_BYTES = MAX_CSV_BYTES + 64 * 1024;

// POST /api/contacts/import: a CSV as multipart `file` or a text/csv body; good rows import, bad rows are reported
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
  return respond(await importContactsCsv(await context(), { csv, fileName }));
}, {
  accepts: ["text/csv", "multipart/form-data"],
  maxBodyBytes: MAX_UPLOAD_BYTES,
  openapi: {
    summary: "Import contacts from CSV",
    description: "Good rows are imported and bad rows reported by spreadsheet row number, in one transaction. At most 5 MB, 50,000 rows, 2,000 characters a cell.",
    tags: ["Contacts"],
    requestParams: { query: importContactsCsvSchema },
    requestBody: {
      required: true,
      content: { "text/csv": { schema: z.string() }, "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }) }) } },
    },
    responses: { "200": jsonResponse("The import report: counts and per-row errors"), "422": jsonResponse("csv_invalid: no good row, no phone column, too large") },
  },
});
