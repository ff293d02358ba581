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

// "15 min", "1 min." : minutes, only after a number (a lone "min" may be a name or a word).
const MINUTES_RE = /\b(\d+)[ \t]?min\b(\.?)/g;
// "Rm 3B", "Rm. 12": a room, only before its number (or a letter and number).
const ROOM_RE = /\bRm\b\.?(?=[ \t]*#?(?:\d|[A-Z]\d))/g;
/**
 * Credentials written after a name ("Dr. Lee, MD", "Jane Doe, RDH", "Ann Park, PA-C, DMD"): said letter by
 * letter ("M D"). Only after a comma that follows a capitalised name or another credential, so "Our MD" and
 * "now, DO it" stay as written.
 */
const CREDENTIALS = ["PA-C", "NP-C", "FNP-C", "MD", "DO", "DDS", "DMD", "DPM", "DPT", "DNP", "NP", "FNP", "APRN", "CRNA", "CNM", "PA", "RDH", "RN", "LPN", "OD", "DC", "PT", "OT", "LCSW", "MSW", "PhD", "PharmD", "FACS", "FAAP"];
const CREDENTIAL_RE = new RegExp(`(?<=[A-Z][\\p{L}'-]*\\.?,[ \\t]*(?:(?:${CREDENTIALS.join("|")}),[ \\t]*)*)(${CREDENTIALS.join("|")})(?![\\p{L}\\p{N}-])`, "gu");

/** A credential's letters, spaced ("PA-C" → "P A C", "PhD" → "P H D"). */
function spellCredential(credential: string): string {
  return [...credential.replace(/-/g, "").toUpperCase()].join(" ");
}

export function expandAbbreviations(text: string): string {
  if (text.includes("min")) {
    text = text.replace(MINUTES_RE, (_m, n: string, period: string, offset: number, whole: string) => {
      const after = whole.slice(offset + _m.length, offset + _m.length + 40);
      return `${n} ${n === "1" ? "minute" : "minutes"}${keepSentencePeriod(period, after)}`;
    });
  }
  if (text.includes("Rm")) {
    text = text.replace(ROOM_RE, (_m, offset: number, whole: string) => (/(?:^|[.!?]\s+)$/.test(whole.slice(Math.max(0, offset - 4), offset)) ? "Room" : "room"));
  }
  if (text.includes(",")) text = text.replace(CREDENTIAL_RE, (credential: string) => spellCredential(credential));
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
