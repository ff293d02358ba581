/** A message's length as lists and the preview page show it: "42s", "1m 05s"; "—" when unknown. Pure, for client and server. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return "—";
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}

/**
 * Spreadsheet apps run cells starting with = + - @ as formulas, so CSV exports give such cells a leading quote
 * (Papa.unparse's `escapeFormulae`); a plain phone number such as +12025550143 is left alone (phone systems
 * need it as it is).
 */
export const SPREADSHEET_FORMULA_START = /^[=@\t\r]|^[+-](?![\d\s().-]*$)/;
