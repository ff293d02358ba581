import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every relative link in README.md and docs/**\/*.md must lead somewhere: the file (or folder) exists, and
 * a `#anchor` names a heading of the target as GitHub slugs it. A moved section or a renamed heading then
 * fails here instead of leaving a reader at the top of a page.
 */
const ROOT = path.resolve(import.meta.dirname, "../../..");

/** A heading's anchor as GitHub makes it: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
function githubSlug(heading: string): string {
  const text = heading
    .replace(/<[^>]*>/g, "") // inline HTML
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // links and images keep their text
    .replace(/`([^`]*)`/g, "$1") // code spans keep their text
    .replace(/(\*{1,3})(\S(?:.*?\S)?)\1/g, "$2"); // emphasis
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors a Markdown file offers: its headings' slugs (repeats get -1, -2, …) and explicit `<a id>`s. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCode(markdown, { keepCodeSpans: true }).split("\n")) {
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (!heading) continue;
    const base = githubSlug(heading[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** The text with fenced code blocks blanked (line count kept) and, unless kept, inline code spans removed. */
function withoutCode(markdown: string, { keepCodeSpans = false } = {}): string {
  let fence: string | null = null;
  return markdown
    .split("\n")
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence) {
        if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
        return "";
      }
      if (marker) {
        fence = marker;
        return "";
      }
      return keepCodeSpans ? line : line.replace(/(`+)[\s\S]*?\1/g, "");
    })
    .join("\n");
}

type Link = { line: number; target: string };

/** Inline links and images `[text](target)` and reference definitions `[label]: target`, outside code. */
function linksIn(markdown: string): Link[] {
  const links: Link[] = [];
  withoutCode(markdown)
    .split("\n")
    .forEach((text, index) => {
      for (const m of text.matchAll(/\]\(\s*(<[^>]*>|[^)\s]*)/g)) links.push({ line: index + 1, target: m[1]!.replace(/^<|>$/g, "") });
      const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(text);
      if (definition) links.push({ line: index + 1, target: definition[1]!.replace(/^<|>$/g, "") });
    });
  return links;
}

/** Why a relative link from `fromFile` does not resolve, or null when it does (or is not relative). */
function brokenReason(fromFile: string, target: string, readFile: (file: string) => string | null): string | null {
  if (target === "" || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) return null;
  const hashAt = target.indexOf("#");
  const filePart = hashAt === -1 ? target : target.slice(0, hashAt);
  const anchor = hashAt === -1 ? null : decodeURIComponent(target.slice(hashAt + 1));
  const resolved = filePart === "" ? fromFile : filePart.startsWith("/") ? path.join(ROOT, decodeURIComponent(filePart)) : path.resolve(path.dirname(fromFile), decodeURIComponent(filePart.split("?")[0]!));
  if (!existsSync(resolved)) return `${path.relative(ROOT, resolved)} does not exist`;
  if (anchor === null || anchor === "") return null;
  if (statSync(resolved).isDirectory() || !resolved.endsWith(".md")) return `#${anchor} points into ${path.relative(ROOT, resolved)}, which is not a Markdown file`;
  const markdown = readFile(resolved);
  if (markdown === null) return `${path.relative(ROOT, resolved)} cannot be read`;
  return anchorsOf(markdown).has(anchor) ? null : `${path.relative(ROOT, resolved)} has no heading with the anchor #${anchor}`;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith(".md") ? [full] : [];
  });
}

const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : null);

describe("GitHub heading slugs", () => {
  it("lower-cases, drops punctuation other than - and _, and turns spaces into dashes", () => {
    expect(githubSlug("How well patients understand each voice")).toBe("how-well-patients-understand-each-voice");
    expect(githubSlug("One box: `npm start`")).toBe("one-box-npm-start");
    expect(githubSlug("Vercel (web) + a worker host")).toBe("vercel-web--a-worker-host");
    expect(githubSlug("HTTP API (web)")).toBe("http-api-web");
    expect(githubSlug("snake_case and kebab-case, **bold**")).toBe("snake_case-and-kebab-case-bold");
    expect(githubSlug("Café à la carte?")).toBe("café-à-la-carte");
  });

  it("numbers repeated headings -1, -2 and ignores headings inside code fences", () => {
    const anchors = anchorsOf("# Notes\n## Notes\n```md\n## Fenced\n```\n### Notes\n### One box: `npm start`\n<a id=\"kept\"></a>\n");
    expect([...anchors].sort()).toEqual(["kept", "notes", "notes-1", "notes-2", "one-box-npm-start"]);
  });
});

describe("relative link resolution", () => {
  const readme = path.join(ROOT, "README.md");

  it("reports a missing file and a missing anchor, and accepts good links and outside URLs", () => {
    expect(brokenReason(readme, "docs/no-such-file.md", read)).toBe("docs/no-such-file.md does not exist");
    expect(brokenReason(readme, "README.md#no-such-heading", read)).toBe("README.md has no heading with the anchor #no-such-heading");
    expect(brokenReason(readme, "#no-such-heading", read)).toBe("README.md has no heading with the anchor #no-such-heading");
    expect(brokenReason(readme, "README.md#quick-start", read)).toBeNull();
    expect(brokenReason(readme, "package.json", read)).toBeNull();
    expect(brokenReason(readme, "https://example.com/nowhere#x", read)).toBeNull();
  });

  it("finds inline links, images and reference definitions, but not links inside code", () => {
    const links = linksIn("See [a](docs/a.md#x) and ![b](./b.svg).\n`[c](c.md)`\n```\n[d](d.md)\n```\n[e]: e.md#y\n");
    expect(links).toEqual([
      { line: 1, target: "docs/a.md#x" },
      { line: 1, target: "./b.svg" },
      { line: 6, target: "e.md#y" },
    ]);
  });
});

describe("documentation links", () => {
  const files = [path.join(ROOT, "README.md"), ...markdownFiles(path.join(ROOT, "docs"))];

  it("covers README.md and the docs folder", () => {
    expect(files.length).toBeGreaterThan(1);
  });

  it.each(files.map((file) => [path.relative(ROOT, file), file] as const))("every relative link in %s resolves", (_name, file) => {
    const broken = linksIn(readFileSync(file, "utf8"))
      .map((link) => ({ ...link, reason: brokenReason(file, link.target, read) }))
      .filter((link) => link.reason !== null)
      .map((link) => `${path.relative(ROOT, file)}:${link.line} (${link.target}): ${link.reason}`);
    expect(broken).toEqual([]);
  });
});
