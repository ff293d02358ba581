export { createVoiceMix, deleteVoiceMix, listVoiceMixes, renameVoiceMix, MAX_VOICE_MIXES, type OfferedVoices, type VoiceMixDto } from "./service";
export { assertVoiceSpeaks, checkVoiceOffered, describeOfferedVoices, voicesIn, type OfferedVoice } from "./offered";
export * from "./schemas";
