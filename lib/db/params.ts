import { sql, type SQL } from "drizzle-orm";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A list of any length as ONE bind parameter (a JSON array), for `x in ${textListParam(values)}`: 100,000
 * values neither hit the 65,535-parameter limit nor depend on how a driver serialises JS arrays (PGlite and
 * postgres.js differ). The `::text` cast keeps each driver sending it as a plain string.
 */
export function textListParam(values: readonly string[]): SQL {
  return sql`(select value from jsonb_array_elements_text(${JSON.stringify(values)}::text::jsonb) as value)`;
}

/** Same, for uuids; strings that are not uuids cannot match a row and would make the cast fail, so they are dropped. */
export function uuidListParam(values: readonly string[]): SQL {
  const uuids = values.filter((value) => UUID_PATTERN.test(value));
  return sql`(select value::uuid from jsonb_array_elements_text(${JSON.stringify(uuids)}::text::jsonb) as value)`;
}
