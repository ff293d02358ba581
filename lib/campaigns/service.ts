import type { Ctx } from "@/lib/context";
import { countContacts, countListContacts, describeAppointmentWindow, getContactsForCampaign, localDateOf, resolveAppointmentWindow, getNextAppointments, listContacts, listCustomAttributeKeys, type NextAppointment } from "@/lib/contacts";
import type { DbOrTx } from "@/lib/db";
import { env } from "@/lib/env";
import { loadLexicon } from "@/lib/lexicon";
import {
  emptySegmentCounts,
  estimateAudioSeconds,
  insertMessages,
  insertSegments,
  listDoneSegmentKeys,
  MessagePlanner,
  type PlannedSegment,
  type PlannedText,
  type RenderTarget,
  type SegmentCounts,
} from "@/lib/renders";
import { appError, err, ok, type Result } from "@/lib/result";
import { checkVoiceOffered } from "@/lib/voices";
import { estimateTimeLeft, type EtaRange } from "./eta";
import { normalizeForSpeech, splitSentences } from "@/lib/speech";
import {
  listMissingValues,
  mergeTemplate,
  parseTemplate,
  usesAppointment,
  validateTemplate,
  type MergeData,
  type ParsedTemplate,
} from "@/lib/templates";
import { campaignNotFound, type CampaignError } from "./errors";
import { markCanceled, markLaunched } from "./progress";
import {
  copyRecipients,
  countCampaignSegments,
  countLaunchedPlan,
  countNotRemindedRecipients,
  countOptedOutRecipients,
  deleteOptedOutRecipients,
  deleteUnlinkedRecipients,
  countRecipients,
  countSegmentsByCampaign,
  deleteRecipients,
  getCampaign,
  insertCampaign,
  insertCampaignSegments,
  listCampaignRowsOfContact,
  listCampaigns as listCampaignRows,
  listRecipientContacts,
  listSegmentKeysOfOrganization,
  replaceRecipients,
  type ResolvedRecipientSelection,
  setRecipientMessages,
  setRecipientsSharing,
  updateCampaignRow,
  walkRecipientContacts,
  type CampaignRow,
  type ContactCampaignRow,
  type RecipientContactRow,
  type RecipientWithAppointment,
} from "./queries";
import {
  MAX_SPEED,
  MIN_SPEED,
  type CreateCampaignInput,
  type MissingValuePolicy,
  type PreviewMessagesInput,
  type SharedNumberPolicy,
  type RecipientSelection,
  type UpdateCampaignInput,
} from "./schemas";
import type { LintFinding } from "./lint";
import { findTooLong, PlanTally, tallyLeftOutByAppointment, type LeftOutByAppointment, type MergedRecipient, type MissingValuesReport, type PronunciationUse, type VariableValues } from "./plan-tally";
import { pickVariedSamples, type SampleCandidate } from "./samples";
import { combineSharedNumbers, wholeNumbers } from "./shared-numbers";

export { recipientName, type MergedRecipient, type MissingValuesReport, type PronunciationUse, type RecipientMissingValues, type VariableValues } from "./plan-tally";

/** How a campaign's recipients were chosen, as the campaign row keeps it. */
export type StoredRecipientSelection = CampaignRow["recipientSelection"];

/**
 * What the campaign use-cases need to know of the TTS workers (the worker pool's status has all of it); null
 * when none is ready.
 */
export type WorkerCapabilities = {
  engine: string;
  modelVersion: string;
  voices: readonly string[];
  /** Measured model speed; null until the worker has rendered something. */
  msPerAudioSecond: number | null;
  /** Renders the workers run at once, summed. */
  capacity: number;
};

export type CampaignDto = {
  id: string;
  name: string;
  template: string;
  voice: string;
  speed: number;
  status: CampaignRow["status"];
  /** How the recipients were chosen; `recipients` is how many that gave when the draft was last saved. */
  recipientSelection: StoredRecipientSelection;
  /** The appointment window of the choice in words, as of when the recipients were chosen ("tomorrow (Tuesday, …)"); null without one. */
  recipientWindow: string | null;
  recipients: number;
  missingValues: MissingValuePolicy;
  sharedNumbers: SharedNumberPolicy;
  progress: SegmentCounts;
  engine: string | null;
  modelVersion: string | null;
  createdAt: string;
  launchedAt: string | null;
  finishedAt: string | null;
};



/** The window of a stored choice in words, counted from the date its recipients were chosen on. */
function describeRecipientWindow(selection: StoredRecipientSelection, timezone: string, createdAt: Date): string | null {
  if ((selection.mode !== "upcoming" && selection.mode !== "list") || !selection.window) return null;
  return `appointments ${describeAppointmentWindow(selection.window, timezone, createdAt, selection.resolvedOn ?? localDateOf(createdAt, timezone))}, ${timezone} time`;
}

function toDto(row: CampaignRow, recipients: number, progress: SegmentCounts, timezone: string): CampaignDto {
  return {
    id: row.id,
    name: row.name,
    template: row.template,
    voice: row.voice,
    speed: row.speed,
    status: row.status,
    recipientSelection: row.recipientSelection,
    recipientWindow: describeRecipientWindow(row.recipientSelection, timezone, row.createdAt),
    recipients,
    missingValues: row.missingValues,
    sharedNumbers: row.sharedNumbers,
    progress,
    engine: row.engine,
    modelVersion: row.modelVersion,
    createdAt: row.createdAt.toISOString(),
    launchedAt: row.launchedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

function checkVoiceAndSpeed(voice: string, speed: number, worker: WorkerCapabilities | null): CampaignError<"speed_out_of_range" | "unknown_voice"> | null {
  if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
    return appError("speed_out_of_range", `Speed must be between ${MIN_SPEED} and ${MAX_SPEED} (1 is normal).`);
  }
  return worker ? checkVoiceOffered(voice, worker.voices) : null;
}

async function checkTemplate(ctx: Ctx, template: string): Promise<Result<ParsedTemplate, CampaignError<"template_invalid">>> {
  const customAttributes = await listCustomAttributeKeys(ctx);
  const validated = validateTemplate(template, { customAttributes });
  if (!validated.ok) {
    const first = validated.error[0];
    return err(appError("template_invalid", first?.message ?? "The template is not valid.", validated.error));
  }
  return ok(validated.value);
}

export async function createCampaign(
  ctx: Ctx,
  input: CreateCampaignInput,
  worker: WorkerCapabilities | null,
): Promise<Result<CampaignDto, CampaignError<"speed_out_of_range" | "unknown_voice" | "template_invalid" | "too_many_recipients" | "list_not_found">>> {
  const bad = checkVoiceAndSpeed(input.voice, input.speed, worker);
  if (bad) return err(bad);
  const template = await checkTemplate(ctx, input.template);
  if (!template.ok) return template;
  const tooMany = await checkRecipientCount(ctx, input.recipients);
  if (tooMany) return err(tooMany);
  return ctx.db.transaction(async (tx) => {
    const row = await insertCampaign(tx, {
      organizationId: ctx.organization.id,
      name: input.name,
      template: input.template,
      voice: input.voice,
      speed: input.speed,
      recipientSelection: storedSelection(ctx, input.recipients),
      missingValues: input.missingValues,
      sharedNumbers: input.sharedNumbers,
    });
    const recipients = await replaceRecipients(tx, row.id, ctx.organization.id, resolveSelection(ctx, input.recipients));
    return ok(toDto(row, recipients, emptySegmentCounts(), ctx.organization.timezone));
  });
}

/**
 * What the campaign row keeps of a selection: its mode and window (with the local date it was counted
 * from), not the ids (those are the recipients).
 */
function storedSelection(ctx: Ctx, selection: StoredRecipientSelection | RecipientSelection, now = new Date()): StoredRecipientSelection {
  if (selection.mode === "contacts") return { mode: "contacts" };
  if (selection.mode === "all" || (selection.mode === "list" && !selection.window)) return selection.mode === "all" ? selection : { mode: "list", listId: selection.listId };
  return { ...selection, resolvedOn: localDateOf(now, ctx.organization.timezone) };
}

/**
 * The selection with its window resolved as of `now` in the organisation's time zone: the same
 * resolveAppointmentWindow as the builder's counts, the contacts page and schedules.
 */
function resolveSelection(ctx: Ctx, selection: RecipientSelection, now = new Date()): ResolvedRecipientSelection {
  if (selection.mode === "upcoming") return { mode: "upcoming", range: resolveAppointmentWindow(selection.window, ctx.organization.timezone, now) };
  if (selection.mode === "list" && selection.window) return { mode: "list", listId: selection.listId, range: resolveAppointmentWindow(selection.window, ctx.organization.timezone, now) };
  return selection.mode === "list" ? { mode: "list", listId: selection.listId } : selection;
}

/** A selection the organisation may make (its own list) that stays within CAMPAIGN_MAX_RECIPIENTS, or the reason not. */
async function checkRecipientCount(ctx: Ctx, selection: RecipientSelection): Promise<CampaignError<"too_many_recipients" | "list_not_found"> | null> {
  let n: number;
  if (selection.mode === "list") {
    const counted = await countListContacts(ctx, selection);
    if (!counted.ok) return counted.error;
    n = counted.value;
  } else {
    n =
      selection.mode === "all"
        ? await countContacts(ctx)
        : selection.mode === "upcoming"
          ? await countContacts(ctx, { appointments: selection.window })
          : selection.contactIds.length;
  }
  if (n <= env.CAMPAIGN_MAX_RECIPIENTS) return null;
  return appError("too_many_recipients", `A campaign can have at most ${env.CAMPAIGN_MAX_RECIPIENTS.toLocaleString("en-US")} recipients; this selection has ${n.toLocaleString("en-US")}.`);
}

/** Changes a draft. Launched campaigns are immutable: duplicate one to change it. */
export async function updateDraftCampaign(
  ctx: Ctx,
  id: string,
  input: UpdateCampaignInput,
  worker: WorkerCapabilities | null,
): Promise<
  Result<
    CampaignDto,
    CampaignError<"campaign_not_found" | "campaign_not_draft" | "speed_out_of_range" | "unknown_voice" | "template_invalid" | "too_many_recipients" | "list_not_found">
  >
> {
  const current = await getCampaign(ctx.db, ctx.organization.id, id);
  if (!current) return err(campaignNotFound());
  if (current.status !== "draft") return err(appError("campaign_not_draft", "Only drafts can be edited; duplicate the campaign to change it."));
  const bad = checkVoiceAndSpeed(input.voice ?? current.voice, input.speed ?? current.speed, worker);
  if (bad) return err(bad);
  if (input.template !== undefined) {
    const template = await checkTemplate(ctx, input.template);
    if (!template.ok) return template;
  }
  if (input.recipients) {
    const tooMany = await checkRecipientCount(ctx, input.recipients);
    if (tooMany) return err(tooMany);
  }
  await ctx.db.transaction(async (tx) => {
    await updateCampaignRow(tx, id, {
      name: input.name,
      template: input.template,
      voice: input.voice,
      speed: input.speed,
      recipientSelection: input.recipients && storedSelection(ctx, input.recipients),
      missingValues: input.missingValues,
      sharedNumbers: input.sharedNumbers,
    });
    if (input.recipients) await replaceRecipients(tx, id, ctx.organization.id, resolveSelection(ctx, input.recipients));
  });
  return getCampaignDetail(ctx, id);
}

export async function getCampaignDetail(ctx: Ctx, id: string): Promise<Result<CampaignDto, CampaignError<"campaign_not_found">>> {
  const row = await getCampaign(ctx.db, ctx.organization.id, id);
  if (!row) return err(campaignNotFound());
  const recipients = (await countRecipients(ctx.db, [id])).get(id) ?? 0;
  return ok(toDto(row, recipients, await countCampaignSegments(ctx.db, id), ctx.organization.timezone));
}

export async function listCampaigns(ctx: Ctx): Promise<CampaignDto[]> {
  const rows = await listCampaignRows(ctx.db, ctx.organization.id);
  const ids = rows.map((r) => r.id);
  const [recipients, progress] = await Promise.all([countRecipients(ctx.db, ids), countSegmentsByCampaign(ctx.db, ids)]);
  return rows.map((r) => toDto(r, recipients.get(r.id) ?? 0, progress.get(r.id) ?? emptySegmentCounts(), ctx.organization.timezone));
}

/** The organisation's campaigns that have this contact among their recipients (drafts included), newest first. */
export function listCampaignsOfContact(ctx: Ctx, contactId: string): Promise<ContactCampaignRow[]> {
  return listCampaignRowsOfContact(ctx.db, ctx.organization.id, contactId);
}

/**
 * Merges the template for every recipient; appointments are loaded in one query, only when used (or asked
 * for: combining a number's recipients compares their days).
 */
export async function mergeRecipients(
  db: DbOrTx,
  template: ParsedTemplate,
  recipients: RecipientContactRow[],
  defaultTimezone: string,
  options: { appointments?: boolean } = {},
): Promise<MergedRecipient[]> {
  const appointments = usesAppointment(template) || options.appointments ? await getNextAppointments(db, recipients.map((r) => r.contactId)) : null;
  return mergeRecipientRows(template, recipients.map((r) => ({ ...r, appointment: appointments?.get(r.contactId) ?? null })), defaultTimezone);
}

/** Merges the template for recipients that come with their next appointment (a walk reads them together). */
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

export type CampaignPlan = {
  recipients: number;
  /** The appointment window the recipients were chosen by, in words with its dates (as the campaign's `recipientWindow`); null without one. */
  recipientWindow: string | null;
  distinctMessages: number;
  distinctSegments: number;
  /** Segments that already have audio (from this or any earlier campaign); null when no worker is known. */
  alreadyRendered: number | null;
  toRender: number;
  estimatedAudioSeconds: number;
  /**
   * Time until this campaign's renders would be done if launched now (after the work already queued), from
   * the workers' live throughput; null while neither they nor the worker's start-up measurement know a rate.
   */
  estimatedRenderTime: EtaRange | null;
  recipientsWithMissingValues: number;
  /** Who would miss a value, and which; under the "skip" policy they are not in `recipients`. */
  missingValues: MissingValuesReport;
  /** Recipients the selection chose who will not be called, by reason (their number is on the do-not-call list). */
  leftOut: { optedOut: number };
  /** Recipients left out because their upcoming appointments are all cancelled, broken, no-show or completed, by status. */
  leftOutByAppointment: LeftOutByAppointment;
  /**
   * With the "together" choice: how many messages each speak to several patients who share a number and
   * have appointments the same day, and how many patients those messages reach (null: one message each).
   */
  sharedNumbers: { messages: number; recipients: number } | null;
  variables: VariableValues[];
  /** Checks before launch, each with the number of recipients it concerns. */
  lint: LintFinding[];
  /** Each dictionary entry this campaign says, most sentences first. */
  pronunciations: PronunciationUse[];
};

/** The engine, model, voice and speed a campaign's segments are keyed for. */
export function renderTargetOf(campaign: CampaignRow, worker: WorkerCapabilities | null): RenderTarget {
  return {
    engine: worker?.engine ?? campaign.engine ?? "unknown",
    modelVersion: worker?.modelVersion ?? campaign.modelVersion ?? "unknown",
    voice: campaign.voice,
    speed: campaign.speed,
  };
}

/**
 * Everything launch would do, without writing: how many renders the campaign really needs after dedupe and
 * roughly how long they take, plus the distinct values of each variable (so the user can hear each one).
 */
export async function planCampaign(
  ctx: Ctx,
  id: string,
  worker: WorkerCapabilities | null,
): Promise<Result<CampaignPlan, CampaignError<"campaign_not_found" | "template_invalid" | "message_too_long">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, id);
  if (!campaign) return err(campaignNotFound());
  const parsed = parseTemplate(campaign.template);
  if (!parsed.ok) return err(appError("template_invalid", parsed.error[0]?.message ?? "The template is not valid.", parsed.error));
  const lexicon = await loadLexicon(ctx);
  const tally = new PlanTally({
    organizationName: ctx.organization.name,
    template: parsed.value,
    policy: campaign.missingValues,
    speed: campaign.speed,
    planner: new MessagePlanner(renderTargetOf(campaign, worker), lexicon),
  });
  // A page at a time, in name order, through a cursor (which needs a transaction): only counts and distinct keys are kept.
  const together = campaign.sharedNumbers === "together";
  const shared = { messages: 0, recipients: 0 };
  const remindedOnly = isAboutAppointments(parsed.value, campaign.recipientSelection);
  await ctx.db.transaction(async (tx) => {
    // Together, a number's recipients must be merged side by side: they are walked by phone.
    const walk = walkRecipientContacts(tx, campaign.id, {
      order: together ? "phone" : "name",
      pageSize: RECIPIENT_PAGE,
      appointmentsFrom: usesAppointment(parsed.value) || together ? new Date() : null,
      remindedOnly,
    });
    for await (const page of together ? wholeNumbers(walk) : walk) {
      const merged = mergeRecipientRows(parsed.value, page, ctx.organization.timezone);
      if (!together) {
        tally.add(merged);
        continue;
      }
      const combined = combineSharedNumbers(parsed.value, merged);
      tally.add(combined.messages, (m) => 1 + (combined.members.get(m.recipient.recipientId)?.length ?? 0));
      for (const others of combined.members.values()) {
        shared.messages++;
        shared.recipients += others.length + 1;
      }
    }
  });
  const tooLong = tally.tooLong();
  if (tooLong) return err(tooLong);
  const optedOut = await countOptedOutRecipients(ctx.db, campaign.id);
  const leftOutByAppointment = tallyLeftOutByAppointment(remindedOnly ? await countNotRemindedRecipients(ctx.db, campaign.id) : new Map());
  // Audio is shared across organisations (the dedupe win), but only the caller's own earlier campaigns
  // count as "already rendered": otherwise the count would say what another organisation has said.
  const doneKeys = worker ? await listDoneSegmentKeys(ctx.db, [...tally.segments.keys()]) : new Set<string>();
  const ownKeys = worker ? await listSegmentKeysOfOrganization(ctx.db, ctx.organization.id, [...doneKeys]) : new Set<string>();
  const alreadyRendered = worker ? ownKeys.size : null;
  const missing = [...tally.segments.values()].filter((s) => !ownKeys.has(s.key));
  const audioSeconds = missing.reduce((sum, s) => sum + estimateAudioSeconds(s.text, campaign.speed), 0);
  return ok({
    recipients: tally.recipients,
    recipientWindow: describeRecipientWindow(campaign.recipientSelection, ctx.organization.timezone, campaign.createdAt),
    distinctMessages: tally.distinctMessages,
    distinctSegments: tally.segments.size,
    alreadyRendered,
    toRender: missing.length,
    estimatedAudioSeconds: Math.round(audioSeconds),
    estimatedRenderTime: await estimateTimeLeft(ctx.db, "everything", worker, {
      segments: missing.length,
      textUnits: missing.reduce((sum, s) => sum + s.text.length / campaign.speed, 0),
    }),
    recipientsWithMissingValues: tally.withMissing,
    missingValues: tally.missingValues(),
    leftOut: { optedOut },
    leftOutByAppointment,
    sharedNumbers: together ? shared : null,
    variables: tally.variableValues(),
    lint: tally.lintFindings(),
    pronunciations: tally.pronunciations(lexicon, ownKeys),
  });
}

/**
 * A campaign is about appointments when its message speaks of one or its recipients were chosen by an
 * appointment window: then a recipient whose upcoming appointments are all cancelled, broken, no-show or
 * completed is left out. A message about something else (the office is closed Monday) still reaches them.
 */
function isAboutAppointments(template: ParsedTemplate, selection: StoredRecipientSelection): boolean {
  return usesAppointment(template) || ((selection.mode === "upcoming" || selection.mode === "list") && selection.window !== undefined);
}

/** How many contacts the preview looks through to pick its varied samples. */
const SAMPLE_POOL = 200;

function sampleCandidates(template: ParsedTemplate, merged: MergedRecipient[]): SampleCandidate[] {
  const singles = template.variables.flatMap((name) => {
    const single = parseTemplate(`{{${name}}}`);
    return single.ok ? [single.value] : [];
  });
  return merged.map((m) => ({ values: singles.map((single) => mergeTemplate(single, m.data).trim()), missing: m.missing }));
}

export type PreviewMessage = { contactId: string; name: string; merged: string; spoken: string; sentences: string[]; missing: string[] };

/** The merged and normalised text for a few sample contacts: what the builder shows as the user types. */
export async function previewMessages(
  ctx: Ctx,
  input: PreviewMessagesInput,
): Promise<Result<PreviewMessage[], CampaignError<"template_invalid" | "campaign_not_found" | "message_too_long">>> {
  const template = await checkTemplate(ctx, input.template);
  if (!template.ok) return template;
  const limit = input.limit ?? 3;
  let samples: RecipientContactRow[];
  if (input.contactIds?.length) {
    const rows = await getContactsForCampaign(ctx.db, ctx.organization.id, input.contactIds);
    samples = rows.map((c) => ({ ...c, recipientId: c.id, contactId: c.id }));
  } else if (input.campaignId) {
    if (!(await getCampaign(ctx.db, ctx.organization.id, input.campaignId))) return err(campaignNotFound());
    samples = await listRecipientContacts(ctx.db, input.campaignId, SAMPLE_POOL);
  } else {
    const { items } = await listContacts(ctx, { limit: SAMPLE_POOL, offset: 0 });
    samples = items.map((c) => ({ ...c, recipientId: c.id, contactId: c.id }));
  }
  const pool = await mergeRecipients(ctx.db, template.value, samples, ctx.organization.timezone);
  // Picked contacts are shown as asked; otherwise the few that show the most different values, and a hole if any.
  const merged = input.contactIds?.length ? pool.slice(0, limit) : pickVariedSamples(sampleCandidates(template.value, pool), limit).map((i) => pool[i]!);
  const tooLong = findTooLong(merged);
  if (tooLong) return err(tooLong);
  const lexicon = await loadLexicon(ctx);
  return ok(
    merged.map((m) => {
      const spoken = lexicon.apply(normalizeForSpeech(m.merged)).text;
      return {
        contactId: m.recipient.contactId,
        name: [m.recipient.firstName, m.recipient.lastName].filter(Boolean).join(" ") || m.recipient.phone,
        merged: m.merged,
        spoken,
        sentences: splitSentences(spoken),
        missing: m.missing,
      };
    }),
  );
}

type LaunchErrorCode =
  | "worker_unavailable"
  | "campaign_not_found"
  | "campaign_not_draft"
  | "speed_out_of_range"
  | "unknown_voice"
  | "template_invalid"
  | "no_recipients"
  | "too_many_recipients"
  | "message_too_long";

export type Launched = { campaign: CampaignDto; plan: { distinctSegments: number; newSegments: number; distinctMessages: number } };

/** Recipients merged, planned and written per step of a plan or a launch: what either holds in memory at once. */
export const RECIPIENT_PAGE = 10_000;

/** Thrown inside the launch transaction to roll back what earlier pages wrote. */
class LaunchRefused extends Error {
  constructor(readonly refusal: CampaignError<"message_too_long" | "no_recipients">) {
    super(refusal.message);
  }
}

/**
 * Plans and queues a draft's renders in ONE transaction, a page of recipients at a time so memory stays
 * flat however many there are: merge, normalise, split, key (each distinct merged text once, through a
 * bounded memo), insert the segments and messages this launch has not written yet (`on conflict do
 * nothing`, so concurrent launches and campaigns that share sentences converge on one row per key), link
 * the page's recipients in one statement, then mark the campaign `rendering` (or `ready` if nothing is
 * missing). The campaign row is locked first, so two launches of one campaign cannot both plan it.
 * Recipients are read from campaign_recipients, whatever selection put them there.
 */
export async function launchCampaign(
  ctx: Ctx,
  id: string,
  worker: WorkerCapabilities | null,
): Promise<Result<Launched, CampaignError<LaunchErrorCode>>> {
  if (!worker) return err(appError("worker_unavailable", "No TTS worker is ready, so the campaign cannot be launched yet. Start the worker and try again."));
  let outcome: Result<Launched["plan"], CampaignError<LaunchErrorCode>>;
  try {
    outcome = await ctx.db.transaction(async (tx): Promise<Result<Launched["plan"], CampaignError<LaunchErrorCode>>> => {
      const campaign = await getCampaign(tx, ctx.organization.id, id, { forUpdate: true });
      if (!campaign) return err(campaignNotFound());
      if (campaign.status !== "draft") return err(appError("campaign_not_draft", "This campaign has already been launched."));
      const bad = checkVoiceAndSpeed(campaign.voice, campaign.speed, worker);
      if (bad) return err(bad);
      const template = await checkTemplate({ ...ctx, db: tx as unknown as Ctx["db"] }, campaign.template);
      if (!template.ok) return template;
      const recipients = (await countRecipients(tx, [id])).get(id) ?? 0;
      if (recipients === 0) return err(appError("no_recipients", "Add at least one contact before launching."));
      // Numbers on the do-not-call list are never called: those recipients leave the campaign before it is planned.
      const optedOut = await countOptedOutRecipients(tx, id);
      if (optedOut === recipients) return err(appError("no_recipients", "Every recipient of this campaign is on the do-not-call list."));
      if (recipients > env.CAMPAIGN_MAX_RECIPIENTS) {
        return err(appError("too_many_recipients", `A campaign can have at most ${env.CAMPAIGN_MAX_RECIPIENTS.toLocaleString("en-US")} recipients.`));
      }
      if (optedOut > 0) await deleteOptedOutRecipients(tx, id);
      const target = renderTargetOf(campaign, worker);
      const lexicon = await loadLexicon({ ...ctx, db: tx as unknown as Ctx["db"] });
      const planner = new MessagePlanner(target, lexicon);
      // The messages and segments this launch wrote, as the planner's objects: one the planner forgets is
      // garbage and leaves this set, and is written again (a no-op) if it comes back, so it stays bounded.
      const written = new WeakSet<object>();
      let newSegments = 0;
      let kept = 0;
      const together = campaign.sharedNumbers === "together";
      const walk = walkRecipientContacts(tx, id, {
        order: together ? "phone" : "contact",
        pageSize: RECIPIENT_PAGE,
        appointmentsFrom: usesAppointment(template.value) || together ? new Date() : null,
        remindedOnly: isAboutAppointments(template.value, campaign.recipientSelection),
      });
      for await (const page of together ? wholeNumbers(walk) : walk) {
        const each = mergeRecipientRows(template.value, page, ctx.organization.timezone);
        const { messages: all, members } = together ? combineSharedNumbers(template.value, each) : { messages: each, members: new Map<string, RecipientContactRow[]>() };
        const othersOf = (m: MergedRecipient) => members.get(m.recipient.recipientId) ?? [];
        // Skipped recipients get no call: they leave the campaign, so progress, exports and the table never wait on them.
        const merged = campaign.missingValues === "skip" ? all.filter((m) => m.missing.length === 0) : all;
        if (merged.length < all.length) {
          await deleteRecipients(tx, id, all.filter((m) => m.missing.length > 0).flatMap((m) => [m.recipient, ...othersOf(m)].map((r) => r.recipientId)));
        }
        kept += merged.length;
        // Checked before anything is normalised: a 100 KB value must not cost the request seconds of speech rules.
        const tooLong = findTooLong(merged);
        if (tooLong) throw new LaunchRefused(tooLong);
        const messages = new Map<string, PlannedText>();
        const segments = new Map<string, PlannedSegment>();
        const links = merged.flatMap((m) => {
          const planned = planner.plan(m.merged);
          if (!written.has(planned)) messages.set(planned.key, planned);
          // Everyone a message speaks to points at it; the others are marked as carried by its call.
          return [m.recipient, ...othersOf(m)].map((r) => ({ recipientId: r.recipientId, messageKey: planned.key }));
        });
        for (const message of messages.values()) for (const s of message.segments) if (!written.has(s)) segments.set(s.key, s);
        newSegments += await insertSegments(tx, [...segments.values()], target);
        await insertMessages(tx, [...messages.values()]);
        await insertCampaignSegments(tx, id, [...segments.keys()]);
        await setRecipientMessages(tx, links);
        if (members.size > 0) {
          await setRecipientsSharing(tx, merged.flatMap((m) => othersOf(m).map((r) => ({ recipientId: r.recipientId, sharedWith: m.recipient.recipientId }))));
        }
        for (const planned of [...messages.values(), ...segments.values()]) written.add(planned);
      }
      // Appointments that will not take place (or already have) are never reminded: the walk left those
      // recipients out, so no message was linked to them, and they leave the campaign.
      const notReminded = await deleteUnlinkedRecipients(tx, id);
      if (kept === 0 && notReminded > 0) {
        throw new LaunchRefused(
          appError("no_recipients", "No recipient of this campaign is left to call: each is on the do-not-call list or has only cancelled, broken, no-show or completed appointments."),
        );
      }
      if (kept === 0) {
        throw new LaunchRefused(
          appError("no_recipients", "Every recipient's message would miss a value and the campaign skips them: add fallback text to the message or send with it."),
        );
      }
      const summary = { ...(await countLaunchedPlan(tx, id)), newSegments };
      await markLaunched(tx, id, target, summary);
      return ok(summary);
    });
  } catch (error) {
    if (!(error instanceof LaunchRefused)) throw error;
    outcome = err(error.refusal);
  }
  if (!outcome.ok) return outcome;
  const detail = await getCampaignDetail(ctx, id);
  if (!detail.ok) return detail;
  return ok({ campaign: detail.value, plan: outcome.value });
}

/** Stops a campaign: its queued segments are no longer dispatched unless another live campaign needs them. */
export async function cancelCampaign(ctx: Ctx, id: string): Promise<Result<CampaignDto, CampaignError<"campaign_not_found" | "campaign_not_launched">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, id);
  if (!campaign) return err(campaignNotFound());
  if (campaign.status !== "rendering" && campaign.status !== "draft") {
    return err(appError("campaign_not_launched", `A campaign that is ${campaign.status.replace("_", " ")} cannot be canceled.`));
  }
  await ctx.db.transaction((tx) => markCanceled(tx, id));
  return getCampaignDetail(ctx, id);
}

/**
 * A new draft with the same template, voice, speed and way of choosing recipients: a list of contacts is
 * copied; "all contacts" and "an appointment in the next N days" are chosen again as of now, so next
 * week's copy of a reminder campaign reaches next week's appointments.
 */
export async function duplicateCampaign(ctx: Ctx, id: string): Promise<Result<CampaignDto, CampaignError<"campaign_not_found" | "too_many_recipients" | "list_not_found">>> {
  const source = await getCampaign(ctx.db, ctx.organization.id, id);
  if (!source) return err(campaignNotFound());
  const selection = source.recipientSelection;
  if (selection.mode !== "contacts") {
    // Chosen again as of now: the organisation may have grown past the limit since.
    const tooMany = await checkRecipientCount(ctx, selection);
    if (tooMany) return err(tooMany);
  }
  const copy = await ctx.db.transaction(async (tx) => {
    const row = await insertCampaign(tx, {
      organizationId: ctx.organization.id,
      name: `${source.name} (copy)`.slice(0, 120),
      template: source.template,
      voice: source.voice,
      speed: source.speed,
      recipientSelection: storedSelection(ctx, source.recipientSelection),
      missingValues: source.missingValues,
      sharedNumbers: source.sharedNumbers,
    });
    if (selection.mode === "contacts") await copyRecipients(tx, id, row.id);
    else await replaceRecipients(tx, row.id, ctx.organization.id, resolveSelection(ctx, selection));
    return row;
  });
  return getCampaignDetail(ctx, copy.id);
}
