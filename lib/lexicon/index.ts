export { Lexicon, Lexicons, lexiconLanguage, termKey, MAX_TERM_WORDS, type AppliedLexicon, type PronunciationEntry } from "./matcher";
export {
  createPronunciation,
  deletePronunciation,
  exportPronunciationsCsv,
  importPronunciationsCsv,
  listPronunciations,
  loadLexicon,
  loadLexicons,
  updatePronunciation,
  type PronunciationDto,
  type PronunciationImportReport,
} from "./service";
export { MAX_PRONUNCIATIONS_CSV_BYTES, type PronunciationCsvIssue } from "./csv";
export {
  MAX_PRONUNCIATIONS,
  MAX_SAY_AS_CHARS,
  MAX_TERM_CHARS,
  pronunciationFilterSchema,
  pronunciationIdSchema,
  pronunciationPatchSchema,
  pronunciationSchema,
  sayAsSchema,
  SPANISH_SAY_AS_LETTERS,
  sayAsIssue,
  termSchema,
  type PronunciationInput,
  type PronunciationPatch,
} from "./schemas";
