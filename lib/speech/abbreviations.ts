type Expansion = {
  /** Expansion when the abbreviation names a street type or a title. */
  words: string;
  /** Titles sit before a name, so their period never ends a sentence. */
  isTitle?: boolean;
  /** Expand only with a trailing period or in a street context (avoids "Ave Maria", "Ct" in codes). */
  needsContext?: boolean;
};

const EXPANSIONS: Record<string, Expansion> = {
  Mr: { words: "Mister", isTitle: true },
  Mrs: { words: "Missus", isTitle: true },
  Ms: { words: "Miz", isTitle: true },
  Prof: { words: "Professor", isTitle: true },
  Mt: { words: "Mount", isTitle: true },
  Ft: { words: "Fort", isTitle: true },
  Jr: { words: "Junior" },
  Sr: { words: "Senior" },
  Ave: { words: "Avenue", needsContext: true },
  Blvd: { words: "Boulevard" },
  Rd: { words: "Road", needsContext: true },
  Ln: { words: "Lane", needsContext: true },
  Hwy: { words: "Highway" },
  Pkwy: { words: "Parkway" },
  Ct: { words: "Court", needsContext: true },
  Ste: { words: "Suite", needsContext: true },
  Apt: { words: "Apartment", needsContext: true },
  Bldg: { words: "Building" },
  appt: { words: "appointment" },
  appts: { words: "appointments" },
  Appt: { words: "Appointment" },
  Appts: { words: "Appointments" },
  etc: { words: "etcetera" },
  vs: { words: "versus" },
  approx: { words: "approximately" },
  Approx: { words: "Approximately" },
  dept: { words: "department" },
  Dept: { words: "Department" },
  ext: { words: "extension" },
  Ext: { words: "Extension" },
  tel: { words: "telephone" },
  Tel: { words: "Telephone" },
  hrs: { words: "hours" },
  mins: { words: "minutes" },
};

const ABBREVIATION_RE = new RegExp(`\\b(${Object.keys(EXPANSIONS).join("|")})\\b(\\.?)`, "g");
const DR_ST_RE = /\b(Dr|St)\b(\.?)/g;
const LATIN_RE = /\b(e\.g|i\.e|a\.k\.a)(\.|\b)/gi;
const LATIN: Record<string, string> = { "e.g": "for example", "i.e": "that is", "a.k.a": "also known as" };

const NEXT_IS_NAME_RE = /^\s+[A-Z][a-z']/;
const NEXT_IS_DIGIT_RE = /^\s*#?\d/;
const NEXT_STARTS_SENTENCE_RE = /^(?:\s*$|\s+[A-Z])/;
const NEXT_CONTINUES_ADDRESS_RE = /^\s+(?:Suite|Ste|Apt|Unit|Floor|Fl|Building|Bldg)\b/;
const PREV_IS_STREET_NAME_RE = /(?:[A-Z][A-Za-z'-]*|\d+(?:st|nd|rd|th)?)\s+$/;
const PREV_IS_ADDRESS_RE = /\d+[A-Za-z]?\s+(?:[A-Z0-9][A-Za-z0-9'-]*\.?\s+){0,4}$/;

/** Keeps the abbreviation's period when it also ended the sentence ("… on Main St." → "… Main Street."). */
function keepSentencePeriod(period: string, after: string): string {
  if (period !== ".") return "";
  if (NEXT_CONTINUES_ADDRESS_RE.test(after)) return "";
  return NEXT_STARTS_SENTENCE_RE.test(after) ? "." : "";
}

/**
 * "Dr." is Doctor before a name and Drive after a street name ("42 Main Dr."); "St." is Saint before a
 * name ("St. Mary's") and Street after one. An address number before the street name wins over a
 * capitalised word after it ("12 Oak St. Monday" is a street).
 */
function expandDrOrSt(abbr: string, period: string, before: string, after: string): string | null {
  const title = abbr === "Dr" ? "Doctor" : "Saint";
  const street = abbr === "Dr" ? "Drive" : "Street";
  const nextIsName = NEXT_IS_NAME_RE.test(after);
  const prevIsStreetName = PREV_IS_STREET_NAME_RE.test(before);
  const isStreet = prevIsStreetName && (!nextIsName || PREV_IS_ADDRESS_RE.test(before));
  if (isStreet) return street + keepSentencePeriod(period, after);
  if (nextIsName) return title;
  if (period === "." && abbr === "Dr") return title;
  return null;
}

export function expandAbbreviations(text: string): string {
  let out = text.replace(LATIN_RE, (match: string, abbr: string, period: string, offset: number, whole: string) => {
    const words = LATIN[abbr.toLowerCase()];
    if (!words) return match;
    const after = whole.slice(offset + match.length);
    return words + (period === "." && /^\s*$/.test(after) ? "." : ",");
  });
  out = out.replace(DR_ST_RE, (match: string, abbr: string, period: string, offset: number, whole: string) => {
    const before = whole.slice(Math.max(0, offset - 60), offset);
    const after = whole.slice(offset + match.length, offset + match.length + 40);
    return expandDrOrSt(abbr, period, before, after) ?? match;
  });
  out = out.replace(ABBREVIATION_RE, (match: string, abbr: string, period: string, offset: number, whole: string) => {
    const expansion = EXPANSIONS[abbr];
    if (!expansion) return match;
    const before = whole.slice(Math.max(0, offset - 60), offset);
    const after = whole.slice(offset + match.length, offset + match.length + 40);
    if (expansion.isTitle) {
      return period === "." || NEXT_IS_NAME_RE.test(after) ? expansion.words : match;
    }
    if (expansion.needsContext && period !== "." && !PREV_IS_STREET_NAME_RE.test(before) && !NEXT_IS_DIGIT_RE.test(after)) {
      return match;
    }
    return expansion.words + keepSentencePeriod(period, after);
  });
  return out;
}
