import { importContactsCsv, importContactsCsvSchema, MAX_CSV_BYTES } from "@/lib/contacts";
import { getAppContext } from "@/lib/context";
import { errorResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/contacts/import: a CSV as multipart `file` or a text/csv body; good rows import, bad rows are reported
export const POST = route(async ({ req }) => {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_CSV_BYTES + 64 * 1024) {
    return errorResponse({ code: "payload_too_large", message: `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB.` });
  }
  let csv: Buffer;
  let fileName: string | undefined;
  if ((req.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const form = await req.formData();
    const file = form.get("file");
    if (!(file instanceof File)) return errorResponse({ code: "validation_failed", message: "Attach the CSV as the `file` field." });
    csv = Buffer.from(await file.arrayBuffer());
    fileName = importContactsCsvSchema.parse({ fileName: file.name }).fileName;
  } else {
    csv = Buffer.from(await req.arrayBuffer());
    fileName = importContactsCsvSchema.parse({ fileName: req.nextUrl.searchParams.get("fileName") ?? undefined }).fileName;
  }
  return respond(await importContactsCsv(await getAppContext(), { csv, fileName }));
});
