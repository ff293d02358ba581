import { expect, it } from "vitest";
import { claimJobs, enqueueJobs, getJob, requeueJob, runDueJobs, settleJob, type RetryPolicy } from "@/lib/jobs";
import { describeEachDatabase } from "../../helpers/test-db";

const POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 };
const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 12, 0, s));

describeEachDatabase("job queue", (getDb) => {
  it("keeps one job per idempotency key", async () => {
    const { db } = getDb();
    expect(await enqueueJobs(db, [{ queue: "q1", key: "a", runAt: at(0) }, { queue: "q1", key: "b", runAt: at(0) }])).toEqual(["a", "b"]);
    expect(await enqueueJobs(db, [{ queue: "q1", key: "a", runAt: at(0) }, { queue: "q2", key: "a", runAt: at(0) }])).toEqual(["a"]);
    expect(await claimJobs({ db, queue: "q1", now: at(1), leaseMs: 10_000, limit: 10 })).toHaveLength(2);
  });

  it("runs a job only when due, and never leases one job to two claimers at once", async () => {
    const { db } = getDb();
    await enqueueJobs(db, Array.from({ length: 20 }, (_, i) => ({ queue: "q3", key: `k${i}`, runAt: at(10) })));
    expect(await claimJobs({ db, queue: "q3", now: at(9), leaseMs: 10_000, limit: 50 })).toHaveLength(0);
    const claims = await Promise.all(Array.from({ length: 5 }, () => claimJobs({ db, queue: "q3", now: at(10), leaseMs: 10_000, limit: 6 })));
    const keys = claims.flat().map((j) => j.key);
    expect(keys).toHaveLength(20);
    expect(new Set(keys).size).toBe(20);
  });

  it("gives an expired lease to the next claimer and ignores the late settlement of the first holder", async () => {
    const { db } = getDb();
    await enqueueJobs(db, [{ queue: "q4", key: "x", runAt: at(0) }]);
    const [first] = await claimJobs({ db, queue: "q4", now: at(0), leaseMs: 5_000, limit: 1 });
    expect(await claimJobs({ db, queue: "q4", now: at(4), leaseMs: 5_000, limit: 1 })).toHaveLength(0);
    const [second] = await claimJobs({ db, queue: "q4", now: at(6), leaseMs: 5_000, limit: 1 });
    expect(second).toMatchObject({ key: "x", attempts: 2 });
    expect(await settleJob(db, first!, { status: "done" })).toBe(false);
    expect(await settleJob(db, second!, { status: "done" })).toBe(true);
    expect((await getJob(db, "q4", "x"))?.status).toBe("done");
  });

  it("retries with exponential backoff, then puts the job in the dead letter with its last error", async () => {
    const { db } = getDb();
    await enqueueJobs(db, [{ queue: "q5", key: "y", runAt: at(0) }]);
    let clock = at(0);
    const failing = () => runDueJobs({ db, queue: "q5", policy: POLICY, leaseMs: 5_000, limit: 5, now: () => clock, handler: async () => ({ kind: "retry", error: "receiver down" }) });
    expect(await failing()).toMatchObject({ retrying: 1 });
    expect((await getJob(db, "q5", "y"))?.runAt).toEqual(at(1));
    clock = at(1);
    expect(await failing()).toMatchObject({ retrying: 1 });
    expect((await getJob(db, "q5", "y"))?.runAt).toEqual(at(3));
    clock = at(2);
    expect(await failing()).toMatchObject({ retrying: 0, dead: 0 });
    clock = at(3);
    expect(await failing()).toMatchObject({ dead: 1 });
    expect(await getJob(db, "q5", "y")).toMatchObject({ status: "dead", attempts: 3, lastError: "receiver down" });
    // A thrown error is a retryable failure; requeueing brings a dead job back.
    await requeueJob(db, { queue: "q5", key: "y", runAt: at(10) });
    clock = at(10);
    const thrown = await runDueJobs({ db, queue: "q5", policy: { ...POLICY, maxAttempts: 9 }, leaseMs: 5_000, limit: 5, now: () => clock, handler: async () => { throw new Error("boom"); } });
    expect(thrown).toMatchObject({ retrying: 1 });
    expect(await getJob(db, "q5", "y")).toMatchObject({ status: "pending", lastError: "boom" });
  });
});
