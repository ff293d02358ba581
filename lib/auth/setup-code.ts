import { timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import { z } from "zod";
import { deriveKey } from "./secret";

// Crockford's base32 (no I, L, O, U): easy to read out of a log and type without confusing 1/I or 0/O.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUPS = 4;
const GROUP_LENGTH = 4;

/**
 * The one-time code that proves the person at /setup runs the server (like Grafana's or Jenkins' first
 * password): 80 bits derived from the auth secret, so every instance sharing AUTH_SECRET agrees on it and
 * nothing extra has to be stored. It is only good while the app has no owner; after that /api/setup is 409.
 */
export function deriveSetupCode(authSecret: string): string {
  const bytes = deriveKey(authSecret, "voice-campaigns/setup-code/v1");
  let bits = 0n;
  for (const b of bytes.subarray(0, 10)) bits = (bits << 8n) | BigInt(b);
  let code = "";
  for (let i = 0; i < GROUPS * GROUP_LENGTH; i += 1) {
    code = ALPHABET[Number(bits & 31n)]! + code;
    bits >>= 5n;
  }
  return code.match(new RegExp(`.{${GROUP_LENGTH}}`, "g"))!.join("-");
}

/** What a person types: case, spaces and dashes do not matter. */
export const setupCodeSchema = z
  .string({ message: "Enter the setup code the server printed when it started" })
  .max(64)
  .transform((v) => v.toUpperCase().replace(/[\s-]/g, ""));

export function isSetupCodeValid(given: unknown, expected: string): boolean {
  const parsed = setupCodeSchema.safeParse(given);
  if (!parsed.success) return false;
  const a = Buffer.from(parsed.data);
  const b = Buffer.from(expected.replace(/-/g, ""));
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Tells the operator the code at first start: in the log, and in `file` (mode 0600, next to the embedded
 * database) for scripts. A read-only filesystem only loses the file; the log line stays.
 */
export function announceSetupCode(code: string, options: { file: string; setupUrl: string }): void {
  let written = true;
  try {
    fs.writeFileSync(options.file, `${code}\n`, { mode: 0o600 });
  } catch {
    written = false;
  }
  console.log(JSON.stringify({ level: "info", msg: "first run: open the setup page and enter the setup code", setupUrl: options.setupUrl, setupCode: code, file: written ? options.file : null }));
  console.log(`\n  First run: open ${options.setupUrl} and enter the setup code ${code}${written ? ` (also in ${options.file})` : ""}.\n`);
}
