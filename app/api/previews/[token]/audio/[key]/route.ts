import { audioResponse, FORMAT_INFO, assembleMessageAudio } from "@/lib/audio";
import { z } from "zod";
import { clientKey, errorResponse, jsonResponse, route } from "@/lib/http";
import { limitPreviewRequest, resolvePreviewAudio } from "@/lib/previews";
import { getPublicContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";

// GET /api/previews/:token/audio/:messageKey: public audio behind a preview link (no sign-in), with Range
export const GET = route<{ token: string; key: string }>(async ({ req, params }) => {
  const { db } = await getPublicContext();
  const limited = await limitPreviewRequest(db, clientKey(req.headers));
  if (!limited.ok) {
    const res = errorResponse(limited.error);
    res.headers.set("retry-after", String(limited.error.retryAfterSeconds));
    return res;
  }
  const allowed = await resolvePreviewAudio(db, params.token, params.key);
  if (!allowed.ok) return errorResponse(allowed.error);
  const audio = await assembleMessageAudio(db, params.key, "wav");
  if (!audio.ok) return errorResponse(audio.error);
  // The link can be revoked, so shared caches must ask again; the bytes themselves never change.
  return audioResponse(req, { bytes: audio.value.bytes, contentType: FORMAT_INFO.wav.contentType, etag: `"${params.key}-wav"`, cacheControl: "private, no-cache" });
}, {
  access: "public",
  openapi: {
    summary: "Audio behind a preview link",
    description: "For the public preview page: the token in the path is the credential. Rate limited per client address.",
    tags: ["Previews"],
    requestParams: { path: z.object({ token: z.string().meta({ description: "The preview link's token" }), key: z.string().meta({ description: "A message key the link covers" }) }) },
    responses: {
      "200": { description: "WAV audio", content: { "audio/wav": { schema: z.string().meta({ format: "binary" }) } } },
      "206": { description: "The requested byte range" },
      "404": jsonResponse("preview_not_found"),
      "410": jsonResponse("preview_expired or preview_revoked"),
      "429": jsonResponse("rate_limited, with Retry-After"),
    },
  },
});
