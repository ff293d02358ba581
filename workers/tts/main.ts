/**
 * TTS worker entry: parse env, start the HTTP server (so /healthz answers during loading), load and warm up
 * the model threads, then report ready. SIGTERM/SIGINT drain: stop accepting, finish in-flight renders within
 * TTS_DRAIN_TIMEOUT_MS, terminate the model threads, exit 0. A second signal exits at once (SIGKILL), unless
 * it comes within a second of the first: Ctrl-C in a terminal reaches both `npm start` and the worker, and
 * `npm start` then sends SIGTERM too, which is the same request to stop.
 */
import os from "node:os";
import { EnvError, parseWorkerEnv, type WorkerEnv } from "./env";
import { chooseEngine } from "./engine-select";
import { StartupError } from "./errors";
import { createLogger, type Logger } from "./log";
import { Metrics } from "./metrics";
import { ModelHost } from "./model-host";
import { RenderPool } from "./pool";
import { createServer, type ServerContext } from "./server";
import { readTlsFiles } from "./tls";

/** A signal this soon after the first one repeats it instead of forcing the exit. */
const REPEATED_SIGNAL_MS = 1_000;

async function startWorker(env: WorkerEnv, log: Logger): Promise<void> {
  const ctx: ServerContext = {
    log,
    metrics: new Metrics(),
    pool: null,
    threads: env.TTS_THREADS,
    intraOpThreads: env.TTS_INTRA_OP_THREADS,
    token: env.TTS_WORKER_TOKEN,
    state: { status: "starting", engine: null },
  };
  const server = createServer(ctx, {
    rateLimitPerMinute: env.TTS_RATE_LIMIT_PER_MINUTE,
    headersTimeoutMs: env.TTS_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: env.TTS_REQUEST_TIMEOUT_MS,
    tls: readTlsFiles(env),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.TTS_PORT, env.TTS_HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.TTS_PORT;
  log.info("listening", { url: `${env.TTS_TLS_CERT ? "https" : "http"}://${env.TTS_HOST}:${port}`, auth: Boolean(env.TTS_WORKER_TOKEN) });

  let shuttingDown = false;
  let firstSignalAt = 0;
  const shutdown = async (signal: string) => {
    if (shuttingDown && performance.now() - firstSignalAt < REPEATED_SIGNAL_MS) {
      log.info("signal repeated at once: still draining", { signal });
      return;
    }
    if (shuttingDown) {
      log.warn("second signal: exiting now", { signal });
      // process.exit() would tear down onnxruntime while a model thread is inside a native run, which
      // aborts (SIGABRT) after a delay; SIGKILL ends the process at once, and says plainly that it was forced.
      process.kill(process.pid, "SIGKILL");
    }
    shuttingDown = true;
    firstSignalAt = performance.now();
    const stats = ctx.pool?.stats();
    log.info("draining", { signal, inFlight: stats?.inFlight ?? 0, queued: stats?.queued ?? 0, timeoutMs: env.TTS_DRAIN_TIMEOUT_MS });
    ctx.state.status = "draining";
    server.close();
    server.closeIdleConnections();
    const drained = ctx.pool ? await ctx.pool.drain(env.TTS_DRAIN_TIMEOUT_MS) : true;
    if (!drained) log.warn("drain timeout: abandoning renders still running", { timeoutMs: env.TTS_DRAIN_TIMEOUT_MS });
    await ctx.pool?.close();
    server.closeAllConnections();
    log.info("stopped", { drained });
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  const choice = await chooseEngine(env, log);
  const counters = new SharedArrayBuffer(8);
  const hosts = Array.from(
    { length: env.TTS_THREADS },
    (_, i) =>
      new ModelHost(
        {
          engine: choice.engine,
          modelFile: choice.modelFile ?? "",
          modelDir: env.TTS_MODEL_DIR,
          intraOpThreads: env.TTS_INTRA_OP_THREADS,
          espeakBin: env.TTS_ESPEAK_BIN,
          modelVersion: choice.modelVersion,
          counters,
        },
        log,
        i,
      ),
  );
  const started = performance.now();
  let readies;
  try {
    readies = await Promise.all(hosts.map((host) => host.start()));
  } catch (error) {
    await Promise.all(hosts.map((host) => host.close(500)));
    const where = choice.engine === "kokoro" ? ` from ${choice.modelFile}` : "";
    throw new StartupError(`could not load the ${choice.engine} engine${where}: ${(error as Error).message}`);
  }
  const first = readies[0]!;
  ctx.pool = new RenderPool(hosts, { maxInFlight: env.TTS_MAX_IN_FLIGHT, maxQueue: env.TTS_MAX_QUEUE, counters });
  ctx.pool.seedSpeed(readies.map((r) => r.probe));
  ctx.state.engine = {
    engine: choice.engine,
    modelId: choice.modelId,
    modelVersion: first.modelVersion,
    voices: first.voices,
    sampleRate: first.sampleRate,
    ...(choice.warning ? { warning: choice.warning } : {}),
  };
  if (!shuttingDown) ctx.state.status = "ready";
  log.info("ready", {
    engine: choice.engine,
    modelVersion: first.modelVersion,
    threads: env.TTS_THREADS,
    intraOpThreads: env.TTS_INTRA_OP_THREADS,
    capacity: ctx.pool.capacity,
    maxQueue: env.TTS_MAX_QUEUE,
    cores: os.availableParallelism(),
    loadMs: Math.round(performance.now() - started),
    warmupMs: readies.map((r) => r.warmupMs),
  });
}

try {
  const env = parseWorkerEnv();
  await startWorker(env, createLogger(env.TTS_LOG_LEVEL, { service: "tts-worker" }));
} catch (error) {
  if (error instanceof EnvError || error instanceof StartupError) {
    process.stderr.write(`\ntts worker cannot start:\n${error.message}\n\n`);
  } else {
    process.stderr.write(`\ntts worker crashed while starting:\n${(error as Error).stack ?? String(error)}\n\n`);
  }
  process.exit(1);
}
