import { jsonb, pgTable, primaryKey, real, text, timestamp } from "drizzle-orm/pg-core";

/** A dictionary entry the speech check rendered and heard right: say `term` as `sayAs`. */
export type SpeechCheckSuggestion = { term: string; sayAs: string };
/**
 * What the speech check heard of one value in a sentence, and the respelling it heard right (if it found one).
 * `triedRespellings`: false while no candidate was tried (a check after launch hears stored audio and renders
 * nothing; the next check that may render tries them).
 */
export type SpeechCheckValue = { value: string; heard: boolean; suggestion: SpeechCheckSuggestion | null; triedRespellings?: boolean };

/**
 * What the offline recogniser heard of one rendered sentence that holds a merge value: one row per segment
 * key and recogniser model, so the same audio is never checked twice (the key already names the voice,
 * speed, engine and TTS model version; a dictionary edit changes it). Shared across organisations like the
 * audio it describes.
 */
export const speechChecks = pgTable(
  "speech_checks",
  {
    segmentKey: text().notNull(),
    recogniser: text().notNull(),
    language: text().notNull(),
    /** The transcript as the recogniser wrote it. */
    heard: text().notNull(),
    values: jsonb().$type<SpeechCheckValue[]>().notNull(),
    audioSeconds: real().notNull(),
    recogniserSeconds: real().notNull(),
    checkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.segmentKey, t.recogniser] })],
);
