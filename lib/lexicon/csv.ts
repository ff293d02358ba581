import Papa from "papaparse";
import { detectDelimiter, readCsvText } from "@/lib/contacts";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import { DEFAULT_LANGUAGE } from "@/lib/values/languages";
import { termKey } from "./matcher";
import { MAX_PRONUNCIATIONS, MAX_SAY_AS_CHARS, MAX_TERM_CHARS, pronunciationSchema, type PronunciationInput } from "./schemas";

export const MAX_PRONUNCIATIONS_CSV_BYTES = 512 * 1024;
/** A cell longer than this is refused before validation reads it (the longest valid value is much shorter). */
const MAX_CELL_CHARS = Math.max(MAX_TERM_CHARS, MAX_SAY_AS_CHARS) * 4;

const TERM_HEADERS = new Set(["term", "word", "name", "written"]);
const SAY_AS_HEADERS = new Set(["say_as", "sayas", "say as", "pronunciation", "respelling", "spoken", "how to say it"]);
const LANGUAGE_HEADERS = new Set(["language", "lang"]);

export type PronunciationCsvIssue = { row: number; message: string };
export type ParsedPronunciationsCsv = { rowsTotal: number; entries: (PronunciationInput & { row: number })[]; errors: PronunciationCsvIssue[] };

/**
 * Reads a dictionary CSV (a header row naming a `term` and a `say_as` column, and optionally a `language`
 * column, then one entry a row) without touching the database; a row without a language is English. A file
 * that cannot be read at all is `csv_invalid`; each bad row is reported by its spreadsheet row number
 * (header = row 1) and the good rows are still returned.
 */
export function parsePronunciationsCsv(csv: string | Buffer | Uint8Array): Result<ParsedPronunciationsCsv, AppError<"csv_invalid">> {
  const bytes = typeof csv === "string" ? Buffer.byteLength(csv, "utf8") : csv.byteLength;
  if (bytes > MAX_PRONUNCIATIONS_CSV_BYTES) {
    return err(appError("csv_invalid", `The file is ${Math.ceil(bytes / 1024)} KB; a pronunciation file may be at most ${MAX_PRONUNCIATIONS_CSV_BYTES / 1024} KB.`));
  }
  const text = readCsvText(csv);
  const records = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter: detectDelimiter(text) }).data;
  const headerIndex = records.findIndex((r) => r.some((cell) => cell.trim() !== ""));
  const header = records[headerIndex]?.map((h) => h.trim().toLowerCase().replace(/[-_]+/g, " ").replace(/\s+/g, " ")) ?? [];
  const termColumn = header.findIndex((h) => TERM_HEADERS.has(h));
  const sayAsColumn = header.findIndex((h) => SAY_AS_HEADERS.has(h) || SAY_AS_HEADERS.has(h.replace(/ /g, "_")));
  const languageColumn = header.findIndex((h) => LANGUAGE_HEADERS.has(h));
  if (termColumn < 0 || sayAsColumn < 0) {
    return err(appError("csv_invalid", `The first row must name the columns "term" and "say_as" (found: ${header.slice(0, 8).map((h) => `"${h.slice(0, 30)}"`).join(", ") || "nothing"}).`));
  }

  const entries: ParsedPronunciationsCsv["entries"] = [];
  const errors: PronunciationCsvIssue[] = [];
  const rowOfTerm = new Map<string, number>();
  let rowsTotal = 0;
  for (let i = headerIndex + 1; i < records.length; i++) {
    const record = records[i]!;
    if (record.every((cell) => cell.trim() === "")) continue;
    rowsTotal++;
    const row = i + 1;
    if (rowsTotal > MAX_PRONUNCIATIONS) {
      errors.push({ row, message: `Only the first ${MAX_PRONUNCIATIONS} entries of a file are read; split it into smaller files.` });
      break;
    }
    const term = record[termColumn] ?? "";
    const sayAs = record[sayAsColumn] ?? "";
    const language = (languageColumn < 0 ? "" : (record[languageColumn] ?? "")).trim() || DEFAULT_LANGUAGE;
    if (term.length > MAX_CELL_CHARS || sayAs.length > MAX_CELL_CHARS || language.length > MAX_CELL_CHARS) {
      errors.push({ row, message: `A cell is ${Math.max(term.length, sayAs.length)} characters long; a word is at most ${MAX_TERM_CHARS} and how to say it at most ${MAX_SAY_AS_CHARS}.` });
      continue;
    }
    const parsed = pronunciationSchema.safeParse({ term, sayAs, language });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const column = issue.path[0] === "term" ? "term" : issue.path[0] === "language" ? "language" : "say_as";
      errors.push({ row, message: `${column} "${clip(column === "term" ? term : column === "language" ? language : sayAs)}": ${issue.message}` });
      continue;
    }
    const key = `${parsed.data.language} ${termKey(parsed.data.term)}`;
    const earlier = rowOfTerm.get(key);
    if (earlier !== undefined) {
      errors.push({ row, message: `"${clip(parsed.data.term)}" is already on row ${earlier}; keep one row per word and language.` });
      continue;
    }
    rowOfTerm.set(key, row);
    entries.push({ ...parsed.data, row });
  }
  return ok({ rowsTotal, entries, errors });
}

/** The dictionary as a CSV that parsePronunciationsCsv reads back unchanged. */
export function formatPronunciationsCsv(entries: readonly PronunciationInput[]): string {
  // escapeFormulae: a spreadsheet never runs a cell as a formula (validation already refuses "=", "+" and "@").
  return Papa.unparse({ fields: ["term", "say_as", "language"], data: entries.map((e) => [e.term, e.sayAs, e.language]) }, { escapeFormulae: true, newline: "\r\n" });
}

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
