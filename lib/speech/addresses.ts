import { sayDigits } from "./numbers";

/**
 * Rule for e-mail addresses, web addresses and handles: every character is spoken, nothing is guessed.
 * Letters stay as written (lower-cased, because addresses are case-insensitive and equal speech must give
 * equal text); digits are read one by one; "." → "dot", "-" → "dash", "_" → "underscore", "/" → "slash",
 * "@" → "at", "www" → "w w w". Schemes (https://), query strings and fragments are not read.
 * Words inside a domain are not split ("brightsmile"), because splitting needs a dictionary and guesses wrong.
 */
export function sayAddressPart(part: string): string {
  const words: string[] = [];
  for (const token of part.toLowerCase().match(/[a-z]+|\d+|[^a-z\d]/g) ?? []) {
    if (/^[a-z]+$/.test(token)) words.push(token === "www" ? "w w w" : token);
    else if (/^\d+$/.test(token)) words.push(sayDigits(token));
    else if (token === ".") words.push("dot");
    else if (token === "-") words.push("dash");
    else if (token === "_") words.push("underscore");
    else if (token === "/") words.push("slash");
    else if (token === "+") words.push("plus");
    else if (token === "@") words.push("at");
    else if (token === "%") words.push("percent");
    else if (token === "~") words.push("tilde");
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
