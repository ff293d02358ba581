import { describe, expect, it } from "vitest";
import { formatEtaRange } from "@/app/(app)/_components/client-api";

describe("formatEtaRange", () => {
  it("says one figure when both ends round alike, a range otherwise", () => {
    expect(formatEtaRange({ lowSeconds: 290, highSeconds: 310 })).toBe("about 5m");
    expect(formatEtaRange({ lowSeconds: 1_500, highSeconds: 2_100 })).toBe("25m–35m");
    expect(formatEtaRange({ lowSeconds: 45, highSeconds: 56 })).toBe("45s–56s");
  });

  it("shows hours and minutes without seconds", () => {
    expect(formatEtaRange({ lowSeconds: 5_400, highSeconds: 7_200 })).toBe("1h 30m–2h");
  });
});
