import { and, asc, eq, gt, max } from "drizzle-orm";
import { campaignEvents } from "@/drizzle/schema";
import type { Db } from "@/lib/db";
import type { SegmentCounts } from "@/lib/renders";
import type { SseMessage } from "@/lib/sse";
import { estimateTimeLeft, type EtaRange, type WorkerSpeed } from "./eta";
import { PROGRESS_CHANNEL, storedCampaignEventSchema, type StoredCampaignEvent } from "./progress";
import { countCampaignSegments, type CampaignRow } from "./queries";

type Stored<T extends StoredCampaignEvent["type"]> = Extract<StoredCampaignEvent, { type: T }>;

/**
 * Everything the progress stream sends: the stored events as written (progress.ts), progress with an ETA,
 * and a snapshot first. `counts` are the campaign's distinct segments by status.
 */
export type CampaignEvent =
  | { type: "snapshot"; status: CampaignRow["status"]; counts: SegmentCounts; eta: EtaRange | null }
  | (Stored<"progress"> & { eta: EtaRange | null })
  | Stored<"status">
  | Stored<"launched">;

type StoredEventRow = { id: number; type: string; payload: Record<string, unknown> };

export type StreamOptions = {
  db: Db;
  listen: (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;
  campaign: Pick<CampaignRow, "id" | "status">;
  /** From the Last-Event-ID header: resume after it, with no snapshot. */
  lastEventId: number | null;
  /** The workers' start-up speed, for an estimate before live completions exist. */
  worker?: WorkerSpeed | null;
  /** Safety net for a missed notification (e.g. a dropped LISTEN connection). */
  pollMs?: number;
};

/**
 * The campaign's progress as SSE messages: a snapshot first (its id is the newest stored event, so a
 * reconnect resumes exactly there), then every stored event after it, in order, woken by NOTIFY.
 * The database is the truth; notifications only say "look again".
 */
export async function* streamCampaignEvents(options: StreamOptions): AsyncGenerator<SseMessage> {
  const { db, campaign } = options;
  let wake: (() => void) | null = null;
  let pending = false;
  const unlisten = await options.listen(PROGRESS_CHANNEL, (payload) => {
    if (payload !== campaign.id) return;
    pending = true;
    wake?.();
  });
  try {
    let cursor = options.lastEventId;
    if (cursor === null) {
      const [latest] = await db.select({ id: max(campaignEvents.id) }).from(campaignEvents).where(eq(campaignEvents.campaignId, campaign.id));
      cursor = Number(latest?.id ?? 0);
      const counts = await countCampaignSegments(db, campaign.id);
      const eta = campaign.status === "rendering" ? await estimateTimeLeft(db, { campaignId: campaign.id }, options.worker ?? null) : null;
      const snapshot: CampaignEvent = { type: "snapshot", status: campaign.status, counts, eta };
      yield { id: cursor, event: "snapshot", data: snapshot, retryMs: 2_000 };
    }
    for (;;) {
      pending = false;
      const rows: StoredEventRow[] = await db
        .select({ id: campaignEvents.id, type: campaignEvents.type, payload: campaignEvents.payload })
        .from(campaignEvents)
        .where(and(eq(campaignEvents.campaignId, campaign.id), gt(campaignEvents.id, cursor)))
        .orderBy(asc(campaignEvents.id))
        .limit(500);
      // One live estimate per batch: the time left now, also for events replayed after a reconnect.
      const eta = rows.some((r) => r.type === "progress") ? await estimateTimeLeft(db, { campaignId: campaign.id }, options.worker ?? null) : null;
      for (const row of rows) {
        cursor = row.id;
        yield { id: row.id, event: row.type, data: toEvent(row, eta) };
      }
      if (rows.length === 500 || pending) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs ?? 5_000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    await unlisten();
  }
}

function toEvent(row: StoredEventRow, eta: EtaRange | null): CampaignEvent {
  const event = storedCampaignEventSchema.parse({ ...row.payload, type: row.type });
  if (event.type !== "progress") return event;
  return { ...event, eta };
}
