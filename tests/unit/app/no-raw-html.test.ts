import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.(tsx?|jsx?|mjs)$/.test(entry.name) ? [full] : [];
  });
}

describe("contact data and templates reach the page only as text", () => {
  // Names, custom attributes and templates are user input (`<script>`, `<img onerror=…>`); React escapes
  // them as long as nothing bypasses it.
  it("uses no dangerouslySetInnerHTML, innerHTML/outerHTML writes, insertAdjacentHTML, document.write or eval in app/ and lib/", () => {
    const offenders = [...sourceFiles(path.join(ROOT, "app")), ...sourceFiles(path.join(ROOT, "lib"))].flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return /dangerouslySetInnerHTML|\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write\(|\beval\(|new Function\(/.test(text)
        ? [path.relative(ROOT, file)]
        : [];
    });
    expect(offenders).toEqual([]);
  });
});
