import { audioResponse, FORMAT_INFO, assembleMessageAudio } from "@/lib/audio";
import { clientKey, errorResponse, route } from "@/lib/http";
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
}, { access: "public" });
