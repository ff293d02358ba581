"use client";

import Link from "next/link";
import { MAX_SPEED, MIN_SPEED } from "@/lib/campaigns/schemas";
import { checkVoiceOffered } from "@/lib/voices/offered";
import { useVoiceMixes } from "../../_components/use-voice-mixes";
import { useWorkers } from "../../_components/worker-banner";
import { useAudition } from "./use-audition";
import { VoiceOptions } from "./voice-options";
import { mixLabel, voiceLabel } from "./voices";

type Props = {
  voice: string;
  speed: number;
  onVoiceChange: (voice: string) => void;
  onSpeedChange: (speed: number) => void;
  sampleText: string;
};

export function VoicePicker({ voice, speed, onVoiceChange, onSpeedChange, sampleText }: Props) {
  const workers = useWorkers();
  const audition = useAudition();
  const mixes = useVoiceMixes().data ?? [];
  const voices = workers.data?.info?.voices ?? [];
  const available = voices.length > 0;
  // A saved campaign may name a voice the running engine does not have (e.g. a Kokoro voice while the
  // basic offline voice runs): it stays visible as the current choice, marked, instead of vanishing.
  const offered = !available || checkVoiceOffered(voice, voices) === null;
  // A mix the campaign keeps after its saved name was deleted is still offered, under its blend.
  const listed = voices.includes(voice) || mixes.some((m) => m.voice === voice);
  const options = available ? voices : [voice];
  const busy = audition.state?.id === "voice";

  return (
    <div className="space-y-4">
      <div>
        <label htmlFor="voice" className="label">
          Voice
        </label>
        <select
          id="voice"
          value={voice}
          disabled={!available}
          onChange={(e) => onVoiceChange(e.target.value)}
          className="input mt-1"
          aria-describedby="voice-help"
        >
          {!offered && <option value={voice}>{voiceLabel(voice)}: not offered by the speech worker</option>}
          {offered && available && !listed && <option value={voice}>Mix: {mixLabel(voice)}</option>}
          {available && mixes.length > 0 && (
            <optgroup label="Saved mixes">
              {mixes.map((m) => (
                <option key={m.id} value={m.voice}>
                  {m.name} ({mixLabel(m.voice)})
                </option>
              ))}
            </optgroup>
          )}
          {available ? (
            <VoiceOptions voices={options} />
          ) : (
            <option value={voice}>{voiceLabel(voice)}</option>
          )}
        </select>
        <p id="voice-help" className={`mt-1 text-xs ${offered ? "text-slate-600" : "text-red-700"}`}>
          {workers.isPending
            ? "Loading the voices the speech worker has…"
            : !available
              ? "The speech worker is not reachable, so the voice cannot be changed or auditioned right now."
              : offered
                ? `${voices.length} ${voices.length === 1 ? "voice" : "voices"} from the speech worker.`
                : `The speech worker does not have ${voiceLabel(voice)} right now: pick one of its ${voices.length} voices.`}{" "}
          <Link href="/settings/voices" className="underline hover:text-indigo-700">
            {mixes.length ? "Manage saved mixes" : "Blend voices into a saved mix"}
          </Link>
        </p>
      </div>
      <div>
        <div className="flex items-baseline justify-between">
          <label htmlFor="speed" className="label">
            Speed
          </label>
          <output htmlFor="speed" className="text-sm text-slate-700 tabular-nums">
            {speed.toFixed(2)}×
          </output>
        </div>
        <input
          id="speed"
          type="range"
          min={MIN_SPEED}
          max={MAX_SPEED}
          step={0.05}
          value={speed}
          onChange={(e) => onSpeedChange(Number(e.target.value))}
          className="mt-2 w-full accent-indigo-600"
          aria-valuetext={`${speed.toFixed(2)} times normal speed`}
        />
        <div className="flex justify-between text-xs text-slate-600">
          <span>Slower</span>
          <span>Normal is 1.00×</span>
          <span>Faster</span>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          className="btn"
          disabled={!available || audition.state?.phase === "loading"}
          onClick={() => (busy ? audition.stop() : audition.play("voice", { voice, speed, text: sampleText.slice(0, 400) }))}
        >
          {audition.state?.id === "voice" ? (audition.state.phase === "loading" ? "Rendering…" : "Stop") : "Audition"}
        </button>
        <span className="text-xs text-slate-600">Plays the first preview message in this voice.</span>
      </div>
      {audition.error && (
        <p role="alert" className="text-sm text-red-700">
          {audition.error}
        </p>
      )}
    </div>
  );
}
