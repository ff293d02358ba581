/** Prometheus text exposition for the worker; counters live here, gauges are read from the pool on scrape. */
import type { PoolStats } from "./pool";

const escapeLabel = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

export class Metrics {
  private renders = new Map<string, number>(); // "engine|format"
  private errors = new Map<string, number>(); // code
  private generationSeconds = 0;
  private audioSeconds = 0;
  private queueSeconds = 0;
  private cancelled = new Map<string, number>(); // stage
  private cancelledPieces = 0;

  recordRender(engine: string, format: string, generationMs: number, audioMs: number, queueMs: number): void {
    const key = `${engine}|${format}`;
    this.renders.set(key, (this.renders.get(key) ?? 0) + 1);
    this.generationSeconds += generationMs / 1000;
    this.audioSeconds += audioMs / 1000;
    this.queueSeconds += queueMs / 1000;
  }

  /** A client left before its answer: while uploading, while its render waited, or while it ran. */
  recordCancelled(stage: string, piecesDropped: number): void {
    this.cancelled.set(stage, (this.cancelled.get(stage) ?? 0) + 1);
    this.cancelledPieces += piecesDropped;
  }

  recordError(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  render(pool: PoolStats | null, info: { engine: string; modelVersion: string; ready: boolean }): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: Array<[string, number]>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric("tts_renders_total", "counter", "Renders completed.", [...this.renders].map(([key, n]) => {
      const [engine, format] = key.split("|");
      return [`{engine="${escapeLabel(engine!)}",format="${escapeLabel(format!)}"}`, n];
    }));
    metric("tts_errors_total", "counter", "Error responses by code.", [...this.errors].map(([code, n]) => [`{code="${escapeLabel(code)}"}`, n]));
    metric("tts_cancelled_total", "counter", "Requests whose client left before the answer, by stage (upload, queued, running); their remaining pieces were not rendered.",
      [...this.cancelled].map(([stage, n]) => [`{stage="${escapeLabel(stage)}"}`, n]));
    metric("tts_cancelled_pieces_total", "counter", "Pieces of text never rendered because their client left.", [["", this.cancelledPieces]]);
    metric("tts_generation_seconds_total", "counter", "Time spent synthesising, summed over renders.", [["", round(this.generationSeconds)]]);
    metric("tts_audio_seconds_total", "counter", "Audio produced.", [["", round(this.audioSeconds)]]);
    metric("tts_queue_wait_seconds_total", "counter", "Time renders waited for a model thread.", [["", round(this.queueSeconds)]]);
    metric("tts_queue_depth", "gauge", "Renders waiting for a model thread.", [["", pool?.queued ?? 0]]);
    metric("tts_in_flight", "gauge", "Renders running.", [["", pool?.inFlight ?? 0]]);
    metric("tts_capacity", "gauge", "Renders that can run at once.", [["", pool?.capacity ?? 0]]);
    metric("tts_model_runs", "gauge", "Model calls running right now, across threads.", [["", pool?.modelRunsNow ?? 0]]);
    metric("tts_model_runs_max_concurrent", "gauge", "Most model calls seen running at once since start.", [["", pool?.modelRunsMaxConcurrent ?? 0]]);
    metric("tts_ready", "gauge", "1 when the model is loaded and warmed up.", [[
      `{engine="${escapeLabel(info.engine)}",model_version="${escapeLabel(info.modelVersion)}"}`,
      info.ready ? 1 : 0,
    ]]);
    return `${lines.join("\n")}\n`;
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;
