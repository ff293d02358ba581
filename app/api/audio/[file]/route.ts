import { z } from "zod";
import { audioResponse, FORMAT_INFO, renderMessageAudio, type MessageFormat } from "@/lib/audio";
import { getAppContext } from "@/lib/context";
import { errorResponse, route } from "@/lib/http";

export const dynamic = "force-dynamic";

const EXTENSIONS: Record<string, MessageFormat> = { wav: "wav", mp3: "mp3", "ulaw.wav": "mulaw" };
const fileSchema = z.string().regex(/^[0-9a-f]{64}\.(wav|mp3|ulaw\.wav)$/, "expected <message key>.wav, .mp3 or .ulaw.wav");

// GET /api/audio/:messageKey.(wav|mp3|ulaw.wav): a message's audio by content address; immutable, cacheable
export const GET = route<{ file: string }>(async ({ req, params }) => {
  const file = fileSchema.parse(params.file);
  const [key, ...ext] = file.split(".");
  const format = EXTENSIONS[ext.join(".")]!;
  const audio = await renderMessageAudio((await getAppContext()).db, key!, format);
  if (!audio.ok) return errorResponse(audio.error);
  return audioResponse(req, {
    bytes: audio.value.bytes,
    contentType: FORMAT_INFO[format].contentType,
    etag: `"${key}-${format}"`,
    cacheControl: "public, max-age=31536000, immutable",
    fileName: file,
  });
});
