import type { Ctx } from "@/lib/context";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import { formatPronunciationsCsv, parsePronunciationsCsv, type PronunciationCsvIssue } from "./csv";
import { Lexicon, termKey, type PronunciationEntry } from "./matcher";
import {
  countPronunciations,
  deletePronunciationRow,
  getPronunciationIdByTermKey,
  insertPronunciation,
  listPronunciationRows,
  updatePronunciationRow,
  upsertPronunciations,
  type PronunciationRow,
} from "./queries";
import { MAX_PRONUNCIATIONS, type PronunciationInput } from "./schemas";

export type PronunciationDto = { id: string; term: string; sayAs: string; updatedAt: string };
type LexiconError<C extends string> = AppError<C>;

const notFound = (): LexiconError<"pronunciation_not_found"> => appError("pronunciation_not_found", "This pronunciation does not exist (it may have been deleted).");
const termTaken = (term: string): LexiconError<"term_taken"> => appError("term_taken", `"${term}" is already in the dictionary; edit that entry instead.`);
const tooMany = (): LexiconError<"too_many_pronunciations"> =>
  appError("too_many_pronunciations", `The dictionary holds at most ${MAX_PRONUNCIATIONS.toLocaleString("en-US")} entries; delete some first.`);

function toDto(row: PronunciationRow): PronunciationDto {
  return { id: row.id, term: row.term, sayAs: row.sayAs, updatedAt: row.updatedAt.toISOString() };
}

export async function listPronunciations(ctx: Ctx): Promise<PronunciationDto[]> {
  return (await listPronunciationRows(ctx.db, ctx.organization.id)).map(toDto);
}

/**
 * The organisation's dictionary, compiled; `overrides` (an entry being edited, not saved yet) add to or
 * replace the saved entries of the same word, so an audition says it as it would be said once saved.
 */
export async function loadLexicon(ctx: Ctx, overrides: readonly PronunciationEntry[] = []): Promise<Lexicon> {
  const rows = await listPronunciationRows(ctx.db, ctx.organization.id);
  const lexicon = rows.length === 0 ? Lexicon.empty : new Lexicon(rows);
  return overrides.length === 0 ? lexicon : lexicon.with(overrides);
}

export async function createPronunciation(
  ctx: Ctx,
  input: PronunciationInput,
): Promise<Result<PronunciationDto, LexiconError<"term_taken" | "too_many_pronunciations">>> {
  if ((await countPronunciations(ctx.db, ctx.organization.id)) >= MAX_PRONUNCIATIONS) return err(tooMany());
  const row = await insertPronunciation(ctx.db, ctx.organization.id, { ...input, termKey: termKey(input.term) });
  return row ? ok(toDto(row)) : err(termTaken(input.term));
}

export async function updatePronunciation(
  ctx: Ctx,
  id: string,
  input: PronunciationInput,
): Promise<Result<PronunciationDto, LexiconError<"pronunciation_not_found" | "term_taken">>> {
  const key = termKey(input.term);
  const holder = await getPronunciationIdByTermKey(ctx.db, ctx.organization.id, key);
  if (holder && holder !== id) return err(termTaken(input.term));
  try {
    const row = await updatePronunciationRow(ctx.db, ctx.organization.id, id, { ...input, termKey: key });
    return row ? ok(toDto(row)) : err(notFound());
  } catch (error) {
    // Another edit took the spelling between the check and the update: the unique index refused it.
    if ((error as { code?: string }).code === "23505" || (error as { cause?: { code?: string } }).cause?.code === "23505") return err(termTaken(input.term));
    throw error;
  }
}

export async function deletePronunciation(ctx: Ctx, id: string): Promise<Result<{ deleted: string }, LexiconError<"pronunciation_not_found">>> {
  return (await deletePronunciationRow(ctx.db, ctx.organization.id, id)) ? ok({ deleted: id }) : err(notFound());
}

export type PronunciationImportReport = { rowsTotal: number; created: number; updated: number; errors: PronunciationCsvIssue[] };

/** Good rows are added, or replace the entry of the same word; bad rows are reported by row number. */
export async function importPronunciationsCsv(
  ctx: Ctx,
  csv: string | Buffer | Uint8Array,
): Promise<Result<PronunciationImportReport, LexiconError<"csv_invalid" | "too_many_pronunciations">>> {
  const parsed = parsePronunciationsCsv(csv);
  if (!parsed.ok) return parsed;
  const { rowsTotal, entries, errors } = parsed.value;
  const existing = new Set((await listPronunciationRows(ctx.db, ctx.organization.id)).map((r) => termKey(r.term)));
  const values = entries.map((e) => ({ term: e.term, sayAs: e.sayAs, termKey: termKey(e.term) }));
  // Replacing an entry never counts against the limit; only new words do.
  if (existing.size + values.filter((v) => !existing.has(v.termKey)).length > MAX_PRONUNCIATIONS) return err(tooMany());
  const saved = await upsertPronunciations(ctx.db, ctx.organization.id, values);
  return ok({ rowsTotal, ...saved, errors });
}

export async function exportPronunciationsCsv(ctx: Ctx): Promise<string> {
  return formatPronunciationsCsv(await listPronunciationRows(ctx.db, ctx.organization.id));
}
