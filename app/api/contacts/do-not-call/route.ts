import { addDoNotCallNumbers, doNotCallNumbersSchema, importDoNotCallCsv, MAX_CSV_BYTES, optOutSchema } from "@/lib/contacts";
import { errorResponse, readCsvUpload, respond, route } from "@/lib/http";

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
});
