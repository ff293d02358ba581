import { z } from "zod";
import { audioDownloadStem, audioResponse, FORMAT_INFO, parseAudioFileName, signedUrlQuerySchema, verifyAudioSignature } from "@/lib/audio";
import { getAnswerAudio } from "@/lib/calls";
import { getMessageAudio } from "@/lib/campaigns";
import { errorResponse, route } from "@/lib/http";
import { getAudioUrlSigningKey } from "@/lib/runtime/resources";
import { getPublicContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";

const fileSchema = z
  .string()
  .max(80)
  .transform((file, ctx) => parseAudioFileName(file) ?? (ctx.addIssue({ code: "custom", message: "expected <message key>.wav, .8k.wav, .ulaw, .mp3 or .ulaw.wav" }), z.NEVER));

// GET /api/audio/:messageKey.(wav|8k.wav|ulaw|mp3|ulaw.wav)[?org&exp&sig][&download=1][&name=]: a message's audio for its organisation (session or signed URL)
export const GET = route<{ file: string }>(async ({ req, params, context }) => {
  const { messageKey, format } = fileSchema.parse(params.file);
  const search = req.nextUrl.searchParams;
  const signed = search.has("sig") ? signedUrlQuerySchema.parse(Object.fromEntries(search)) : null;
  const verdict = signed ? verifyAudioSignature(getAudioUrlSigningKey(), messageKey, signed) : null;
  if (verdict && verdict !== "valid") return errorResponse({ code: "forbidden", message: verdict === "expired" ? "This audio link has expired; export the campaign again." : "This audio link is not valid." });
  const ctx = signed ? { db: (await getPublicContext()).db, organization: { id: signed.org } } : await context();
  let audio = await getMessageAudio(ctx, messageKey, format);
  // Not a campaign's message: maybe one of the organisation's call sentences (key prompt, answers), played by its carrier.
  if (!audio.ok && audio.error.code === "not_found") audio = await getAnswerAudio(ctx, messageKey, format);
  if (!audio.ok) {
    const res = errorResponse(audio.error);
    const retryAfter = (audio.error.details as { retryAfterSeconds?: number | null } | undefined)?.retryAfterSeconds;
    if (retryAfter) res.headers.set("retry-after", String(retryAfter));
    return res;
  }
  return audioResponse(req, {
    bytes: audio.value.bytes,
    contentType: FORMAT_INFO[format].contentType,
    etag: `"${messageKey}-${format}"`,
    cacheControl: audioCacheControl(signed?.exp),
    // `name` (whose message, which campaign) names the download; the key is the fallback.
    fileName: `${audioDownloadStem(search.get("name")?.slice(0, 200)) ?? messageKey}.${FORMAT_INFO[format].extension}`,
    disposition: search.get("download") === "1" ? "attachment" : "inline",
  });
}, { access: "public" });

/**
 * The bytes never change, so phone systems may keep them (Twilio, Asterisk's media cache and FreeSWITCH's
 * http_cache all honour max-age and the strong ETag) but only until a signed link expires; only the
 * organisation or the link holder may have them, so never a shared cache.
 */
function audioCacheControl(signatureExpiry: number | undefined): string {
  const year = 365 * 24 * 3600;
  const maxAge = signatureExpiry === undefined ? year : Math.max(0, Math.min(year, signatureExpiry - Math.floor(Date.now() / 1000)));
  return `private, max-age=${maxAge}, immutable`;
}
