import { describe, expect, it } from "vitest";
import { normalizeForSpeech } from "@/lib/speech";

// Each row: what is written → what a receptionist reading it aloud would say.
const cases: [label: string, input: string, spoken: string][] = [
  // times
  ["a 12-hour time with minutes", "2:30 PM", "two thirty PM"],
  ["a 24-hour afternoon time", "14:30", "two thirty PM"],
  ["a lower-case am on the hour", "9:00 am", "nine AM"],
  ["a 24-hour time just after noon", "12:05", "twelve oh five PM"],
  ["a time glued to pm", "2:30pm", "two thirty PM"],
  ["an hour with a.m. mid-sentence", "Come at 9 a.m. for your visit", "Come at nine AM for your visit"],
  ["an a.m. that also ends the sentence", "See you at 9 a.m. Thanks!", "See you at nine AM. Thanks!"],
  ["an hour glued to am", "9am", "nine AM"],
  ["12 PM as noon", "Lunch closes at 12 PM", "Lunch closes at noon"],
  ["12:00 pm as noon", "12:00 pm", "noon"],
  ["the word noon", "Arrive by noon", "Arrive by noon"],
  ["12 noon as noon", "12 noon", "noon"],
  ["midnight in 24-hour form", "00:00", "midnight"],
  ["a morning time without AM or PM", "9:15", "nine fifteen"],
  ["an on-the-hour time without AM or PM", "3:00", "three o'clock"],
  ["a time range", "2:30-3:00 PM", "two thirty to three PM"],
  ["an hour range", "Open 9-5", "Open nine to five"],
  ["a time with seconds", "14:30:00", "two thirty PM"],
  // dates
  ["a month name and day", "March 3", "March third"],
  ["a weekday, month and ordinal day", "Tuesday, March 3rd", "Tuesday, March third"],
  ["a month, day and year", "March 3, 2026", "March third, twenty twenty-six"],
  ["an abbreviated weekday and month", "Tues., Mar. 3", "Tuesday, March third"],
  ["a day before the month", "3 March 2026", "March third, twenty twenty-six"],
  ["a US numeric date", "3/3/2026", "March third, twenty twenty-six"],
  ["a US numeric date with month before day", "4/5/2026", "April fifth, twenty twenty-six"],
  ["a day/month date that cannot be US", "13/3/2026", "March thirteenth, twenty twenty-six"],
  ["a numeric date with a two-digit year", "12/24/26", "December twenty-fourth, twenty twenty-six"],
  ["a numeric date without year after on", "See you on 3/4", "See you on March fourth"],
  ["an ISO date", "2026-03-03", "March third, twenty twenty-six"],
  ["an ISO date and time", "2026-03-03T14:30:00Z", "March third, twenty twenty-six, at two thirty PM"],
  ["an ordinal day of the month", "the 3rd of March", "the third of March"],
  ["a year in a sentence", "Since 1998 we have", "Since nineteen ninety-eight we have"],
  ["a year in the 2000s", "in 2005", "in two thousand five"],
  ["a decade", "the 1990s", "the nineteen nineties"],
  // phone numbers
  ["a US number with area code in brackets", "(555) 123-4567", "five five five, one two three, four five six seven"],
  ["a US number with country code and spaces", "+1 555 123 4567", "one, five five five, one two three, four five six seven"],
  ["a US number in E.164", "+15551234567", "one, five five five, one two three, four five six seven"],
  ["a US number with +1 and the area code in brackets", "Call +1 (512) 555-0100.", "Call one, five one two, five five five, zero one zero zero."],
  ["a US number with a leading 1 and spaces", "1 512 555 0100", "one, five one two, five five five, zero one zero zero"],
  ["a US number with a leading 1 and no separators", "15125550100", "one, five one two, five five five, zero one zero zero"],
  ["a US number with dots", "555.123.4567", "five five five, one two three, four five six seven"],
  ["a toll-free number with a leading 1", "1-800-555-0199", "one, eight zero zero, five five five, zero one nine nine"],
  ["a toll-free number with a leading 1 and the area code in brackets", "1 (800) 555-0199", "one, eight zero zero, five five five, zero one nine nine"],
  // opening hours
  ["round the clock", "We are open 24/7.", "We are open twenty-four seven."],
  ["hours glued to am and pm", "Open 8am-5pm", "Open eight AM to five PM"],
  ["hours with an en dash and spaces", "Open 8 am – 5 pm", "Open eight AM to five PM"],
  ["clock times glued to am and pm", "8:30am-5:00pm", "eight thirty AM to five PM"],
  ["an hour range before AM", "Hours 9-11 AM.", "Hours nine to eleven AM."],
  ["a weekday range", "Open Mon-Fri.", "Open Monday to Friday."],
  ["a weekday range with an en dash", "Mon–Fri 8am-5pm", "Monday to Friday eight AM to five PM"],
  ["a dotted weekday range", "Open Tues.-Thurs. only", "Open Tuesday to Thursday only"],
  ["weekday abbreviations with dots", "Open Mon. to Fri. only", "Open Monday to Friday only"],
  ["weekday abbreviations without dots", "Closed Sat, Sun and Wed", "Closed Saturday, Sunday and Wednesday"],
  ["a weekday abbreviation ending the sentence", "See you Thu. Bye", "See you Thursday. Bye"],
  ["a month range", "Open Jan-Mar.", "Open January to March."],
  ["a dotted month inside a sentence", "see you in Sept. next year", "see you in September next year"],
  ["a month abbreviation before a year", "Closed Dec 2026", "Closed December twenty twenty-six"],
  ["a name that is also a month abbreviation", "Hi Jan, thanks, Jan.", "Hi Jan, thanks, Jan."],
  ["a seven-digit local number", "Call 555-0123.", "Call five five five, zero one two three."],
  ["a UK number in E.164", "+442079460958", "plus four four, two zero, seven nine four six, zero nine five eight"],
  ["a UK number with spaces", "+44 20 7946 0958", "plus four four, two zero, seven nine four six, zero nine five eight"],
  ["an extension", "ext. 23", "extension twenty-three"],
  // money
  ["whole dollars", "$25", "twenty-five dollars"],
  ["one dollar", "$1", "one dollar"],
  ["dollars and cents with a thousands separator", "$1,250.50", "one thousand two hundred fifty dollars and fifty cents"],
  ["cents only", "$0.99", "ninety-nine cents"],
  ["a single cent", "$1.01", "one dollar and one cent"],
  ["zero cents are not read", "$25.00", "twenty-five dollars"],
  ["a cents sign", "50¢", "fifty cents"],
  ["dollars with a scale word", "$2.5 million", "two point five million dollars"],
  ["pounds", "£20", "twenty pounds"],
  // numbers and ordinals
  ["a small cardinal", "You have 3 messages", "You have three messages"],
  ["a number with a thousands separator", "10,000 steps", "ten thousand steps"],
  ["a decimal", "3.5 hours", "three point five hours"],
  ["ordinals", "1st, 22nd and 101st", "first, twenty-second and one hundred first"],
  ["an ordinal ending in twelfth", "the 12th", "the twelfth"],
  ["a zip code digit by digit", "Beverly Hills 90210", "Beverly Hills nine zero two one zero"],
  ["a number with a leading zero digit by digit", "code 007", "code zero zero seven"],
  ["a number sign", "Room #5", "Room number five"],
  ["a percentage", "15% off", "fifteen percent off"],
  ["a decimal percentage", "2.5%", "two point five percent"],
  ["a number glued to a letter", "Suite 4B", "Suite four B"],
  // abbreviations
  ["Dr. before a name as Doctor", "Dr. Smith will see you", "Doctor Smith will see you"],
  ["Dr. at the end of a street as Drive", "We are at 42 Main Dr.", "We are at forty-two Main Drive."],
  ["Dr. after a street name mid-sentence", "Park on Oak Dr., then walk in", "Park on Oak Drive, then walk in"],
  ["St. before a name as Saint", "St. Mary's Hospital", "Saint Mary's Hospital"],
  ["St. after a street name as Street", "12 Main St. Suite 4", "twelve Main Street Suite four"],
  ["Ave. as Avenue", "5th Ave.", "fifth Avenue."],
  ["titles Mr. Mrs. and Ms.", "Mr. and Mrs. Lee, Ms. Tan", "Mister and Missus Lee, Miz Tan"],
  ["appt. as appointment", "Your appt. is soon", "Your appointment is soon"],
  ["e.g. as for example", "Bring ID, e.g. a license", "Bring ID, for example, a license"],
  ["etc. at the end of a sentence", "Bring forms, cards, etc.", "Bring forms, cards, etcetera."],
  // web and e-mail
  ["a www address", "www.brightsmile.com", "w w w dot brightsmile dot com"],
  ["an address with a scheme and path", "Book at https://brightsmile.com/book.", "Book at brightsmile dot com slash book."],
  ["a bare domain", "Visit brightsmile.com today", "Visit brightsmile dot com today"],
  ["an e-mail address", "info@brightsmile.com", "info at brightsmile dot com"],
  ["an e-mail with digits and separators", "dr.lee-2@clinic.org", "dr dot lee dash two at clinic dot org"],
  ["a social handle before a line break", "@bright_smile\nCall us", "at bright underscore smile Call us"],
  // symbols, punctuation and whitespace
  ["an ampersand", "Smith & Jones Dental", "Smith and Jones Dental"],
  ["collapsed whitespace", "  Hi\t\tMaria   ", "Hi Maria"],
  ["a blank line as a sentence break", "Hi Maria\n\nYour appointment", "Hi Maria. Your appointment"],
  ["control characters removed", "Hi\u0000 Maria\u0007", "Hi Maria"],
  ["emoji removed", "See you soon 🙂", "See you soon"],
  ["repeated punctuation collapsed", "Hello!!! Ready??", "Hello! Ready?"],
  ["curly quotes and apostrophes straightened", "\u201cWe\u2019re open\u201d", "We're open"],
  ["a spaced dash as a pause", "See you then - bye", "See you then, bye"],
  ["a spaced dash between weekdays as a range", "Monday - Friday", "Monday to Friday"],
  ["an em dash as a pause", "Bring your card\u2014it helps", "Bring your card, it helps"],
  ["a missing space after a comma", "Hi Maria,your visit", "Hi Maria, your visit"],
  ["brackets as pauses", "Dr. Lee (our hygienist) will call", "Doctor Lee, our hygienist, will call"],
  ["a plural marker", "patient(s)", "patients"],
  ["a whole reminder", "Hi Maria, your appt. is on Tue, Mar 3 at 2:30pm with Dr. Lee. Call (555) 123-4567.",
    "Hi Maria, your appointment is on Tuesday, March third at two thirty PM with Doctor Lee. Call five five five, one two three, four five six seven."],
  ["an empty string", "", ""],
  ["only symbols", "*** ###", ""],
];

describe("normalizeForSpeech", () => {
  it("has at least sixty table cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases)("reads %s the way a receptionist says it", (_label, input, spoken) => {
    expect(normalizeForSpeech(input)).toBe(spoken);
  });

  it.each(cases)("gives the same text when %s is normalised twice", (_label, input) => {
    const once = normalizeForSpeech(input);
    expect(normalizeForSpeech(once)).toBe(once);
  });

  it("gives equal text for equal speech so the audio cache is shared", () => {
    const forms = ["(555) 123-4567", "555.123.4567", "555-123-4567", "555 123 4567"];
    expect(new Set(forms.map(normalizeForSpeech)).size).toBe(1);
    const withCountryCode = ["+1 555 123 4567", "+15551234567", "1-555-123-4567", "1 (555) 123-4567"];
    expect(new Set(withCountryCode.map(normalizeForSpeech)).size).toBe(1);
    expect(normalizeForSpeech("Tuesday March 3")).toBe(normalizeForSpeech("Tue., Mar. 3rd"));
  });

  it("returns an empty string instead of throwing for non-string input from untyped callers", () => {
    expect(normalizeForSpeech(undefined as unknown as string)).toBe("");
  });
});
