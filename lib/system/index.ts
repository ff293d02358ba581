import "server-only";
import { formatBytes, PGLITE_MIN_FREE_BYTES, PGLITE_WARN_FREE_BYTES } from "@/lib/db";
import { appError, type AppError } from "@/lib/result";
import { type AppContext } from "@/lib/http/session";

export type SystemStatus = {
  database: { kind: "pglite" | "postgres"; label: string };
  organization: { name: string };
};

/** What the home and status pages show about where the app runs. */
export function getSystemStatus(ctx: Pick<AppContext, "database" | "organization">): SystemStatus {
  const { database, organization } = ctx;
  return { database: { kind: database.kind, label: database.label }, organization: { name: organization.name } };
}

export type StorageStatus = { freeBytes: number; totalBytes: number; level: "ok" | "low" | "full"; text: string };

/** Free space of the embedded database's data directory, and whether it is running out; null for Postgres. */
export async function getStorageStatus(ctx: Pick<AppContext, "database">): Promise<StorageStatus | null> {
  const space = await ctx.database.storage();
  if (!space) return null;
  const level = space.freeBytes < PGLITE_MIN_FREE_BYTES ? "full" : space.freeBytes < PGLITE_WARN_FREE_BYTES ? "low" : "ok";
  const free = `${formatBytes(space.freeBytes)} free of ${formatBytes(space.totalBytes)}`;
  const text =
    level === "ok"
      ? free
      : level === "low"
        ? `${free}: running low. Free space on this disk or move PGLITE_DIR to a larger one before imports start to be refused (below ${formatBytes(PGLITE_MIN_FREE_BYTES)}).`
        : `${free}: too little to save anything reliably. Imports are refused until at least ${formatBytes(PGLITE_MIN_FREE_BYTES)} is free; free space on this disk or move PGLITE_DIR.`;
  return { freeBytes: space.freeBytes, totalBytes: space.totalBytes, level, text };
}

/** An import writes rows, indexes and their log: about this many bytes of database per byte of CSV, at most. */
const WRITE_BYTES_PER_UPLOAD_BYTE = 10;

/**
 * Refuses a large write up front when the embedded database's disk has not the room for it (what it will
 * write plus the headroom PGlite needs), instead of letting it fail half-way. Postgres manages its own disk.
 */
export async function checkStorageHeadroom(ctx: Pick<AppContext, "database">, uploadBytes: number): Promise<AppError<"storage_full"> | null> {
  const space = await ctx.database.storage();
  if (!space) return null;
  const needed = PGLITE_MIN_FREE_BYTES + uploadBytes * WRITE_BYTES_PER_UPLOAD_BYTE;
  if (space.freeBytes >= needed) return null;
  return appError(
    "storage_full",
    `The disk holding the database has ${formatBytes(space.freeBytes)} free; this import needs about ${formatBytes(needed)} (${formatBytes(PGLITE_MIN_FREE_BYTES)} of it is headroom the database keeps). Free space on that disk, or move PGLITE_DIR to a larger one, and import again. Nothing was imported.`,
  );
}
