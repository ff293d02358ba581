import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describeControlCharacters } from "./control-characters";

describeControlCharacters("pglite", async () => {
  // The handlers open the app's own database and auth secret: a throwaway directory, before lib/env is read.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-control-chars-"));
  process.env.PGLITE_DIR = path.join(dir, "pglite");
  delete process.env.DATABASE_URL;
  delete process.env.AUTH_SECRET;
  return async () => fs.rmSync(dir, { recursive: true, force: true });
});
