import type { AudioUrlSigning } from "@/lib/audio";
import type { UrlGuard } from "@/lib/webhooks";

/**
 * What the calls domain needs from the process: the public base URL the carrier calls back on (APP_URL),
 * the key carrier credentials are sealed with, the audio-URL signing key, and the address guard for the
 * carrier's base URL (the webhook one: loopback only where WEBHOOKS_ALLOW_PRIVATE_URLS allows it).
 */
/** The format calls play: what the Twilio phone-system profile offers first. */
export const CALL_AUDIO_FORMAT = "mp3" as const;

export type CallsConfig = {
  publicUrl: string;
  credentialKey: Buffer;
  signing: AudioUrlSigning;
  guard: UrlGuard;
};

const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0|.*\.localhost)$/i;

/** A sentence for the settings page when the carrier cannot reach APP_URL; null when it looks public. */
export function publicUrlWarning(publicUrl: string): string | null {
  const host = new URL(publicUrl).hostname;
  if (LOCAL_HOSTS.test(host)) {
    return `APP_URL is ${publicUrl}, an address on this computer: the carrier cannot reach it, so calls would be placed but the patient would hear nothing and no answer would be recorded. Set APP_URL to the app's public https address (or a tunnel to it) before calling patients.`;
  }
  if (new URL(publicUrl).protocol !== "https:") return `APP_URL is ${publicUrl}: carriers expect https callbacks; set APP_URL to the app's https address.`;
  return null;
}
