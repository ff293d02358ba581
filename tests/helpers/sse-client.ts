import type { CampaignEventHub } from "@/lib/campaigns";
import { streamCampaignEvents } from "@/lib/campaigns";
import type { Db } from "@/lib/db";
import { toSseStream, type SseStreamOptions } from "@/lib/sse";

/** One parsed SSE block: a message, a bare `retry:` hint, or a heartbeat comment. */
export type Frame = { id?: number; event?: string; data?: unknown; retryMs?: number; comment?: string };

export function parseFrame(block: string): Frame {
  const frame: Frame = {};
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) frame.comment = line.slice(1).trim();
    else if (line.startsWith("id: ")) frame.id = Number(line.slice(4));
    else if (line.startsWith("event: ")) frame.event = line.slice(7);
    else if (line.startsWith("retry: ")) frame.retryMs = Number(line.slice(7));
    else if (line.startsWith("data: ")) data.push(line.slice(6));
  }
  if (data.length > 0) frame.data = JSON.parse(data.join("\n"));
  return frame;
}

/**
 * Reads an SSE byte stream as a browser would, frame by frame, until `stop` says enough (then cancels it,
 * as a client going away) or the server ends it.
 */
export async function readFrames(stream: ReadableStream<Uint8Array>, stop: (frame: Frame) => boolean = () => false): Promise<{ frames: Frame[]; ended: boolean }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const frames: Frame[] = [];
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { frames, ended: true };
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = parseFrame(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      frames.push(frame);
      if (stop(frame)) {
        await reader.cancel();
        return { frames, ended: false };
      }
    }
  }
}

export const isFinalStatus = (frame: Frame) =>
  frame.event === "status" && ["ready", "partially_failed"].includes((frame.data as { status: string }).status);

/** A campaign's progress stream as the route builds it, minus the session check. */
export function openTestStream(
  db: Db,
  hub: CampaignEventHub,
  campaign: { id: string; status: "rendering"; launchedAt: Date },
  lastEventId: number | null,
  options: { signal?: AbortSignal } & Pick<SseStreamOptions, "maxQueuedMessages" | "heartbeatMs"> = {},
): ReadableStream<Uint8Array> {
  return toSseStream((signal) => streamCampaignEvents({ db, hub, campaign, lastEventId, signal }), {
    signal: options.signal ?? new AbortController().signal,
    heartbeatMs: options.heartbeatMs ?? 60_000,
    maxQueuedMessages: options.maxQueuedMessages,
  });
}
