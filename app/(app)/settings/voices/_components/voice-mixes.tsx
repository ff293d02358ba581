"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { MAX_MIX_VOICES } from "@/lib/protocol/tts";
import { queryKeys } from "@/lib/query-keys";
import type { VoiceMixDto } from "@/lib/voices";
import { MAX_MIX_NAME_CHARS } from "@/lib/voices/schemas";
import { Card, ItemList } from "../../../../_components/card";
import { CardForm, ConfirmButton, ErrorMessage, LabeledInput, SubmitRow } from "../../../../_components/form-fields";
import { fetchJson } from "../../../_components/client-api";
import { useInlineRename } from "../../../_components/use-inline-rename";
import { useVoiceMixes } from "../../../_components/use-voice-mixes";
import { useWorkers } from "../../../_components/worker-banner";
import { useAudition } from "../../../campaigns/_components/use-audition";
import { VoiceOptions } from "../../../campaigns/_components/voice-options";
import { mixLabel } from "../../../campaigns/_components/voices";

const SAMPLE = "Hi Maria, this is Bright Smile Dental. Your appointment is on Tuesday at 2:30 PM.";
const json = (body: unknown): RequestInit => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** The saved mixes (rename, delete, audition) and the form that blends a new one. */
export function VoiceMixes({ initial }: { initial: VoiceMixDto[] }) {
  const client = useQueryClient();
  const mixes = useVoiceMixes(initial);
  const audition = useAudition();
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.voiceMixes() });
  const remove = useMutation({
    mutationFn: (id: string) => fetchJson<{ deleted: string }>(`/api/voice-mixes/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  const items = mixes.data ?? [];

  return (
    <div className="space-y-6">
      <Card headingId="mixes-heading" title="Saved mixes" className="space-y-4">
        <ItemList count={items.length} empty="No saved mixes yet. Blend one below." testId="voice-mixes">
          {items.map((mix) => (
            <MixRow
              key={mix.id}
              mix={mix}
              playing={audition.state?.id === mix.id}
              onAudition={() => (audition.state?.id === mix.id ? audition.stop() : audition.play(mix.id, { voice: mix.voice, speed: 1, text: SAMPLE }))}
              onRenamed={refresh}
              onDelete={() => remove.mutate(mix.id)}
              deleting={remove.isPending}
            />
          ))}
        </ItemList>
        <ErrorMessage error={remove.error?.message ?? audition.error} block />
      </Card>
      <NewMixForm onSaved={refresh} audition={audition} />
    </div>
  );
}

function MixRow(props: { mix: VoiceMixDto; playing: boolean; onAudition: () => void; onRenamed: () => void; onDelete: () => void; deleting: boolean }) {
  const { mix } = props;
  const { editing, setEditing, name, setName, rename, submit } = useInlineRename(
    mix.name,
    (name) => fetchJson<VoiceMixDto>(`/api/voice-mixes/${encodeURIComponent(mix.id)}`, { method: "PATCH", ...json({ name }) }),
    props.onRenamed,
  );
  return (
    <li className="flex flex-col gap-2 px-3 py-2.5 sm:flex-row sm:items-center sm:gap-4">
      {editing ? (
        <form className="flex min-w-0 flex-1 flex-wrap items-center gap-2" onSubmit={submit}>
          <label htmlFor={`rename-${mix.id}`} className="sr-only">
            New name for {mix.name}
          </label>
          <input id={`rename-${mix.id}`} className="input min-w-0 flex-1" value={name} maxLength={MAX_MIX_NAME_CHARS} required onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="btn-primary" disabled={rename.isPending}>
            Save
          </button>
          <button type="button" className="btn" onClick={() => setEditing(false)}>
            Cancel
          </button>
          <ErrorMessage error={rename.error?.message} className="w-full" />
        </form>
      ) : (
        <>
          <div className="min-w-0 sm:flex-1">
            <p className="truncate text-sm font-medium text-slate-900">{mix.name}</p>
            <p className="truncate text-sm text-slate-600">
              {mixLabel(mix.voice)} · <code className="text-xs">{mix.voice}</code>
            </p>
          </div>
          <div className="flex gap-2">
            <button type="button" className="btn" aria-label={`${props.playing ? "Stop" : "Audition"} ${mix.name}`} onClick={props.onAudition}>
              {props.playing ? "Stop" : "Audition"}
            </button>
            <button type="button" className="btn" aria-label={`Rename ${mix.name}`} onClick={() => (setName(mix.name), setEditing(true))}>
              Rename
            </button>
            <ConfirmButton
              aria-label={`Delete ${mix.name}`}
              disabled={props.deleting}
              question={`Delete the saved mix "${mix.name}"? Campaigns that use it keep their voice.`}
              onConfirm={props.onDelete}
            >
              Delete
            </ConfirmButton>
          </div>
        </>
      )}
    </li>
  );
}

type Part = { voice: string; weight: string };

/** "af_heart(2)+af_bella(1)": the parts as the worker's mix syntax (a weight of 1 is written too, for clarity). */
const toMix = (parts: Part[]) => parts.map((p) => `${p.voice}(${p.weight})`).join("+");

function NewMixForm({ onSaved, audition }: { onSaved: () => void; audition: ReturnType<typeof useAudition> }) {
  const workers = useWorkers();
  const voices = workers.data?.info?.voices ?? [];
  const [name, setName] = useState("");
  const [parts, setParts] = useState<Part[]>([]);
  const shown: Part[] = parts.length ? parts : voices.slice(0, 2).map((voice, i) => ({ voice, weight: i === 0 ? "2" : "1" }));
  const setPart = (index: number, change: Partial<Part>) => setParts(shown.map((p, i) => (i === index ? { ...p, ...change } : p)));
  const mix = toMix(shown);
  const save = useMutation({
    mutationFn: () => fetchJson<VoiceMixDto>("/api/voice-mixes", { method: "POST", ...json({ name, voice: mix }) }),
    onSuccess: () => {
      setName("");
      setParts([]);
      onSaved();
    },
  });
  if (voices.length === 0) {
    return (
      <section className="card">
        <p className="text-sm text-slate-600">{workers.isPending ? "Loading the voices the speech worker has…" : "The speech worker is not reachable, so new mixes cannot be blended right now."}</p>
      </section>
    );
  }
  return (
    <CardForm headingId="new-mix-heading" title="Blend a new mix" className="space-y-4" onSubmit={() => save.mutate()}>
      <LabeledInput id="mix-name" label="Name" placeholder="House voice" required maxLength={MAX_MIX_NAME_CHARS} value={name} onChange={(e) => setName(e.target.value)} />
      <fieldset className="space-y-2">
        <legend className="label">Voices and their weights</legend>
        {shown.map((part, i) => (
          <div key={i} className="flex flex-wrap items-center gap-2">
            <label htmlFor={`mix-voice-${i}`} className="sr-only">
              Voice {i + 1}
            </label>
            <select id={`mix-voice-${i}`} className="input w-full min-w-0 sm:w-auto sm:flex-1" value={part.voice} onChange={(e) => setPart(i, { voice: e.target.value })}>
              <VoiceOptions voices={voices} />
            </select>
            <label htmlFor={`mix-weight-${i}`} className="sr-only">
              Weight of voice {i + 1}
            </label>
            <input id={`mix-weight-${i}`} type="number" className="input w-24" min={0.1} max={100} step={0.1} required value={part.weight} onChange={(e) => setPart(i, { weight: e.target.value })} />
            {shown.length > 1 && (
              <button type="button" className="btn" aria-label={`Remove voice ${i + 1}`} onClick={() => setParts(shown.filter((_, j) => j !== i))}>
                Remove
              </button>
            )}
          </div>
        ))}
        {shown.length < MAX_MIX_VOICES && (
          <button type="button" className="btn" onClick={() => setParts([...shown, { voice: voices[0]!, weight: "1" }])}>
            Add a voice
          </button>
        )}
        <p className="text-xs text-slate-600" data-testid="mix-preview">
          {mixLabel(mix)}: weights are shares, so 2 and 1 is two thirds and one third. Up to {MAX_MIX_VOICES} voices.
        </p>
      </fieldset>
      <SubmitRow
        label="Save mix"
        pendingLabel="Saving…"
        pending={save.isPending}
        error={save.error?.message}
        success={save.isSuccess && <>Saved {save.data.name}. It is in the voice picker of every campaign now.</>}
      >
        <button type="button" className="btn" onClick={() => (audition.state?.id === "new" ? audition.stop() : audition.play("new", { voice: mix, speed: 1, text: SAMPLE }))}>
          {audition.state?.id === "new" ? (audition.state.phase === "loading" ? "Rendering…" : "Stop") : "Audition"}
        </button>
      </SubmitRow>
    </CardForm>
  );
}
