import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db";
import { isWorkerBusy } from "@/lib/protocol/tts";
import { backoffMs, type RenderFailure, type RenderedAudio, type WorkerPool } from "@/lib/worker-client";
import { leaseSegments, releaseLeases, renewLeases, requeueSegment, storeSegmentOutcomes, type LeasedSegment } from "./queries";

export type SettledSegment = { segmentKey: string; status: "done" | "failed" };

/**
 * Called inside the transaction that settled a batch of segments (in the order their renders ended), so
 * whatever it records commits with them.
 */
export type SegmentsSettled = (tx: DbOrTx, settled: SettledSegment[]) => Promise<void>;

/** Outcomes stored in one transaction at most (a batch also holds their audio in memory). */
const MAX_SETTLE_BATCH = 64;
/** Outcomes waiting for their transaction at most: past it no render starts until the database catches up. */
const MAX_UNSETTLED = 2 * MAX_SETTLE_BATCH;

type Outcome = { segment: LeasedSegment } & ({ status: "done"; audio: RenderedAudio } | { status: "failed"; reason: string });

export type DispatcherOptions = {
  db: Db;
  pool: WorkerPool;
  /** A subquery of the segment keys someone still wants rendered: only those are leased. */
  neededSegmentKeys: SQL;
  /** Reports the segments that ended done or failed for good, a batch at a time. */
  onSegmentsSettled: SegmentsSettled;
  /** Identifies this dispatcher in leases; unique per process by default. */
  owner?: string;
  /**
   * A lease not renewed by then is taken over by any dispatcher (its owner is presumed dead). Leases of
   * renders in flight are renewed every third of it, so this bounds how long a dead process's segments wait,
   * not how long a render may take.
   */
  leaseMs?: number;
  /** Attempts before a segment is marked failed (503s from a busy worker do not count). */
  maxAttempts?: number;
  /** How often an idle dispatcher looks for expired leases and backoffs that ended. */
  pollMs?: number;
  log?: (entry: Record<string, unknown>) => void;
};

/**
 * Leases queued segments (`for update skip locked`, so any number of dispatchers in any number of processes
 * share the queue without rendering a segment twice), renders them through the worker pool, stores the
 * audio, and reports settled segments through `onSegmentsSettled`.
 *
 * Leasing runs ahead of the workers: one statement leases the free slots plus a round of the pool's
 * capacity, and a slot that frees up takes the next leased segment at once, so a worker never waits for the
 * database and leases come many to a statement. Outcomes are stored by group commit: one transaction at a
 * time per dispatcher, holding every outcome that arrived while the previous one committed, so a busy
 * dispatcher spends one transaction on many segments and an idle one adds no wait; renders go on meanwhile.
 * Failures are retried with backoff up to `maxAttempts`, then marked failed with the reason; a failure never
 * blocks other segments. A heartbeat renews the leases this dispatcher holds, so a live dispatcher keeps a
 * slow render and a dead one's are taken over within `leaseMs`; stopping gives back the leases of segments
 * it had not sent yet.
 */
export class Dispatcher {
  readonly owner: string;
  private readonly db: Db;
  private readonly pool: WorkerPool;
  private readonly neededSegmentKeys: SQL;
  private readonly onSegmentsSettled: SegmentsSettled;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly pollMs: number;
  private readonly log: (entry: Record<string, unknown>) => void;
  private readonly inFlight = new Set<Promise<void>>();
  /**
   * Leased and not sent to a worker yet, oldest first, each with the instant (performance.now()) up to which
   * its lease is surely still ours: the lease or the last renewal that covered it was sent `leaseMs` before.
   */
  private readonly unsent: { segment: LeasedSegment; validUntil: number }[] = [];
  /** Keys of the segments this dispatcher holds leased (unsent, rendering or being stored): the leases the heartbeat renews. */
  private readonly rendering = new Set<string>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private renewing = false;
  /** Outcomes waiting for the next settle transaction, each with the render task waiting on it. */
  private unsettled: { outcome: Outcome; stored: () => void; failed: (error: unknown) => void }[] = [];
  private settling = false;
  private wake: (() => void) | null = null;
  /** A wake-up came while the loop was busy: its next idle returns at once. */
  private woken = false;
  private stopped = false;
  private loop: Promise<void> | null = null;
  /** Counts since start; `leaseStatements` and `settleTransactions` are what the database saw of them. */
  readonly stats = { rendered: 0, failed: 0, retried: 0, leased: 0, leaseStatements: 0, settleTransactions: 0 };

  constructor(options: DispatcherOptions) {
    this.db = options.db;
    this.pool = options.pool;
    this.neededSegmentKeys = options.neededSegmentKeys;
    this.onSegmentsSettled = options.onSegmentsSettled;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.pollMs = options.pollMs ?? 1_000;
    this.log = options.log ?? (() => {});
  }

  /** Wakes an idle loop at once (new renders were queued, or a render finished). */
  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Runs until stop(). */
  start(): void {
    this.stopped = false;
    this.loop ??= this.run(Number.POSITIVE_INFINITY).finally(() => {
      this.loop = null;
    });
  }

  /** Stops leasing and waits for renders already sent to finish (their results are stored). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.notify();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Serverless mode: dispatch until nothing is left to lease or `budgetMs` has passed, then wait for the
   * renders in flight. Safe to run concurrently with other dispatchers.
   */
  async runFor(budgetMs: number): Promise<typeof this.stats> {
    await this.run(Date.now() + budgetMs, { exitWhenIdle: true });
    await Promise.allSettled([...this.inFlight]);
    return this.stats;
  }

  private async run(until: number, options: { exitWhenIdle?: boolean } = {}): Promise<void> {
    while (!this.stopped && Date.now() < until) {
      if (this.pool.freeSlots() === 0 && !this.pool.info()) await this.pool.probe({ onlyStale: true });
      this.sendUnsent();
      const free = this.pool.freeSlots();
      const ahead = this.pool.info()?.capacity ?? 0;
      let leased: LeasedSegment[] = [];
      const leasing = performance.now();
      // Lease again once what is leased and unsent no longer covers the free slots and half a round ahead:
      // then a statement takes at least half a round of segments.
      if (this.unsettled.length < MAX_UNSETTLED && this.unsent.length < free + Math.ceil(ahead / 2)) {
        try {
          this.stats.leaseStatements += 1;
          leased = await leaseSegments(this.db, this.owner, free + ahead - this.unsent.length, this.leaseMs, this.neededSegmentKeys);
        } catch (error) {
          this.log({ level: "error", msg: "leasing failed", error: describeDbError(error) });
        }
      }
      this.stats.leased += leased.length;
      for (const segment of leased) {
        this.holdLease(segment.key);
        this.unsent.push({ segment, validUntil: leasing + this.leaseMs });
      }
      if (leased.length > 0) continue;
      if (options.exitWhenIdle && this.inFlight.size === 0 && this.unsent.length === 0 && free > 0) break;
      await this.idle(Math.min(this.pollMs, Math.max(0, until - Date.now())));
    }
    await this.giveBackUnsent();
  }

  /**
   * Sends leased segments to the workers while they have free slots and stored outcomes keep up. A segment
   * whose lease may have run out while it waited (renewals failed or came late) is not sent: another
   * dispatcher may have taken it over, and its expired lease lets any dispatcher, this one included, lease
   * it again.
   */
  private sendUnsent(): void {
    while (!this.stopped && this.unsent.length > 0 && this.unsettled.length < MAX_UNSETTLED && this.pool.freeSlots() > 0) {
      const { segment, validUntil } = this.unsent.shift()!;
      if (performance.now() >= validUntil) {
        this.releaseLease(segment.key);
        this.log({ level: "warn", msg: "lease of a segment not sent yet may have expired; left to be leased again", segment: segment.key });
        continue;
      }
      const task: Promise<void> = this.process(segment).finally(() => {
        this.releaseLease(segment.key);
        this.inFlight.delete(task);
        this.notify();
      });
      this.inFlight.add(task);
    }
  }

  /** Stopping (or out of budget): the segments leased but never sent go back to the queue for anyone. */
  private async giveBackUnsent(): Promise<void> {
    const unsent = this.unsent.splice(0);
    if (unsent.length === 0) return;
    try {
      await releaseLeases(this.db, this.owner, unsent.map((u) => u.segment.key));
    } catch (error) {
      // Their leases expire instead, and another pass takes them over.
      this.log({ level: "error", msg: "giving back leases failed", segments: unsent.length, error: describeDbError(error) });
    } finally {
      for (const { segment } of unsent) this.releaseLease(segment.key);
    }
  }

  private holdLease(key: string): void {
    this.rendering.add(key);
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(10, this.leaseMs / 3));
      this.heartbeat.unref();
    }
  }

  /**
   * Also called when storing the outcome failed: that lease is no longer renewed, so it expires and another
   * pass picks the segment up.
   */
  private releaseLease(key: string): void {
    this.rendering.delete(key);
    if (this.rendering.size === 0 && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
  }

  private async renewLeases(): Promise<void> {
    if (this.renewing || this.rendering.size === 0) return;
    this.renewing = true;
    const sent = performance.now();
    const waiting = [...this.unsent];
    try {
      const renewed = await renewLeases(this.db, this.owner, [...this.rendering], this.leaseMs);
      for (const u of waiting) if (renewed.has(u.segment.key)) u.validUntil = Math.max(u.validUntil, sent + this.leaseMs);
    } catch (error) {
      // The next beat tries again; if the database stays away longer than the lease, another dispatcher may
      // render the segment too, and storing its outcome twice is harmless.
      this.log({ level: "error", msg: "renewing leases failed", segments: this.rendering.size, error: describeDbError(error) });
    } finally {
      this.renewing = false;
    }
  }

  private idle(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        this.woken = false;
        done();
      };
    });
  }

  private async process(segment: LeasedSegment): Promise<void> {
    const result = await this.pool.render({ text: segment.text, voice: segment.voice, speed: segment.speed, format: "pcm" });
    // The worker's slot is free: the next leased segment goes out while this outcome is stored, and the
    // loop leases more when few are left.
    this.sendUnsent();
    this.notify();
    try {
      if (result.ok && (result.value.engine !== segment.engine || result.value.modelVersion !== segment.modelVersion)) {
        await this.fail(segment, {
          code: "synthesis_failed",
          retryable: false,
          message: `The worker now runs ${result.value.engine} ${result.value.modelVersion}, but this segment was planned for ${segment.engine} ${segment.modelVersion}. Duplicate the campaign to render it with the current model.`,
        });
      } else if (result.ok) {
        await this.settle({ segment, status: "done", audio: result.value });
      } else {
        await this.fail(segment, result.error);
      }
    } catch (error) {
      // The database failed while storing the outcome: the lease expires and another pass picks it up.
      this.log({ level: "error", msg: "storing a render outcome failed", segment: segment.key, error: describeDbError(error) });
    }
  }

  private async fail(segment: LeasedSegment, failure: RenderFailure): Promise<void> {
    const busy = isWorkerBusy(failure.code) || failure.code === "no_worker";
    const reason = `${failure.code}: ${failure.message}`.slice(0, 500);
    if (busy || (failure.retryable && segment.attempts < this.maxAttempts)) {
      // A busy or restarting worker is not the segment's fault: give the attempt back.
      const delayMs = failure.retryAfterMs ?? backoffMs(segment.attempts);
      await requeueSegment(this.db, segment.key, this.owner, { reason, delayMs, giveBackAttempt: busy });
      this.stats.retried += 1;
      return;
    }
    await this.settle({ segment, status: "failed", reason });
  }

  /** Resolves once the outcome is committed (rejects when its transaction failed). */
  private settle(outcome: Outcome): Promise<void> {
    return new Promise((stored, failed) => {
      this.unsettled.push({ outcome, stored, failed });
      if (!this.settling) void this.settleWaiting();
    });
  }

  private async settleWaiting(): Promise<void> {
    this.settling = true;
    for (;;) {
      // Let every response that has arrived meanwhile join the batch first: an embedded database runs a
      // transaction without yielding to I/O, so a batch taken at once would hold one outcome each time.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.unsettled.length === 0) break;
      const batch = this.unsettled.splice(0, MAX_SETTLE_BATCH);
      try {
        await this.storeOutcomes(batch.map((b) => b.outcome));
        for (const b of batch) b.stored();
      } catch (error) {
        for (const b of batch) b.failed(error);
      }
    }
    this.settling = false;
  }

  private async storeOutcomes(outcomes: Outcome[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rendered = outcomes.flatMap((o) => (o.status === "done" ? [{ key: o.segment.key, audio: o.audio }] : []));
      const failures = outcomes.flatMap((o) => (o.status === "failed" ? [{ key: o.segment.key, reason: o.reason }] : []));
      const stored = await storeSegmentOutcomes(tx, this.owner, rendered, failures);
      const settled = outcomes.flatMap((o): SettledSegment[] => (stored.get(o.segment.key) === o.status ? [{ segmentKey: o.segment.key, status: o.status }] : []));
      if (settled.length > 0) await this.onSegmentsSettled(tx, settled);
    });
    this.stats.settleTransactions += 1;
    for (const o of outcomes) {
      if (o.status === "done") {
        this.stats.rendered += 1;
        this.log({ level: "debug", msg: "segment rendered", segment: o.segment.key, audioMs: o.audio.audioMs, generationMs: o.audio.generationMs });
      } else {
        this.stats.failed += 1;
        this.log({ level: "warn", msg: "segment failed", segment: o.segment.key, reason: o.reason });
      }
    }
  }
}

/** Drizzle wraps driver errors in "Failed query: <sql>"; the cause says what actually went wrong. */
function describeDbError(error: unknown): string {
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  return cause?.message ? `${cause.code ?? ""} ${cause.message}`.trim() : String((error as Error)?.message ?? error);
}
