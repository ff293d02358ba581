"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { setupFormSchema } from "@/lib/auth/schemas";
import type { PlaceOptions } from "@/lib/organizations/options";
import { PhoneCountryField, TimeZoneField } from "../../_components/form-fields";

const FIELDS = [
  {
    name: "setupCode",
    group: "organization",
    label: "Setup code",
    type: "text",
    autoComplete: "off",
    hint: "The server printed it in its log when it first started; it is also in the file {file}.",
  },
  { name: "organizationName", group: "organization", label: "Organisation", type: "text", autoComplete: "organization", hint: "Your clinic or office, as patients know it." },
  { name: "name", group: "owner", label: "Your name", type: "text", autoComplete: "name" },
  { name: "email", group: "owner", label: "Email", type: "email", autoComplete: "username" },
  { name: "password", group: "owner", label: "Password", type: "password", autoComplete: "new-password", hint: "At least 8 characters." },
] as const;

const FALLBACK_ZONE = "America/New_York";

export function SetupForm({ places, setupCodeFile }: { places: PlaceOptions; setupCodeFile: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const [timezone, setTimezone] = useState(FALLBACK_ZONE);
  const [phoneCountry, setPhoneCountry] = useState(places.countryByZone[FALLBACK_ZONE] ?? "US");

  function chooseZone(zone: string) {
    setTimezone(zone);
    const country = places.countryByZone[zone];
    if (country) setPhoneCountry(country);
  }

  // The browser knows where the clinic is; the server cannot, so the first guess is made here.
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && places.timeZones.includes(zone)) chooseZone(zone);
    // Once, on mount: later picks are the user's.
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = setupFormSchema.safeParse(Object.fromEntries(new FormData(event.currentTarget)));
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const res = await fetch("/api/setup", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(parsed.data) });
      if (res.status === 401) {
        setErrors({ setupCode: `That is not the setup code. Copy it again from the server's log or ${setupCodeFile}.` });
        setPending(false);
        return;
      }
      if (res.status === 409) {
        router.replace("/sign-in");
        return;
      }
      if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? "Setup failed.");
      const signIn = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: parsed.data.email, password: parsed.data.password }),
      });
      router.replace(signIn.ok ? "/" : "/sign-in");
      router.refresh();
    } catch (error) {
      setErrors({ form: (error as Error).message });
      setPending(false);
    }
  }

  const renderField = (f: (typeof FIELDS)[number]) => (
    <div key={f.name} className="space-y-1">
      <label htmlFor={f.name} className="label">
        {f.label}
      </label>
      <input
        id={f.name}
        name={f.name}
        type={f.type}
        autoComplete={f.autoComplete}
        required
        className="input"
        aria-invalid={errors[f.name] ? true : undefined}
        aria-describedby={errors[f.name] ? `${f.name}-error` : "hint" in f ? `${f.name}-hint` : undefined}
      />
      {errors[f.name] ? (
        <p id={`${f.name}-error`} className="text-sm text-red-800">
          {errors[f.name]}
        </p>
      ) : (
        "hint" in f && (
          <p id={`${f.name}-hint`} className="text-xs text-slate-600">
            {f.hint.replace("{file}", setupCodeFile)}
          </p>
        )
      )}
    </div>
  );

  return (
    <form onSubmit={submit} className="space-y-4">
      {FIELDS.filter((f) => f.group === "organization").map(renderField)}
      <TimeZoneField options={places} value={timezone} onChange={chooseZone} error={errors.timezone} />
      <PhoneCountryField options={places} value={phoneCountry} onChange={setPhoneCountry} error={errors.phoneCountry} />
      {FIELDS.filter((f) => f.group === "owner").map(renderField)}
      {errors.form && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {errors.form}
        </p>
      )}
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending ? "Creating…" : "Create account"}
      </button>
    </form>
  );
}
