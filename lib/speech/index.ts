export { normalizeForSpeech } from "./normalize";
export { MAX_SEGMENT_CHARS, splitSentences } from "./split";
