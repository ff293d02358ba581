"use client";

import { useState } from "react";
import type { CarrierSettingsDto } from "@/lib/calls/schemas";
import { CALL_LANGUAGES, CALL_LANGUAGE_TAGS } from "@/lib/calls/sentences";
import { ActionError, useServerAction } from "../../../_components/use-server-action";
import { placeTestCallAction, saveCarrierSettingsAction } from "../actions";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const ANSWERS = [
  ["prompt", "Key prompt"],
  ["confirmed", "After 1"],
  ["cancelRequested", "After 2"],
  ["optedOut", "After 9"],
  ["voicemailCallback", "End of a voicemail"],
] as const;

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {children}
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

/** The carrier account (its auth token write-only), caller ID, rate, calling window, cap, retries and spoken answers. */
export function CarrierSettingsForm({ settings }: { settings: CarrierSettingsDto | null }) {
  const { pending, error, run } = useServerAction();
  const [saved, setSaved] = useState(false);
  const [weekdays, setWeekdays] = useState<number[]>(settings?.weekdays ?? [1, 2, 3, 4, 5, 6]);
  return (
    <form
      className="grid gap-4 md:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const text = (name: string) => String(form.get(name) ?? "");
        setSaved(false);
        run(
          () =>
            saveCarrierSettingsAction({
              provider: text("provider"),
              baseUrl: text("baseUrl"),
              accountSid: text("accountSid"),
              authToken: text("authToken"),
              callerId: text("callerId"),
              callsPerSecond: text("callsPerSecond"),
              windowStart: text("windowStart"),
              windowEnd: text("windowEnd"),
              weekdays,
              capPerDay: text("capPerDay"),
              capPerWeek: text("capPerWeek"),
              retries: text("retries"),
              retryDelayMinutes: text("retryDelayMinutes"),
              callbackNumber: text("callbackNumber"),
              answerTexts: Object.fromEntries(CALL_LANGUAGE_TAGS.map((language) => [language, Object.fromEntries(ANSWERS.map(([key]) => [key, text(`answer-${language}-${key}`)]))])),
            }),
          () => setSaved(true),
        );
      }}
    >
      <Field id="provider" label="Carrier">
        <select id="provider" name="provider" className="input" defaultValue={settings?.provider ?? "twilio"}>
          <option value="twilio">Twilio</option>
          <option value="signalwire-compatible">SignalWire (Twilio-compatible API)</option>
        </select>
      </Field>
      <Field id="baseUrl" label="API address" hint="https://api.twilio.com for Twilio; your space's address (https://example.signalwire.com) for SignalWire.">
        <input id="baseUrl" name="baseUrl" className="input" defaultValue={settings?.baseUrl ?? "https://api.twilio.com"} required />
      </Field>
      <Field id="accountSid" label="Account id" hint="Twilio: the Account SID. SignalWire: the project id.">
        <input id="accountSid" name="accountSid" className="input" defaultValue={settings?.accountSid ?? ""} required autoComplete="off" />
      </Field>
      <Field id="authToken" label="Auth token" hint={settings?.hasAuthToken ? "Saved, and never shown. Leave empty to keep it." : "Kept encrypted; never shown again."}>
        <input id="authToken" name="authToken" type="password" className="input" autoComplete="new-password" />
      </Field>
      <Field id="callerId" label="Caller ID" hint="A number of your carrier account, with its country code (+1 312 555 0100).">
        <input id="callerId" name="callerId" className="input" defaultValue={settings?.callerId ?? ""} required />
      </Field>
      <Field id="callsPerSecond" label="Calls per second" hint="Your account's limit (Twilio: 1 unless raised).">
        <input id="callsPerSecond" name="callsPerSecond" type="number" step="0.1" min="0.1" max="30" className="input" defaultValue={settings?.callsPerSecond ?? 1} />
      </Field>
      <Field id="windowStart" label="Calls from" hint="In each patient's own time zone; never before 08:00.">
        <input id="windowStart" name="windowStart" type="time" className="input" defaultValue={settings?.windowStart ?? "09:00"} />
      </Field>
      <Field id="windowEnd" label="Calls until" hint="Never after 21:00.">
        <input id="windowEnd" name="windowEnd" type="time" className="input" defaultValue={settings?.windowEnd ?? "20:00"} />
      </Field>
      <fieldset className="md:col-span-2">
        <legend className="label">Days calls are allowed</legend>
        <div className="flex flex-wrap gap-3">
          {DAYS.map((day, i) => (
            <label key={day} className="flex items-center gap-1 text-sm">
              <input type="checkbox" checked={weekdays.includes(i + 1)} onChange={(e) => setWeekdays((w) => (e.target.checked ? [...w, i + 1] : w.filter((d) => d !== i + 1)))} />
              {day}
            </label>
          ))}
        </div>
      </fieldset>
      <Field id="capPerDay" label="Calls per number per day" hint="Across every campaign and every contact with the number.">
        <input id="capPerDay" name="capPerDay" type="number" min="1" max="10" className="input" defaultValue={settings?.capPerDay ?? 1} />
      </Field>
      <Field id="capPerWeek" label="Calls per number per week">
        <input id="capPerWeek" name="capPerWeek" type="number" min="1" max="30" className="input" defaultValue={settings?.capPerWeek ?? 3} />
      </Field>
      <Field id="retries" label="Retries" hint="More attempts when the line is busy, nobody answers, or the call fails.">
        <input id="retries" name="retries" type="number" min="0" max="5" className="input" defaultValue={settings?.retries ?? 2} />
      </Field>
      <Field id="retryDelayMinutes" label="Minutes between attempts">
        <input id="retryDelayMinutes" name="retryDelayMinutes" type="number" min="5" max="1440" className="input" defaultValue={settings?.retryDelayMinutes ?? 30} />
      </Field>
      <Field id="callbackNumber" label="Callback number (voicemail)" hint="Read out at the end of a voicemail; empty: the sentence below as written.">
        <input id="callbackNumber" name="callbackNumber" className="input" defaultValue={settings?.callbackNumber ?? ""} />
      </Field>
      <fieldset className="space-y-3 md:col-span-2">
        <legend className="label">What the patient hears</legend>
        <p className="text-xs text-slate-500">
          Empty: the sentence shown in grey. A patient who hears a campaign&apos;s Spanish version hears the Spanish sentences. The key prompt must name 1, 2 and 9 (star may be mentioned too) and no other key.
        </p>
        <div className="grid gap-4 md:grid-cols-2">
          {CALL_LANGUAGE_TAGS.map((language) => (
            <fieldset key={language} className="space-y-3" lang={language}>
              <legend className="text-sm font-semibold">{CALL_LANGUAGES[language].name}</legend>
              {ANSWERS.map(([key, label]) => (
                <Field key={key} id={`answer-${language}-${key}`} label={label}>
                  <input
                    id={`answer-${language}-${key}`}
                    name={`answer-${language}-${key}`}
                    className="input"
                    placeholder={CALL_LANGUAGES[language].defaults[key]}
                    defaultValue={settings?.answerTexts[language]?.[key] ?? ""}
                    maxLength={300}
                  />
                </Field>
              ))}
            </fieldset>
          ))}
        </div>
      </fieldset>
      <div className="flex items-center gap-3 md:col-span-2">
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </button>
        {saved && <span role="status" className="text-sm text-green-700">Saved.</span>}
        <ActionError error={error} />
      </div>
    </form>
  );
}

export function TestCallForm({ campaigns }: { campaigns: { id: string; name: string }[] }) {
  const { pending, error, run } = useServerAction();
  const [to, setTo] = useState("");
  const [campaignId, setCampaignId] = useState("");
  const [done, setDone] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        run(
          () => placeTestCallAction(campaignId ? { to, campaignId } : { to }),
          (value) => setDone(value.warning ? `Calling now. ${value.warning}` : "Calling now."),
        );
      }}
    >
      <Field id="test-call-to" label="Your phone number">
        <input id="test-call-to" className="input" value={to} onChange={(e) => setTo(e.target.value)} required />
      </Field>
      <Field id="test-call-campaign" label="The call plays">
        <select id="test-call-campaign" className="input" value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
          <option value="">A short test sentence</option>
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              A patient&apos;s message from “{c.name}”, with the key prompt
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="btn" disabled={pending}>
        {pending ? "Calling…" : "Call me"}
      </button>
      {done && (
        <span role="status" className="text-sm text-slate-700">
          {done}
        </span>
      )}
      <ActionError error={error} />
    </form>
  );
}
