import { bytea } from "./types";
import { index, integer, pgEnum, pgTable, primaryKey, real, text, timestamp } from "drizzle-orm/pg-core";

export const segmentStatus = pgEnum("segment_status", ["queued", "rendering", "done", "failed"]);

/**
 * The unit of synthesis: one sentence of normalised text for one voice, speed, engine and model version.
 * `key` = sha256 of those five, so every campaign that needs the same audio converges on this one row.
 */
export const segments = pgTable(
  "segments",
  {
    key: text().primaryKey(),
    text: text().notNull(),
    voice: text().notNull(),
    speed: real().notNull(),
    engine: text().notNull(),
    modelVersion: text().notNull(),
    status: segmentStatus().notNull().default("queued"),
    attempts: integer().notNull().default(0),
    /** Not leased again before this instant (backoff after a retryable failure). */
    availableAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    leaseOwner: text(),
    leaseExpiresAt: timestamp({ withTimezone: true }),
    lastError: text(),
    durationMs: integer(),
    generationMs: integer(),
    sampleRate: integer(),
    renderedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("segments_status_available_idx").on(t.status, t.availableAt),
    index("segments_lease_expires_idx").on(t.leaseExpiresAt),
    // Time-left estimates read the last minute of completions (getThroughputSample).
    index("segments_rendered_at_idx").on(t.renderedAt),
  ],
);

/** Rendered PCM (16-bit little-endian mono), kept apart from `segments` so leasing scans stay small. */
export const segmentAudio = pgTable("segment_audio", {
  segmentKey: text()
    .primaryKey()
    .references(() => segments.key, { onDelete: "cascade" }),
  sampleRate: integer().notNull(),
  pcm: bytea().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A recipient's message: the ordered list of its segments. `key` = sha256 of the ordered segment keys. */
export const messages = pgTable("messages", {
  key: text().primaryKey(),
  text: text().notNull(),
  segmentCount: integer().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const messageSegments = pgTable(
  "message_segments",
  {
    messageKey: text()
      .notNull()
      .references(() => messages.key, { onDelete: "cascade" }),
    position: integer().notNull(),
    segmentKey: text()
      .notNull()
      .references(() => segments.key),
  },
  (t) => [primaryKey({ columns: [t.messageKey, t.position] }), index("message_segments_segment_idx").on(t.segmentKey)],
);

export type SegmentStatus = (typeof segmentStatus.enumValues)[number];
