export { Lexicon, termKey, MAX_TERM_WORDS, type AppliedLexicon, type PronunciationEntry } from "./matcher";
export {
  createPronunciation,
  deletePronunciation,
  exportPronunciationsCsv,
  importPronunciationsCsv,
  listPronunciations,
  loadLexicon,
  updatePronunciation,
  type PronunciationDto,
  type PronunciationImportReport,
} from "./service";
export { MAX_PRONUNCIATIONS_CSV_BYTES, type PronunciationCsvIssue } from "./csv";
export {
  MAX_PRONUNCIATIONS,
  MAX_SAY_AS_CHARS,
  MAX_TERM_CHARS,
  pronunciationIdSchema,
  pronunciationSchema,
  sayAsSchema,
  termSchema,
  type PronunciationInput,
} from "./schemas";
