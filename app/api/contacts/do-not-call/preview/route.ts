import { z } from "zod";
import { MAX_CSV_BYTES, previewDoNotCallCsv } from "@/lib/contacts";
import { errorResponse, jsonResponse, readCsvUpload, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/contacts/do-not-call/preview: what a do-not-call file would do (numbers to opt out, and whether it looks like an export); saves nothing
export const POST = route(async ({ req, context }) => {
  const upload = await readCsvUpload(req);
  if (!upload.ok) return errorResponse(upload.error);
  return respond(await previewDoNotCallCsv(await context(), { csv: upload.value.csv }));
}, {
  accepts: ["text/csv", "multipart/form-data"],
  maxBodyBytes: MAX_CSV_BYTES + 64 * 1024,
  openapi: {
    summary: "Preview a do-not-call file",
    description:
      "Reads the file as POST /api/contacts/do-not-call would and answers how many numbers it would opt out, how many are opted out already, how many belong to contacts, and a warning when the file looks like a contact or appointment export. Nothing is saved.",
    tags: ["Contacts"],
    requestBody: {
      required: true,
      content: {
        "text/csv": { schema: z.string() },
        "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }) }) },
      },
    },
    responses: { "200": jsonResponse("numbers, newOptOuts, alreadyOptedOut, matchedContacts, errors, warning"), "422": jsonResponse("csv_invalid: no number could be read, or the file is too large") },
  },
});
