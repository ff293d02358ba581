import { describe, expect, it } from "vitest";
import { decodeWav16, encodeMulawWav, encodeWav, activeSpeechLevelDb, joinSegments, LOUDNESS, mulawEncodeSample, normalizeLoudness, pauseAfterText, resample } from "@/lib/protocol/audio";

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

  it("writes an 8 kHz mu-law WAV with one byte per sample", async () => {
    const wav = await encodeMulawWav(sine(24_000, 24_000), 24_000);
    expect(wav.readUInt16LE(20)).toBe(7); // WAVE_FORMAT_MULAW
    expect(wav.readUInt32LE(24)).toBe(8_000);
    expect(wav.readUInt16LE(34)).toBe(8);
    const dataAt = wav.indexOf("data");
    expect(wav.readUInt32LE(dataAt + 4)).toBe(8_000);
  });

  it("resamples to the expected length", async () => {
    expect((await resample(sine(22_050, 22_050), 22_050, 8_000)).length).toBe(8_000);
    expect((await resample(sine(24_000, 24_000), 24_000, 8_000)).length).toBe(8_000);
  });

  it("keeps tones above 4 kHz at least 40 dB below the passband when going from 24 to 8 kHz", async () => {
    // The middle half second: the filter's start-up and tail are not what a listener hears.
    const rmsOf = (samples: Float32Array) => {
      const mid = samples.subarray(samples.length / 4, (3 * samples.length) / 4);
      return Math.sqrt(mid.reduce((sum, s) => sum + s * s, 0) / mid.length);
    };
    const passband = rmsOf(await resample(sine(24_000, 24_000, 1_000), 24_000, 8_000));
    for (const hz of [4_400, 5_000, 6_000, 7_000, 9_000, 11_000]) {
      const alias = rmsOf(await resample(sine(24_000, 24_000, hz), 24_000, 8_000));
      expect(20 * Math.log10(alias / passband), `${hz} Hz`).toBeLessThan(-40);
    }
  });

  it("resamples a message longer than the library's 4 MB chunk without losing its end", async () => {
    const long = sine(24_000 * 50, 24_000, 1_000);
    const out = await resample(long, 24_000, 8_000);
    expect(out.length).toBe(8_000 * 50);
    const lastSecond = out.subarray(out.length - 8_000, out.length - 100);
    expect(Math.max(...lastSecond.map(Math.abs))).toBeGreaterThan(0.45);
  });

  it("gives the same samples window by window as in one piece", async () => {
    for (const [from, to] of [[24_000, 8_000], [22_050, 24_000]] as const) {
      const x = Float32Array.from({ length: from * 3 }, (_, i) => 0.3 * Math.sin(i / 7) + 0.2 * Math.sin(i / 2.3));
      const whole = await resample(x, from, to);
      const windowed = await resample(x, from, to, 30_000);
      expect(windowed.length).toBeGreaterThanOrEqual(whole.length);
      expect(windowed.subarray(0, whole.length)).toEqual(whole);
    }
  });

  it("keeps speech-band tones at their level", async () => {
    for (const hz of [300, 1_000, 3_000]) {
      const out = await resample(sine(24_000, 24_000, hz), 24_000, 8_000);
      const peak = Math.max(...out.subarray(2_000, 6_000).map(Math.abs));
      expect(peak, `${hz} Hz`).toBeGreaterThan(0.5 * 0.97);
      expect(peak, `${hz} Hz`).toBeLessThan(0.5 * 1.03);
    }
  });

  it("joins pieces so the silence from speech to speech is the pause, whatever silence each piece brought", () => {
    const rate = 1_000;
    const padded = (lead: number, speech: number, trail: number) => {
      const piece = new Float32Array(lead + speech + trail);
      piece.fill(0.5, lead, lead + speech);
      return piece;
    };
    // 500 ms of silence around the first piece, none around the second: both pauses are still 100 ms.
    const joined = joinSegments([padded(500, 50, 500), padded(0, 50, 0), padded(10, 50, 0)], [100, 100, 0], rate);
    const loud = [...joined.keys()].filter((i) => Math.abs(joined[i]!) > 0.01);
    const gaps = loud.slice(1).map((at, k) => at - loud[k]!).filter((step) => step > 1);
    // The fade's first and last samples are 0, so a piece without silence at its edge sounds 1 ms shorter.
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(Math.abs(gap - 1 - 100)).toBeLessThanOrEqual(1);
    // Kept edges: 30 ms before the first speech, none after the last (the piece had none).
    expect(loud[0]).toBeGreaterThanOrEqual(30);
    expect(joined.length - 1 - loud.at(-1)!).toBeLessThanOrEqual(1);
  });

  it("fades every piece in and out, so an edge that ends mid-waveform does not click", () => {
    const joined = joinSegments([new Float32Array(200).fill(0.8), new Float32Array(200).fill(-0.8)], [100, 0], 24_000);
    const steps = joined.slice(1).map((s, i) => Math.abs(s - joined[i]!));
    expect(Math.max(...steps)).toBeLessThan(0.8 / 10);
    expect(Math.abs(joined[0]!)).toBe(0);
    expect(Math.abs(joined.at(-1)!)).toBeLessThan(1e-3);
  });

  it.each([
    ["See you then.", 300],
    ["Is that right?", 300],
    ['He said "yes."', 300],
    ["If you need to reschedule,", 150],
    ["Please call: ", 150],
    ["and then", 50],
  ])("pauses after %j for %i ms", (text, ms) => {
    expect(pauseAfterText(text)).toBe(ms);
  });

  it("brings quiet and loud messages to one speech level, whatever their pauses", () => {
    const message = (amplitude: number, pauseMs: number) => {
      const speech = sine(12_000, 24_000, 440).map((x) => (x / 0.5) * amplitude);
      return joinSegments([speech, speech.slice()], [pauseMs, 0], 24_000);
    };
    const levels = [message(0.02, 100), message(0.3, 900), message(0.6, 300)].map((m) => activeSpeechLevelDb(normalizeLoudness(m, 24_000), 24_000));
    for (const level of levels) expect(Math.abs(level - LOUDNESS.targetDb)).toBeLessThan(0.2);
  });

  it("never lets a peak pass the ceiling, even if that leaves the message below the target", () => {
    // One loud click in a quiet message: reaching -26 dB would push the click far past full scale.
    const samples = sine(24_000, 24_000, 440).map((x) => x * 0.01);
    samples[12_000] = 0.9;
    const peak = Math.max(...normalizeLoudness(samples, 24_000).map(Math.abs));
    expect(20 * Math.log10(peak)).toBeCloseTo(LOUDNESS.peakCeilingDb, 3);
  });

  it("leaves a silent message silent", () => {
    expect(normalizeLoudness(new Float32Array(1_000), 24_000).every((s) => s === 0)).toBe(true);
  });
});
