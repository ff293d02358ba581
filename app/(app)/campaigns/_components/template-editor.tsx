"use client";

import { useRef } from "react";
import { TEMPLATE_VARIABLES, type TemplateError } from "@/lib/templates";

type Props = {
  value: string;
  onChange: (value: string) => void;
  errors: TemplateError[];
  customAttributes: string[];
};

function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** The source with each error's range marked, drawn behind the transparent textarea. */
function Highlights({ value, errors }: { value: string; errors: TemplateError[] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [i, e] of errors.entries()) {
    const start = Math.max(at, e.start);
    const end = Math.max(start, Math.min(value.length, e.end));
    if (start > at) parts.push(value.slice(at, start));
    if (end > start) {
      parts.push(
        <mark key={i} className="rounded-sm bg-red-100 text-transparent underline decoration-red-600 decoration-wavy decoration-2 underline-offset-4">
          {value.slice(start, end)}
        </mark>,
      );
    }
    at = end;
  }
  parts.push(value.slice(at) + "\n");
  return <>{parts}</>;
}

export function TemplateEditor({ value, onChange, errors, customAttributes }: Props) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const backdrop = useRef<HTMLDivElement>(null);
  const errorsId = "template-errors";

  function replaceRange(start: number, end: number, text: string) {
    const next = value.slice(0, start) + text + value.slice(end);
    onChange(next);
    requestAnimationFrame(() => {
      const el = textarea.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(start + text.length, start + text.length);
    });
  }

  function insertVariable(name: string) {
    const el = textarea.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    replaceRange(start, end, `{{${name}}}`);
  }

  function select(e: TemplateError) {
    const el = textarea.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(e.start, e.end);
  }

  const chips = [
    ...TEMPLATE_VARIABLES.map((v) => ({ name: v.name, title: `${v.description} Example: ${v.example}` })),
    ...customAttributes.map((key) => ({ name: `custom.${key}`, title: `Imported column "${key}".` })),
  ];

  return (
    <div className="space-y-3">
      <div>
        <label htmlFor="template" className="label">
          Message
        </label>
        <p id="template-help" className="mt-0.5 text-sm text-slate-600">
          Write what each contact hears. Put variables in double braces, or insert them with the buttons below.
        </p>
      </div>
      <div className="relative rounded-md bg-white">
        <div
          ref={backdrop}
          aria-hidden="true"
          className="pointer-events-none absolute inset-0 overflow-hidden rounded-md border border-transparent px-3 py-2 font-mono text-sm leading-6 break-words whitespace-pre-wrap text-transparent"
        >
          <Highlights value={value} errors={errors} />
        </div>
        <textarea
          ref={textarea}
          id="template"
          name="template"
          rows={6}
          value={value}
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (backdrop.current) backdrop.current.scrollTop = e.currentTarget.scrollTop;
          }}
          aria-invalid={errors.length > 0}
          aria-describedby={`template-help ${errorsId}`}
          className={`relative block w-full resize-y rounded-md border bg-transparent px-3 py-2 font-mono text-sm leading-6 break-words whitespace-pre-wrap text-slate-900 focus:outline-2 focus:outline-offset-0 ${
            errors.length ? "border-red-500 focus:outline-red-600/30" : "border-slate-300 focus:border-indigo-600 focus:outline-indigo-600/30"
          }`}
        />
      </div>
      <div id={errorsId} aria-live="polite">
        {errors.length > 0 && (
          <ul className="space-y-2" data-testid="template-errors">
            {errors.map((e, i) => {
              const { line, column } = lineAndColumn(value, e.start);
              const text = value.slice(e.start, e.end);
              return (
                <li key={i} className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
                  <p>
                    <span className="font-medium">
                      Line {line}, column {column}:
                    </span>{" "}
                    {e.message}
                  </p>
                  <div className="mt-1.5 flex flex-wrap items-center gap-2">
                    {text.trim() && (
                      <code className="max-w-full truncate rounded bg-white px-1.5 py-0.5 font-mono text-xs text-red-800 ring-1 ring-red-200">{text.length > 60 ? `${text.slice(0, 57)}…` : text}</code>
                    )}
                    <button type="button" className="text-xs font-medium text-red-900 underline" onClick={() => select(e)}>
                      Show in message
                    </button>
                    {e.suggestion && (
                      <button type="button" className="btn min-h-7 px-2 py-0.5 text-xs" onClick={() => replaceRange(e.start, e.end, e.suggestion!)}>
                        Use {e.suggestion}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <div>
        <p className="text-sm font-medium text-slate-800" id="variables-label">
          Insert a variable
        </p>
        <div role="group" aria-labelledby="variables-label" className="mt-1.5 flex flex-wrap gap-1.5">
          {chips.map((chip) => (
            <button
              key={chip.name}
              type="button"
              title={chip.title}
              onClick={() => insertVariable(chip.name)}
              className="rounded-full border border-indigo-200 bg-indigo-50 px-2.5 py-1 font-mono text-xs text-indigo-800 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              {chip.name}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
