/**
 * Spanish numbers as a Latin American speaker says them. Cardinals agree with what they count: "uno" alone,
 * "un" before a masculine noun ("un dólar", "veintiún dólares"), "una" before a feminine one ("la una",
 * "veintiuna personas"); hundreds agree too ("doscientas"), but only hours and a few feminine nouns need it.
 */

export type Gender = "masculine" | "feminine" | "none";

const UNITS = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve", "veinte", "veintiuno", "veintidós", "veintitrés", "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve"];
const TENS = ["", "", "veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"];
const HUNDREDS = ["", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos", "seiscientos", "setecientos", "ochocientos", "novecientos"];

/** The largest whole number read as a number; past it the digits are read one by one. */
export const MAX_CARDINAL_ES = 999_999_999_999;

/** "uno" at the end of a number becomes "un" or "una" before a noun; "veintiuno" becomes "veintiún"/"veintiuna". */
function agree(words: string, gender: Gender): string {
  if (gender === "none") return words;
  if (words.endsWith("veintiuno")) return words.slice(0, -"veintiuno".length) + (gender === "masculine" ? "veintiún" : "veintiuna");
  if (words === "uno" || words.endsWith(" uno")) return words.slice(0, -3) + (gender === "masculine" ? "un" : "una");
  return words;
}

function under1000(n: number, gender: Gender): string {
  if (n === 100) return "cien";
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  let words = hundreds > 0 ? HUNDREDS[hundreds]! : "";
  if (gender === "feminine" && hundreds > 1) words = words.replace(/os$/, "as");
  if (rest === 0) return words;
  let restWords: string;
  if (rest < 30) restWords = UNITS[rest]!;
  else restWords = TENS[Math.floor(rest / 10)]! + (rest % 10 === 0 ? "" : ` y ${UNITS[rest % 10]!}`);
  return words ? `${words} ${restWords}` : restWords;
}

/** 25 → "veinticinco"; 1 250 → "mil doscientos cincuenta"; 2 000 000 → "dos millones". */
export function sayCardinalEs(n: number, gender: Gender = "none"): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_CARDINAL_ES) return sayDigitsEs(String(n).replace(/\D/g, ""));
  if (n === 0) return "cero";
  const millions = Math.floor(n / 1_000_000);
  const thousands = Math.floor((n % 1_000_000) / 1000);
  const rest = n % 1000;
  const parts: string[] = [];
  // "un millón", "veintiún millones": millón is masculine, whatever follows.
  if (millions > 0) parts.push(millions === 1 ? "un millón" : `${agree(sayCardinalEs(millions), "masculine")} millones`);
  // "mil" alone, "veintiún mil" / "veintiuna mil" before a noun of that gender.
  if (thousands > 0) parts.push(thousands === 1 ? "mil" : `${agree(under1000(thousands, gender), gender === "none" ? "masculine" : gender)} mil`);
  if (rest > 0) parts.push(agree(under1000(rest, gender), gender));
  return parts.join(" ");
}

const DIGITS = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"];

/** "0142" → "cero uno cuatro dos": codes and phone numbers, digit by digit. */
export function sayDigitsEs(digits: string): string {
  return [...digits].filter((d) => d >= "0" && d <= "9").map((d) => DIGITS[Number(d)]!).join(" ");
}

const ORDINALS = ["", "primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno", "décimo"];

/**
 * Ordinals as spoken: 1–10 by name, agreeing in gender ("primera", "tercer piso" with `apocope`); past ten a
 * Spanish speaker says the cardinal ("el piso once"), so that is what is said.
 */
export function sayOrdinalEs(n: number, gender: "masculine" | "feminine", apocope = false): string {
  if (n < 1 || n > 10) return sayCardinalEs(n, gender);
  const word = ORDINALS[n]!;
  if (gender === "feminine") return word.replace(/o$/, "a");
  return apocope && (n === 1 || n === 3) ? word.slice(0, -1) : word;
}

/** 2026 → "dos mil veintiséis" (Spanish reads years as cardinals). */
export function sayYearEs(year: number): string {
  return sayCardinalEs(year);
}

/** "1,250" → "mil doscientos cincuenta"; a number too long for words is read digit by digit. */
export function sayNumberStringEs(raw: string, gender: Gender = "none"): string {
  const digits = raw.replace(/,/g, "");
  const n = Number(digits);
  return Number.isSafeInteger(n) && n <= MAX_CARDINAL_ES ? sayCardinalEs(n, gender) : sayDigitsEs(digits);
}

/** "2.5" → "dos punto cinco"; "0.75" → "cero punto siete cinco" (decimals are read digit by digit after "punto"). */
export function sayDecimalEs(whole: string, fraction: string): string {
  const wholeWords = whole === "" ? "cero" : sayNumberStringEs(whole);
  return `${wholeWords} punto ${sayDigitsEs(fraction)}`;
}
