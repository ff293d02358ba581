import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A key is `vck_<prefix>_<secret>`: the 12-hex-digit prefix finds the row (it is shown in the list, so it
 * is no secret), the 256-bit secret proves possession. Only the secret's SHA-256 is stored: a fast hash is
 * enough for a secret with 256 bits of entropy (nothing to brute-force), unlike a password.
 */
const TOKEN_PATTERN = /^vck_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export type IssuedToken = { token: string; prefix: string; secretHash: string };

export function issueToken(): IssuedToken {
  const prefix = randomBytes(6).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { token: `vck_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

/** The prefix and secret of a well-formed key; null for anything else (no database lookup for garbage). */
export function parseToken(token: string): { prefix: string; secret: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** Constant-time: how much of a guess matched never shows in the answer's timing. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** How a key is shown after creation: its prefix only. */
export const displayPrefix = (prefix: string) => `vck_${prefix}_…`;
