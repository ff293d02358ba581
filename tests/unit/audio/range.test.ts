import { describe, expect, it } from "vitest";
import { audioResponse, parseRange } from "@/lib/audio";

const bytes = new Uint8Array(Array.from({ length: 100 }, (_, i) => i));
const body = { bytes, contentType: "audio/wav", etag: '"abc-wav"', cacheControl: "public, max-age=31536000, immutable" };
const get = (headers: Record<string, string> = {}, method = "GET") => audioResponse(new Request("http://x/a.wav", { method, headers }), body);

describe("audio responses (RFC 9110 ranges and validators)", () => {
  it("answers 200 with Content-Length, a strong ETag and immutable caching", async () => {
    const res = get();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe("100");
    expect(res.headers.get("etag")).toBe('"abc-wav"');
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  it("answers a byte range with 206 and Content-Range", async () => {
    const res = get({ range: "bytes=10-19" });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe("bytes 10-19/100");
    expect(res.headers.get("content-length")).toBe("10");
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it("serves open-ended and suffix ranges, clamping the end to the size", async () => {
    expect(get({ range: "bytes=95-" }).headers.get("content-range")).toBe("bytes 95-99/100");
    expect(get({ range: "bytes=-5" }).headers.get("content-range")).toBe("bytes 95-99/100");
    expect(get({ range: "bytes=90-500" }).headers.get("content-range")).toBe("bytes 90-99/100");
  });

  it("answers 416 with the size when the range starts past the end", () => {
    const res = get({ range: "bytes=100-" });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe("bytes */100");
  });

  it("answers 304 without a body when If-None-Match holds the ETag (weak comparison)", async () => {
    for (const tag of ['"abc-wav"', 'W/"abc-wav"', '"other", "abc-wav"', "*"]) {
      const res = get({ "if-none-match": tag });
      expect(res.status).toBe(304);
      expect(await res.text()).toBe("");
    }
    expect(get({ "if-none-match": '"other"' }).status).toBe(200);
  });

  it("ignores the range when If-Range does not match, and honours it when it does", () => {
    expect(get({ range: "bytes=0-9", "if-range": '"stale"' }).status).toBe(200);
    expect(get({ range: "bytes=0-9", "if-range": '"abc-wav"' }).status).toBe(206);
  });

  it("serves the whole body for malformed or multi-range headers", () => {
    expect(parseRange("bytes=0-1,5-6", 100)).toEqual({ kind: "full" });
    expect(parseRange("items=0-1", 100)).toEqual({ kind: "full" });
    expect(parseRange("bytes=9-3", 100)).toEqual({ kind: "full" });
    expect(parseRange("bytes=-0", 100)).toEqual({ kind: "unsatisfiable" });
  });

  it("answers HEAD with the headers and no body", async () => {
    const res = get({}, "HEAD");
    expect(res.headers.get("content-length")).toBe("100");
    expect(await res.text()).toBe("");
  });
});
