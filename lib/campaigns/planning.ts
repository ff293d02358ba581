import type { NextAppointment } from "@/lib/contacts";
import { getNextAppointments } from "@/lib/contacts";
import type { Organization } from "@/lib/context";
import type { DbOrTx } from "@/lib/db";
import type { Lexicons } from "@/lib/lexicon";
import { MessagePlanner, type PlannedText, type RenderTarget } from "@/lib/renders";
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

/** A campaign's message in one language, with the voice that says it. A campaign's first version is its main one. */
export type MessageVersion = { language: string; template: ParsedTemplate; voice: string };

/** "es-419", "Spanish" stored as "es" by the import: the primary subtag, lower case; null for none. */
function primaryTag(tag: string | null | undefined): string | null {
  const primary = tag?.trim().split(/[-_]/)[0]?.toLowerCase();
  return primary ? primary : null;
}

const LANGUAGE_NAMES: Record<string, string> = { en: "English", es: "Spanish", fr: "French", it: "Italian", pt: "Portuguese", hi: "Hindi", ja: "Japanese", zh: "Chinese" };

/** A language's name for people ("Spanish"), or the tag itself. */
export function languageName(tag: string): string {
  return LANGUAGE_NAMES[primaryTag(tag) ?? ""] ?? tag;
}

/**
 * Which version a recipient hears: the one in their preferred language; without a preferred language, the
 * one in the organisation's default language; else the main one. `note` says why, when there was a choice
 * (shown in the preview); `withoutOwn` is set for a preferred language the message has no version in
 * (counted in the plan).
 */
export function versionFor<V extends Pick<MessageVersion, "language">>(
  versions: readonly V[],
  contactLanguage: string | null | undefined,
  defaultLanguage?: string,
): { version: V; note: string | null; withoutOwn: boolean } {
  const main = versions[0]!;
  const wanted = primaryTag(contactLanguage);
  if (wanted === null) {
    const fallback = primaryTag(defaultLanguage);
    const byDefault = fallback === null ? undefined : versions.find((v) => primaryTag(v.language) === fallback);
    if (!byDefault || versions.length === 1) return { version: main, note: null, withoutOwn: false };
    return { version: byDefault, note: `No preferred language, so they hear ${languageName(byDefault.language)}, the organisation's default.`, withoutOwn: false };
  }
  const own = versions.find((v) => primaryTag(v.language) === wanted);
  if (own) return { version: own, note: null, withoutOwn: false };
  return { version: main, note: `Prefers ${languageName(wanted)}; the message has no ${languageName(wanted)} version, so they hear ${languageName(main.language)}.`, withoutOwn: true };
}

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
  versions: readonly MessageVersion[],
  organization: Pick<Organization, "timezone" | "defaultLanguage">,
  walk: PlanningWalk,
): AsyncGenerator<PlanningPage> {
  const together = campaign.sharedNumbers === "together";
  const pages = walkRecipientContacts(tx, campaign.id, {
    order: together ? "phone" : walk.order,
    pageSize: walk.pageSize ?? RECIPIENT_PAGE,
    // Together, a number's recipients are compared by the day of their appointments, used or not.
    appointmentsFrom: versions.some((v) => usesAppointment(v.template)) || together ? new Date() : null,
    remindedOnly: versions.some((v) => isAboutAppointments(v.template, campaign.recipientSelection)),
  });
  for await (const page of together ? wholeNumbers(pages) : pages) {
    const merged = page.map((row) => {
      const { version, note, withoutOwn } = versionFor(versions, row.language, organization.defaultLanguage);
      return { ...mergeRecipientRow(version, row, organization.timezone), languageNote: note, withoutOwnLanguage: withoutOwn };
    });
    const each = walk.keep ? merged.filter(walk.keep) : merged;
    if (!together) {
      yield { messages: each, othersOf: noOthers };
      continue;
    }
    // A family is combined within one language: one message names each of them in the version they share.
    const messages: MergedRecipient[] = [];
    const members = new Map<string, RecipientContactRow[]>();
    for (const version of versions) {
      const combined = combineSharedNumbers(version.template, each.filter((m) => m.language === version.language));
      messages.push(...combined.messages);
      for (const [lead, others] of combined.members) members.set(lead, others);
    }
    yield { messages, othersOf: (m) => members.get(m.recipient.recipientId) ?? [] };
  }
}

/**
 * Merges the template for a few recipients that come without their appointment (the builder's samples):
 * appointments are loaded in one query, only when the template uses them.
 */
export async function mergeRecipients(db: DbOrTx, template: ParsedTemplate, recipients: RecipientContactRow[], defaultTimezone: string, language?: string): Promise<MergedRecipient[]> {
  const appointments = usesAppointment(template) ? await getNextAppointments(db, recipients.map((r) => r.contactId)) : null;
  return mergeRecipientRows(template, recipients.map((r) => ({ ...r, appointment: appointments?.get(r.contactId) ?? null })), defaultTimezone, language);
}

/** Merges a version's template for recipients that come with their next appointment. */
function mergeRecipientRows(template: ParsedTemplate, recipients: RecipientWithAppointment[], defaultTimezone: string, language?: string): MergedRecipient[] {
  return recipients.map((row) => mergeRecipientRow({ template, language: language ?? "en" }, row, defaultTimezone));
}

/** Merges a version's template for one recipient given with its appointment (a sample patient who is no contact). */
export function mergeGivenRecipient(version: Pick<MessageVersion, "template" | "language">, recipient: RecipientWithAppointment, defaultTimezone: string): MergedRecipient {
  return mergeRecipientRow(version, recipient, defaultTimezone);
}

function mergeRecipientRow(version: Pick<MessageVersion, "template" | "language">, { appointment, ...recipient }: RecipientWithAppointment, defaultTimezone: string): MergedRecipient {
  const data = toMergeData(recipient, appointment, defaultTimezone, version.language);
  return { recipient, data, merged: mergeTemplate(version.template, data), missing: listMissingValues(version.template, data), language: version.language };
}

function toMergeData(r: RecipientContactRow, appointment: NextAppointment | null, defaultTimezone: string, language: string): MergeData {
  return {
    contact: { firstName: r.firstName, lastName: r.lastName, phone: r.phone, email: r.email, timezone: r.timezone, attributes: r.attributes },
    appointment,
    defaultTimezone,
    // English merges as it always has (no language in its data): its messages and keys stay as they were.
    ...(primaryTag(language) === "en" ? {} : { language }),
  };
}

/**
 * A message planner per version: each language's messages are normalised by its own speech rules, said with
 * its own language's pronunciation dictionary and keyed for its own voice. An English version is planned as
 * it always was (no language for the speech rules, the English dictionary), so its keys do not move.
 */
export class VersionPlanners {
  private readonly byLanguage = new Map<string, { planner: MessagePlanner; target: RenderTarget }>();
  private readonly main: string;

  /** Without `lexicons`, every version is planned as said without the dictionary. */
  constructor(versions: readonly MessageVersion[], targetFor: (voice: string) => RenderTarget, lexicons?: Lexicons, options: { maxTexts?: number } = {}) {
    this.main = versions[0]!.language;
    for (const version of versions) {
      const target = targetFor(version.voice);
      const english = primaryTag(version.language) === "en";
      const planner = new MessagePlanner(target, lexicons?.for(version.language), { ...options, ...(english ? {} : { language: version.language }) });
      this.byLanguage.set(version.language, { planner, target });
    }
  }

  private of(language: string | undefined) {
    return this.byLanguage.get(language ?? this.main) ?? this.byLanguage.get(this.main)!;
  }

  /** The planned message of a merged recipient, in the version they hear. */
  plan(m: Pick<MergedRecipient, "merged" | "language">): PlannedText {
    return this.of(m.language).planner.plan(m.merged);
  }

  /** The engine, model, voice and speed a version's segments are keyed and rendered for. */
  targetOf(language: string | undefined): RenderTarget {
    return this.of(language).target;
  }
}
