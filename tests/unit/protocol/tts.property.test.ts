import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  errorBodySchema,
  LIMITS,
  openAiSpeechRequestSchema,
  parseRenderResponseHeaders,
  readinessSchema,
  renderRequestSchema,
  type RenderRequest,
} from "@/lib/protocol/tts";

const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }),
  fc.record({ text: fc.jsonValue({ maxDepth: 3 }), voice: fc.jsonValue({ maxDepth: 2 }), speed: fc.jsonValue({ maxDepth: 1 }), format: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }),
  fc.record({ model: fc.string(), input: fc.string(), voice: fc.string(), response_format: fc.string(), speed: fc.double() }, { requiredKeys: [] }),
);

describe("protocol schemas under arbitrary input", () => {
  it("never throw out of safeParse, whatever JSON arrives", () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        for (const schema of [renderRequestSchema, openAiSpeechRequestSchema, errorBodySchema, readinessSchema]) {
          const result = schema.safeParse(value);
          expect(typeof result.success).toBe("boolean");
        }
      }),
      { numRuns: 500 },
    );
  });

  it("rejects prototype-pollution keys and unknown fields in a render request", () => {
    const parsed = renderRequestSchema.safeParse(JSON.parse('{"text":"Hi.","voice":"af_heart","__proto__":{"polluted":true}}'));
    expect(parsed.success).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("round-trips every valid render request through JSON unchanged", () => {
    const valid = fc.record({
      text: fc.string({ minLength: 1, maxLength: 300 }).filter((t) => t.trim().length > 0),
      voice: fc.stringMatching(/^[a-zA-Z0-9_-]{1,32}(\([1-9]\))?(\+[a-zA-Z0-9_-]{1,32}){0,4}$/),
      speed: fc.double({ min: LIMITS.minSpeed, max: LIMITS.maxSpeed, noNaN: true }),
      format: fc.constantFrom("wav", "pcm", "mp3", "mulaw" as const),
    });
    fc.assert(
      fc.property(valid, (request) => {
        const wire = JSON.parse(JSON.stringify(request satisfies RenderRequest)) as unknown;
        const parsed = renderRequestSchema.parse(wire);
        expect(parsed).toEqual(request);
        expect(renderRequestSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws anything but a ZodError on arbitrary response headers", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("x-tts-sample-rate", "x-tts-audio-ms", "x-tts-generation-ms", "x-tts-engine", "x-tts-model-version", "x-request-id"), fc.string()), (headers) => {
        try {
          parseRenderResponseHeaders({ get: (name) => headers[name] ?? null });
        } catch (error) {
          expect((error as Error).name).toBe("ZodError");
        }
      }),
      { numRuns: 300 },
    );
  });
});
