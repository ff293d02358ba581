import { err, ok, type Result } from "@/lib/result";
import { VARIABLE_NAME_RE } from "./variables";

export type TextPart = { kind: "text"; text: string };
export type VariablePart = {
  kind: "variable";
  name: string;
  /** Said instead of an empty value. `{{firstName|}}` gives "" (say nothing, no warning); no `|` gives null. */
  fallback: string | null;
  /** Offsets of the whole placeholder, braces included: source.slice(start, end) === "{{…}}". */
  start: number;
  end: number;
};
export type TemplatePart = TextPart | VariablePart;

export type ParsedTemplate = {
  source: string;
  parts: TemplatePart[];
  /** Distinct variable names, in order of first use. */
  variables: string[];
};

export type TemplateErrorCode = "template_syntax" | "unknown_variable" | "template_empty" | "template_too_long";

export type TemplateError = {
  code: TemplateErrorCode;
  message: string;
  /** Character offsets into the source (end exclusive), for underlining the problem in the editor. */
  start: number;
  end: number;
  /** For unknown variables: the placeholder the user probably meant, e.g. "{{firstName}}". */
  suggestion?: string;
};

const OPEN = "{{";
const CLOSE = "}}";

function syntaxError(message: string, start: number, end: number): TemplateError {
  return { code: "template_syntax", message, start, end };
}

function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 40 ? `"${oneLine.slice(0, 37)}…"` : `"${oneLine}"`;
}

/** `{{time | "soon"}}` and `{{time | soon}}` both say "soon": quotes only mark where the text starts and ends. */
function unquote(text: string): string {
  const quoted = /^"(.*)"$|^“(.*)”$/s.exec(text);
  return quoted ? (quoted[1] ?? quoted[2] ?? "") : text;
}

function checkPlaceholder(source: string, start: number, end: number): VariablePart | TemplateError {
  const inner = source.slice(start + OPEN.length, end - CLOSE.length);
  const placeholder = source.slice(start, end);
  if (/[{}]/.test(inner)) {
    return syntaxError(
      `The placeholder ${quote(placeholder)} has extra braces inside it. Placeholders can't go inside each other; use one pair of {{ }} around a single name.`,
      start,
      end,
    );
  }
  const bar = inner.indexOf("|");
  const name = (bar === -1 ? inner : inner.slice(0, bar)).trim();
  const fallback = bar === -1 ? null : unquote(inner.slice(bar + 1).trim());
  if (name === "") {
    return syntaxError(
      bar === -1
        ? `The placeholder ${quote(placeholder)} is empty. Put a name between the braces, like {{firstName}}.`
        : `The placeholder ${quote(placeholder)} has a fallback but no name. Write the name before the "|", like {{firstName|there}}.`,
      start,
      end,
    );
  }
  if (!VARIABLE_NAME_RE.test(name)) {
    return syntaxError(
      `${quote(name)} can't be used as a placeholder name. Names use letters, digits and underscores with no spaces, like {{firstName}} or {{custom.insurance_plan}}.`,
      start,
      end,
    );
  }
  return { kind: "variable", name, fallback, start, end };
}

/**
 * Parses `{{name}}` and `{{name|fallback}}` placeholders. Never throws. On success the parts, joined back
 * (text as is, variables as source.slice(start, end)), give the source exactly. All syntax errors are
 * reported at once, each with offsets and a message meant for the person writing the message.
 */
export function parseTemplate(source: string): Result<ParsedTemplate, TemplateError[]> {
  const parts: TemplatePart[] = [];
  const errors: TemplateError[] = [];
  const variables: string[] = [];
  let text = "";
  let i = 0;

  const flushText = () => {
    if (text !== "") parts.push({ kind: "text", text });
    text = "";
  };

  while (i < source.length) {
    const open = source.indexOf(OPEN, i);
    const strayClose = source.indexOf(CLOSE, i);
    if (strayClose !== -1 && (open === -1 || strayClose < open)) {
      text += source.slice(i, strayClose + CLOSE.length);
      errors.push(
        syntaxError(
          `There is a closing "}}" with no opening "{{" before it. Add the "{{" or delete the "}}".`,
          strayClose,
          strayClose + CLOSE.length,
        ),
      );
      i = strayClose + CLOSE.length;
      continue;
    }
    if (open === -1) {
      text += source.slice(i);
      break;
    }
    text += source.slice(i, open);
    const close = source.indexOf(CLOSE, open + OPEN.length);
    const nextOpen = source.indexOf(OPEN, open + OPEN.length);
    if (close === -1) {
      errors.push(
        syntaxError(
          `The placeholder starting ${quote(source.slice(open, open + 20))} is never closed. Add "}}" after the name.`,
          open,
          source.length,
        ),
      );
      text += source.slice(open);
      break;
    }
    if (nextOpen !== -1 && nextOpen < close) {
      // "{{a {{b}} }}" is one nested placeholder; "{{a {{b}}" is an unclosed one followed by a good one.
      const afterInner = source.indexOf(CLOSE, close + CLOSE.length);
      const openAfterInner = source.indexOf(OPEN, close + CLOSE.length);
      if (afterInner !== -1 && (openAfterInner === -1 || afterInner < openAfterInner)) {
        const end = afterInner + CLOSE.length;
        errors.push(
          syntaxError(
            `The placeholder ${quote(source.slice(open, end))} has another placeholder inside it. Placeholders can't go inside each other.`,
            open,
            end,
          ),
        );
        text += source.slice(open, end);
        i = end;
        continue;
      }
      errors.push(
        syntaxError(
          `The placeholder starting ${quote(source.slice(open, nextOpen))} is not closed before the next "{{". Add "}}" after the name.`,
          open,
          nextOpen,
        ),
      );
      text += source.slice(open, nextOpen);
      i = nextOpen;
      continue;
    }
    const end = close + CLOSE.length;
    const checked = checkPlaceholder(source, open, end);
    if ("kind" in checked) {
      flushText();
      parts.push(checked);
      if (!variables.includes(checked.name)) variables.push(checked.name);
    } else {
      errors.push(checked);
      text += source.slice(open, end);
    }
    i = end;
  }
  flushText();
  return errors.length > 0 ? err(errors) : ok({ source, parts, variables });
}

export function reconstructSource(parsed: ParsedTemplate): string {
  return parsed.parts.map((p) => (p.kind === "text" ? p.text : parsed.source.slice(p.start, p.end))).join("");
}
