import { isStillMember, type Auth } from "@/lib/auth";
import type { Database, Db } from "@/lib/db";
import type { SegmentCounts } from "@/lib/renders";
import { SSE_RETRY_MS, toSseStream, type SseMessage, type SseStreamOptions } from "@/lib/sse";
import { estimateTimeLeft, type EtaRange, type WorkerSpeed } from "./eta";
import { getCampaignEventHub, type CampaignEventHub } from "./event-hub";
import { storedCampaignEventSchema, type StoredCampaignEvent } from "./progress";
import { countCampaignSegments, getLatestCampaignEventId, type CampaignRow, type StoredEvent } from "./queries";

type Stored<T extends StoredCampaignEvent["type"]> = Extract<StoredCampaignEvent, { type: T }>;

/**
 * Everything the progress stream sends: the stored events as written (progress.ts), progress with an ETA,
 * and a snapshot first. `counts` are the campaign's distinct segments by status.
 */
export type CampaignEvent =
  | { type: "snapshot"; status: CampaignRow["status"]; counts: SegmentCounts; eta: EtaRange | null }
  | (Stored<"progress"> & { eta: EtaRange | null })
  | Stored<"status">
  | Stored<"launched">
  | Stored<"call">;

export type StreamOptions = {
  db: Db;
  hub: CampaignEventHub;
  campaign: Pick<CampaignRow, "id" | "status">;
  /** From the Last-Event-ID header: resume after it, with no snapshot. */
  lastEventId: number | null;
  /** The workers' start-up speed, for an estimate before live completions exist. */
  worker?: WorkerSpeed | null;
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
    const eta = campaign.status === "rendering" ? await estimateTimeLeft(db, { campaignId: campaign.id }, options.worker ?? null) : null;
    const snapshot: CampaignEvent = { type: "snapshot", status: campaign.status, counts, eta };
    yield { id: cursor, event: "snapshot", data: snapshot, retryMs: SSE_RETRY_MS };
  }
  const subscription = await options.hub.subscribe(campaign.id, cursor, options.signal);
  for await (const row of subscription) yield await messageFor(db, campaign.id, row, options.worker ?? null);
}

/**
 * The hub hands every stream of a campaign the same row objects: one message per row, so it is built and
 * encoded once however many streams send it, and its time-left estimate is read once too.
 */
const messages = new WeakMap<StoredEvent, Promise<SseMessage>>();

function messageFor(db: Db, campaignId: string, row: StoredEvent, worker: WorkerSpeed | null): Promise<SseMessage> {
  let message = messages.get(row);
  if (!message) {
    message = toEvent(db, campaignId, row, worker).then((data) => ({ id: row.id, event: row.type, data }));
    messages.set(row, message);
  }
  return message;
}

/**
 * The time left after a campaign's event. Live events arrive in id order, so each gets a fresh estimate
 * (once per process, through the message cache); an event replayed to a stream that fell behind takes
 * the estimate of the newest event already seen, which is both cheaper and nearer the truth.
 */
const latestEtas = new Map<string, { eventId: number; eta: Promise<EtaRange | null> }>();
const MAX_CAMPAIGNS_REMEMBERED = 1_000;

function etaAfterEvent(db: Db, campaignId: string, eventId: number, worker: WorkerSpeed | null): Promise<EtaRange | null> {
  const latest = latestEtas.get(campaignId);
  if (latest && eventId <= latest.eventId) return latest.eta;
  const eta = estimateTimeLeft(db, { campaignId }, worker);
  latestEtas.delete(campaignId);
  latestEtas.set(campaignId, { eventId, eta });
  if (latestEtas.size > MAX_CAMPAIGNS_REMEMBERED) latestEtas.delete(latestEtas.keys().next().value!);
  eta.catch(() => {
    if (latestEtas.get(campaignId)?.eta === eta) latestEtas.delete(campaignId);
  });
  return eta;
}

export type ProgressStreamInput = {
  database: Database;
  auth: Auth;
  organizationId: string;
  campaign: StreamOptions["campaign"];
  lastEventId: number | null;
  worker?: WorkerSpeed | null;
  /** The viewer's request: its signal ends the stream; its session is checked again on every heartbeat. */
  request: { signal: AbortSignal; headers: Headers };
  /** Asked on every heartbeat instead of the session check, for a viewer with no session (an API key: still unrevoked?). */
  stillAllowed?: () => Promise<boolean>;
} & Pick<SseStreamOptions, "heartbeatMs" | "maxQueuedMessages" | "maxDurationMs">;

/**
 * The SSE body of `GET /api/campaigns/:id/events`: this process's hub feeds it, and it ends when the
 * viewer is no longer a member of the organisation (removed, signed out) or falls too far behind.
 */
export function openProgressStream(input: ProgressStreamInput): ReadableStream<Uint8Array> {
  const hub = getCampaignEventHub(input.database);
  const headers = new Headers(input.request.headers);
  return toSseStream(
    (signal) => streamCampaignEvents({ db: input.database.db, hub, campaign: input.campaign, lastEventId: input.lastEventId, worker: input.worker, signal }),
    {
      signal: input.request.signal,
      heartbeatMs: input.heartbeatMs,
      maxQueuedMessages: input.maxQueuedMessages,
      maxDurationMs: input.maxDurationMs,
      keepOpen: input.stillAllowed ?? (() => isStillMember(input.database.db, input.auth, headers, input.organizationId)),
    },
  );
}

async function toEvent(db: Db, campaignId: string, row: StoredEvent, worker: WorkerSpeed | null): Promise<CampaignEvent> {
  const event = storedCampaignEventSchema.parse({ ...row.payload, type: row.type });
  if (event.type !== "progress") return event;
  return { ...event, eta: await etaAfterEvent(db, campaignId, row.id, worker) };
}
