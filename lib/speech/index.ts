export { normalizeForSpeech } from "./normalize";
export { splitSentences } from "./split";
