import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Exported audio URLs are fetched by phone systems that cannot sign in, so they carry an HMAC over the
 * message key, the organisation and an expiry instead of a session: `?org=<id>&exp=<unix s>&sig=<hex>`.
 */
export const AUDIO_URL_TTL_SECONDS = 30 * 24 * 60 * 60;

export type AudioUrlSigning = { key: Buffer; ttlSeconds?: number; now?: Date };
export type AudioSignature = { org: string; exp: number; sig: string };

/** The `org`, `exp` and `sig` query parameters of a signed link, as sent. */
export const signedUrlQuerySchema = z.object({ org: z.uuid(), exp: z.coerce.number().int().positive(), sig: z.string().regex(/^[0-9a-f]{64}$/) });

/** What a signature is for: an audio file, or a campaign's export. A signature for one never opens the other. */
export type SignedPurpose = "audio-v1" | "export-v1";

const payload = (purpose: SignedPurpose, resourceId: string, organizationId: string, exp: number) => `${purpose}\n${resourceId}\n${organizationId}\n${exp}`;

/** Signs access to one resource (a message key, a campaign id) of an organisation until an expiry. */
export function signResource(signing: AudioUrlSigning, purpose: SignedPurpose, organizationId: string, resourceId: string): AudioSignature {
  const now = signing.now ?? new Date();
  const exp = Math.floor(now.getTime() / 1000) + (signing.ttlSeconds ?? AUDIO_URL_TTL_SECONDS);
  const sig = createHmac("sha256", signing.key).update(payload(purpose, resourceId, organizationId, exp)).digest("hex");
  return { org: organizationId, exp, sig };
}

/** "valid", or why not: a tampered or foreign signature and an expired one get different messages. */
export function verifyResourceSignature(key: Buffer, purpose: SignedPurpose, resourceId: string, signature: AudioSignature, now = new Date()): "valid" | "invalid" | "expired" {
  const expected = createHmac("sha256", key).update(payload(purpose, resourceId, signature.org, signature.exp)).digest();
  const given = Buffer.from(signature.sig, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "invalid";
  return signature.exp * 1000 <= now.getTime() ? "expired" : "valid";
}

export function signAudio(signing: AudioUrlSigning, organizationId: string, messageKey: string): AudioSignature {
  return signResource(signing, "audio-v1", organizationId, messageKey);
}

export function verifyAudioSignature(key: Buffer, messageKey: string, signature: AudioSignature, now = new Date()): "valid" | "invalid" | "expired" {
  return verifyResourceSignature(key, "audio-v1", messageKey, signature, now);
}
