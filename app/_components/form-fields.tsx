"use client";

import type { ReactNode } from "react";
import type { PlaceOptions } from "@/lib/organizations/options";

type Common = { id: string; label: string; hint: string; error?: string };

/** A label, the control, and under it the error when there is one, else the hint (both tied to the control). */
function Field({ id, label, hint, error, children }: Common & { children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="label">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-800">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
    </div>
  );
}

const described = (id: string, error?: string) => ({ "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : `${id}-hint` });

export function SelectField({
  options,
  value,
  onChange,
  disabled,
  ...field
}: Common & { options: readonly { value: string; label: string }[]; value: string; onChange: (value: string) => void; disabled?: boolean }) {
  return (
    <Field {...field}>
      <select id={field.id} name={field.id} className="input" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} {...described(field.id, field.error)}>
        {!options.some((o) => o.value === value) && <option value={value}>{value}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function TextField({
  value,
  onChange,
  type = "text",
  autoComplete,
  placeholder,
  ...field
}: Common & { value: string; onChange: (value: string) => void; type?: string; autoComplete?: string; placeholder?: string }) {
  return (
    <Field {...field}>
      <input
        id={field.id}
        name={field.id}
        type={type}
        className="input"
        value={value}
        maxLength={100}
        autoComplete={autoComplete}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        {...described(field.id, field.error)}
      />
    </Field>
  );
}

type PlaceProps = { options: PlaceOptions; value: string; onChange: (value: string) => void; error?: string };

/** The organisation's time zone: appointment times of contacts without a zone of their own are said in it. */
export function TimeZoneField({ options, ...props }: PlaceProps) {
  return (
    <SelectField
      id="timezone"
      label="Time zone"
      hint="Appointment times are said in it for contacts whose file gives no time zone."
      options={options.timeZones.map((zone) => ({ value: zone, label: zone.replace(/_/g, " ") }))}
      {...props}
    />
  );
}

/** The country national numbers ("06 12 34 56 78") are read in when a contact's own time zone names none. */
export function PhoneCountryField({ options, ...props }: PlaceProps) {
  return (
    <SelectField
      id="phoneCountry"
      label="Phone country"
      hint="Numbers written without a country code are read in this country, unless the contact's time zone says otherwise."
      options={options.countries.map((c) => ({ value: c.code, label: `${c.name} (${c.callingCode})` }))}
      {...props}
    />
  );
}
