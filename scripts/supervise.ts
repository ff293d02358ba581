/**
 * Keeps one child process running for `npm start`: when it exits without being asked to, it is started
 * again after a backoff (1 s, doubling to 30 s), and every restart is logged. A run that lasted
 * `healthyAfterMs` counts as healthy and resets the backoff; `crashLoopAfter` restarts in a row without a
 * healthy run are reported once, in plain words, and the restarts go on at the longest backoff.
 */
import type { ChildProcess } from "node:child_process";

export type SupervisorOptions = {
  name: string;
  /** Starts the process; called again for every restart. */
  start: () => ChildProcess;
  log: (line: string) => void;
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  healthyAfterMs?: number;
  crashLoopAfter?: number;
  /** Injected in tests; the clock and timers of the process otherwise. */
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => { cancel(): void };
};

export type Supervisor = {
  /** The running child, or null while waiting to restart. */
  current(): ChildProcess | null;
  restarts(): number;
  /** Stops restarting and sends `signal` to the child; resolves when it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
};

export function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

export function supervise(options: SupervisorOptions): Supervisor {
  const firstBackoffMs = options.firstBackoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const healthyAfterMs = options.healthyAfterMs ?? 60_000;
  const crashLoopAfter = options.crashLoopAfter ?? 5;
  const now = options.now ?? Date.now;
  const setTimer =
    options.setTimer ??
    ((run: () => void, ms: number) => {
      const timer = setTimeout(run, ms);
      return { cancel: () => clearTimeout(timer) };
    });

  let child: ChildProcess | null = null;
  let pending: { cancel(): void } | null = null;
  let stopping = false;
  let backoffMs = firstBackoffMs;
  let restarts = 0;
  let restartsInARow = 0;
  let exited: Promise<void> = Promise.resolve();

  const launch = () => {
    pending = null;
    const startedAt = now();
    const started = options.start();
    child = started;
    exited = new Promise((resolve) =>
      started.once("exit", (code, signal) => {
        child = null;
        resolve();
        if (stopping) return;
        if (now() - startedAt >= healthyAfterMs) {
          backoffMs = firstBackoffMs;
          restartsInARow = 0;
        }
        restarts++;
        restartsInARow++;
        options.log(
          `${options.name} exited (${exitDescription(code, signal)}); restarting in ${backoffMs / 1000} s (restart ${restarts})`,
        );
        if (restartsInARow === crashLoopAfter) {
          options.log(
            `${options.name} keeps crashing: ${restartsInARow} restarts in a row, none of them running for ` +
              `${Math.round(healthyAfterMs / 1000)} s. The rest keeps running; the cause is in the ${options.name} ` +
              `lines above. Restarts go on every ${maxBackoffMs / 1000} s at most.`,
          );
        }
        pending = setTimer(launch, backoffMs);
        backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
      }),
    );
  };
  launch();

  return {
    current: () => child,
    restarts: () => restarts,
    async stop(signal = "SIGTERM") {
      stopping = true;
      pending?.cancel();
      pending = null;
      child?.kill(signal);
      await exited;
    },
  };
}
