export { createVoiceMix, deleteVoiceMix, listVoiceMixes, renameVoiceMix, MAX_VOICE_MIXES, type OfferedVoices, type VoiceMixDto } from "./service";
export { checkVoiceOffered, voicesIn } from "./offered";
export * from "./schemas";
