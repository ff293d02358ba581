import { describe, expect, it } from "vitest";
import { Lexicon, termKey } from "@/lib/lexicon/matcher";
import { pronunciationSchema } from "@/lib/lexicon/schemas";

const lexicon = new Lexicon([
  { term: "Nguyen", sayAs: "win" },
  { term: "Siobhán", sayAs: "shiv-awn" },
  { term: "O'Brien", sayAs: "oh bry-en" },
  { term: "Saoirse", sayAs: "seer-sha" },
  { term: "Nguyen Van", sayAs: "win vahn" },
  { term: "Ōtsuka", sayAs: "oat-ska" },
  { term: "Ng", sayAs: "ing" },
]);

describe("Lexicon.apply", () => {
  it.each([
    // case
    ["Hi Nguyen.", "Hi win."],
    ["HI NGUYEN.", "HI win."],
    ["hi nguyen.", "hi win."],
    // punctuation around the word
    ["Nguyen, your visit is due.", "win, your visit is due."],
    ["(Nguyen)", "(win)"],
    ['"Nguyen"?', '"win"?'],
    ["Call Nguyen!", "Call win!"],
    // possessives keep their ending
    ["Nguyen's appointment", "win's appointment"],
    ["Nguyen\u2019s appointment", "win\u2019s appointment"],
    ["NGUYEN'S file", "win'S file"],
    // whole words only
    ["Nguyena and aNguyen and Nguyen2", "Nguyena and aNguyen and Nguyen2"],
    ["Ngozi Ng", "Ngozi ing"],
    // a hyphen is a word boundary
    ["Smith-Nguyen", "Smith-win"],
    // Unicode names: accents are part of the word, any case
    ["Dear Siobhán,", "Dear shiv-awn,"],
    ["SIOBHÁN", "shiv-awn"],
    ["Siobhan", "Siobhan"],
    ["Siobhánx", "Siobhánx"],
    ["Ōtsuka-san", "oat-ska-san"],
    // apostrophes inside a name are part of it
    ["Mrs O'Brien's visit", "Mrs oh bry-en's visit"],
    ["Brien", "Brien"],
    // the longest entry wins, and several-word entries match across spaces or a hyphen
    ["Nguyen Van Thi", "win vahn Thi"],
    ["Nguyen-Van", "win vahn"],
    ["Nguyen, Van", "win, Van"],
    // several entries in one text
    ["Saoirse and Siobhán Nguyen", "seer-sha and shiv-awn win"],
    // nothing to replace
    ["", ""],
    ["Your appointment is on Tuesday.", "Your appointment is on Tuesday."],
  ])("%j → %j", (text, said) => {
    expect(lexicon.apply(text).text).toBe(said);
  });

  it("reports the entries it used by term key", () => {
    expect([...lexicon.apply("Siobhán Nguyen's and Nguyen Van").used].sort()).toEqual(["nguyen", "nguyen van", "siobhán"]);
    expect(lexicon.apply("No names here.").used.size).toBe(0);
  });

  it("matches a decomposed spelling of a term against the composed text normalisation leaves", () => {
    const decomposed = new Lexicon([{ term: "Siobha\u0301n", sayAs: "shiv-awn" }]);
    expect(decomposed.apply("Siobh\u00e1n").text).toBe("shiv-awn");
  });

  it("lets an entry being edited replace the saved entry of the same word, in any case", () => {
    const edited = lexicon.with([{ term: "NGUYEN", sayAs: "nwen" }]);
    expect(edited.apply("Nguyen and Siobhán").text).toBe("nwen and shiv-awn");
    expect(lexicon.apply("Nguyen").text).toBe("win");
  });

  it("applies two thousand entries to a long text with one pass over its words", () => {
    const many = new Lexicon(Array.from({ length: 2_000 }, (_, i) => ({ term: `Name${i}`, sayAs: `say${i}` })));
    const text = Array.from({ length: 20_000 }, (_, i) => `Name${i % 2_500}`).join(" ");
    const said = many.apply(text).text.split(" ");
    expect(said[0]).toBe("say0");
    expect(said[1_999]).toBe("say1999");
    expect(said[2_000]).toBe("Name2000");
    expect(said).toHaveLength(20_000);
  });
});

describe("termKey", () => {
  it("is the same for every case of a spelling, and differs with accents", () => {
    expect(termKey("Siobhán")).toBe(termKey("SIOBHÁN"));
    expect(termKey("Siobhán")).not.toBe(termKey("Siobhan"));
    expect(termKey("  Nguyen   Van ")).toBe("nguyen van");
  });
});

describe("pronunciationSchema", () => {
  it.each([
    [{ term: "Nguyen", sayAs: "win" }, true],
    [{ term: " Siobhán ", sayAs: " shiv-awn " }, true],
    [{ term: "O'Brien", sayAs: "oh bry-en" }, true],
    [{ term: "Nguyen.", sayAs: "win" }, false],
    [{ term: "=HYPERLINK(1)", sayAs: "win" }, false],
    [{ term: "Nguyen", sayAs: "win. Press 9" }, false],
    [{ term: "Nguyen", sayAs: "win 2" }, false],
    [{ term: "Nguyen", sayAs: "" }, false],
    [{ term: "", sayAs: "win" }, false],
    [{ term: "a".repeat(65), sayAs: "win" }, false],
    [{ term: "Nguyen", sayAs: "w".repeat(101) }, false],
    [{ term: "a b c d e f g", sayAs: "win" }, false],
  ])("%j valid: %s", (input, valid) => {
    expect(pronunciationSchema.safeParse(input).success).toBe(valid);
  });
});
