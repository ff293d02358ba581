import { isStillMember, type Auth } from "@/lib/auth";
import type { Database, Db } from "@/lib/db";
import type { SegmentCounts } from "@/lib/renders";
import { SSE_RETRY_MS, toSseStream, type SseMessage, type SseStreamOptions } from "@/lib/sse";
import { getCampaignEventHub, type CampaignEventHub } from "./event-hub";
import { storedCampaignEventSchema, type StoredCampaignEvent } from "./progress";
import { countCampaignSegments, getLatestCampaignEventId, type CampaignRow, type StoredEvent } from "./queries";

type Stored<T extends StoredCampaignEvent["type"]> = Extract<StoredCampaignEvent, { type: T }>;

/**
 * Everything the progress stream sends: the stored events as written (progress.ts), progress with an ETA,
 * and a snapshot first. `counts` are the campaign's distinct segments by status.
 */
export type CampaignEvent =
  | { type: "snapshot"; status: CampaignRow["status"]; counts: SegmentCounts; etaSeconds: number | null }
  | (Stored<"progress"> & { etaSeconds: number | null })
  | Stored<"status">
  | Stored<"launched">;


/** Remaining segments at the rate this campaign has rendered so far. */
export function estimateEtaSeconds(counts: SegmentCounts, launchedAt: Date | null, now = Date.now()): number | null {
  const remaining = counts.queued + counts.rendering;
  if (remaining === 0) return 0;
  const finished = counts.done + counts.failed;
  if (!launchedAt || finished === 0) return null;
  return Math.round((((now - launchedAt.getTime()) / finished) * remaining) / 1000);
}

export type StreamOptions = {
  db: Db;
  hub: CampaignEventHub;
  campaign: Pick<CampaignRow, "id" | "status" | "launchedAt">;
  /** From the Last-Event-ID header: resume after it, with no snapshot. */
  lastEventId: number | null;
  /** Ends the stream (the client went away). */
  signal: AbortSignal;
};

/**
 * The campaign's progress as SSE messages: a snapshot first (its id is the newest stored event, so a
 * reconnect resumes exactly there), then every stored event after it, in order, from the process's hub.
 */
export async function* streamCampaignEvents(options: StreamOptions): AsyncGenerator<SseMessage> {
  const { db, campaign } = options;
  let cursor = options.lastEventId;
  if (cursor === null) {
    cursor = await getLatestCampaignEventId(db, campaign.id);
    const counts = await countCampaignSegments(db, campaign.id);
    const snapshot: CampaignEvent = { type: "snapshot", status: campaign.status, counts, etaSeconds: estimateEtaSeconds(counts, campaign.launchedAt) };
    yield { id: cursor, event: "snapshot", data: snapshot, retryMs: SSE_RETRY_MS };
  }
  const subscription = await options.hub.subscribe(campaign.id, cursor, options.signal);
  for await (const row of subscription) yield messageFor(row, campaign.launchedAt);
}

/**
 * The hub hands every stream of a campaign the same row objects: one message per row (so it is encoded
 * once, too), unless a stream counts its estimate from another launch time.
 */
const messages = new WeakMap<StoredEvent, { launchedAt: number | null; message: SseMessage }>();

function messageFor(row: StoredEvent, launchedAt: Date | null): SseMessage {
  const cached = messages.get(row);
  if (cached && cached.launchedAt === (launchedAt?.getTime() ?? null)) return cached.message;
  const message: SseMessage = { id: row.id, event: row.type, data: toEvent(row, launchedAt) };
  messages.set(row, { launchedAt: launchedAt?.getTime() ?? null, message });
  return message;
}

export type ProgressStreamInput = {
  database: Database;
  auth: Auth;
  organizationId: string;
  campaign: StreamOptions["campaign"];
  lastEventId: number | null;
  /** The viewer's request: its signal ends the stream; its session is checked again on every heartbeat. */
  request: { signal: AbortSignal; headers: Headers };
} & Pick<SseStreamOptions, "heartbeatMs" | "maxQueuedMessages">;

/**
 * The SSE body of `GET /api/campaigns/:id/events`: this process's hub feeds it, and it ends when the
 * viewer is no longer a member of the organisation (removed, signed out) or falls too far behind.
 */
export function openProgressStream(input: ProgressStreamInput): ReadableStream<Uint8Array> {
  const hub = getCampaignEventHub(input.database);
  const headers = new Headers(input.request.headers);
  return toSseStream(
    (signal) => streamCampaignEvents({ db: input.database.db, hub, campaign: input.campaign, lastEventId: input.lastEventId, signal }),
    {
      signal: input.request.signal,
      heartbeatMs: input.heartbeatMs,
      maxQueuedMessages: input.maxQueuedMessages,
      keepOpen: () => isStillMember(input.database.db, input.auth, headers, input.organizationId),
    },
  );
}

function toEvent(row: StoredEvent, launchedAt: Date | null): CampaignEvent {
  const event = storedCampaignEventSchema.parse({ ...row.payload, type: row.type });
  if (event.type !== "progress") return event;
  return { ...event, etaSeconds: estimateEtaSeconds(event.counts, launchedAt, row.createdAt.getTime()) };
}
