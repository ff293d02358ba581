import type { NextAppointment } from "@/lib/contacts";
import { getNextAppointments } from "@/lib/contacts";
import type { DbOrTx } from "@/lib/db";
import { listMissingValues, mergeTemplate, usesAppointment, type MergeData, type ParsedTemplate } from "@/lib/templates";
import type { MergedRecipient } from "./plan-tally";
import type { StoredRecipientSelection } from "@/drizzle/schema";
import { walkRecipientContacts, type CampaignRow, type RecipientContactRow, type RecipientWithAppointment } from "./queries";
import { combineSharedNumbers, wholeNumbers } from "./shared-numbers";

/**
 * The one planning path. A campaign's recipients become the messages they will hear here, a page at a
 * time: read with their next appointment, merged with the template, and, when the campaign speaks once to
 * a number's patients with appointments the same day ("together"), combined into one message per family.
 * Planning a draft (counts), launching it (writes), finding and re-rendering stale audio (compares with
 * what was rendered) and re-planning after an import all walk these pages, so they cannot disagree on
 * what a recipient hears.
 */

/** Recipients merged and planned per page: what a plan, a launch or a stale check holds in memory at once. */
export const RECIPIENT_PAGE = 10_000;

export type PlanningPage = {
  /** The messages to say: each recipient's own, or with "together" one per same-day family, said to its first recipient. */
  messages: MergedRecipient[];
  /** The other recipients a message also speaks to (none unless "together"). */
  othersOf: (message: MergedRecipient) => RecipientContactRow[];
};

export type PlanningWalk = {
  /** "name" for what people read (the plan's lists), "contact" for writes in index order. "Together" always walks by phone. */
  order: "name" | "contact";
  pageSize?: number;
  /** Recipients to leave out before families are combined (a stale check leaves out passed appointments). */
  keep?: (recipient: MergedRecipient) => boolean;
};

const noOthers = (): RecipientContactRow[] => [];

/**
 * A campaign is about appointments when its message speaks of one or its recipients were chosen by an
 * appointment window: then a recipient whose upcoming appointments are all cancelled, broken, no-show or
 * completed is left out. A message about something else (the office is closed Monday) still reaches them.
 */
export function isAboutAppointments(template: ParsedTemplate, selection: StoredRecipientSelection): boolean {
  return usesAppointment(template) || ((selection.mode === "upcoming" || selection.mode === "list") && selection.window !== undefined);
}

/**
 * The campaign's recipients as planning pages. Needs a transaction (the walk is a cursor). A family that
 * shares a number is never split across pages.
 */
export async function* planningPages(
  tx: DbOrTx,
  campaign: Pick<CampaignRow, "id" | "sharedNumbers" | "recipientSelection">,
  template: ParsedTemplate,
  defaultTimezone: string,
  walk: PlanningWalk,
): AsyncGenerator<PlanningPage> {
  const together = campaign.sharedNumbers === "together";
  const pages = walkRecipientContacts(tx, campaign.id, {
    order: together ? "phone" : walk.order,
    pageSize: walk.pageSize ?? RECIPIENT_PAGE,
    // Together, a number's recipients are compared by the day of their appointments, used or not.
    appointmentsFrom: usesAppointment(template) || together ? new Date() : null,
    remindedOnly: isAboutAppointments(template, campaign.recipientSelection),
  });
  for await (const page of together ? wholeNumbers(pages) : pages) {
    const merged = mergeRecipientRows(template, page, defaultTimezone);
    const each = walk.keep ? merged.filter(walk.keep) : merged;
    if (!together) {
      yield { messages: each, othersOf: noOthers };
      continue;
    }
    const { messages, members } = combineSharedNumbers(template, each);
    yield { messages, othersOf: (m) => members.get(m.recipient.recipientId) ?? [] };
  }
}

/**
 * Merges the template for a few recipients that come without their appointment (the builder's samples):
 * appointments are loaded in one query, only when the template uses them.
 */
export async function mergeRecipients(db: DbOrTx, template: ParsedTemplate, recipients: RecipientContactRow[], defaultTimezone: string): Promise<MergedRecipient[]> {
  const appointments = usesAppointment(template) ? await getNextAppointments(db, recipients.map((r) => r.contactId)) : null;
  return mergeRecipientRows(template, recipients.map((r) => ({ ...r, appointment: appointments?.get(r.contactId) ?? null })), defaultTimezone);
}

/** Merges the template for recipients that come with their next appointment. */
function mergeRecipientRows(template: ParsedTemplate, recipients: RecipientWithAppointment[], defaultTimezone: string): MergedRecipient[] {
  return recipients.map(({ appointment, ...recipient }) => {
    const data = toMergeData(recipient, appointment, defaultTimezone);
    return { recipient, data, merged: mergeTemplate(template, data), missing: listMissingValues(template, data) };
  });
}

function toMergeData(r: RecipientContactRow, appointment: NextAppointment | null, defaultTimezone: string): MergeData {
  return {
    contact: { firstName: r.firstName, lastName: r.lastName, phone: r.phone, email: r.email, timezone: r.timezone, attributes: r.attributes },
    appointment,
    defaultTimezone,
  };
}
