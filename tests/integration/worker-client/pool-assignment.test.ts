import { afterEach, expect, it } from "vitest";
import { WorkerPool } from "@/lib/worker-client";
import { startFakeWorker, type FakeWorker } from "../../../harness/fake-worker";

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of closing.splice(0).reverse()) await c.close();
});

async function worker(options: Parameters<typeof startFakeWorker>[0]): Promise<FakeWorker> {
  const fake = await startFakeWorker(options);
  closing.push(fake);
  return fake;
}

it("counts a render against its worker the moment it is asked for, so renders asked for together spread over the workers", async () => {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const [a, b] = [await worker({ capacity: 2, behave: () => ({ kind: "ok", heldUntil: held }) }), await worker({ capacity: 2, behave: () => ({ kind: "ok", heldUntil: held }) })];
  const pool = new WorkerPool({ urls: [a.url, b.url] });
  closing.push(pool);
  await pool.probe();
  expect(pool.freeSlots()).toBe(4);

  // Asked for in one tick, as the dispatcher sends a leased batch: none has reached a worker yet.
  const renders = Array.from({ length: 4 }, (_, i) => pool.render({ text: `Segment ${i}.`, voice: "af_heart", speed: 1, format: "pcm" }));
  expect(pool.freeSlots()).toBe(0);
  await expect.poll(() => [a.requests.length, b.requests.length]).toEqual([2, 2]);

  release();
  expect((await Promise.all(renders)).map((r) => r.ok)).toEqual([true, true, true, true]);
  expect(pool.freeSlots()).toBe(4);
});
