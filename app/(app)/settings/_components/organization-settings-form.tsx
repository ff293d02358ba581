"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { AUDIO_PROFILES, FORMAT_INFO, PROFILE_INFO, type AudioProfile } from "@/lib/values/audio-profiles";
import { SPOKEN_LANGUAGES } from "@/lib/values/languages";
import type { Organization } from "@/lib/organizations";
import type { PlaceOptions } from "@/lib/organizations/options";
import { organizationSettingsSchema } from "@/lib/organizations/schemas";
import { PhoneCountryField, SelectField, TextField, TimeZoneField } from "../../../_components/form-fields";
import { unwrap } from "../../_components/client-api";
import { updateOrganizationSettingsAction } from "../actions";

type Settings = Omit<Organization, "id">;
type FormValues = { name: string; timezone: string; phoneCountry: string; callbackNumber: string; phoneSystem: AudioProfile; defaultLanguage: string };

const toForm = (s: Settings): FormValues => ({ ...s, callbackNumber: s.callbackNumber ?? "" });

export function OrganizationSettingsForm({ initial, places, canEdit }: { initial: Settings; places: PlaceOptions; canEdit: boolean }) {
  const router = useRouter();
  const [values, setValues] = useState<FormValues>(toForm(initial));
  const [saved, setSaved] = useState<FormValues>(toForm(initial));
  const [errors, setErrors] = useState<Partial<Record<keyof FormValues, string>>>({});
  const dirty = (Object.keys(values) as (keyof FormValues)[]).some((k) => values[k] !== saved[k]);

  const save = useMutation({
    mutationFn: (input: unknown) => unwrap(updateOrganizationSettingsAction(input)),
    onSuccess: (organization) => {
      const next = toForm(organization);
      setValues(next);
      setSaved(next);
      router.refresh();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = organizationSettingsSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    save.mutate(values);
  }

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  return (
    <form onSubmit={submit} noValidate className="card space-y-5" aria-labelledby="organization-heading">
      <div className="space-y-1">
        <h2 id="organization-heading" className="text-lg font-semibold">
          Organisation
        </h2>
        <p className="text-sm text-slate-600">
          {canEdit ? "Patients hear the name and callback number in the starter message." : "Only an admin or the owner can change these settings."}
        </p>
      </div>
      <fieldset disabled={!canEdit || save.isPending} className="space-y-4">
        <TextField id="name" label="Name" hint="As patients know it." value={values.name} onChange={(v) => set("name", v)} autoComplete="organization" error={errors.name} />
        <TimeZoneField options={places} value={values.timezone} onChange={(v) => set("timezone", v)} error={errors.timezone} />
        <PhoneCountryField options={places} value={values.phoneCountry} onChange={(v) => set("phoneCountry", v)} error={errors.phoneCountry} />
        <TextField
          id="callbackNumber"
          label="Callback number"
          hint="The number patients call back; without a country code it is read in the phone country."
          type="tel"
          autoComplete="tel"
          placeholder="(512) 555-0100"
          value={values.callbackNumber}
          onChange={(v) => set("callbackNumber", v)}
          error={errors.callbackNumber}
        />
        <SelectField
          id="phoneSystem"
          label="Phone system"
          hint={`Campaign pages and exports offer its formats first: ${PROFILE_INFO[values.phoneSystem].formats.map((f) => FORMAT_INFO[f].label).join(", ")}.`}
          options={AUDIO_PROFILES.map((p) => ({ value: p, label: PROFILE_INFO[p].label }))}
          value={values.phoneSystem}
          onChange={(v) => set("phoneSystem", AUDIO_PROFILES.find((p) => p === v) ?? "generic")}
        />
        <SelectField
          id="defaultLanguage"
          label="Default language"
          hint="New campaigns start in it, and contacts without a preferred language hear a campaign's version in it."
          options={SPOKEN_LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
          value={values.defaultLanguage}
          onChange={(v) => set("defaultLanguage", v)}
          error={errors.defaultLanguage}
        />
      </fieldset>
      {canEdit && (
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className="btn-primary" disabled={!dirty || save.isPending}>
            {save.isPending ? "Saving…" : "Save settings"}
          </button>
          <p aria-live="polite" className="text-sm">
            {save.isError ? <span className="text-red-700">{save.error.message}</span> : save.isSuccess && !dirty ? <span className="text-emerald-700">Settings saved.</span> : null}
          </p>
        </div>
      )}
    </form>
  );
}
