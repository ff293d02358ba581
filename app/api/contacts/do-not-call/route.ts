import { z } from "zod";
import { addDoNotCallNumbers, doNotCallNumbersSchema, importDoNotCallCsv, MAX_CSV_BYTES, optOutSchema } from "@/lib/contacts";
import { errorResponse, jsonResponse, readCsvUpload, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/contacts/do-not-call: numbers not to call, as JSON {phones, reason?}, a text/csv body or a multipart `file` (optional `reason`)
export const POST = route(async ({ req, context }) => {
  if ((req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    const input = doNotCallNumbersSchema.parse(await req.json());
    return respond(await addDoNotCallNumbers(await context(), input));
  }
  const upload = await readCsvUpload(req);
  if (!upload.ok) return errorResponse(upload.error);
  const { reason } = optOutSchema.parse({ reason: upload.value.field("reason") });
  return respond(await importDoNotCallCsv(await context(), { csv: upload.value.csv, reason, fileName: upload.value.fileName }));
}, {
  accepts: ["application/json", "text/csv", "multipart/form-data"],
  maxBodyBytes: MAX_CSV_BYTES + 64 * 1024,
  openapi: {
    summary: "Add numbers to the do-not-call list",
    description:
      "The numbers are kept whether or not a contact has them today, so a later import of one is left out of campaigns too. As JSON, or as a CSV with one number a line (a text/csv body or a multipart `file`, with an optional `reason` field). Invalid numbers are reported by row; the rest are kept. At most 5 MB, 50,000 numbers. The numbers are saved as one batch (`batch` in the answer): POST /api/contacts/do-not-call/batches/{id}/undo takes exactly the numbers it added off the list again. POST /api/contacts/do-not-call/preview says what a file would do without saving anything.",
    tags: ["Contacts"],
    requestBody: {
      required: true,
      content: {
        "application/json": { schema: doNotCallNumbersSchema },
        "text/csv": { schema: z.string() },
        "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }), reason: optOutSchema.shape.reason }) },
      },
    },
    responses: { "200": jsonResponse("The report: numbers given, newly added, matching contacts, per-row errors, and the batch to undo it by"), "422": jsonResponse("csv_invalid: no number could be read, or the file is too large") },
  },
});
