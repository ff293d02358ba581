import { describe, expect, it } from "vitest";
import { statusForCode } from "@/lib/http";
import { assertVoiceSpeaks, describeOfferedVoices } from "@/lib/voices";

const OFFERED = ["af_heart", "bm_george", "ef_dora", "em_alex", "em_santa"];

describe("describeOfferedVoices", () => {
  it("gives each offered voice the language its id's first letter names", () => {
    expect(describeOfferedVoices(OFFERED)).toEqual([
      { id: "af_heart", language: "en-us", languageName: "English (US)" },
      { id: "bm_george", language: "en-gb", languageName: "English (UK)" },
      { id: "ef_dora", language: "es-419", languageName: "Spanish (Latin America)" },
      { id: "em_alex", language: "es-419", languageName: "Spanish (Latin America)" },
      { id: "em_santa", language: "es-419", languageName: "Spanish (Latin America)" },
    ]);
  });
});

describe("assertVoiceSpeaks", () => {
  it("accepts a voice of the message's language, by any tag of it", () => {
    expect(assertVoiceSpeaks("ef_dora", "es")).toEqual({ ok: true, value: { id: "ef_dora", language: "es-419", languageName: "Spanish (Latin America)" } });
    expect(assertVoiceSpeaks("em_alex", "es-MX").ok).toBe(true);
    expect(assertVoiceSpeaks("bm_george", "en-US").ok).toBe(true);
    expect(assertVoiceSpeaks("ef_dora(2)+af_heart(1)", "es").ok).toBe(true);
  });

  it("refuses a voice of another language, naming what it speaks and the voices that would do", () => {
    const result = assertVoiceSpeaks("af_heart", "es", OFFERED);
    expect(result).toEqual({
      ok: false,
      error: { code: "voice_language_mismatch", message: '"af_heart" speaks English, not Spanish. Pick a Spanish voice: ef_dora, em_alex, em_santa.' },
    });
    expect(statusForCode("voice_language_mismatch")).toBe(422);
  });

  it("says so when no offered voice speaks the language, or the voice is not a known one", () => {
    const french = assertVoiceSpeaks("ef_dora", "fr", OFFERED);
    expect(!french.ok && french.error.message).toBe('"ef_dora" speaks Spanish, not French. No voice offered speaks French.');
    const odd = assertVoiceSpeaks("xx_voice", "es", OFFERED);
    expect(!odd.ok && odd.error.message).toBe('"xx_voice" is not a voice of Spanish. Pick a Spanish voice: ef_dora, em_alex, em_santa.');
  });
});
