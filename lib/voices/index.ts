export { createVoiceMix, deleteVoiceMix, listVoiceMixes, renameVoiceMix, type OfferedVoices, type VoiceMixDto } from "./service";
export { checkVoiceOffered, voicesIn } from "./offered";
export * from "./schemas";
