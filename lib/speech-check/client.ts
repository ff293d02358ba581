import { z } from "zod";
import { err, ok, type Result } from "@/lib/result";

/** What the speech check service (services/speech-check/server.py) answers for one WAV file. */
const transcriptSchema = z.object({
  text: z.string(),
  normalized: z.string(),
  expected: z.array(z.object({ text: z.string(), normalized: z.string() })),
  words: z.array(z.object({ word: z.string(), start: z.number(), end: z.number() })),
  language: z.string(),
  model: z.string(),
  audio_seconds: z.number(),
  asr_seconds: z.number(),
});
export type Transcript = z.infer<typeof transcriptSchema>;

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean().optional() }) });

/** `unavailable`: not configured, not reachable, or busy; `refused`: the service said the request is wrong. */
export type SpeechCheckFailure = { code: "unavailable" | "refused"; message: string };

export type SpeechCheckClientOptions = { url: string; token?: string; timeoutMs?: number; fetch?: typeof fetch };

/** Languages the service hears ("es-419" is asked as "es"). */
export const CHECKED_LANGUAGES = ["en", "es"] as const;
export type CheckedLanguage = (typeof CHECKED_LANGUAGES)[number];

/**
 * The app's side of the speech check service: a WAV file and the values it should hold in, the transcript and
 * the normalised forms of both out. Every failure is a typed result: the check is optional and never throws
 * into a plan or a launch.
 */
export class SpeechCheckClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SpeechCheckClientOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  get url(): string {
    return this.options.url;
  }

  /** Whether the service answers /ready; the reason when it does not. */
  async ready(): Promise<Result<true, SpeechCheckFailure>> {
    try {
      const res = await this.fetch(`${this.options.url}/ready`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return ok(true);
      return err({ code: "unavailable", message: `the speech check service is starting (it answered ${res.status})` });
    } catch (error) {
      return err({ code: "unavailable", message: `the speech check service at ${this.options.url} is not reachable (${describe(error)})` });
    }
  }

  async transcribe(wav: Buffer, language: CheckedLanguage, expect: readonly string[]): Promise<Result<Transcript, SpeechCheckFailure>> {
    const query = new URLSearchParams({ language });
    for (const value of expect) query.append("expect", value);
    let res: Response;
    try {
      res = await this.fetch(`${this.options.url}/v1/transcribe?${query}`, {
        method: "POST",
        headers: { "content-type": "audio/wav", ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}) },
        body: new Uint8Array(wav),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
      });
    } catch (error) {
      return err({ code: "unavailable", message: `the speech check service at ${this.options.url} is not reachable (${describe(error)})` });
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const parsed = errorSchema.safeParse(body);
      const message = parsed.success ? parsed.data.error.message : `it answered ${res.status}`;
      const unavailable = res.status === 503 || res.status === 429 || res.status === 401 || res.status >= 500;
      return err({ code: unavailable ? "unavailable" : "refused", message: `the speech check service refused the audio: ${message}` });
    }
    const parsed = transcriptSchema.safeParse(body);
    if (!parsed.success) return err({ code: "unavailable", message: "the speech check service answered something this app does not understand" });
    return ok(parsed.data);
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return cause ?? (error as Error).message ?? String(error);
}
