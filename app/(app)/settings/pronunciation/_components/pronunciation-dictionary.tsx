"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { PronunciationDto, PronunciationImportReport } from "@/lib/lexicon";
import { MAX_SAY_AS_CHARS, MAX_TERM_CHARS, pronunciationSchema } from "@/lib/lexicon/schemas";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "../../../_components/client-api";
import { useWorkers } from "../../../_components/worker-banner";
import { useAudition } from "../../../campaigns/_components/use-audition";
import { voiceLabel } from "../../../campaigns/_components/voices";

type Draft = { id: string | null; term: string; sayAs: string; sentence: string; sentenceEdited: boolean };

const EMPTY: Draft = { id: null, term: "", sayAs: "", sentence: "", sentenceEdited: false };
const sampleSentence = (term: string) => `Hi ${term || "…"}, this is a reminder about your appointment tomorrow.`;

/** The dictionary: add, edit, delete, hear an entry in a sentence, import and export as CSV. */
export function PronunciationDictionary({ initial }: { initial: PronunciationDto[] }) {
  const client = useQueryClient();
  const list = useQuery({
    queryKey: queryKeys.pronunciations(),
    queryFn: async () => (await fetchJson<{ pronunciations: PronunciationDto[] }>("/api/pronunciations")).pronunciations,
    initialData: initial,
  });
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.pronunciations() });
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const remove = useMutation({
    mutationFn: (id: string) => fetchJson<{ deleted: string }>(`/api/pronunciations/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: (_, id) => {
      if (draft.id === id) setDraft(EMPTY);
      void refresh();
    },
  });

  return (
    <div className="space-y-6">
      <EntryForm draft={draft} setDraft={setDraft} onSaved={refresh} />
      <section aria-labelledby="entries-heading" className="card space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="entries-heading" className="text-base font-semibold">
            Dictionary ({list.data.length})
          </h2>
          <a className="btn" href="/api/pronunciations/export" download="pronunciations.csv">
            Export CSV
          </a>
        </div>
        {list.data.length === 0 ? (
          <p className="text-sm text-slate-600">No entries yet: every word is said as it is written.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" data-testid="pronunciations">
            {list.data.map((entry) => (
              <li key={entry.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2.5" data-term={entry.term}>
                <p className="min-w-0 flex-1 text-sm">
                  <span className="font-medium text-slate-900">{entry.term}</span>
                  <span className="text-slate-500"> is said </span>
                  <span className="text-slate-900">“{entry.sayAs}”</span>
                </p>
                <div className="flex gap-2">
                  <button
                    type="button"
                    className="btn"
                    aria-label={`Edit ${entry.term}`}
                    onClick={() => setDraft({ id: entry.id, term: entry.term, sayAs: entry.sayAs, sentence: sampleSentence(entry.term), sentenceEdited: false })}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="btn-danger"
                    aria-label={`Delete ${entry.term}`}
                    disabled={remove.isPending}
                    onClick={() => {
                      if (window.confirm(`Delete the pronunciation of ${entry.term}? It will be said as written again.`)) remove.mutate(entry.id);
                    }}
                  >
                    Delete
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
        {remove.isError && (
          <p role="alert" className="text-sm text-red-700">
            {remove.error.message}
          </p>
        )}
      </section>
      <ImportForm onImported={refresh} />
    </div>
  );
}

function EntryForm({ draft, setDraft, onSaved }: { draft: Draft; setDraft: (d: Draft) => void; onSaved: () => void }) {
  const workers = useWorkers();
  const voices = workers.data?.info?.voices ?? [];
  const [voice, setVoice] = useState<string | null>(null);
  const chosenVoice = voice ?? (voices.includes("af_heart") ? "af_heart" : (voices[0] ?? null));
  const audition = useAudition();
  const parsed = pronunciationSchema.safeParse({ term: draft.term, sayAs: draft.sayAs });
  const sentence = draft.sentenceEdited ? draft.sentence : sampleSentence(draft.term.trim());
  const save = useMutation({
    mutationFn: () => {
      const body = JSON.stringify({ term: draft.term, sayAs: draft.sayAs });
      const headers = { "content-type": "application/json" };
      return draft.id
        ? fetchJson<PronunciationDto>(`/api/pronunciations/${encodeURIComponent(draft.id)}`, { method: "PATCH", headers, body })
        : fetchJson<PronunciationDto>("/api/pronunciations", { method: "POST", headers, body });
    },
    onSuccess: () => {
      setDraft(EMPTY);
      onSaved();
    },
  });
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const hearing = audition.state?.id === "entry";

  return (
    <form
      className="card space-y-3"
      aria-labelledby="entry-heading"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="entry-heading" className="text-base font-semibold">
        {draft.id ? `Edit ${draft.term || "entry"}` : "Add a word or name"}
      </h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="pron-term" className="label">
            Written
          </label>
          <input id="pron-term" className="input mt-1" autoComplete="off" required maxLength={MAX_TERM_CHARS} placeholder="Nguyen" value={draft.term} onChange={(e) => set({ term: e.target.value })} />
        </div>
        <div>
          <label htmlFor="pron-say-as" className="label">
            Say it as
          </label>
          <input id="pron-say-as" className="input mt-1" autoComplete="off" required maxLength={MAX_SAY_AS_CHARS} placeholder="win" value={draft.sayAs} onChange={(e) => set({ sayAs: e.target.value })} />
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
            {voices.length === 0 && <option value="">No voice available</option>}
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
        {audition.error && (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {audition.error}
          </p>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={save.isPending || !parsed.success}>
          {save.isPending ? "Saving…" : draft.id ? "Save changes" : "Add to dictionary"}
        </button>
        {draft.id && (
          <button type="button" className="btn" onClick={() => setDraft(EMPTY)}>
            Cancel
          </button>
        )}
        {save.isError && (
          <span role="alert" className="text-sm text-red-700">
            {save.error.message}
          </span>
        )}
      </div>
    </form>
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
    <form
      className="card space-y-3"
      aria-labelledby="import-heading"
      onSubmit={(e) => {
        e.preventDefault();
        if (file) upload.mutate();
      }}
    >
      <h2 id="import-heading" className="text-base font-semibold">
        Import a CSV
      </h2>
      <p className="text-sm text-slate-600">
        A header row with the columns <code>term</code> and <code>say_as</code>, then one word a row. A word already in the dictionary gets the new way to say it.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <input aria-label="CSV file" type="file" accept=".csv,text/csv" className="text-sm" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="submit" className="btn" disabled={!file || upload.isPending}>
          {upload.isPending ? "Importing…" : "Import"}
        </button>
      </div>
      {upload.isError && (
        <p role="alert" className="text-sm text-red-700">
          {upload.error.message}
        </p>
      )}
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
    </form>
  );
}
