import { groupVoices, voiceLabel } from "./voices";

/** The <option>s of a voice <select>: the worker's voices grouped by language, English first. */
export function VoiceOptions({ voices }: { voices: readonly string[] }) {
  return groupVoices(voices).map((g) => (
    <optgroup key={g.group} label={g.group}>
      {g.voices.map((v) => (
        <option key={v} value={v}>
          {voiceLabel(v)}
        </option>
      ))}
    </optgroup>
  ));
}
