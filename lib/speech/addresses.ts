import { sayDigits } from "./numbers";

const SYMBOL_NAMES: Record<string, string> = {
  ".": "dot",
  "-": "dash",
  _: "underscore",
  "/": "slash",
  "+": "plus",
  "@": "at",
  "%": "percent",
  "~": "tilde",
};

/**
 * Rule for e-mail addresses, web addresses and handles: every character is spoken, nothing is guessed.
 * Letters stay as written (lower-cased, because addresses are case-insensitive and equal speech must give
 * equal text); digits are read one by one; "." → "dot", "-" → "dash", "_" → "underscore", "/" → "slash",
 * "@" → "at", "www" → "w w w". Schemes (https://), query strings and fragments are not read.
 * Words inside a domain are not split ("brightsmile"), because splitting needs a dictionary and guesses wrong.
 */
export function sayAddressPart(part: string): string {
  const words: string[] = [];
  // Each token is a run of letters, a run of digits or one other character, so its first character says which.
  for (const token of part.toLowerCase().match(/[a-z]+|\d+|[^a-z\d]/g) ?? []) {
    const first = token[0]!;
    if (first >= "a" && first <= "z") words.push(token === "www" ? "w w w" : token);
    else if (first >= "0" && first <= "9") words.push(sayDigits(token));
    else if (Object.hasOwn(SYMBOL_NAMES, token)) words.push(SYMBOL_NAMES[token]!);
  }
  return words.join(" ");
}

export function sayEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return `${sayAddressPart(email.slice(0, at))} at ${sayAddressPart(email.slice(at + 1))}`;
}

export function sayUrl(url: string): string {
  const withoutScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  const withoutQuery = withoutScheme.replace(/[?#].*$/, "");
  const trimmed = withoutQuery.replace(/\/+$/, "");
  return sayAddressPart(trimmed);
}
