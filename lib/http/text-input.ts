/**
 * The one rule for text that comes in from outside (query strings, path segments, JSON bodies, server
 * action arguments): no control characters but tab, line feed and carriage return. Postgres cannot store
 * NUL in text at all (error 22021), and the other C0/C1 controls are never part of a name, a reason or a
 * message; they only arrive by mistake or on purpose. The request is refused whole with the field named,
 * before anything reads it, so nothing is half-saved and nothing is silently changed.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export type ControlCharacterFound = { path: (string | number)[]; codePoint: number };

/** The message that refuses a found control character, naming the field. */
export function controlCharacterMessage(found: ControlCharacterFound): string {
  const where = found.path.length ? `${found.path.join(".")}: ` : "";
  const code = `U+${found.codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
  return `${where}remove the control character ${code}; text may hold tabs and line breaks but no other control characters.`;
}

export function controlCharacterIn(text: string): number | null {
  const match = CONTROL_CHARACTER.exec(text);
  return match ? match[0].codePointAt(0)! : null;
}

/** A path as a chain from the leaf up, so a deep walk does not copy its path at every level. */
type PathLink = { key: string | number; parent: PathLink | null } | null;
const pathOf = (link: PathLink, root: (string | number)[]) => {
  const keys: (string | number)[] = [];
  for (let l = link; l; l = l.parent) keys.push(l.key);
  return [...root, ...keys.reverse()];
};

/**
 * The first string (object key or value, at any depth) that holds a control character, or null. Walks
 * with its own stack: a body nested 100,000 deep is answered, not a stack overflow. Files in a FormData
 * are left to their parser.
 */
export function findControlCharacter(value: unknown, root: (string | number)[] = []): ControlCharacterFound | null {
  const stack: { value: unknown; link: PathLink }[] = [{ value, link: null }];
  const push = (entry: unknown, parent: PathLink, key: string | number) => stack.push({ value: entry, link: { key, parent } });
  while (stack.length > 0) {
    const { value: current, link } = stack.pop()!;
    if (typeof current === "string") {
      const codePoint = controlCharacterIn(current);
      if (codePoint !== null) return { path: pathOf(link, root), codePoint };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) push(current[i], link, i);
    } else if (current instanceof FormData || current instanceof URLSearchParams) {
      for (const [key, entry] of current.entries()) {
        stack.push({ value: key, link });
        push(entry, link, key);
      }
    } else if (current !== null && typeof current === "object" && !(current instanceof Blob)) {
      for (const [key, entry] of Object.entries(current)) {
        stack.push({ value: key, link });
        push(entry, link, key);
      }
    }
  }
  return null;
}

/**
 * True when a path's percent-escapes do not decode as UTF-8 (`/api/lists/%FF`, `/p/%E0%A4%A`): Next.js
 * fails on such a path while matching a dynamic route, so the edge answers it 400 first.
 */
export function hasMalformedPath(url: string): boolean {
  try {
    decodeURIComponent(url.split("?")[0]!);
    return false;
  } catch {
    return true;
  }
}
