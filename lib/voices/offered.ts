import { parseVoiceMix } from "@/lib/protocol/tts";
import { appError, type AppError } from "@/lib/result";

/** The voices of a voice string: its one id, or every voice a mix blends. Empty when it does not parse. */
export function voicesIn(voice: string): string[] {
  const parsed = parseVoiceMix(voice);
  return parsed.ok ? parsed.parts.map((part) => part.voice) : [];
}

/**
 * Whether the running engine can speak this voice or mix: every voice it names must be one the worker
 * offers. The error names the missing ones, so "af_heart(2)+af_belle(1)" points at the typo.
 */
export function checkVoiceOffered(voice: string, offered: readonly string[]): AppError<"unknown_voice"> | null {
  const parts = voicesIn(voice);
  const missing = parts.length ? parts.filter((id) => !offered.includes(id)) : [voice];
  if (missing.length === 0) return null;
  const names = missing.map((id) => `"${id}"`).join(", ");
  return appError("unknown_voice", `${names} ${missing.length === 1 ? "is not a voice" : "are not voices"} this worker offers. Pick from: ${offered.slice(0, 8).join(", ")}${offered.length > 8 ? "…" : ""}`);
}
