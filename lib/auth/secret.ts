import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export class AuthSecretError extends Error {
  override name = "AuthSecretError";
}

/**
 * AUTH_SECRET when configured; otherwise the secret kept in `file`, created (mode 0600) on first start so
 * sessions and exported audio URLs survive restarts. A filesystem that cannot hold the file (Vercel) stops
 * the server with the fix.
 */
export function resolveAuthSecret(options: { configured: string | undefined; file: string }): string {
  if (options.configured) return options.configured;
  try {
    const existing = fs.readFileSync(options.file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw cannotStore(options.file, error);
  }
  const secret = randomBytes(32).toString("hex");
  try {
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    fs.writeFileSync(options.file, `${secret}\n`, { mode: 0o600 });
    fs.chmodSync(options.file, 0o600);
  } catch (error) {
    throw cannotStore(options.file, error);
  }
  return secret;
}

function cannotStore(file: string, error: unknown): AuthSecretError {
  return new AuthSecretError(
    `AUTH_SECRET is not set and ${file} cannot be read or written (${(error as Error).message}). ` +
      `Set AUTH_SECRET to a random value of at least 32 characters (openssl rand -hex 32), for example in your host's environment settings.`,
  );
}

/** A key for one purpose derived from the secret, so the audio-URL key is never the session key. */
export function deriveKey(secret: string, purpose: string): Buffer {
  return createHmac("sha256", secret).update(purpose).digest();
}
