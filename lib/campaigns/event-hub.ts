import type { Database, Db } from "@/lib/db";
import { PROGRESS_CHANNEL } from "./progress";
import { getLatestCampaignEventId, listCampaignEventsAfter, type StoredEvent } from "./queries";

/** Events read per query, live or catching up. */
const PAGE_SIZE = 500;

export type CampaignEventHubOptions = {
  db: Db;
  listen: Database["listen"];
  /** Safety net for a missed notification (a dropped LISTEN connection): every open feed reads this often. */
  pollMs?: number;
  /** A live read failed; the next notification or poll reads again. Logs a warning by default. */
  onError?: (error: unknown, campaignId: string) => void;
};

/** One campaign's live feed in this process: where the hub has read to, and the streams it fans out to. */
type Feed = {
  campaignId: string;
  /** Every event up to this id has been handed to the subscribers that were open at the time. */
  cursor: number;
  ready: Promise<void>;
  subscribers: Set<EventSubscription>;
  reading: boolean;
  /** A notification came while reading: read once more when done. */
  dirty: boolean;
};

/**
 * One reader per process and campaign. The hub LISTENs once for the whole process; on each notification it
 * reads a campaign's new events once and hands them, in memory, to every open stream of that campaign. A
 * stream that starts behind the hub (resuming from Last-Event-ID) reads its own way up from the database
 * first, then takes the live events, skipping any it already had: no gap, no repeat. The database stays
 * the truth; the hub only saves reads.
 */
export class CampaignEventHub {
  private readonly feeds = new Map<string, Feed>();
  private listening: Promise<() => Promise<void>> | null = null;
  private poll: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: CampaignEventHubOptions) {}

  /**
   * Every event of the campaign after `afterId`, in id order, until `signal` aborts. Resolves once the
   * stream is part of the live fan-out, so nothing committed after that can be missed.
   */
  async subscribe(campaignId: string, afterId: number, signal: AbortSignal): Promise<EventSubscription> {
    const feed = this.feeds.get(campaignId) ?? this.openFeed(campaignId);
    const subscription = new EventSubscription(afterId, (after) => listCampaignEventsAfter(this.options.db, campaignId, after, PAGE_SIZE), () =>
      this.leave(feed, subscription),
    );
    feed.subscribers.add(subscription);
    try {
      await feed.ready;
    } catch (error) {
      subscription.close();
      throw error;
    }
    subscription.catchUpTo(feed.cursor);
    if (signal.aborted) subscription.close();
    else signal.addEventListener("abort", () => subscription.close(), { once: true });
    return subscription;
  }

  /** Open streams of a campaign in this process. */
  subscriberCount(campaignId: string): number {
    return this.feeds.get(campaignId)?.subscribers.size ?? 0;
  }

  private openFeed(campaignId: string): Feed {
    const feed: Feed = { campaignId, cursor: 0, ready: Promise.resolve(), subscribers: new Set(), reading: false, dirty: false };
    // Listening first: whatever commits after the newest id is read here arrives as a notification.
    feed.ready = (async () => {
      await this.startListening();
      feed.cursor = await getLatestCampaignEventId(this.options.db, campaignId);
    })();
    feed.ready.catch(() => {
      if (this.feeds.get(campaignId) === feed) this.feeds.delete(campaignId);
    });
    this.feeds.set(campaignId, feed);
    return feed;
  }

  private leave(feed: Feed, subscription: EventSubscription) {
    feed.subscribers.delete(subscription);
    if (feed.subscribers.size === 0 && this.feeds.get(feed.campaignId) === feed) this.feeds.delete(feed.campaignId);
  }

  /**
   * LISTENs once for the hub's lifetime: stopping when the last stream leaves and starting again when the
   * next one comes would race (a late UNLISTEN can land after the new LISTEN and silence it).
   */
  private startListening(): Promise<unknown> {
    if (!this.listening) {
      const listening = this.options.listen(PROGRESS_CHANNEL, (campaignId) => {
        const feed = this.feeds.get(campaignId);
        if (feed) void this.read(feed);
      });
      this.listening = listening;
      // A failed LISTEN is retried by the next stream that opens.
      listening.catch(() => {
        if (this.listening === listening) this.listening = null;
      });
      this.poll ??= setInterval(() => {
        for (const feed of this.feeds.values()) void this.read(feed);
      }, this.options.pollMs ?? 5_000);
      this.poll.unref?.();
    }
    return this.listening;
  }

  /** Stops listening and polling (the database is closing). Open streams receive nothing more. */
  async close(): Promise<void> {
    clearInterval(this.poll);
    this.poll = undefined;
    const listening = this.listening;
    this.listening = null;
    for (const feed of this.feeds.values()) for (const subscription of feed.subscribers) subscription.close();
    if (listening) await (await listening.catch(() => null))?.();
  }

  /** Reads the feed's new events once, however many streams are open, and fans them out. */
  private async read(feed: Feed): Promise<void> {
    if (feed.reading) {
      feed.dirty = true;
      return;
    }
    feed.reading = true;
    try {
      await feed.ready;
      let rows: StoredEvent[];
      do {
        feed.dirty = false;
        rows = await listCampaignEventsAfter(this.options.db, feed.campaignId, feed.cursor, PAGE_SIZE);
        if (rows.length === 0) continue;
        feed.cursor = rows[rows.length - 1]!.id;
        for (const subscription of feed.subscribers) subscription.push(rows);
      } while ((rows.length === PAGE_SIZE || feed.dirty) && this.feeds.get(feed.campaignId) === feed);
    } catch (error) {
      (this.options.onError ?? logReadError)(error, feed.campaignId);
    } finally {
      feed.reading = false;
    }
  }
}

/** One stream's view of a feed: its own catch-up from the database, then the live events, each once. */
export class EventSubscription implements AsyncIterable<StoredEvent> {
  /** The last event id handed to the stream. */
  private position: number;
  /** Where the live fan-out took over when the stream joined; below it the stream reads for itself. */
  private liveFrom: number;
  private readonly live: StoredEvent[] = [];
  private closed = false;
  private wake: (() => void) | null = null;

  constructor(
    afterId: number,
    private readonly readAfter: (afterId: number) => Promise<StoredEvent[]>,
    private readonly onClose: () => void,
  ) {
    this.position = afterId;
    this.liveFrom = afterId;
  }

  catchUpTo(cursor: number) {
    this.liveFrom = cursor;
  }

  push(rows: StoredEvent[]) {
    if (this.closed) return;
    this.live.push(...rows);
    this.wake?.();
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.live.length = 0;
    this.onClose();
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<StoredEvent> {
    try {
      // Page by page, as fast as the stream takes them, up to where the live fan-out began.
      while (!this.closed && this.position < this.liveFrom) {
        const rows = await this.readAfter(this.position);
        for (const row of rows) {
          if (this.closed) return;
          this.position = row.id;
          yield row;
        }
        if (rows.length < PAGE_SIZE) break;
      }
      while (!this.closed) {
        const row = this.live.shift();
        if (!row) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = null;
          continue;
        }
        // Live events the catch-up already delivered.
        if (row.id <= this.position) continue;
        this.position = row.id;
        yield row;
      }
    } finally {
      this.close();
    }
  }
}

function logReadError(error: unknown, campaignId: string) {
  const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error)?.message;
  console.warn(JSON.stringify({ level: "warn", msg: "reading campaign events failed; retrying on the next notification", campaignId, error: cause }));
}

type Holder = { __campaignEventHubs?: WeakMap<Database, CampaignEventHub> };
const holder = globalThis as Holder;

/** The process's hub for this database (kept on globalThis: Next.js loads route handlers as separate module graphs). */
export function getCampaignEventHub(database: Database): CampaignEventHub {
  holder.__campaignEventHubs ??= new WeakMap();
  let hub = holder.__campaignEventHubs.get(database);
  if (!hub) {
    hub = new CampaignEventHub({ db: database.db, listen: database.listen });
    holder.__campaignEventHubs.set(database, hub);
  }
  return hub;
}
