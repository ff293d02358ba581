import { describe, expect, it } from "vitest";
import { languageOfVoice, voiceSpeaks } from "@/lib/protocol/tts";
import { KOKORO_VOICES, toEspeakVoice } from "@/workers/tts/voices";

describe("voice languages", () => {
  it("reads a voice's language from its id's first letter, a mix's from its heaviest voice", () => {
    expect(languageOfVoice("af_heart")?.language).toBe("en-us");
    expect(languageOfVoice("bm_george")?.language).toBe("en-gb");
    expect(languageOfVoice("em_alex")?.language).toBe("es-419");
    expect(languageOfVoice("ff_siwis")).toMatchObject({ language: "fr-fr", phonemizer: null });
    expect(languageOfVoice("af_heart(1)+ef_dora(3)")?.language).toBe("es-419");
    expect(languageOfVoice("xx_nobody")).toBeNull();
    expect(voiceSpeaks("ef_dora", "es-MX")).toBe(true);
    expect(voiceSpeaks("ef_dora", "en")).toBe(false);
  });

  it("offers the English and Spanish Kokoro voices only, each with its language", () => {
    const languages = new Set(KOKORO_VOICES.map((v) => v.language));
    expect([...languages].sort()).toEqual(["en-gb", "en-us", "es-419"]);
    expect(KOKORO_VOICES.filter((v) => v.language === "es-419").map((v) => `${v.id} ${v.gender}`)).toEqual(["ef_dora Female", "em_alex Male", "em_santa Male"]);
  });

  it("gives Debian's espeak-ng a voice of the same language and gender", () => {
    expect(toEspeakVoice("af_heart")).toBe("en-us+f3");
    expect(toEspeakVoice("bm_george")).toBe("en-gb+m3");
    expect(toEspeakVoice("ef_dora")).toBe("es-419+f3");
    expect(toEspeakVoice("em_alex(2)+af_heart(1)")).toBe("es-419+m3");
  });
});
