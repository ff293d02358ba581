import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describeOpenApiFuzz } from "./openapi-fuzz";

describeOpenApiFuzz("pglite", async () => {
  // The handlers open the app's own database and auth secret: a throwaway directory, before lib/env is read.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-openapi-fuzz-"));
  process.env.PGLITE_DIR = path.join(dir, "pglite");
  // No TTS worker: nothing listens on this loopback port, so routes that need one answer without it.
  process.env.TTS_WORKER_URLS = "http://127.0.0.1:1";
  delete process.env.DATABASE_URL;
  delete process.env.AUTH_SECRET;
  return async () => fs.rmSync(dir, { recursive: true, force: true });
});
