/**
 * What each phone system plays, and how its files are named and labelled. Pure data, safe for client
 * components (the recipients table builds its links from it).
 *
 * - Asterisk's WAV reader (formats/format_wav.c) takes 16-bit PCM at 8 or 16 kHz only, and it picks a
 *   codec by file extension: `.ulaw` is played without transcoding.
 * - Twilio `<Play>` takes MP3 and WAV but answers error 13420 to a Content-Type it does not know.
 * - FreeSWITCH plays 8 kHz 16-bit mono WAV and (with mod_shout) MP3.
 */
export const MESSAGE_FORMATS = ["wav", "wav8k", "ulaw", "mp3", "mulaw"] as const;
export type MessageFormat = (typeof MESSAGE_FORMATS)[number];

export type FormatInfo = { extension: string; contentType: string; label: string };

export const FORMAT_INFO: Readonly<Record<MessageFormat, FormatInfo>> = {
  wav: { extension: "wav", contentType: "audio/wav", label: "WAV (model rate)" },
  wav8k: { extension: "8k.wav", contentType: "audio/wav", label: "WAV 8 kHz" },
  // RFC 2046 §4.3.3: audio/basic is single-channel 8 kHz mu-law without a header.
  ulaw: { extension: "ulaw", contentType: "audio/basic", label: "μ-law (raw)" },
  mp3: { extension: "mp3", contentType: "audio/mpeg", label: "MP3" },
  // 8 kHz mu-law in a WAV container: no profile offers it any more, but links exported before profiles
  // existed (valid 30 days) still point at it.
  mulaw: { extension: "ulaw.wav", contentType: "audio/wav", label: "μ-law WAV" },
};

export const AUDIO_PROFILES = ["generic", "twilio", "asterisk", "freeswitch"] as const;
export type AudioProfile = (typeof AUDIO_PROFILES)[number];

/** Formats per phone system, the one to use first leading (it becomes the export's `audio_url`). */
export const PROFILE_INFO: Readonly<Record<AudioProfile, { label: string; formats: readonly MessageFormat[] }>> = {
  generic: { label: "Generic", formats: ["wav", "mp3", "wav8k", "ulaw"] },
  twilio: { label: "Twilio", formats: ["mp3", "wav8k"] },
  asterisk: { label: "Asterisk", formats: ["ulaw", "wav8k"] },
  freeswitch: { label: "FreeSWITCH", formats: ["wav8k", "mp3"] },
};

const BY_EXTENSION = new Map<string, MessageFormat>(MESSAGE_FORMATS.map((f) => [FORMAT_INFO[f].extension, f]));

/** `<64 hex>.<extension>` → the message key and format, or null for any other file name. */
export function parseAudioFileName(file: string): { messageKey: string; format: MessageFormat } | null {
  const dot = file.indexOf(".");
  const messageKey = file.slice(0, dot);
  const format = BY_EXTENSION.get(file.slice(dot + 1));
  if (dot !== 64 || !/^[0-9a-f]{64}$/.test(messageKey) || !format) return null;
  return { messageKey, format };
}

/** The content-addressed path of a message's audio in one format (needs a session or a signature). */
/**
 * A download's file name stem from the words that say whose it is ("Müller Anna", "Reminders" →
 * "Muller-Anna-Reminders"): letters without their accents, digits and dashes only, so it is safe in a
 * Content-Disposition header and on every file system. Null when nothing is left.
 */
export function audioDownloadStem(...parts: (string | null | undefined)[]): string | null {
  const stem = parts
    .filter((p): p is string => !!p)
    .join(" ")
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/, "");
  return stem === "" ? null : stem;
}

export function messageAudioPath(messageKey: string, format: MessageFormat): string {
  return `/api/audio/${messageKey}.${FORMAT_INFO[format].extension}`;
}
