import { and, eq, inArray } from "drizzle-orm";
import { speechChecks, type SpeechCheckValue } from "@/drizzle/schema";
import type { DbOrTx } from "@/lib/db";

export type StoredSpeechCheck = {
  segmentKey: string;
  recogniser: string;
  language: string;
  heard: string;
  values: SpeechCheckValue[];
  audioSeconds: number;
  recogniserSeconds: number;
};

const columns = {
  segmentKey: speechChecks.segmentKey,
  recogniser: speechChecks.recogniser,
  language: speechChecks.language,
  heard: speechChecks.heard,
  values: speechChecks.values,
  audioSeconds: speechChecks.audioSeconds,
  recogniserSeconds: speechChecks.recogniserSeconds,
};

/** The stored checks of these segments by this recogniser, by segment key. */
export async function listSpeechChecks(db: DbOrTx, segmentKeys: readonly string[], recogniser: string): Promise<Map<string, StoredSpeechCheck>> {
  const found = new Map<string, StoredSpeechCheck>();
  for (let i = 0; i < segmentKeys.length; i += 1_000) {
    const chunk = segmentKeys.slice(i, i + 1_000);
    const rows = await db.select(columns).from(speechChecks).where(and(inArray(speechChecks.segmentKey, chunk), eq(speechChecks.recogniser, recogniser)));
    for (const row of rows) found.set(row.segmentKey, row);
  }
  return found;
}

/** Stores a check; a second check of the same segment by the same recogniser keeps the first. */
export async function insertSpeechCheck(db: DbOrTx, check: StoredSpeechCheck): Promise<void> {
  await db.insert(speechChecks).values(check).onConflictDoNothing();
}

/** Replaces a stored check's values (respellings tried later). */
export async function updateSpeechCheckValues(db: DbOrTx, segmentKey: string, recogniser: string, values: SpeechCheckValue[]): Promise<void> {
  await db.update(speechChecks).set({ values }).where(and(eq(speechChecks.segmentKey, segmentKey), eq(speechChecks.recogniser, recogniser)));
}
