import { describe, expect, it } from "vitest";
import { formatEtaRange } from "@/app/(app)/_components/client-api";

describe("formatEtaRange", () => {
  it("says the point value, and its range when the ends round apart", () => {
    expect(formatEtaRange({ seconds: 300, lowSeconds: 290, highSeconds: 310 })).toBe("about 5m");
    expect(formatEtaRange({ seconds: 1_800, lowSeconds: 1_500, highSeconds: 2_100 })).toBe("about 30m (25m–35m)");
    expect(formatEtaRange({ seconds: 50, lowSeconds: 45, highSeconds: 56 })).toBe("about 50s (45s–56s)");
  });

  it("shows hours and minutes without seconds", () => {
    expect(formatEtaRange({ seconds: 6_300, lowSeconds: 5_400, highSeconds: 7_200 })).toBe("about 1h 45m (1h 30m–2h)");
  });
});
