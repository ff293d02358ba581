// The model threads run 10 nice steps below the worker's HTTP thread, counted from the worker's own nice
// value: an operator who starts the worker with `nice` moves all of it, and /healthz still wins over inference.
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";

const workers: TestWorker[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

/** Nice value of each thread of a process, from /proc (field 19 of stat; the name in field 2 may hold spaces). */
function threadNiceness(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    out.set(Number(tid), Number(fields[16]));
  }
  return out;
}

describe.runIf(process.platform === "linux")("model thread priority", () => {
  it("a worker started at nice 3 runs its HTTP thread at 3 and its model threads at 13", async () => {
    const worker = await startTestWorker({ threads: 2, niceness: 3 });
    workers.push(worker);
    const rendered = await postToWorker(worker, "/v1/render", { text: "Hello Maria, see you on Tuesday.", voice: "af_heart" });
    expect(rendered.status).toBe(200);

    const niceness = threadNiceness(worker.pid());
    expect(niceness.get(worker.pid())).toBe(3);
    const values = [...niceness.values()];
    // Two model threads (plus the onnxruntime threads they created) sit 10 steps lower; none at the old absolute 10.
    expect(values.filter((n) => n === 13).length).toBeGreaterThanOrEqual(2);
    expect(values).not.toContain(10);
  });
});
