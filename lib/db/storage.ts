import fs from "node:fs";
import path from "node:path";

/**
 * Free space the embedded database needs to keep working. PGlite writes its write-ahead log in 16 MB
 * segments and cannot even start without room for a new one; below this, large writes are refused up
 * front (507) instead of failing half-way.
 */
export const PGLITE_MIN_FREE_BYTES = 64 * 1024 * 1024;
/** Below this, the Status page warns that the data directory's disk is running out. */
export const PGLITE_WARN_FREE_BYTES = 512 * 1024 * 1024;

export type StorageSpace = { dir: string; freeBytes: number; totalBytes: number };

/**
 * The disk holding the database is full (or was, and the database is being reopened). Thrown instead of
 * the driver's error, so every caller answers 507 with what to do, and fast, without touching the database.
 */
export class StorageFullError extends Error {
  readonly code = "storage_full";
  constructor(where: string, options?: { cause?: unknown }) {
    super(
      `The disk holding the database (${where}) is full, so nothing can be saved right now. Free some space on it ` +
        `(the embedded database needs at least ${formatBytes(PGLITE_MIN_FREE_BYTES)} free); the app reopens the database by itself once there is room, and nothing saved before is lost.`,
      options,
    );
  }
}

/**
 * Whether a driver error means the disk is full: Postgres' disk_full (53100), an ENOSPC from the file
 * system, or PGlite's "cannot drop active portal", which is what every statement answers once a
 * transaction failed on a full disk (the instance cannot roll it back and stays unusable until reopened).
 */
export function isStorageFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === "53100" || code === "ENOSPC" || code === "storage_full") return true;
    if (typeof message === "string" && /No space left on device|cannot drop active portal/i.test(message)) return true;
  }
  return false;
}

/** The StorageFullError behind an error (drizzle wraps what the driver throws as its cause), or null. */
export function findStorageFullError(error: unknown): StorageFullError | null {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    // By its code, not instanceof: Next.js loads route handlers and instrumentation as separate module
    // graphs, so the error may come from another copy of this class (the database is shared on globalThis).
    if (e instanceof Error && (e as { code?: unknown }).code === "storage_full") return e as StorageFullError;
  }
  return null;
}

/** The driver's own reason, without the statement's parameters (they carry names and phone numbers). */
export function describeStorageFailure(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof message === "string" && !message.startsWith("Failed query")) return `${typeof code === "string" ? `${code} ` : ""}${message.slice(0, 300)}`;
  }
  return "unknown";
}

/** Free and total bytes of the file system holding `dir` (its nearest existing parent), or null when unknown. */
export async function readStorageSpace(dir: string): Promise<StorageSpace | null> {
  let probe = path.resolve(dir);
  while (!fs.existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
  try {
    const stats = await fs.promises.statfs(probe);
    return { dir, freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
  } catch {
    return null;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}
