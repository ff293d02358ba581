import { importPronunciationsCsv, MAX_PRONUNCIATIONS_CSV_BYTES } from "@/lib/lexicon";
import { errorResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// Multipart framing around the file; the file itself is checked against MAX_PRONUNCIATIONS_CSV_BYTES by the import.
const MAX_UPLOAD_BYTES = MAX_PRONUNCIATIONS_CSV_BYTES + 64 * 1024;

// POST /api/pronunciations/import: a CSV (term, say_as) as multipart `file` or a text/csv body; good rows are saved, bad rows reported
export const POST = route(async ({ req, context }) => {
  const contentType = req.headers.get("content-type") ?? "";
  let csv: Buffer;
  if (contentType.toLowerCase().startsWith("multipart/form-data")) {
    const file = (await req.formData()).get("file");
    if (!(file instanceof File)) return errorResponse({ code: "validation_failed", message: "Attach the CSV as the `file` field." });
    csv = Buffer.from(await file.arrayBuffer());
  } else {
    csv = Buffer.from(await req.arrayBuffer());
  }
  return respond(await importPronunciationsCsv(await context(), csv));
}, { accepts: ["text/csv", "multipart/form-data"], maxBodyBytes: MAX_UPLOAD_BYTES });
