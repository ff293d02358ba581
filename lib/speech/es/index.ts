export { normalizeSpanishForSpeech } from "./normalize";
export { sayDateEs, sayTimeEs, MONTHS_ES, WEEKDAYS_ES } from "./spoken-forms";
