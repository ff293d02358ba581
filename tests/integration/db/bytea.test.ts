import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { rowsOf } from "@/lib/db";
import { describeEachDatabase } from "../../helpers/test-db";

// Rendered audio is stored as bytea; on PGlite it crosses the text protocol as hex through our own codec.
describeEachDatabase("bytea", (getDb) => {
  async function roundTrip(value: Uint8Array): Promise<{ back: Buffer; length: number; md5: string }> {
    const { db } = getDb();
    const [row] = rowsOf<{ back: Buffer | Uint8Array; length: number; md5: string }>(
      await db.execute(sql`select ${value}::bytea as back, length(${value}::bytea)::int as length, md5(${value}::bytea) as md5`),
    );
    return { back: Buffer.from(row!.back), length: row!.length, md5: row!.md5 };
  }

  it("keeps every byte value, in order, both ways", async () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const { back, length } = await roundTrip(all);
    expect(length).toBe(256);
    expect(back.equals(all)).toBe(true);
  });

  it("sends only the viewed bytes of a Uint8Array that is a window on a larger buffer", async () => {
    const whole = Buffer.from("....audio!....");
    const window = new Uint8Array(whole.buffer, whole.byteOffset + 4, 6);
    const { back, length } = await roundTrip(window);
    expect(length).toBe(6);
    expect(back.toString()).toBe("audio!");
  });

  it("stores a second of 24 kHz audio exactly (the server's own md5 agrees)", async () => {
    const pcm = randomBytes(48_000);
    const { back, md5 } = await roundTrip(pcm);
    expect(back.equals(pcm)).toBe(true);
    expect(md5).toBe(createHash("md5").update(pcm).digest("hex"));
  });

  it("keeps an empty value empty", async () => {
    const { back, length } = await roundTrip(new Uint8Array(0));
    expect(length).toBe(0);
    expect(back.length).toBe(0);
  });
});
