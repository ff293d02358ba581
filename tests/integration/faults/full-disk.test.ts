import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { countContacts, importContactsCsv } from "@/lib/contacts";
import { findStorageFullError, isStorageFailure, migrateDatabase, openDatabase, rowsOf, type Database } from "@/lib/db";
import { route } from "@/lib/http";
import { createOrganization } from "@/lib/organizations";
import { checkStorageHeadroom, getStorageStatus } from "@/lib/system";
import { createTestDatabase, testDrivers, type TestDatabase } from "../../helpers/test-db";

/**
 * The embedded database on a disk that fills up. As root (CI runs as root) the data directory is on a real
 * tmpfs of its own, filled with a file until a few megabytes are left, so PGlite's writes fail with ENOSPC
 * from the kernel exactly as on a full disk. Elsewhere (no root, no mount) the same failure is injected
 * where PGlite's file system writes (node's fs.writeSync, which its NODEFS calls): a write to the data
 * directory throws ENOSPC. Either way PGlite sees the same errno and the test asserts the same behaviour.
 */
type Disk = { dir: string; mode: "tmpfs" | "injected"; fill(): void; free(): void; dispose(): void };

function tryTmpfs(root: string): Disk | null {
  if (process.getuid?.() !== 0) return null;
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=160m", "tmpfs", root], { stdio: "ignore" });
  } catch {
    return null;
  }
  const filler = path.join(root, "filler");
  return {
    dir: path.join(root, "pglite"),
    mode: "tmpfs",
    fill() {
      const { bavail, bsize } = fs.statfsSync(root);
      const leave = 3 * 1024 * 1024;
      const fd = fs.openSync(filler, "w");
      const chunk = Buffer.alloc(1024 * 1024, 1);
      for (let left = bavail * bsize - leave; left > 0; left -= chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, left));
      fs.closeSync(fd);
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    dispose() {
      execFileSync("umount", ["-l", root], { stdio: "ignore" });
    },
  };
}

function injectedDisk(root: string): Disk {
  const dir = path.join(root, "pglite");
  const original = fs.writeSync;
  let full = false;
  const dataFds = (fd: number) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
    } catch {
      return false;
    }
  };
  (fs as { writeSync: typeof fs.writeSync }).writeSync = function writeSync(this: unknown, fd: number, ...rest: unknown[]) {
    if (full && dataFds(fd)) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });
    return (original as (...args: unknown[]) => number).call(this, fd, ...rest);
  } as typeof fs.writeSync;
  return {
    dir,
    mode: "injected",
    fill: () => void (full = true),
    free: () => void (full = false),
    dispose: () => void ((fs as { writeSync: typeof fs.writeSync }).writeSync = original),
  };
}

function contactsCsv(count: number, from = 0): string {
  const lines = ["First Name,Last Name,Phone,Notes"];
  for (let i = from; i < from + count; i++) lines.push(`Pat${i},Lee${i},+1512${String(2_000_000 + i).padStart(7, "0")},${"note ".repeat(40)}${i}`);
  return lines.join("\n");
}

/** What a route answers when a use-case throws this error. */
async function answerFor(thrown: unknown): Promise<{ status: number; retryAfter: string | null; code: string; message: string }> {
  const handler = route(
    async () => {
      throw thrown;
    },
    { access: "public" },
  );
  const res = await handler(new NextRequest("http://localhost/api/contacts/import"), { params: Promise.resolve({}) });
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, retryAfter: res.headers.get("retry-after"), ...body.error };
}

async function until<T>(probe: () => Promise<T>, deadlineMs: number): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

describe("the embedded database on a full disk", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "voice-full-disk-"));
  let disk: Disk;
  let database: Database;
  let ctx: Ctx;

  beforeAll(async () => {
    // FULL_DISK_INJECTED=1 takes the injected path even as root (to check it where a mount would work).
    disk = (process.env.FULL_DISK_INJECTED === "1" ? null : tryTmpfs(root)) ?? injectedDisk(root);
    console.info(`[full disk] writes fail through ${disk.mode === "tmpfs" ? "a filled 160 MB tmpfs" : "an injected ENOSPC on the data directory"}`);
    database = await openDatabase({ kind: "pglite", dir: disk.dir });
    await migrateDatabase(database);
    const organization = await createOrganization(database.db, { name: "Full disk clinic", timezone: "America/New_York" });
    ctx = { db: database.db, organization };
  }, 120_000);

  afterAll(async () => {
    await database?.close().catch(() => {});
    disk?.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("refuses writes with a storage error, stays responsive, reopens by itself once there is room, and keeps what it acknowledged", async () => {
    const before = await importContactsCsv(ctx, { csv: contactsCsv(200) });
    expect(before.ok && before.value.created).toBe(200);

    disk.fill();
    if (disk.mode === "tmpfs") {
      // What the Status page and the import route see on the real, nearly full file system.
      expect(await getStorageStatus({ database })).toMatchObject({ level: "full" });
      expect(await checkStorageHeadroom({ database }, 2 * 1024 * 1024)).toMatchObject({ code: "storage_full" });
    }
    // The write itself, past the guard (as a write not foreseen as large would be).
    const failed = await importContactsCsv(ctx, { csv: contactsCsv(20_000, 1_000) }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(findStorageFullError(failed)?.message).toMatch(/is full.*Free some space/);
    expect(await answerFor(failed)).toMatchObject({ status: 507, retryAfter: "30", code: "storage_full" });

    // While out of service, every call fails at once with the same clear error, and a caller that retries
    // in a loop without waiting does not starve timers (health checks, signals).
    let timerFired = false;
    setTimeout(() => (timerFired = true), 0);
    for (let i = 0; i < 50; i++) expect(findStorageFullError(await countContacts(ctx).catch((error: unknown) => error))).not.toBeNull();
    expect(timerFired).toBe(true);

    disk.free();
    const count = await until(() => countContacts(ctx), 90_000);
    expect(count).toBe(200);

    const after = await importContactsCsv(ctx, { csv: contactsCsv(300, 50_000) });
    expect(after.ok && after.value.created).toBe(300);
    expect(await countContacts(ctx)).toBe(500);
  }, 240_000);
});

/**
 * Postgres on a full disk: the contacts table and its indexes live in a tablespace on a small tmpfs of their
 * own (root only, as in CI), which is then filled. The server refuses the write with disk_full (53100),
 * rolls the transaction back and stays usable; the app reports it as a storage failure (507 at the edge).
 */
function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), "voice-mount-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe], { stdio: "ignore" });
    execFileSync("umount", [probe], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}
const canMountForPostgres = testDrivers().includes("postgres") && canMountTmpfs();
if (testDrivers().includes("postgres") && !canMountForPostgres) console.info("[full disk] Postgres part skipped: it needs root and a tmpfs mount (as in CI)");
describe.runIf(canMountForPostgres)("Postgres with its contacts on a full disk", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "voice-full-tablespace-"));
  const location = path.join(root, "ts");
  const tablespace = `voice_full_${path.basename(root).replace(/\W/g, "_").toLowerCase()}`;
  const filler = path.join(root, "filler");
  let database: TestDatabase;
  let ctx: Ctx;

  beforeAll(async () => {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=24m", "tmpfs", root]);
    fs.mkdirSync(location);
    execFileSync("chown", ["postgres:postgres", location]);
    fs.chmodSync(location, 0o700);
    database = await createTestDatabase("postgres");
    await database.db.execute(sql.raw(`create tablespace ${tablespace} location '${location}'`));
    await database.db.execute(sql.raw(`alter table contacts set tablespace ${tablespace}`));
    const indexes = rowsOf<{ indexname: string }>(await database.db.execute(sql`select indexname from pg_indexes where tablename = 'contacts'`));
    for (const { indexname } of indexes) await database.db.execute(sql.raw(`alter index "${indexname}" set tablespace ${tablespace}`));
    const organization = await createOrganization(database.db, { name: "Full tablespace clinic", timezone: "America/New_York" });
    ctx = { db: database.db, organization };
  }, 120_000);

  afterAll(async () => {
    await database?.close().catch(() => {});
    if (database?.url) {
      const admin = await openDatabase({ kind: "postgres", url: process.env.TEST_DATABASE_URL!, max: 1 });
      await admin.db.execute(sql.raw(`drop tablespace if exists ${tablespace}`)).catch(() => {});
      await admin.close();
    }
    try {
      execFileSync("umount", ["-l", root], { stdio: "ignore" });
    } catch {
      // not mounted
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("refuses the write as a storage failure, keeps serving, and takes writes again once there is room", async () => {
    const before = await importContactsCsv(ctx, { csv: contactsCsv(200) });
    expect(before.ok && before.value.created).toBe(200);

    const { bavail, bsize } = fs.statfsSync(root);
    fs.writeFileSync(filler, Buffer.alloc(bavail * bsize, 1));
    const failed = await importContactsCsv(ctx, { csv: contactsCsv(20_000, 1_000) }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isStorageFailure(failed)).toBe(true);
    expect(await answerFor(failed)).toMatchObject({ status: 507, retryAfter: "30", code: "storage_full", message: expect.stringContaining("disk is full") });
    expect(await countContacts(ctx)).toBe(200);

    fs.rmSync(filler);
    const after = await importContactsCsv(ctx, { csv: contactsCsv(300, 50_000) });
    expect(after.ok && after.value.created).toBe(300);
    expect(await countContacts(ctx)).toBe(500);
  }, 240_000);
});
