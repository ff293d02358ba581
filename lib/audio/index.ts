export { assembleMessageAudio, FORMAT_INFO, MESSAGE_FORMATS, type MessageAudio, type MessageFormat } from "./assemble";
export { audioResponse, parseRange, type AudioBody, type RangeResult } from "./range";
export { AUDIO_URL_TTL_SECONDS, signAudio, verifyAudioSignature, type AudioSignature, type AudioUrlSigning } from "./signed-url";
