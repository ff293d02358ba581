import type { NextRequest } from "next/server";
import { err, ok, type Result } from "@/lib/result";
import type { HttpError } from "./errors";
import { controlCharacterMessage, findControlCharacter } from "./text-input";

export type CsvUpload = { csv: Buffer; fileName: string | undefined; field: (name: string) => string | undefined };

/**
 * A CSV sent as multipart `file` (with other form fields) or as a text/csv body (fields in the query
 * string). The route wrapper has already counted the bytes against the route's cap.
 */
export async function readCsvUpload(req: NextRequest): Promise<Result<CsvUpload, HttpError>> {
  const body = Buffer.from(await req.arrayBuffer());
  const contentType = req.headers.get("content-type") ?? "";
  const query = (name: string) => req.nextUrl.searchParams.get(name) ?? undefined;
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) return ok({ csv: body, fileName: query("fileName"), field: query });
  const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
  const file = form.get("file");
  if (!(file instanceof File)) return err({ code: "validation_failed", message: "Attach the CSV as the `file` field." });
  // The form's text fields follow the rule of every other text input (route() checks the query string).
  const found = findControlCharacter(form, ["form"]);
  if (found) return err({ code: "validation_failed", message: controlCharacterMessage(found) });
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  return ok({ csv: Buffer.from(await file.arrayBuffer()), fileName: file.name, field });
}
