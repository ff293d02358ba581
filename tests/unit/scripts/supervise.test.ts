import type { ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { supervise } from "@/scripts/supervise";

/** A stand-in child process: `exit()` ends it as a crash would; kill() ends it as a signal would. */
class FakeChild extends EventEmitter {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  kills: string[] = [];
  exit(code: number | null, signal: NodeJS.Signals | null = null) {
    this.exitCode = code;
    this.signalCode = signal;
    this.emit("exit", code, signal);
  }
  kill(signal: NodeJS.Signals) {
    this.kills.push(signal);
    queueMicrotask(() => this.exit(null, signal));
    return true;
  }
}

function harness(options: { crashLoopAfter?: number } = {}) {
  let clock = 0;
  const children: FakeChild[] = [];
  const timers: Array<{ run: () => void; ms: number; canceled: boolean }> = [];
  const lines: string[] = [];
  const supervisor = supervise({
    name: "worker",
    start: () => {
      const child = new FakeChild();
      children.push(child);
      return child as unknown as ChildProcess;
    },
    log: (line) => lines.push(line),
    healthyAfterMs: 60_000,
    ...options,
    now: () => clock,
    setTimer: (run, ms) => {
      const timer = { run, ms, canceled: false };
      timers.push(timer);
      return { cancel: () => (timer.canceled = true) };
    },
  });
  const fireLast = () => timers.at(-1)!.run();
  return { supervisor, children, timers, lines, fireLast, advance: (ms: number) => (clock += ms) };
}

describe("supervise", () => {
  it("restarts a process that dies, with a backoff of 1 s doubling to 30 s, logging each restart", () => {
    const h = harness({ crashLoopAfter: 100 });
    for (let i = 0; i < 7; i++) {
      h.children.at(-1)!.exit(1);
      h.fireLast();
    }
    expect(h.timers.map((t) => t.ms)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(h.children).toHaveLength(8);
    expect(h.supervisor.restarts()).toBe(7);
    expect(h.lines[0]).toBe("worker exited (exit code 1); restarting in 1 s (restart 1)");
    expect(h.lines).toHaveLength(7);
  });

  it("names the signal that killed it", () => {
    const h = harness();
    h.children[0]!.exit(null, "SIGKILL");
    expect(h.lines[0]).toBe("worker exited (killed by SIGKILL); restarting in 1 s (restart 1)");
  });

  it("starts the backoff again after a run that lasted long enough to count as healthy", () => {
    const h = harness();
    h.children[0]!.exit(1);
    h.fireLast();
    h.children[1]!.exit(1);
    h.fireLast();
    h.advance(60_000);
    h.children[2]!.exit(1);
    expect(h.timers.map((t) => t.ms)).toEqual([1_000, 2_000, 1_000]);
  });

  it("reports a crash loop once, plainly, and keeps restarting", () => {
    const h = harness({ crashLoopAfter: 3 });
    for (let i = 0; i < 5; i++) {
      h.children.at(-1)!.exit(1);
      h.fireLast();
    }
    const reports = h.lines.filter((l) => l.includes("keeps crashing"));
    expect(reports).toEqual([
      "worker keeps crashing: 3 restarts in a row, none of them running for 60 s. The rest keeps running; the cause is in the worker lines above. Restarts go on every 30 s at most.",
    ]);
    expect(h.children).toHaveLength(6);
  });

  it("stop() signals the running process, waits for it, and never restarts it", async () => {
    const h = harness();
    await h.supervisor.stop("SIGTERM");
    expect(h.children[0]!.kills).toEqual(["SIGTERM"]);
    expect(h.timers).toHaveLength(0);
    expect(h.children).toHaveLength(1);
  });

  it("stop() while waiting to restart cancels the restart", async () => {
    const h = harness();
    h.children[0]!.exit(1);
    await h.supervisor.stop();
    expect(h.timers[0]!.canceled).toBe(true);
    expect(h.supervisor.current()).toBeNull();
  });
});
