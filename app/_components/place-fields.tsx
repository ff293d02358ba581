"use client";

import type { PlaceOptions } from "@/lib/organizations/options";

type FieldProps = {
  options: PlaceOptions;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  disabled?: boolean;
};

function FieldMessage({ id, error, hint }: { id: string; error?: string; hint: string }) {
  return error ? (
    <p id={`${id}-error`} className="text-sm text-red-800">
      {error}
    </p>
  ) : (
    <p id={`${id}-hint`} className="text-xs text-slate-600">
      {hint}
    </p>
  );
}

/** The organisation's time zone: appointment times of contacts without a zone of their own are said in it. */
export function TimeZoneField({ options, value, onChange, error, disabled }: FieldProps) {
  return (
    <div className="space-y-1">
      <label htmlFor="timezone" className="label">
        Time zone
      </label>
      <select
        id="timezone"
        name="timezone"
        className="input"
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "timezone-error" : "timezone-hint"}
      >
        {!options.timeZones.includes(value) && <option value={value}>{value}</option>}
        {options.timeZones.map((zone) => (
          <option key={zone} value={zone}>
            {zone.replace(/_/g, " ")}
          </option>
        ))}
      </select>
      <FieldMessage id="timezone" error={error} hint="Appointment times are said in it for contacts whose file gives no time zone." />
    </div>
  );
}

/** The country national numbers ("06 12 34 56 78") are read in when a contact's own time zone names none. */
export function PhoneCountryField({ options, value, onChange, error, disabled }: FieldProps) {
  return (
    <div className="space-y-1">
      <label htmlFor="phoneCountry" className="label">
        Phone country
      </label>
      <select
        id="phoneCountry"
        name="phoneCountry"
        className="input"
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "phoneCountry-error" : "phoneCountry-hint"}
      >
        {options.countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name} ({c.callingCode})
          </option>
        ))}
      </select>
      <FieldMessage id="phoneCountry" error={error} hint="Numbers written without a country code are read in this country, unless the contact's time zone says otherwise." />
    </div>
  );
}
