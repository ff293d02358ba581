export { assembleMessageAudio, encodeMessage, type MessageAudio } from "./assemble";
export {
  AUDIO_PROFILES,
  audioDownloadStem,
  FORMAT_INFO,
  MESSAGE_FORMATS,
  messageAudioPath,
  parseAudioFileName,
  PROFILE_INFO,
  type AudioProfile,
  type MessageFormat,
} from "@/lib/values/audio-profiles";
export { audioResponse, parseRange, type AudioBody, type RangeResult } from "./range";
export {
  AUDIO_URL_TTL_SECONDS,
  signAudio,
  signedUrlQuerySchema,
  signResource,
  verifyAudioSignature,
  verifyResourceSignature,
  type AudioSignature,
  type AudioUrlSigning,
  type SignedPurpose,
} from "./signed-url";
