"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CallSentences } from "@/lib/calls/versions";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import type { CampaignDto, MissingValuePolicy, SharedNumberPolicy } from "@/lib/campaigns";
import { queryKeys } from "@/lib/query-keys";
import { validateTemplate } from "@/lib/templates";
import { voiceSpeaks } from "@/lib/protocol/tts";
import { SPOKEN_LANGUAGES } from "@/lib/values/languages";
import { checkVoiceOffered } from "@/lib/voices/offered";
import { useWorkers } from "../../_components/worker-banner";
import { createCampaignAction, launchCampaignAction, updateCampaignAction } from "../actions";
import { unwrap } from "../../_components/client-api";
import { CallVersions } from "./call-versions";
import { ContactsPanel, type ImportResponse, type RecipientChoice } from "./contacts-panel";
import { MessagePreview, useMessagePreview } from "./message-preview";
import { PlanPanel, usePlan } from "./plan-panel";
import { SPANISH_STARTER, SpanishVersion, spanishOf, type SpanishDraft } from "./spanish-version";
import { TemplateEditor } from "./template-editor";
import { useUnsavedWarning } from "./use-unsaved-warning";
import { VoicePicker } from "./voice-picker";
import { DEFAULT_WINDOW, draftOfWindow, sameWindow, windowOfDraft } from "./window-picker";

type MessageLanguage = "en" | "es";
type Draft = {
  name: string;
  template: string;
  voice: string;
  speed: number;
  missingValues: MissingValuePolicy;
  sharedNumbers: SharedNumberPolicy;
  /** The language of the main message (a new campaign starts in the organisation's default). */
  language: MessageLanguage;
  spanish: SpanishDraft;
} & RecipientChoice;

const messageLanguage = (language: string): MessageLanguage => (language === "es" ? "es" : "en");
const DEFAULT_VOICE: Record<MessageLanguage, string> = { en: "af_heart", es: "ef_dora" };

const NO_LIST = { listId: "", listWindow: false };

function choiceOf(campaign: CampaignDto): RecipientChoice {
  const selection = campaign.recipientSelection;
  if (selection.mode === "list") {
    return { recipientMode: "list", listId: selection.listId, listWindow: selection.window !== undefined, window: draftOfWindow(selection.window) };
  }
  return selection.mode === "upcoming"
    ? { recipientMode: "upcoming", window: draftOfWindow(selection.window), ...NO_LIST }
    : { recipientMode: selection.mode, window: DEFAULT_WINDOW, ...NO_LIST };
}

function draftOf(campaign: CampaignDto): Draft {
  return {
    name: campaign.name,
    template: campaign.template,
    voice: campaign.voice,
    speed: campaign.speed,
    missingValues: campaign.missingValues,
    sharedNumbers: campaign.sharedNumbers,
    language: messageLanguage(campaign.language),
    spanish: spanishOf(campaign.versions),
    ...choiceOf(campaign),
  };
}

/** Equal as far as saving goes: the appointment window matters only while it is the choice. */
function sameDraft(a: Draft, b: Draft): boolean {
  const fields: (keyof Draft)[] = ["name", "template", "voice", "speed", "missingValues", "sharedNumbers", "language", "recipientMode"];
  const usesWindow = a.recipientMode === "upcoming" || (a.recipientMode === "list" && a.listWindow);
  const sameList = a.recipientMode !== "list" || (a.listId === b.listId && a.listWindow === b.listWindow);
  const sameSpanish = JSON.stringify(a.spanish) === JSON.stringify(b.spanish);
  return fields.every((k) => a[k] === b[k]) && sameList && sameSpanish && (!usesWindow || sameWindow(a.window, b.window));
}

/** The recipients part of a save: nothing for a kept list of contacts, whose ids the server already holds. */
function recipientsInput(draft: Draft) {
  const window = windowOfDraft(draft.window) ?? undefined;
  if (draft.recipientMode === "upcoming" && window) return { recipients: { mode: "upcoming" as const, window } };
  if (draft.recipientMode === "all") return { recipients: { mode: "all" as const } };
  if (draft.recipientMode === "list") {
    return { recipients: { mode: "list" as const, listId: draft.listId, ...(draft.listWindow && window ? { window } : {}) } };
  }
  return {};
}

function Step({ n, title, children, id }: { n: number; title: string; children: React.ReactNode; id: string }) {
  return (
    <section aria-labelledby={id} className="card space-y-4">
      <h2 id={id} className="flex items-center gap-2 text-base font-semibold">
        <span aria-hidden="true" className="flex size-6 items-center justify-center rounded-full bg-indigo-600 text-xs text-white">
          {n}
        </span>
        {title}
      </h2>
      {children}
    </section>
  );
}

function newDraft(language: MessageLanguage, englishStarter: string): Draft {
  return {
    name: "",
    template: language === "es" ? SPANISH_STARTER : englishStarter,
    voice: DEFAULT_VOICE[language],
    speed: 1,
    missingValues: "ask",
    sharedNumbers: "each",
    language,
    spanish: null,
    recipientMode: "all",
    window: DEFAULT_WINDOW,
    ...NO_LIST,
  };
}

export function CampaignBuilder({
  initial,
  customAttributes: initialAttributes,
  starter,
  timezone,
  callSentences = null,
  defaultLanguage = "en",
}: {
  initial: CampaignDto | null;
  customAttributes: string[];
  /** The organisation's starter message and a sample sentence to audition voices with. */
  starter: { template: string; sample: string };
  /** The organisation's time zone: appointment windows are its calendar days. */
  timezone: string;
  /** The sentences a call adds to the message (key prompt, voicemail's last sentence); null without a carrier. */
  callSentences?: CallSentences | null;
  /** The organisation's default language: what a new campaign's message is written in. */
  defaultLanguage?: string;
}) {
  const router = useRouter();
  const client = useQueryClient();
  const workers = useWorkers();
  const [campaignId, setCampaignId] = useState<string | null>(initial?.id ?? null);
  const [draft, setDraft] = useState<Draft>(
    initial ? draftOf(initial) : newDraft(messageLanguage(defaultLanguage), starter.template),
  );
  const starterOf = (language: MessageLanguage) => (language === "es" ? SPANISH_STARTER : starter.template);
  const [saved, setSaved] = useState<Draft | null>(initial ? draftOf(initial) : null);
  // A list of contacts given through the API can be kept, but not rebuilt here.
  const savedContactList = initial?.recipientSelection.mode === "contacts" ? initial.recipients : null;
  // An import after saving changes who "all contacts" are, so the saved recipient list is out of date.
  const [recipientsStale, setRecipientsStale] = useState(false);
  const [customAttributes, setCustomAttributes] = useState(initialAttributes);

  const validation = useMemo(() => validateTemplate(draft.template, { customAttributes }), [draft.template, customAttributes]);
  const templateErrors = validation.ok ? [] : validation.error;
  const preview = useMessagePreview(draft.template, validation.ok, campaignId, {
    language: draft.language,
    campaignLanguages: draft.spanish && draft.language !== "es" ? [draft.language, "es"] : [draft.language],
  });
  const plan = usePlan(campaignId);
  // The first sample recipient's merged message: what the voice and the call versions speak.
  const sampleMessage = preview.data?.find((p) => p.missing.length === 0)?.merged;
  const dirty = !saved || recipientsStale || !sameDraft(draft, saved);
  // A new builder nobody has typed in yet holds nothing to lose (its voice may change by itself, below).
  const changed = saved ? !sameDraft(draft, saved) : draft.name.trim() !== "" || draft.template !== starterOf(draft.language);
  const nameMissing = draft.name.trim() === "";
  const windowInvalid =
    ((draft.recipientMode === "upcoming" || (draft.recipientMode === "list" && draft.listWindow)) && windowOfDraft(draft.window) === null) ||
    (draft.recipientMode === "list" && draft.listId === "");

  // One key per new campaign: a second "Save draft" (a double click, a retry) returns the draft the first made.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const saving = useRef(false);
  const save = useMutation({
    mutationFn: async () => {
      const { name, template, voice, speed, missingValues, sharedNumbers, language, spanish } = draft;
      const versions = spanish && language !== "es" ? [{ language: "es" as const, ...spanish }] : [];
      const input = { name, template, voice, speed, missingValues, sharedNumbers, language, versions, ...recipientsInput(draft) };
      return unwrap(campaignId ? updateCampaignAction(campaignId, input) : createCampaignAction({ ...input, idempotencyKey }));
    },
    onSuccess: (campaign) => {
      setSaved(draftOf(campaign));
      setRecipientsStale(false);
      if (!campaignId) {
        setCampaignId(campaign.id);
        // Keep the builder mounted (and its import report) while the address becomes the draft's own.
        window.history.replaceState(null, "", `/campaigns/${campaign.id}`);
      }
      void client.invalidateQueries({ queryKey: queryKeys.campaigns.all });
    },
  });

  const launch = useMutation({
    mutationFn: () => unwrap(launchCampaignAction(campaignId)),
    onSuccess: ({ campaign }) => {
      void client.invalidateQueries({ queryKey: queryKeys.campaigns.all });
      router.replace(`/campaigns/${campaign.id}`);
      router.refresh();
    },
  });

  useUnsavedWarning(changed && !save.isPending);

  const workerReady = workers.data?.ready === true;
  // A new campaign starts on a voice the running engine has (the default is Kokoro's af_heart); a mix of
  // its voices counts as one it has.
  const workerVoices = workers.data?.info?.voices;
  // The first voice of the message's language (a new Spanish campaign starts on a Spanish voice).
  const firstVoice = workerVoices?.find((v) => voiceSpeaks(v, draft.language)) ?? workerVoices?.[0];
  const defaultVoiceMissing = !initial && !campaignId && firstVoice !== undefined && checkVoiceOffered(draft.voice, workerVoices!) !== null;
  useEffect(() => {
    if (defaultVoiceMissing) setDraft((d) => ({ ...d, voice: firstVoice! }));
  }, [defaultVoiceMissing, firstVoice]);
  const launchBlocker = !campaignId
    ? "Save the draft to see its plan and launch it."
    : !validation.ok
      ? "Fix the errors in the message first."
      : dirty
        ? "You have unsaved changes: save the draft first."
        : workers.isPending
          ? "Checking the voice worker…"
          : !workerReady
            ? "The voice worker is not reachable, so nothing can be rendered. See the Status page."
            : plan.data && plan.data.recipients === 0
              ? draft.recipientMode === "upcoming"
                ? "No contact has an appointment in that window: widen it or choose all contacts, then save the draft."
                : plan.data.leftOut.optedOut > 0
                  ? "Every recipient is on the do-not-call list: choose other recipients, then save the draft."
                  : plan.data.leftOutByAppointment.total > 0
                    ? "Every recipient is left out: their appointments are cancelled, broken, missed or already done. Choose other recipients, then save the draft."
                    : "There are no recipients: import contacts, then save the draft."
              : plan.data && plan.data.missingValues.policy === "ask" && plan.data.missingValues.recipients > 0
                ? "Some messages would miss a value: choose in the plan whether to send them with the fallback text or skip them, then save the draft."
                : null;

  function onImported(report: ImportResponse) {
    setCustomAttributes((current) => [...new Set([...current, ...report.customAttributes])].sort());
    if (campaignId && draft.recipientMode !== "contacts") setRecipientsStale(true);
  }

  const update = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        // A second submit before the first re-renders (a double click) would otherwise send a second request.
        if (saving.current || nameMissing || windowInvalid || !validation.ok) return;
        saving.current = true;
        save.mutate(undefined, { onSettled: () => (saving.current = false) });
      }}
      noValidate
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{campaignId ? "Edit draft" : "New campaign"}</h1>
        {saved && !dirty && (
          <span role="status" className="text-sm text-emerald-700">
            Draft saved
          </span>
        )}
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-6">
          <Step n={1} title="Name and message" id="step-message">
            <div>
              <label htmlFor="name" className="label">
                Campaign name
              </label>
              <input
                id="name"
                name="name"
                className="input mt-1"
                value={draft.name}
                maxLength={120}
                placeholder="March appointment reminders"
                onChange={(e) => update("name", e.target.value)}
                aria-invalid={save.isError && nameMissing}
                required
              />
            </div>
            <div>
              <label htmlFor="message-language" className="label">
                Written in
              </label>
              <select
                id="message-language"
                className="input mt-1 sm:w-56"
                value={draft.language}
                onChange={(e) => {
                  const language = messageLanguage(e.target.value);
                  setDraft((d) => ({
                    ...d,
                    language,
                    // The other language's starter becomes this one's; a typed message is kept.
                    template: d.template === starterOf(d.language) ? starterOf(language) : d.template,
                    voice: voiceSpeaks(d.voice, language) ? d.voice : (workerVoices?.find((v) => voiceSpeaks(v, language)) ?? DEFAULT_VOICE[language]),
                  }));
                }}
              >
                {SPOKEN_LANGUAGES.map((l) => (
                  <option key={l.code} value={l.code}>
                    {l.name}
                  </option>
                ))}
              </select>
            </div>
            <TemplateEditor value={draft.template} onChange={(v) => update("template", v)} errors={templateErrors} customAttributes={customAttributes} />
            {callSentences && <CallVersions message={sampleMessage ?? draft.template} sentences={callSentences} />}
            {draft.language === "es" ? (
              <p className="text-sm text-slate-600" data-testid="main-language-note">
                Everyone hears this Spanish message, whatever their preferred language.
              </p>
            ) : (
              <SpanishVersion value={draft.spanish} onChange={(v) => update("spanish", v)} customAttributes={customAttributes} campaignId={campaignId} />
            )}
          </Step>
          <Step n={2} title="Contacts" id="step-contacts">
            <ContactsPanel
              onImported={onImported}
              choice={{ recipientMode: draft.recipientMode, window: draft.window, listId: draft.listId, listWindow: draft.listWindow }}
              onChoiceChange={(choice) => setDraft((d) => ({ ...d, ...choice }))}
              savedRecipients={savedContactList}
              timezone={timezone}
            />
          </Step>
        </div>
        <div className="min-w-0 space-y-6">
          <Step n={3} title="Voice" id="step-voice">
            <VoicePicker
              voice={draft.voice}
              speed={draft.speed}
              onVoiceChange={(v) => update("voice", v)}
              onSpeedChange={(v) => update("speed", v)}
              sampleText={sampleMessage ?? starter.sample}
            />
          </Step>
          <Step n={4} title="Preview" id="step-preview">
            <MessagePreview preview={preview} valid={validation.ok} />
          </Step>
        </div>
      </div>
      <Step n={5} title="Plan and launch" id="step-plan">
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className="btn" disabled={save.isPending || nameMissing || windowInvalid || !validation.ok || !dirty}>
            {save.isPending ? "Saving…" : saved ? "Save changes" : "Save draft"}
          </button>
          {nameMissing && <span className="text-sm text-slate-600">Give the campaign a name to save it.</span>}
          {windowInvalid && (
            <span className="text-sm text-slate-600">
              {draft.recipientMode === "list" && draft.listId === "" ? "Choose a list to save it." : "Choose which appointments (the days) to save it."}
            </span>
          )}
          {save.isError && (
            <span role="alert" className="text-sm text-red-700">
              {save.error.message}
            </span>
          )}
        </div>
        {campaignId && (
          <PlanPanel
            campaignId={campaignId}
            plan={plan}
            voice={saved?.voice ?? draft.voice}
            speed={saved?.speed ?? draft.speed}
            missingValues={{ policy: draft.missingValues, onChange: (policy) => update("missingValues", policy), unsaved: saved !== null && saved.missingValues !== draft.missingValues }}
            sharedNumbers={{ policy: draft.sharedNumbers, onChange: (policy) => update("sharedNumbers", policy), unsaved: saved !== null && saved.sharedNumbers !== draft.sharedNumbers }}
          />
        )}
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
          <button
            type="button"
            className="btn-primary"
            disabled={launchBlocker !== null || launch.isPending}
            aria-describedby="launch-reason"
            onClick={() => launch.mutate()}
          >
            {launch.isPending ? "Launching…" : "Launch"}
          </button>
          <p id="launch-reason" className="text-sm text-slate-600">
            {launch.isError ? <span className="text-red-700">{launch.error.message}</span> : launchBlocker ?? "Ready to render. You can watch progress live after launching."}
          </p>
        </div>
      </Step>
    </form>
  );
}
