import { describe, expect, it } from "vitest";
import { staleCause } from "@/lib/campaigns";
import { staleCauseText } from "@/app/(app)/campaigns/_components/stale-audio-notice";

describe("why a launched message is out of date", () => {
  const today = (withLexicon: string, without = withLexicon) => ({ withLexicon, without });

  it("a moved appointment is a changed value", () => {
    expect(staleCause("Hi Maria. See you at two thirty PM.", today("Hi Maria. See you at four PM."))).toBe("values");
  });

  it("a moved appointment in a sentence that also holds a respelled name is still a changed value", () => {
    expect(staleCause("Hi Mah-ree-ah, see you at two thirty PM.", today("Hi Mah-ree-ah, see you at four PM.", "Hi Maria, see you at four PM."))).toBe("values");
  });

  it("a new respelling is a pronunciation", () => {
    expect(staleCause("Hi Maria. See you at two PM.", today("Hi Mah-ree-ah. See you at two PM.", "Hi Maria. See you at two PM."))).toBe("pronunciation");
  });

  it("the same text under a new key (how a word is said) is a pronunciation", () => {
    expect(staleCause("Hi Maria.", today("Hi Maria."))).toBe("pronunciation");
  });

  it("the notice names each cause it found, not always a moved appointment", () => {
    expect(staleCauseText({ values: 0, pronunciation: 3 })).toMatch(/pronunciation/);
    expect(staleCauseText({ values: 0, pronunciation: 3 })).not.toMatch(/appointment/);
    expect(staleCauseText({ values: 2, pronunciation: 0 })).toMatch(/moved appointment/);
    expect(staleCauseText({ values: 2, pronunciation: 1 })).toMatch(/for 2, .*moved appointment.*; for 1, .*pronunciation/);
  });
});
