import { z } from "zod";
import { audioResponse, FORMAT_INFO, verifyAudioSignature, type MessageFormat } from "@/lib/audio";
import { getAudioUrlSigningKey } from "@/lib/auth";
import { getMessageAudio } from "@/lib/campaigns";
import { getPublicContext } from "@/lib/context";
import { errorResponse, route } from "@/lib/http";

export const dynamic = "force-dynamic";

const EXTENSIONS: Record<string, MessageFormat> = { wav: "wav", mp3: "mp3", "ulaw.wav": "mulaw" };
const fileSchema = z.string().regex(/^[0-9a-f]{64}\.(wav|mp3|ulaw\.wav)$/, "expected <message key>.wav, .mp3 or .ulaw.wav");
const signatureSchema = z.object({ org: z.uuid(), exp: z.coerce.number().int().positive(), sig: z.string().regex(/^[0-9a-f]{64}$/) });

// GET /api/audio/:messageKey.(wav|mp3|ulaw.wav)[?org&exp&sig]: a message's audio for its organisation (session or signed URL)
export const GET = route<{ file: string }>(async ({ req, params, context }) => {
  const file = fileSchema.parse(params.file);
  const [key, ...ext] = file.split(".");
  const format = EXTENSIONS[ext.join(".")]!;
  const signed = req.nextUrl.searchParams.has("sig") ? signatureSchema.parse(Object.fromEntries(req.nextUrl.searchParams)) : null;
  const verdict = signed ? verifyAudioSignature(getAudioUrlSigningKey(), key!, signed) : null;
  if (verdict && verdict !== "valid") return errorResponse({ code: "forbidden", message: verdict === "expired" ? "This audio link has expired; export the campaign again." : "This audio link is not valid." });
  const ctx = signed ? { db: (await getPublicContext()).db, organization: { id: signed.org } } : await context();
  const audio = await getMessageAudio(ctx, key!, format);
  if (!audio.ok) return errorResponse(audio.error);
  return audioResponse(req, {
    bytes: audio.value.bytes,
    contentType: FORMAT_INFO[format].contentType,
    etag: `"${key}-${format}"`,
    // The bytes never change, but only the organisation (or the signature holder) may have them.
    cacheControl: "private, max-age=31536000, immutable",
    fileName: file,
  });
}, { access: "public" });
