import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * The key carrier credentials are sealed with: HKDF-SHA256 over the app's secret (AUTH_SECRET or the kept
 * one, see lib/auth/secret.ts) with its own info string, so it is never the session or audio-URL key.
 */
export function deriveCredentialKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "voice-campaigns", "voice-campaigns/carrier-credentials/v1", 32));
}

const b64 = (b: Buffer) => b.toString("base64url");

/** AES-256-GCM with a random 96-bit IV; the organisation id is the associated data, so a sealed token moved to another organisation's row does not open. */
export function seal(key: Buffer, plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v1.${b64(iv)}.${b64(cipher.getAuthTag())}.${b64(body)}`;
}

/** The plaintext, or null when the value was sealed under another key or altered. */
export function open(key: Buffer, sealed: string, associatedData: string): string | null {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
