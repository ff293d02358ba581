const ONES = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
] as const;

const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"] as const;

const SCALES = ["", "thousand", "million", "billion", "trillion"] as const;

/** Largest number read as a cardinal; longer digit runs are read digit by digit. */
export const MAX_CARDINAL = 999_999_999_999_999;

const IRREGULAR_ORDINALS: Record<string, string> = {
  one: "first",
  two: "second",
  three: "third",
  five: "fifth",
  eight: "eighth",
  nine: "ninth",
  twelve: "twelfth",
};

function sayBelowHundred(n: number): string {
  if (n < 20) return ONES[n] ?? "";
  const tens = TENS[Math.floor(n / 10)] ?? "";
  const ones = n % 10;
  return ones === 0 ? tens : `${tens}-${ONES[ones] ?? ""}`;
}

function sayBelowThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const words: string[] = [];
  if (hundreds > 0) words.push(`${ONES[hundreds] ?? ""} hundred`);
  if (rest > 0) words.push(sayBelowHundred(rest));
  return words.join(" ");
}

// Every group of three digits is said the same way, so its words are built once ("" for 0).
const BELOW_THOUSAND = Array.from({ length: 1000 }, (_, n) => sayBelowThousand(n));

/** American style, no "and": 1250 → "one thousand two hundred fifty". */
export function sayCardinal(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_CARDINAL) return sayDigits(String(n));
  if (n === 0) return "zero";
  if (n < 1000) return BELOW_THOUSAND[n]!;
  const groups: string[] = [];
  let rest = n;
  let scale = 0;
  while (rest > 0) {
    const group = rest % 1000;
    if (group > 0) groups.unshift(`${BELOW_THOUSAND[group]}${SCALES[scale] ? ` ${SCALES[scale]}` : ""}`);
    rest = Math.floor(rest / 1000);
    scale += 1;
  }
  return groups.join(" ");
}

export function sayOrdinal(n: number): string {
  const cardinal = sayCardinal(n);
  const match = /^(.*?)([a-z]+)$/.exec(cardinal);
  if (!match) return cardinal;
  const head = match[1] ?? "";
  const last = match[2] ?? "";
  const irregular = IRREGULAR_ORDINALS[last];
  if (irregular) return head + irregular;
  if (last.endsWith("y")) return `${head}${last.slice(0, -1)}ieth`;
  return `${head}${last}th`;
}

export function sayDigit(digit: string): string {
  return ONES[Number(digit)] ?? "";
}

/** "0042" → "zero zero four two": for codes, phone groups and long digit runs. */
export function sayDigits(digits: string): string {
  let words = "";
  for (const char of digits) {
    if (char < "0" || char > "9") continue;
    words += words === "" ? sayDigit(char) : ` ${sayDigit(char)}`;
  }
  return words;
}

/**
 * Years the way people say them: 2026 → "twenty twenty-six", 2005 → "two thousand five",
 * 1900 → "nineteen hundred", 1999 → "nineteen ninety-nine".
 */
export function sayYear(year: number): string {
  if (year < 1000 || year > 9999) return sayCardinal(year);
  if (year >= 2000 && year < 2010) return sayCardinal(year);
  const high = Math.floor(year / 100);
  const low = year % 100;
  if (low === 0) return `${sayCardinal(high)} hundred`;
  if (low < 10) return `${sayCardinal(high)} oh ${sayCardinal(low)}`;
  return `${sayCardinal(high)} ${sayCardinal(low)}`;
}

/** Reads a plain digit string (commas allowed) as a number; odd shapes fall back to digits. */
export function sayNumberString(raw: string): string {
  const digits = raw.includes(",") ? raw.replace(/,/g, "") : raw;
  if (digits.length === 0) return "";
  if (digits.length > 1 && digits.startsWith("0")) return sayDigits(digits);
  const n = Number(digits);
  if (!Number.isSafeInteger(n) || n > MAX_CARDINAL) return sayDigits(digits);
  return sayCardinal(n);
}

/** "3.50" → "three point five zero": decimals are read digit by digit. */
export function sayDecimal(whole: string, fraction: string): string {
  return `${sayNumberString(whole)} point ${sayDigits(fraction)}`;
}
