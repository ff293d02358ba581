"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { PronunciationDto, PronunciationImportReport } from "@/lib/lexicon";
import { MAX_SAY_AS_CHARS, MAX_TERM_CHARS, pronunciationSchema } from "@/lib/lexicon/schemas";
import { voiceSpeaks } from "@/lib/protocol/tts";
import { DEFAULT_LANGUAGE, SPOKEN_LANGUAGES, spokenLanguageName } from "@/lib/values/languages";
import { queryKeys } from "@/lib/query-keys";
import { Card, ItemList } from "../../../../_components/card";
import { CardForm, ConfirmButton, ErrorMessage, LabeledInput, SubmitRow } from "../../../../_components/form-fields";
import { fetchJson } from "../../../_components/client-api";
import { useServerList } from "../../../_components/use-server-list";
import { useWorkers } from "../../../_components/worker-banner";
import { useAudition } from "../../../campaigns/_components/use-audition";
import { voiceLabel } from "../../../campaigns/_components/voices";

type Draft = { id: string | null; term: string; sayAs: string; language: string; sentence: string; sentenceEdited: boolean };

const emptyDraft = (language: string): Draft => ({ id: null, term: "", sayAs: "", language, sentence: "", sentenceEdited: false });
const sampleSentence = (term: string, language: string) =>
  language === "es" ? `Hola ${term || "…"}, le recordamos su cita de mañana.` : `Hi ${term || "…"}, this is a reminder about your appointment tomorrow.`;
const SAY_AS_EXAMPLES: Record<string, string> = { en: "win", es: "güin" };

/**
 * The dictionary: add, edit, delete, hear an entry in a sentence, import and export as CSV. Each entry has a
 * language: a message is said with its own language's entries only. `defaultLanguage`: what a new entry is.
 */
export function PronunciationDictionary({ initial, defaultLanguage = DEFAULT_LANGUAGE }: { initial: PronunciationDto[]; defaultLanguage?: string }) {
  const { data: entries, refresh } = useServerList(queryKeys.pronunciations(), "/api/pronunciations", "pronunciations", initial);
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(defaultLanguage));
  const [shown, setShown] = useState<string>("all");
  const listed = shown === "all" ? entries : entries.filter((e) => e.language === shown);
  const empty = emptyDraft(draft.language);
  const remove = useMutation({
    mutationFn: (id: string) => fetchJson<{ deleted: string }>(`/api/pronunciations/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: (_, id) => {
      if (draft.id === id) setDraft(empty);
      void refresh();
    },
  });

  return (
    <div className="space-y-6">
      <EntryForm draft={draft} setDraft={setDraft} onSaved={refresh} empty={empty} />
      <Card
        headingId="entries-heading"
        title={<>Dictionary ({listed.length})</>}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <select aria-label="Show entries in" className="input w-auto" value={shown} onChange={(e) => setShown(e.target.value)}>
              <option value="all">All languages</option>
              {SPOKEN_LANGUAGES.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.name}
                </option>
              ))}
            </select>
            <a className="btn" href="/api/pronunciations/export" download="pronunciations.csv">
              Export CSV
            </a>
          </div>
        }
      >
        <ItemList count={listed.length} empty={shown === "all" ? "No entries yet: every word is said as it is written." : `No ${spokenLanguageName(shown)} entries.`} testId="pronunciations">
          {listed.map((entry) => (
            <li key={entry.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2.5" data-term={entry.term} data-language={entry.language}>
              <p className="min-w-0 flex-1 text-sm">
                <span className="font-medium text-slate-900" lang={entry.language}>
                  {entry.term}
                </span>
                <span className="text-slate-500"> is said </span>
                <span className="text-slate-900" lang={entry.language}>
                  “{entry.sayAs}”
                </span>
                <span className="ml-2 inline-block rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{spokenLanguageName(entry.language)}</span>
              </p>
              <div className="flex gap-2">
                <button
                  type="button"
                  className="btn"
                  aria-label={`Edit ${entry.term} (${spokenLanguageName(entry.language)})`}
                  onClick={() => setDraft({ id: entry.id, term: entry.term, sayAs: entry.sayAs, language: entry.language, sentence: sampleSentence(entry.term, entry.language), sentenceEdited: false })}
                >
                  Edit
                </button>
                <ConfirmButton
                  aria-label={`Delete ${entry.term} (${spokenLanguageName(entry.language)})`}
                  disabled={remove.isPending}
                  question={`Delete the pronunciation of ${entry.term}? It will be said as written again.`}
                  onConfirm={() => remove.mutate(entry.id)}
                >
                  Delete
                </ConfirmButton>
              </div>
            </li>
          ))}
        </ItemList>
        <ErrorMessage error={remove.error?.message} block />
      </Card>
      <ImportForm onImported={refresh} />
    </div>
  );
}

function EntryForm({ draft, setDraft, onSaved, empty }: { draft: Draft; setDraft: (d: Draft) => void; onSaved: () => void; empty: Draft }) {
  const workers = useWorkers();
  // The entry is heard by a voice of its language, as its messages are.
  const voices = (workers.data?.info?.voices ?? []).filter((v) => voiceSpeaks(v, draft.language));
  const [voice, setVoice] = useState<string | null>(null);
  const chosenVoice = voice !== null && voices.includes(voice) ? voice : voices.includes("af_heart") ? "af_heart" : (voices[0] ?? null);
  const audition = useAudition();
  const parsed = pronunciationSchema.safeParse({ term: draft.term, sayAs: draft.sayAs, language: draft.language });
  const sentence = draft.sentenceEdited ? draft.sentence : sampleSentence(draft.term.trim(), draft.language);
  const save = useMutation({
    mutationFn: () => {
      const body = JSON.stringify({ term: draft.term, sayAs: draft.sayAs, language: draft.language });
      const headers = { "content-type": "application/json" };
      return draft.id
        ? fetchJson<PronunciationDto>(`/api/pronunciations/${encodeURIComponent(draft.id)}`, { method: "PATCH", headers, body })
        : fetchJson<PronunciationDto>("/api/pronunciations", { method: "POST", headers, body });
    },
    onSuccess: () => {
      setDraft(empty);
      onSaved();
    },
  });
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const hearing = audition.state?.id === "entry";

  return (
    <CardForm headingId="entry-heading" title={draft.id ? `Edit ${draft.term || "entry"}` : "Add a word or name"} onSubmit={() => save.mutate()}>
      <div className="grid gap-3 sm:grid-cols-[1fr_1fr_auto]">
        <LabeledInput id="pron-term" label="Written" autoComplete="off" required maxLength={MAX_TERM_CHARS} placeholder="Nguyen" value={draft.term} onChange={(e) => set({ term: e.target.value })} />
        <LabeledInput
          id="pron-say-as"
          label="Say it as"
          autoComplete="off"
          required
          maxLength={MAX_SAY_AS_CHARS}
          placeholder={SAY_AS_EXAMPLES[draft.language] ?? "win"}
          lang={draft.language}
          value={draft.sayAs}
          onChange={(e) => set({ sayAs: e.target.value })}
        />
        <div>
          <label htmlFor="pron-language" className="label">
            In messages in
          </label>
          <select id="pron-language" className="input mt-1" value={draft.language} onChange={(e) => set({ language: e.target.value })}>
            {SPOKEN_LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {!parsed.success && draft.term !== "" && draft.sayAs !== "" && (
        <p className="text-sm text-red-700" data-testid="entry-invalid">
          {parsed.error.issues[0]?.message}
        </p>
      )}
      <div>
        <label htmlFor="pron-sentence" className="label">
          Hear it in a sentence
        </label>
        <div className="mt-1 flex flex-col gap-2 sm:flex-row">
          <input id="pron-sentence" className="input" maxLength={400} value={sentence} onChange={(e) => set({ sentence: e.target.value, sentenceEdited: true })} />
          <select aria-label="Voice" className="input sm:w-56" value={chosenVoice ?? ""} disabled={voices.length === 0} onChange={(e) => setVoice(e.target.value)}>
            {voices.length === 0 && <option value="">No {spokenLanguageName(draft.language)} voice available</option>}
            {voices.map((v) => (
              <option key={v} value={v}>
                {voiceLabel(v)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn"
            disabled={hearing ? audition.state?.phase === "loading" : !parsed.success || chosenVoice === null || audition.state !== null}
            onClick={() =>
              hearing
                ? audition.stop()
                : parsed.success && chosenVoice && void audition.play("entry", { voice: chosenVoice, speed: 1, text: sentence, pronunciation: parsed.data })
            }
          >
            {hearing ? (audition.state?.phase === "loading" ? "Rendering…" : "Stop") : "Audition"}
          </button>
        </div>
        <p className="mt-1 text-xs text-slate-600">Played with this entry as typed (not saved yet) and the rest of the dictionary.</p>
        <ErrorMessage error={audition.error} block className="mt-1" />
      </div>
      <SubmitRow label={draft.id ? "Save changes" : "Add to dictionary"} pendingLabel="Saving…" pending={save.isPending} disabled={!parsed.success} error={save.error?.message}>
        {draft.id && (
          <button type="button" className="btn" onClick={() => setDraft(empty)}>
            Cancel
          </button>
        )}
      </SubmitRow>
    </CardForm>
  );
}

function ImportForm({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.set("file", file!);
      return fetchJson<PronunciationImportReport>("/api/pronunciations/import", { method: "POST", body: form });
    },
    onSuccess: onImported,
  });
  const report = upload.data;
  return (
    <CardForm headingId="import-heading" title="Import a CSV" onSubmit={() => file && upload.mutate()}>
      <p className="text-sm text-slate-600">
        A header row with the columns <code>term</code> and <code>say_as</code>, and optionally <code>language</code> ({SPOKEN_LANGUAGES.map((l) => `${l.code} for ${l.name}`).join(", ")}; English when empty), then one word a
        row. A word already in the dictionary in that language gets the new way to say it.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <input aria-label="CSV file" type="file" accept=".csv,text/csv" className="text-sm" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="submit" className="btn" disabled={!file || upload.isPending}>
          {upload.isPending ? "Importing…" : "Import"}
        </button>
      </div>
      <ErrorMessage error={upload.error?.message} block />
      {report && (
        <div className="space-y-1 text-sm" data-testid="import-report">
          <p>
            {report.created} added, {report.updated} updated, {report.errors.length} row(s) not imported, of {report.rowsTotal}.
          </p>
          {report.errors.length > 0 && (
            <ul className="list-disc space-y-0.5 pl-5 text-red-700">
              {report.errors.slice(0, 50).map((issue) => (
                <li key={issue.row}>
                  Row {issue.row}: {issue.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </CardForm>
  );
}
