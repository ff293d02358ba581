"use client";

import { useMemo } from "react";
import { validateTemplate } from "@/lib/templates";
import { useWorkers } from "../../_components/worker-banner";
import { MessagePreview, useMessagePreview } from "./message-preview";
import { voiceLabel } from "./voices";

export type SpanishDraft = { template: string; voice: string } | null;

/** A first Spanish version to start from: the usual reminder, with its values. */
export const SPANISH_STARTER =
  "Hola {{firstName}}, le recordamos su cita con {{appointment.provider}} el {{appointment.date}} a las {{appointment.time}}. Si necesita cambiarla, llámenos.";

type Props = {
  value: SpanishDraft;
  onChange: (value: SpanishDraft) => void;
  customAttributes: string[];
  campaignId: string | null;
};

/**
 * The message in Spanish, for contacts whose preferred language is Spanish: its own text and a Spanish
 * voice. Everyone else hears the main message; the preview says who hears which.
 */
export function SpanishVersion({ value, onChange, customAttributes, campaignId }: Props) {
  const workers = useWorkers();
  const voices = (workers.data?.info?.voices ?? []).filter((v) => v.startsWith("e"));
  const validation = useMemo(() => validateTemplate(value?.template ?? "", { customAttributes }), [value?.template, customAttributes]);
  const preview = useMessagePreview(value?.template ?? "", value !== null && validation.ok, campaignId, { language: "es", campaignLanguages: ["en", "es"] });
  const errors = validation.ok ? [] : validation.error;

  return (
    <div className="space-y-3 rounded-md border border-slate-200 p-3" data-testid="spanish-version">
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={value !== null}
          onChange={(e) => onChange(e.target.checked ? { template: SPANISH_STARTER, voice: voices[0] ?? "ef_dora" } : null)}
        />
        <span>
          <span className="font-medium">Also in Spanish</span>
          <span className="block text-slate-600">Contacts whose preferred language is Spanish hear this version, said by a Spanish voice; everyone else hears the message above.</span>
        </span>
      </label>
      {value !== null && (
        <>
          <div>
            <label htmlFor="template-es" className="label">
              Spanish message
            </label>
            <textarea
              id="template-es"
              lang="es"
              className="input mt-1 min-h-28 font-mono text-sm"
              value={value.template}
              onChange={(e) => onChange({ ...value, template: e.target.value })}
              aria-invalid={errors.length > 0}
              aria-describedby="template-es-errors"
            />
            <div id="template-es-errors" aria-live="polite">
              {errors.length > 0 && (
                <ul className="mt-1 space-y-1 text-sm text-red-700">
                  {errors.map((e, i) => (
                    <li key={i}>{e.message}</li>
                  ))}
                </ul>
              )}
            </div>
          </div>
          <div>
            <label htmlFor="voice-es" className="label">
              Spanish voice
            </label>
            <select id="voice-es" className="input mt-1" value={value.voice} onChange={(e) => onChange({ ...value, voice: e.target.value })}>
              {(voices.length > 0 ? voices : [value.voice]).map((v) => (
                <option key={v} value={v}>
                  {voiceLabel(v)}
                </option>
              ))}
            </select>
            {voices.length === 0 && <p className="mt-1 text-sm text-amber-900">The running voice engine lists no Spanish voice.</p>}
          </div>
          <div>
            <p className="label">Spanish preview</p>
            <div className="mt-1">
              <MessagePreview preview={preview} valid={validation.ok} />
            </div>
          </div>
        </>
      )}
    </div>
  );
}

/** The spanish version as a campaign keeps it. */
export const spanishOf = (versions: { language: string; template: string; voice: string }[] | undefined): SpanishDraft => {
  const es = versions?.find((v) => v.language === "es");
  return es ? { template: es.template, voice: es.voice } : null;
};
