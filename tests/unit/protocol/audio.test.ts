import { describe, expect, it } from "vitest";
import { decodeWav16, encodeMulawWav, encodeWav, joinWithPauses, mulawEncodeSample, resample } from "@/lib/protocol/audio";

const sine = (n: number, rate: number, hz = 220) => Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));

describe("audio encoding", () => {
  it("round-trips 16-bit WAV at the given rate", () => {
    const samples = sine(2400, 24_000);
    const wav = encodeWav(samples, 24_000);
    expect(wav.length).toBe(44 + 2 * 2400);
    const back = decodeWav16(wav);
    expect(back.sampleRate).toBe(24_000);
    expect(Math.max(...back.samples.map((s, i) => Math.abs(s - samples[i]!)))).toBeLessThan(1e-4);
  });

  it("encodes mu-law with the G.711 reference values", () => {
    expect(mulawEncodeSample(0)).toBe(0xff);
    expect(mulawEncodeSample(-1)).toBe(0x7f);
    expect(mulawEncodeSample(32_767)).toBe(0x80);
    expect(mulawEncodeSample(-32_768)).toBe(0x00);
  });

  it("writes an 8 kHz mu-law WAV with one byte per sample", () => {
    const wav = encodeMulawWav(sine(24_000, 24_000), 24_000);
    expect(wav.readUInt16LE(20)).toBe(7); // WAVE_FORMAT_MULAW
    expect(wav.readUInt32LE(24)).toBe(8_000);
    expect(wav.readUInt16LE(34)).toBe(8);
    const dataAt = wav.indexOf("data");
    expect(wav.readUInt32LE(dataAt + 4)).toBe(8_000);
  });

  it("resamples to the expected length", () => {
    expect(resample(sine(22_050, 22_050), 22_050, 8_000).length).toBe(8_000);
    expect(resample(sine(24_000, 24_000), 24_000, 8_000).length).toBe(8_000);
  });

  it("joins pieces with silent pauses between them", () => {
    const joined = joinWithPauses([new Float32Array(10).fill(0.5), new Float32Array(10).fill(0.5)], [100, 0], 1_000);
    expect(joined.length).toBe(120);
    expect(joined.subarray(10, 110).every((s) => s === 0)).toBe(true);
  });
});
