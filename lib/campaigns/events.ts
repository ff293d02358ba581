import { and, asc, eq, gt, max } from "drizzle-orm";
import { campaignEvents } from "@/drizzle/schema";
import type { Db } from "@/lib/db";
import { countCampaignSegments, PROGRESS_CHANNEL, type SegmentCounts } from "@/lib/renders";
import type { SseMessage } from "@/lib/sse";
import { estimateTimeLeft, type EtaRange, type WorkerSpeed } from "./eta";
import type { CampaignRow } from "./queries";

/** Everything the progress stream sends; `counts` are the campaign's distinct segments by status. */
export type CampaignEvent =
  | { type: "snapshot"; status: CampaignRow["status"]; counts: SegmentCounts; eta: EtaRange | null }
  | { type: "progress"; segmentKey: string; status: "done" | "failed"; counts: SegmentCounts; eta: EtaRange | null }
  | { type: "status"; status: CampaignRow["status"]; counts?: SegmentCounts }
  | { type: "launched"; distinctSegments: number; newSegments: number; distinctMessages: number };

type StoredEvent = { id: number; type: string; payload: Record<string, unknown> };

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
      const rows: StoredEvent[] = await db
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

function toEvent(row: StoredEvent, eta: EtaRange | null): CampaignEvent {
  const payload = row.payload as Record<string, unknown>;
  if (row.type === "progress") {
    const counts = payload.counts as SegmentCounts;
    return {
      type: "progress",
      segmentKey: String(payload.segmentKey),
      status: payload.status as "done" | "failed",
      counts,
      eta,
    };
  }
  return { type: row.type, ...payload } as CampaignEvent;
}
