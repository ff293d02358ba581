import fs from "node:fs";
import proxyAddr from "proxy-addr";
import { z } from "zod";

/**
 * The web process's configuration: the only module that reads process.env (STYLE.md). It is parsed once,
 * at import, and instrumentation.ts imports it so a bad value stops the server at boot with a message that
 * names the variable and says how to fix it.
 */
const postgresUrl = z
  .string()
  .trim()
  .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v), {
    message: "must be a postgres:// or postgresql:// URL, e.g. postgres://user:password@localhost:5432/voice",
  });

const workerUrls = z
  .string()
  .trim()
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.url({ protocol: /^https?$/, message: "each entry must be an http(s) URL like http://127.0.0.1:8787" }))
      .min(1, { message: "list at least one worker URL" }),
  );

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const isLoopbackUrl = (url: string) => {
  const host = new URL(url).hostname;
  return LOOPBACK_HOSTS.has(host) || host.startsWith("127.");
};

// The speech check hears patients' names: plain http only on this machine, https anywhere else.
const speechCheckUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL like http://127.0.0.1:8790" })
  .transform((v) => v.replace(/\/+$/, ""))
  .refine((v) => v.startsWith("https://") || isLoopbackUrl(v), { message: "must use https:// unless it is on this machine (127.0.0.1 or localhost)" });

// Reverse proxies whose X-Forwarded-For entries are believed: their addresses or CIDR ranges (proxy-addr's
// names loopback, linklocal and uniquelocal too), or a number of hops, as Express's "trust proxy" takes them.
const trustedProxies = z
  .string()
  .trim()
  .transform((value, ctx): number | string[] => {
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops >= 1 && hops <= 10) return hops;
      ctx.addIssue({ code: "custom", message: "a number of proxies must be between 1 and 10" });
      return z.NEVER;
    }
    const list = value.split(",").map((s) => s.trim()).filter(Boolean);
    try {
      proxyAddr.compile(list);
      return list;
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `${(error as Error).message} (expected addresses or CIDR ranges)` });
      return z.NEVER;
    }
  });

export const webEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  PGLITE_DIR: z.string().trim().min(1).default(".data/pglite"),
  TTS_WORKER_URLS: workerUrls.default(["http://127.0.0.1:8787"]),
  TTS_WORKER_TOKEN: z.string().min(16, { message: "use at least 16 characters (openssl rand -hex 24)" }).optional(),
  /** `npm start` sets 1: it restarts a worker that dies, so an unreachable worker is shown as restarting. */
  // The optional speech check service (services/speech-check); unset = the check does not run.
  SPEECH_CHECK_URL: speechCheckUrl.optional(),
  SPEECH_CHECK_TOKEN: z.string().min(16, { message: "use at least 16 characters (openssl rand -hex 24)" }).optional(),
  TTS_WORKER_SUPERVISED: z.enum(["1", "0"]).default("0").transform((v) => v === "1"),
  // A PEM certificate (the text itself, or a file path) trusted for https:// workers, besides the system's CAs.
  TTS_WORKER_CA: z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value.includes("-----BEGIN CERTIFICATE-----")) return value.replaceAll("\\n", "\n");
      try {
        return fs.readFileSync(value, "utf8");
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `cannot read the file ${value} (${(error as NodeJS.ErrnoException).code ?? "error"})` });
        return z.NEVER;
      }
    })
    .refine((pem) => pem.includes("-----BEGIN CERTIFICATE-----"), { message: "must be a PEM certificate or the path of one" })
    .optional(),
  APP_URL: z.url({ message: "must be the public base URL of the app, e.g. http://localhost:3000" }).default("http://localhost:3000"),
  DISPATCH_MODE: z.enum(["loop", "request"]).default("loop"),
  CRON_SECRET: z.string().min(16, { message: "use at least 16 characters (openssl rand -hex 24)" }).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  AUTH_SECRET: z.string().min(32, { message: "use at least 32 characters (openssl rand -hex 32)" }).optional(),
  // Below the events route's maxDuration (300 s), so a serverless platform never cuts a stream mid-message.
  SSE_MAX_STREAM_SECONDS: z.coerce.number().int().min(1).max(86_400).default(270),
  // Webhook endpoints on private, loopback or link-local addresses are refused (SSRF) unless this is 1.
  WEBHOOKS_ALLOW_PRIVATE_URLS: z.enum(["1", "0"]).default("0").transform((v) => v === "1"),
  /** Recipients a campaign may have; launch plans them a page at a time, so memory does not grow with it. */
  CAMPAIGN_MAX_RECIPIENTS: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
  TRUSTED_PROXIES: trustedProxies.optional(),
  API_KEY_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
});

/** The variables, plus the serverless platform the process runs on (see SERVERLESS_MARKERS), if any. */
export type WebEnv = z.infer<typeof webEnvSchema> & { serverlessHost: ServerlessMarker | null };

const FIXES: Record<string, string> = {
  DATABASE_URL: "unset it to use the embedded PGlite database under .data/, or point it at a reachable Postgres",
  TTS_WORKER_URLS: "set a comma-separated list of worker base URLs, e.g. http://127.0.0.1:8787",
  SPEECH_CHECK_URL: "set the speech check's base URL, e.g. http://127.0.0.1:8790 (npm start sets it when the check is installed), or unset it",
  TTS_WORKER_CA: "paste the CA certificate that signed the workers' certificates (-----BEGIN CERTIFICATE-----…), or give its file path",
  AUTH_SECRET: "set a random value of at least 32 characters (openssl rand -hex 32), or unset it to keep one in .data/auth-secret",
  DISPATCH_MODE: "use `loop` for a long-running server, `request` for serverless hosting such as Vercel",
  SSE_MAX_STREAM_SECONDS: "use whole seconds, below the platform's maximum function duration (e.g. 270 for Vercel's 300)",
  CAMPAIGN_MAX_RECIPIENTS: "use a whole number from 1 to 10000000 (default 100000)",
  TRUSTED_PROXIES:
    "list the addresses or CIDR ranges of the reverse proxies in front of the app (e.g. 10.0.0.0/8 or loopback), or how many there are (e.g. 1); unset it when clients connect directly",
};

/** Parses a given environment; exported so tests can check error messages without touching process.env. */
export function parseWebEnv(source: Record<string, string | undefined>): WebEnv {
  // An empty string in a .env file means "not set", not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = webEnvSchema.safeParse(cleaned);
  const issues = parsed.success
    ? [...serverlessIssues(cleaned, parsed.data), ...speechCheckIssues(parsed.data)]
    : parsed.error.issues.map((issue) => ({ key: String(issue.path[0] ?? "?"), message: issue.message, fix: FIXES[String(issue.path[0])] }));
  if (parsed.success && issues.length === 0) return Object.freeze({ ...parsed.data, serverlessHost: serverlessMarker(cleaned) });
  const lines = issues.map(({ key, message, fix }) => `  - ${key}: ${message}.${fix ? ` Fix: ${fix}.` : ""}`);
  throw new Error(`Invalid environment for the web server (see .env.example):\n${lines.join("\n")}`);
}

function speechCheckIssues(parsed: z.infer<typeof webEnvSchema>): Issue[] {
  if (!parsed.SPEECH_CHECK_URL || parsed.SPEECH_CHECK_TOKEN || isLoopbackUrl(parsed.SPEECH_CHECK_URL)) return [];
  return [{ key: "SPEECH_CHECK_TOKEN", message: "is required when the speech check is on another machine", fix: "set the token the service was started with (SPEECH_CHECK_TOKEN on both sides)" }];
}

/** Variables a platform sets in every function it runs: their presence means a read-only, short-lived host. */
const SERVERLESS_MARKERS = ["VERCEL", "AWS_LAMBDA_FUNCTION_NAME", "NETLIFY"] as const;
type ServerlessMarker = (typeof SERVERLESS_MARKERS)[number];
const serverlessMarker = (source: Record<string, string | undefined>): ServerlessMarker | null => SERVERLESS_MARKERS.find((name) => source[name]) ?? null;

type Issue = { key: string; message: string; fix?: string };

/**
 * On a serverless host nothing on disk survives an invocation and instances run side by side, so the
 * embedded database and a generated secret cannot work: say so at boot instead of failing per request.
 */
function serverlessIssues(source: Record<string, string | undefined>, parsed: z.infer<typeof webEnvSchema>): Issue[] {
  const marker = serverlessMarker(source);
  if (!marker) return [];
  const host = `on a serverless host (${marker} is set)`;
  const issues: Issue[] = [];
  if (!parsed.DATABASE_URL) {
    issues.push({ key: "DATABASE_URL", message: `is required ${host}: the embedded PGlite database needs a long-lived, writable disk`, fix: "point it at a Postgres reachable from the host, e.g. postgres://user:password@db.example.com:5432/voice" });
  }
  if (!parsed.AUTH_SECRET) {
    issues.push({ key: "AUTH_SECRET", message: `is required ${host}: a generated secret cannot be kept, and every instance must share one`, fix: "set a random value of at least 32 characters (openssl rand -hex 32)" });
  }
  if (parsed.DISPATCH_MODE !== "request") {
    issues.push({ key: "DISPATCH_MODE", message: `must be \`request\` ${host}: no process lives long enough to run the dispatch loop`, fix: "set DISPATCH_MODE=request (renders run in after() and the cron route)" });
  } else if (!parsed.CRON_SECRET) {
    issues.push({ key: "CRON_SECRET", message: `is required ${host} in request mode: the cron route finishes what after() could not`, fix: "set a random value of at least 16 characters (openssl rand -hex 24); Vercel Cron sends it as a bearer token" });
  }
  return issues;
}

export const env: WebEnv = parseWebEnv(process.env);
