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

export const webEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  PGLITE_DIR: z.string().trim().min(1).default(".data/pglite"),
  TTS_WORKER_URLS: workerUrls.default(["http://127.0.0.1:8787"]),
  TTS_WORKER_TOKEN: z.string().min(16, { message: "use at least 16 characters (openssl rand -hex 24)" }).optional(),
  /** `npm start` sets 1: it restarts a worker that dies, so an unreachable worker is shown as restarting. */
  TTS_WORKER_SUPERVISED: z.enum(["1", "0"]).default("0").transform((v) => v === "1"),
  APP_URL: z.url({ message: "must be the public base URL of the app, e.g. http://localhost:3000" }).default("http://localhost:3000"),
  DISPATCH_MODE: z.enum(["loop", "request"]).default("loop"),
  CRON_SECRET: z.string().min(16, { message: "use at least 16 characters (openssl rand -hex 24)" }).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  AUTH_SECRET: z.string().min(32, { message: "use at least 32 characters (openssl rand -hex 32)" }).optional(),
});

export type WebEnv = z.infer<typeof webEnvSchema>;

const FIXES: Record<string, string> = {
  DATABASE_URL: "unset it to use the embedded PGlite database under .data/, or point it at a reachable Postgres",
  TTS_WORKER_URLS: "set a comma-separated list of worker base URLs, e.g. http://127.0.0.1:8787",
  AUTH_SECRET: "set a random value of at least 32 characters (openssl rand -hex 32), or unset it to keep one in .data/auth-secret",
  DISPATCH_MODE: "use `loop` for a long-running server, `request` for serverless hosting such as Vercel",
};

/** Parses a given environment; exported so tests can check error messages without touching process.env. */
export function parseWebEnv(source: Record<string, string | undefined>): WebEnv {
  // An empty string in a .env file means "not set", not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = webEnvSchema.safeParse(cleaned);
  if (parsed.success) return Object.freeze(parsed.data);
  const lines = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "?");
    const fix = FIXES[key] ? ` Fix: ${FIXES[key]}.` : "";
    return `  - ${key}: ${issue.message}.${fix}`;
  });
  throw new Error(`Invalid environment for the web server (see .env.example):\n${lines.join("\n")}`);
}

export const env: WebEnv = parseWebEnv(process.env);
