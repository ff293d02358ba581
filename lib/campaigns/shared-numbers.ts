import { listMissingValues, mergeTemplate, type ParsedTemplate } from "@/lib/templates";
import type { MergedRecipient } from "./plan-tally";
import type { RecipientContactRow } from "./queries";

export type CombinedMessages = {
  /** One per call: a recipient's own message, or one naming everyone it speaks to. */
  messages: MergedRecipient[];
  /** For a message that speaks to several recipients: the others, by the recipient whose message it is. */
  members: Map<string, RecipientContactRow[]>;
};

const dayFormatters = new Map<string, Intl.DateTimeFormat | null>();

/** The calendar day of an instant in a zone ("2030-01-15"); null for a zone this runtime does not know. */
function dayIn(at: Date, zone: string): string | null {
  let formatter = dayFormatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    } catch {
      formatter = null;
    }
    dayFormatters.set(zone, formatter);
  }
  return formatter ? formatter.format(at) : null;
}

function sameDayKey(m: MergedRecipient): string | null {
  const startsAt = m.data.appointment?.startsAt;
  if (!startsAt) return null;
  const day = dayIn(startsAt, m.data.contact.timezone ?? m.data.defaultTimezone) ?? dayIn(startsAt, m.data.defaultTimezone);
  return day === null ? null : `${m.recipient.phone}|${day}`;
}

/** Earliest appointment first, then by name: the order a message names them in, whatever order they came in. */
function byAppointmentThenName(a: MergedRecipient, b: MergedRecipient): number {
  const at = (a.data.appointment?.startsAt.getTime() ?? 0) - (b.data.appointment?.startsAt.getTime() ?? 0);
  if (at !== 0) return at;
  const name = (m: MergedRecipient) => `${m.recipient.firstName ?? ""} ${m.recipient.lastName ?? ""}`;
  return name(a).localeCompare(name(b)) || a.recipient.contactId.localeCompare(b.recipient.contactId);
}

/**
 * Recipients who share a phone number and have their appointments the same day (in each one's zone) get
 * ONE message naming each ("Hi Lucia and Mateo… 9:00 AM for Lucia and 9:30 AM for Mateo"), merged for the
 * earliest of them with the others said together; everyone else keeps their own message. The input must
 * hold every recipient of each number it holds (plan and launch walk recipients by phone for this).
 */
export function combineSharedNumbers(template: ParsedTemplate, merged: readonly MergedRecipient[]): CombinedMessages {
  const groups = new Map<string, MergedRecipient[]>();
  for (const m of merged) {
    const key = sameDayKey(m);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  const members = new Map<string, RecipientContactRow[]>();
  const replaced = new Map<MergedRecipient, MergedRecipient | null>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [lead, ...others] = [...group].sort(byAppointmentThenName);
    if (!lead) continue;
    const data = { ...lead.data, together: others.map((o) => ({ contact: o.data.contact, appointment: o.data.appointment })) };
    replaced.set(lead, { ...lead, data, merged: mergeTemplate(template, data), missing: listMissingValues(template, data) });
    for (const other of others) replaced.set(other, null);
    members.set(lead.recipient.recipientId, others.map((o) => o.recipient));
  }
  if (replaced.size === 0) return { messages: [...merged], members };
  const messages: MergedRecipient[] = [];
  for (const m of merged) {
    const instead = replaced.get(m);
    if (instead === undefined) messages.push(m);
    else if (instead !== null) messages.push(instead);
  }
  return { messages, members };
}

/**
 * Pages of a walk by phone, re-cut so that all the recipients of one number are in the same page (the ones
 * a page cut off wait for the next): what combining a number's recipients into one message needs.
 */
export async function* wholeNumbers<T extends { phone: string }>(walk: AsyncIterable<T[]>): AsyncGenerator<T[]> {
  let carry: T[] = [];
  for await (const page of walk) {
    const rows = carry.length > 0 ? [...carry, ...page] : page;
    const lastPhone = rows.at(-1)?.phone;
    let cut = rows.length;
    while (cut > 0 && rows[cut - 1]!.phone === lastPhone) cut--;
    carry = rows.slice(cut);
    if (cut > 0) yield rows.slice(0, cut);
  }
  if (carry.length > 0) yield carry;
}
