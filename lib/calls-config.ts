import { getAudioUrlSigningKey, getAuthSecret } from "@/lib/auth";
import { deriveCredentialKey, type CallsConfig } from "@/lib/calls";
import { env } from "@/lib/env";

type Holder = { __voiceCredentialKey?: Buffer };
const holder = globalThis as Holder;

/**
 * The process's settings for phone calls: APP_URL is where carriers call back and fetch audio; carrier
 * tokens are sealed under a key derived from the app's secret; the carrier's base URL is held to the
 * webhook address guard (loopback only with WEBHOOKS_ALLOW_PRIVATE_URLS=1).
 */
export function getCallsConfig(): CallsConfig {
  holder.__voiceCredentialKey ??= deriveCredentialKey(getAuthSecret());
  return {
    publicUrl: env.APP_URL,
    credentialKey: holder.__voiceCredentialKey,
    signing: { key: getAudioUrlSigningKey() },
    guard: { allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE_URLS },
  };
}
