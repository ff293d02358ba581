export { CHECKED_LANGUAGES, SpeechCheckClient, type CheckedLanguage, type SpeechCheckClientOptions, type SpeechCheckFailure, type Transcript } from "./client";
export { checkSpeech, findRespelling, RECOGNISER_FOR_LANGUAGE, summarizeSpeechChecks, type CheckSegment, type RenderWav, type SpeechCheckDeps, type SpeechCheckReport, type SpeechFinding } from "./check";
export { heardValue, spellingKey, MIN_FOLDED_LETTERS } from "./match";
export { respellings, splitSyllables } from "./respell";
export { encodePcm16Wav } from "./wav";
