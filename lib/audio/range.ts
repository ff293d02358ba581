/**
 * Byte ranges and validators for audio responses (RFC 9110 §13-14): strong ETags, If-None-Match → 304,
 * If-Range, a single `bytes=` range → 206, an unsatisfiable one → 416. Several ranges in one request are
 * answered with the whole body, which the RFC allows.
 */
export type RangeResult = { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

export function parseRange(header: string | null, size: number): RangeResult {
  if (!header) return { kind: "full" };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return { kind: "full" };
  const [, first, last] = match;
  if (first === "" && last === "") return { kind: "full" };
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: "full" };
  return { kind: "partial", start, end };
}

function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  // If-None-Match uses the weak comparison: W/"x" matches "x".
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

export type AudioBody = {
  bytes: Uint8Array;
  contentType: string;
  etag: string;
  cacheControl: string;
  fileName?: string;
  /** `inline` plays in the browser or the phone system; `attachment` saves the file. */
  disposition?: "inline" | "attachment";
};

export function audioResponse(request: Request, body: AudioBody): Response {
  const base: Record<string, string> = {
    etag: body.etag,
    "cache-control": body.cacheControl,
    "accept-ranges": "bytes",
    "content-type": body.contentType,
  };
  if (body.fileName) base["content-disposition"] = `${body.disposition ?? "inline"}; filename="${body.fileName}"`;
  if (etagMatches(request.headers.get("if-none-match"), body.etag)) return new Response(null, { status: 304, headers: base });
  const size = body.bytes.byteLength;
  const ifRange = request.headers.get("if-range");
  const range = ifRange && ifRange !== body.etag ? ({ kind: "full" } as const) : parseRange(request.headers.get("range"), size);
  if (range.kind === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...base, "content-range": `bytes */${size}` } });
  }
  const isHead = request.method === "HEAD";
  if (range.kind === "partial") {
    const slice = body.bytes.subarray(range.start, range.end + 1);
    return new Response(isHead ? null : Buffer.from(slice), {
      status: 206,
      headers: { ...base, "content-range": `bytes ${range.start}-${range.end}/${size}`, "content-length": String(slice.byteLength) },
    });
  }
  return new Response(isHead ? null : Buffer.from(body.bytes), { status: 200, headers: { ...base, "content-length": String(size) } });
}
