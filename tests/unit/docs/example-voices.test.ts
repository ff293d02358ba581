import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_VOICES } from "@/workers/tts/voices";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** The runnable examples (curl and code blocks) of a Markdown file. */
function runnableBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```(?:bash|sh|ts)\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe("the docs' runnable examples", () => {
  it("send a voice the running engine lists, not one only Kokoro has (an offline install runs the basic voices)", () => {
    const kokoroOnly = /"(?:voice)\\?"\s*:\s*\\?"(?:af|am|bf|bm|ef|em)_[a-z]+/;
    for (const file of ["docs/api.md", "docs/using.md"]) {
      for (const block of runnableBlocks(read(file))) {
        if (!/voice/.test(block)) continue;
        expect(block, file).not.toMatch(kokoroOnly);
        expect(block, file).not.toMatch(/voice:\s*"(?:af|am|bf|bm)_/);
        expect(block, file).toMatch(/api\/workers|audio\/voices/);
      }
    }
  });

  it("the basic voices are not Kokoro's af_heart", () => {
    expect(BUILTIN_VOICES.map((v) => v.id)).not.toContain("af_heart");
  });
});
