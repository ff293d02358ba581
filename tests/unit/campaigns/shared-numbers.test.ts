import { describe, expect, it } from "vitest";
import { wholeNumbers } from "@/lib/campaigns/shared-numbers";

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

async function* pagesOf<T>(...pages: T[][]): AsyncGenerator<T[]> {
  for (const page of pages) yield page;
}

const row = (phone: string, name: string) => ({ phone, name });

describe("walking recipients a whole number at a time", () => {
  it("moves a number's recipients that a page cut off into the next page", async () => {
    const pages = await collect(
      wholeNumbers(pagesOf([row("+1", "a"), row("+2", "b"), row("+2", "c")], [row("+2", "d"), row("+3", "e")], [row("+3", "f")])),
    );
    expect(pages.map((p) => p.map((r) => r.name))).toEqual([["a"], ["b", "c", "d"], ["e", "f"]]);
  });

  it("keeps a number that spans several whole pages together", async () => {
    const pages = await collect(wholeNumbers(pagesOf([row("+1", "a"), row("+1", "b")], [row("+1", "c")], [row("+1", "d"), row("+2", "e")])));
    expect(pages.map((p) => p.map((r) => r.name))).toEqual([["a", "b", "c", "d"], ["e"]]);
  });

  it("loses no recipient and yields nothing for an empty walk", async () => {
    expect(await collect(wholeNumbers(pagesOf<{ phone: string }>()))).toEqual([]);
    expect((await collect(wholeNumbers(pagesOf([row("+1", "a")])))).flat().map((r) => r.name)).toEqual(["a"]);
  });
});
