import { describe, expect, it } from "vitest";
import { mixLabel, voiceLabel } from "@/app/(app)/campaigns/_components/voices";
import { checkVoiceOffered, voiceSchema } from "@/lib/voices";

const OFFERED = ["af_heart", "af_bella", "am_adam"];

describe("voiceSchema", () => {
  it("accepts one voice or a mix and drops blanks around the parts", () => {
    expect(voiceSchema.parse(" af_heart ")).toBe("af_heart");
    expect(voiceSchema.parse("af_heart(2) + af_bella(1)")).toBe("af_heart(2)+af_bella(1)");
  });

  it("refuses what the worker's parser refuses, with its words", () => {
    expect(voiceSchema.safeParse("af_heart(-1)").error?.issues[0]?.message).toMatch(/^voice must be a voice id/);
    expect(voiceSchema.safeParse("af_heart(0)").error?.issues[0]?.message).toBe("the weight of af_heart in the voice mix must be above 0");
    expect(voiceSchema.safeParse("").error?.issues[0]?.message).toBe("Pick a voice");
  });
});

describe("checkVoiceOffered", () => {
  it("passes a voice or mix whose every voice the worker offers", () => {
    expect(checkVoiceOffered("af_heart", OFFERED)).toBeNull();
    expect(checkVoiceOffered("af_heart(2)+af_bella(1)", OFFERED)).toBeNull();
  });

  it("names each missing voice of a mix", () => {
    expect(checkVoiceOffered("af_heart(2)+af_belle(1)+bm_nobody", OFFERED)?.message).toMatch(/^"af_belle", "bm_nobody" are not voices this worker offers/);
    expect(checkVoiceOffered("zz_one", OFFERED)).toMatchObject({ code: "unknown_voice", message: expect.stringMatching(/^"zz_one" is not a voice this worker offers/) });
    expect(checkVoiceOffered("not a voice", OFFERED)?.message).toMatch(/^"not a voice" is not a voice/);
  });
});

describe("voice labels", () => {
  it("shows a mix as its voices' shares, heaviest first", () => {
    expect(mixLabel("af_bella(1)+af_heart(2)")).toBe("Heart 67% + Bella 33%");
    expect(voiceLabel("af_heart(1)+am_adam(1)")).toBe("Heart 50% + Adam 50%");
    expect(voiceLabel("af_heart")).toBe("Heart (US, female)");
  });
});
