export { hasSpeechRules, normalizeForSpeech, SPEECH_LANGUAGES, type SpeechLanguageOptions } from "./language";
export { splitSentences } from "./split";
