import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseWebEnv, webEnvSchema } from "@/lib/env";
import { workerEnvSchema } from "@/workers/tts/env";

const exampleKeys = fs
  .readFileSync(path.resolve(import.meta.dirname, "../../../.env.example"), "utf8")
  .split("\n")
  .map((line) => /^([A-Z0-9_]+)=/.exec(line)?.[1])
  .filter((key): key is string => Boolean(key));

describe("environment", () => {
  it("lists exactly the keys the web and worker schemas read in .env.example", () => {
    const schemaKeys = [...Object.keys(webEnvSchema.shape), ...Object.keys(workerEnvSchema.shape)];
    // TTS_WORKER_TOKEN is read by both processes and listed once.
    expect([...new Set(exampleKeys)].sort()).toEqual([...new Set(schemaKeys)].sort());
    expect(exampleKeys.length).toBe(new Set(exampleKeys).size);
  });

  it("starts with no variables at all, on the embedded database", () => {
    const env = parseWebEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DIR).toBe(".data/pglite");
    expect(env.TTS_WORKER_URLS).toEqual(["http://127.0.0.1:8787"]);
  });

  it("names the variable and the fix when DATABASE_URL is not a Postgres URL", () => {
    expect(() => parseWebEnv({ DATABASE_URL: "mysql://localhost/db" })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL.*Fix: unset it to use the embedded PGlite database/s,
    );
  });

  it("takes a speech check URL over plain http only on this machine, and wants its token anywhere else", () => {
    expect(parseWebEnv({ SPEECH_CHECK_URL: "http://127.0.0.1:8790/" }).SPEECH_CHECK_URL).toBe("http://127.0.0.1:8790");
    expect(parseWebEnv({}).SPEECH_CHECK_URL).toBeUndefined();
    expect(() => parseWebEnv({ SPEECH_CHECK_URL: "http://10.0.0.5:8790" })).toThrow(/SPEECH_CHECK_URL: must use https:\/\/ unless it is on this machine/);
    expect(() => parseWebEnv({ SPEECH_CHECK_URL: "https://check.example.com" })).toThrow(/SPEECH_CHECK_TOKEN: is required when the speech check is on another machine/);
    expect(parseWebEnv({ SPEECH_CHECK_URL: "https://check.example.com", SPEECH_CHECK_TOKEN: "a".repeat(16) }).SPEECH_CHECK_URL).toBe("https://check.example.com");
  });

  it("reads TRUSTED_PROXIES as addresses and ranges or a hop count, and names the fix for anything else", () => {
    expect(parseWebEnv({}).TRUSTED_PROXIES).toBeUndefined();
    expect(parseWebEnv({ TRUSTED_PROXIES: "10.0.0.0/8, loopback ,192.0.2.7" }).TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "loopback", "192.0.2.7"]);
    expect(parseWebEnv({ TRUSTED_PROXIES: "2" }).TRUSTED_PROXIES).toBe(2);
    expect(() => parseWebEnv({ TRUSTED_PROXIES: "proxy.internal" })).toThrow(/TRUSTED_PROXIES: invalid IP address: proxy\.internal.*Fix: list the addresses or CIDR ranges/s);
    expect(() => parseWebEnv({ TRUSTED_PROXIES: "0" })).toThrow(/TRUSTED_PROXIES: a number of proxies must be between 1 and 10/);
  });

  it("treats empty values from a copied .env.example as unset", () => {
    expect(parseWebEnv({ DATABASE_URL: "", CRON_SECRET: "" }).DATABASE_URL).toBeUndefined();
  });

  it("rejects a worker list with a non-URL entry and says what a good one looks like", () => {
    expect(() => parseWebEnv({ TTS_WORKER_URLS: "http://a:1, not a url" })).toThrow(/TTS_WORKER_URLS.*http:\/\/127\.0\.0\.1:8787/s);
  });

  it("stops a serverless host without DATABASE_URL, AUTH_SECRET or CRON_SECRET, naming each and the fix", () => {
    expect(() => parseWebEnv({ VERCEL: "1", DISPATCH_MODE: "request" })).toThrow(
      /DATABASE_URL: is required on a serverless host \(VERCEL is set\).*Fix: point it at a Postgres.*AUTH_SECRET: is required.*openssl rand -hex 32.*CRON_SECRET: is required/s,
    );
    expect(() => parseWebEnv({ AWS_LAMBDA_FUNCTION_NAME: "web", DATABASE_URL: "postgres://u:p@db:5432/voice", AUTH_SECRET: "s".repeat(32), CRON_SECRET: "c".repeat(16) })).toThrow(
      /DISPATCH_MODE: must be `request` on a serverless host \(AWS_LAMBDA_FUNCTION_NAME is set\)/,
    );
  });

  it("accepts a serverless host with Postgres, an auth secret, request mode and a cron secret", () => {
    const env = parseWebEnv({ VERCEL: "1", DATABASE_URL: "postgres://u:p@db:5432/voice", AUTH_SECRET: "s".repeat(32), DISPATCH_MODE: "request", CRON_SECRET: "c".repeat(16) });
    expect(env).toMatchObject({ DISPATCH_MODE: "request", DATABASE_URL: "postgres://u:p@db:5432/voice" });
    // The same variables are optional on a long-running server.
    expect(parseWebEnv({ DISPATCH_MODE: "request" }).DATABASE_URL).toBeUndefined();
  });

  it("trusts a worker CA given as PEM text (with escaped newlines) or as a file, and refuses anything else", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    expect(parseWebEnv({ TTS_WORKER_CA: pem.replaceAll("\n", "\\n") }).TTS_WORKER_CA).toBe(pem);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "voice-ca-")), "ca.pem");
    fs.writeFileSync(file, pem);
    expect(parseWebEnv({ TTS_WORKER_CA: file }).TTS_WORKER_CA).toBe(pem);
    expect(() => parseWebEnv({ TTS_WORKER_CA: "/nowhere/ca.pem" })).toThrow(/TTS_WORKER_CA: cannot read the file \/nowhere\/ca\.pem \(ENOENT\).*Fix: paste the CA certificate/s);
    fs.writeFileSync(file, "not a certificate");
    expect(() => parseWebEnv({ TTS_WORKER_CA: file })).toThrow(/TTS_WORKER_CA: must be a PEM certificate or the path of one/);
  });
});
