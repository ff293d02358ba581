"use client";

import type { ComponentProps, ReactNode } from "react";
import type { PlaceOptions } from "@/lib/organizations/options";
import { CardHeading } from "./card";

type Common = { id: string; label: string; hint: string; error?: string };

/** A label, the control, and under it the error when there is one, else the hint (both tied to the control). */
function Field({ id, label, hint, error, children }: { id: string; label: ReactNode; hint?: string; error?: string; children: ReactNode }) {
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
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled <input> for forms that keep their own state: every other prop goes to the input as is. */
export function LabeledInput({ id, label, ...input }: { id: string; label: ReactNode } & Omit<ComponentProps<"input">, "id" | "className">) {
  return (
    <Field id={id} label={label}>
      <input id={id} className="input" {...input} />
    </Field>
  );
}

type Option = { value: string; label: string };

function Options({ options }: { options: readonly Option[] }) {
  return options.map((o) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));
}

/** A labelled <select>: its children (fixed choices) first, then `options`. */
export function LabeledSelect({
  id,
  label,
  options = [],
  children,
  ...select
}: { id: string; label: ReactNode; options?: readonly Option[] } & Omit<ComponentProps<"select">, "id" | "className">) {
  return (
    <Field id={id} label={label}>
      <select id={id} className="input" {...select}>
        {children}
        <Options options={options} />
      </select>
    </Field>
  );
}

/** A failed request's message, announced as it appears; nothing while there is none. */
export function ErrorMessage({ error, block = false, className = "" }: { error: string | null | undefined; block?: boolean; className?: string }) {
  if (!error) return null;
  const Tag = block ? "p" : "span";
  return (
    <Tag role="alert" className={`text-sm text-red-700 ${className}`.trim()}>
      {error}
    </Tag>
  );
}

/**
 * The row under a form: its submit button (the pending label while the request runs), any further controls,
 * then the error or the success message.
 */
export function SubmitRow({
  label,
  pendingLabel,
  pending,
  disabled = false,
  primary = true,
  error,
  success,
  children,
}: {
  label: ReactNode;
  pendingLabel: ReactNode;
  pending: boolean;
  disabled?: boolean;
  primary?: boolean;
  error?: string | null;
  success?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button type="submit" className={primary ? "btn-primary" : "btn"} disabled={pending || disabled}>
        {pending ? pendingLabel : label}
      </button>
      {children}
      <ErrorMessage error={error} />
      {success && (
        <span role="status" className="text-sm text-emerald-700">
          {success}
        </span>
      )}
    </div>
  );
}

/**
 * A form drawn as a card (or, `nested`, as a part of one under a rule) named by its heading; submitting it
 * calls `onSubmit` instead of loading a page.
 */
export function CardForm({
  headingId,
  title,
  onSubmit,
  nested = false,
  className = "space-y-3",
  children,
}: {
  headingId: string;
  title: ReactNode;
  onSubmit: () => void;
  nested?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <form
      className={nested ? `${className} border-t border-slate-200 pt-4` : `card ${className}`}
      aria-labelledby={headingId}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <CardHeading id={headingId} nested={nested}>
        {title}
      </CardHeading>
      {children}
    </form>
  );
}

/** A danger button that asks `question` first and calls `onConfirm` only when the person agrees. */
export function ConfirmButton({ question, onConfirm, ...button }: { question: string; onConfirm: () => void } & Omit<ComponentProps<"button">, "type" | "onClick">) {
  return (
    <button
      type="button"
      className="btn-danger"
      {...button}
      onClick={() => {
        if (window.confirm(question)) onConfirm();
      }}
    />
  );
}

const described = (id: string, error?: string) => ({ "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : `${id}-hint` });

export function SelectField({
  options,
  value,
  onChange,
  disabled,
  ...field
}: Common & { options: readonly Option[]; value: string; onChange: (value: string) => void; disabled?: boolean }) {
  return (
    <Field {...field}>
      <select id={field.id} name={field.id} className="input" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} {...described(field.id, field.error)}>
        {!options.some((o) => o.value === value) && <option value={value}>{value}</option>}
        <Options options={options} />
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
