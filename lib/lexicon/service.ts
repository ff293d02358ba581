import type { Ctx } from "@/lib/context";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import { formatPronunciationsCsv, parsePronunciationsCsv, type PronunciationCsvIssue } from "./csv";
import { Lexicon, lexiconLanguage, Lexicons, termKey, type PronunciationEntry } from "./matcher";
import {
  countPronunciations,
  deletePronunciationRow,
  getPronunciationIdByTermKey,
  getPronunciationLanguage,
  insertPronunciation,
  listPronunciationRows,
  updatePronunciationRow,
  upsertPronunciations,
  type PronunciationRow,
} from "./queries";
import { MAX_PRONUNCIATIONS, sayAsIssue, type PronunciationInput, type PronunciationPatch } from "./schemas";
import { DEFAULT_LANGUAGE, spokenLanguageName } from "@/lib/values/languages";

/** `language`: the language of the messages the entry is said in ("en", "es"). */
export type PronunciationDto = { id: string; term: string; sayAs: string; language: string; updatedAt: string };
type LexiconError<C extends string> = AppError<C>;

const notFound = (): LexiconError<"pronunciation_not_found"> => appError("pronunciation_not_found", "This pronunciation does not exist (it may have been deleted).");
const termTaken = (term: string, language: string): LexiconError<"term_taken"> =>
  appError("term_taken", `"${term}" is already in the ${spokenLanguageName(language)} dictionary; edit that entry instead.`);
const tooMany = (): LexiconError<"too_many_pronunciations"> =>
  appError("too_many_pronunciations", `The dictionary holds at most ${MAX_PRONUNCIATIONS.toLocaleString("en-US")} entries; delete some first.`);

function toDto(row: PronunciationRow): PronunciationDto {
  return { id: row.id, term: row.term, sayAs: row.sayAs, language: row.language, updatedAt: row.updatedAt.toISOString() };
}

/** The organisation's entries, or only those of one language ("es"). */
export async function listPronunciations(ctx: Ctx, filter: { language?: string } = {}): Promise<PronunciationDto[]> {
  return (await listPronunciationRows(ctx.db, ctx.organization.id, filter.language)).map(toDto);
}

/**
 * The organisation's dictionary of one language (English when not given), compiled; `overrides` (an entry
 * being edited, not saved yet) add to or replace the saved entries of the same word, so an audition says it
 * as it would be said once saved.
 */
export async function loadLexicon(ctx: Ctx, overrides: readonly PronunciationEntry[] = [], language?: string): Promise<Lexicon> {
  const rows = await listPronunciationRows(ctx.db, ctx.organization.id, lexiconLanguage(language));
  const lexicon = rows.length === 0 ? Lexicon.empty : new Lexicon(rows);
  return overrides.length === 0 ? lexicon : lexicon.with(overrides);
}

/** The organisation's dictionaries of every language, compiled: what campaigns are planned with. */
export async function loadLexicons(ctx: Ctx): Promise<Lexicons> {
  const rows = await listPronunciationRows(ctx.db, ctx.organization.id);
  return rows.length === 0 ? Lexicons.empty : Lexicons.of(rows);
}

/** Adds an entry; without a language (a caller that knows of none) it is English. */
export async function createPronunciation(
  ctx: Ctx,
  { language = DEFAULT_LANGUAGE, ...entry }: PronunciationEntry & { language?: string },
): Promise<Result<PronunciationDto, LexiconError<"term_taken" | "too_many_pronunciations">>> {
  if ((await countPronunciations(ctx.db, ctx.organization.id)) >= MAX_PRONUNCIATIONS) return err(tooMany());
  const row = await insertPronunciation(ctx.db, ctx.organization.id, { ...entry, language, termKey: termKey(entry.term) });
  return row ? ok(toDto(row)) : err(termTaken(entry.term, language));
}

/** Changes an entry's word and how it is said, and its language when the edit gives one. */
export async function updatePronunciation(
  ctx: Ctx,
  id: string,
  patch: PronunciationPatch,
): Promise<Result<PronunciationDto, LexiconError<"pronunciation_not_found" | "term_taken" | "validation_failed">>> {
  const language = patch.language ?? (await getPronunciationLanguage(ctx.db, ctx.organization.id, id));
  if (language === null) return err(notFound());
  // A Spanish entry edited without its language keeps Spanish, so its respelling must still be one Spanish says.
  const issue = sayAsIssue(patch.sayAs, language);
  if (issue) return err(appError("validation_failed", issue));
  const input: PronunciationInput = { ...patch, language };
  const key = termKey(input.term);
  const holder = await getPronunciationIdByTermKey(ctx.db, ctx.organization.id, language, key);
  if (holder && holder !== id) return err(termTaken(input.term, language));
  try {
    const row = await updatePronunciationRow(ctx.db, ctx.organization.id, id, { ...input, termKey: key });
    return row ? ok(toDto(row)) : err(notFound());
  } catch (error) {
    // Another edit took the spelling between the check and the update: the unique index refused it.
    if ((error as { code?: string }).code === "23505" || (error as { cause?: { code?: string } }).cause?.code === "23505") return err(termTaken(input.term, language));
    throw error;
  }
}

export async function deletePronunciation(ctx: Ctx, id: string): Promise<Result<{ deleted: string }, LexiconError<"pronunciation_not_found">>> {
  return (await deletePronunciationRow(ctx.db, ctx.organization.id, id)) ? ok({ deleted: id }) : err(notFound());
}

export type PronunciationImportReport = { rowsTotal: number; created: number; updated: number; errors: PronunciationCsvIssue[] };

/**
 * Good rows are added, or replace the entry of the same word in the same language; bad rows are reported by
 * row number. A row without a language (a file without the `language` column) is English.
 */
export async function importPronunciationsCsv(
  ctx: Ctx,
  csv: string | Buffer | Uint8Array,
): Promise<Result<PronunciationImportReport, LexiconError<"csv_invalid" | "too_many_pronunciations">>> {
  const parsed = parsePronunciationsCsv(csv);
  if (!parsed.ok) return parsed;
  const { rowsTotal, entries, errors } = parsed.value;
  const slot = (language: string, key: string) => `${language} ${key}`;
  const existing = new Set((await listPronunciationRows(ctx.db, ctx.organization.id)).map((r) => slot(r.language, termKey(r.term))));
  const values = entries.map((e) => ({ term: e.term, sayAs: e.sayAs, language: e.language, termKey: termKey(e.term) }));
  // Replacing an entry never counts against the limit; only new words do.
  if (existing.size + values.filter((v) => !existing.has(slot(v.language, v.termKey))).length > MAX_PRONUNCIATIONS) return err(tooMany());
  const saved = await upsertPronunciations(ctx.db, ctx.organization.id, values);
  return ok({ rowsTotal, ...saved, errors });
}

export async function exportPronunciationsCsv(ctx: Ctx): Promise<string> {
  return formatPronunciationsCsv(await listPronunciationRows(ctx.db, ctx.organization.id));
}
