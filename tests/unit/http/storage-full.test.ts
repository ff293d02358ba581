import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PGLITE_MIN_FREE_BYTES, StorageFullError, type StorageSpace } from "@/lib/db";
import { z } from "zod";
import { action } from "@/lib/http/action";
import { route } from "@/lib/http/route";
import { checkStorageHeadroom, getStorageStatus } from "@/lib/system";
import { type AppContext } from "@/lib/http/session";

vi.mock("@/lib/http/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/http/session")>()),
  getAppContext: async () => ({ actor: { kind: "user", user: { id: "user", role: "staff" } }, organization: { id: "org" } }),
}));

afterEach(() => vi.restoreAllMocks());

class FakeDrizzleQueryError extends Error {
  constructor(query: string, readonly cause: unknown) {
    super(`Failed query: ${query}\nparams: Maria,+15125550100`);
  }
}

const call = (thrown: unknown) =>
  route(
    async () => {
      throw thrown;
    },
    { access: "public" },
  )(new NextRequest("http://localhost/api/x"), { params: Promise.resolve({}) });

describe("a full disk answers 507 with what to do, not a 500", () => {
  it("maps the embedded database's storage error, as drizzle wraps it, to 507 storage_full with Retry-After", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await call(new FakeDrizzleQueryError("insert into contacts …", new StorageFullError("PGlite (embedded) at .data/pglite")));
    expect(res.status).toBe(507);
    expect(res.headers.get("retry-after")).toBe("30");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("storage_full");
    expect(body.error.message).toMatch(/is full.*Free some space.*reopens the database by itself/);
    expect(errors).not.toHaveBeenCalled();
  });

  it("recognises the storage error of another copy of its class (Next.js loads separate module graphs), reads included", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    class OtherCopyOfStorageFullError extends Error {
      readonly code = "storage_full";
    }
    const res = await call(new FakeDrizzleQueryError("select count(*) from contacts …", new OtherCopyOfStorageFullError("The disk holding the database (x) is full, so nothing can be saved right now.")));
    expect(res.status).toBe(507);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("The disk holding the database (x) is full");
  });

  it("maps Postgres' disk_full (53100) to 507 as well, without the statement's values", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await call(new FakeDrizzleQueryError("insert …", { code: "53100", message: 'could not extend file "base/16384/16385": No space left on device' }));
    expect(res.status).toBe(507);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: "storage_full", message: expect.stringContaining("disk is full") });
    expect(JSON.stringify(body)).not.toMatch(/Maria|5550100/);
  });
});

const withSpace = (space: StorageSpace | null) => ({ database: { storage: async () => space } }) as unknown as Pick<AppContext, "database">;
const MB = 1024 * 1024;

describe("room for the embedded database", () => {
  it("refuses an import up front when the disk has less than the headroom plus what it would write", async () => {
    const nearlyFull = withSpace({ dir: "/data", freeBytes: 14 * MB, totalBytes: 1024 * MB });
    const refused = await checkStorageHeadroom(nearlyFull, 2 * MB);
    expect(refused).toMatchObject({ code: "storage_full", message: expect.stringMatching(/has 14 MB free; this import needs about 84 MB.*Nothing was imported/) });
    expect(await checkStorageHeadroom(withSpace({ dir: "/data", freeBytes: 200 * MB, totalBytes: 1024 * MB }), 2 * MB)).toBeNull();
    expect(await checkStorageHeadroom(withSpace(null), 5 * MB)).toBeNull();
  });

  it("warns on the Status page before the space runs out", async () => {
    expect(await getStorageStatus(withSpace({ dir: "/data", freeBytes: 2048 * MB, totalBytes: 4096 * MB }))).toMatchObject({ level: "ok" });
    expect(await getStorageStatus(withSpace({ dir: "/data", freeBytes: 300 * MB, totalBytes: 4096 * MB }))).toMatchObject({ level: "low", text: expect.stringContaining("running low") });
    expect(await getStorageStatus(withSpace({ dir: "/data", freeBytes: PGLITE_MIN_FREE_BYTES - 1, totalBytes: 4096 * MB }))).toMatchObject({ level: "full" });
    expect(await getStorageStatus(withSpace(null))).toBeNull();
  });
});

describe("a server action on a full disk", () => {
  it("returns storage_full with what to do instead of throwing a 500", async () => {
    const result = await action(z.object({ name: z.string() }), { name: "Checkups" }, async () => {
      throw new FakeDrizzleQueryError("insert into campaigns …", new StorageFullError("PGlite (embedded) at .data/pglite"));
    });
    expect(result).toMatchObject({ ok: false, error: { code: "storage_full", message: expect.stringContaining("Free some space") } });
  });

  it("still throws what is not a storage failure", async () => {
    await expect(action(z.object({}), {}, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });
});
