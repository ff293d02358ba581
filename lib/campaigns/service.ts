import { workersOf, type Ctx, type WorkerCapabilities } from "@/lib/context";
import type { DbOrTx } from "@/lib/db";
import { countContacts, countListContacts, describeAppointmentWindow, getContactsForCampaign, localDateOf, resolveAppointmentWindow, listContacts, listCustomAttributeKeys } from "@/lib/contacts";
import { env } from "@/lib/env";
import { loadLexicon, loadLexicons } from "@/lib/lexicon";
import {
  emptySegmentCounts,
  estimateAudioSeconds,
  listDoneSegmentKeys,
  listQueuedSegmentKeys,
  type RenderTarget,
  type SegmentCounts,
} from "@/lib/renders";
import { appError, err, ok, type Result } from "@/lib/result";
import { languageOfVoice } from "@/lib/protocol/tts";
import { assertVoiceSpeaks, checkVoiceOffered } from "@/lib/voices";
import type { SpeechCheckClient, SpeechCheckReport } from "@/lib/speech-check";
import { estimateTimeLeft, type EtaRange } from "./eta";
import { normalizeForSpeech, splitSentences } from "@/lib/speech";
import {
  mergeTemplate,
  parseTemplate,
  validateTemplate,
  type ParsedTemplate,
} from "@/lib/templates";
import { campaignNotFound, type CampaignError } from "./errors";
import { markCanceled } from "./progress";
import {
  copyRecipients,
  countCampaignSegments,
  countNotRemindedRecipients,
  countOptedOutRecipients,
  countRecipientsToCall,
  countSegmentsByCampaign,
  getCampaign,
  getCampaignByCreationKey,
  insertCampaign,
  listCampaignRowsOfContact,
  listCampaigns as listCampaignRows,
  listRecipientContacts,
  listSegmentKeysOfOrganization,
  segmentKeysOfRenderingCampaigns,
  replaceRecipients,
  type ResolvedRecipientSelection,
  updateCampaignRow,
  type CampaignRow,
  type ContactCampaignRow,
  type RecipientContactRow,
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
import { summarizeCampaignSpeech } from "./speech-check";
import { findTooLong, PlanTally, tallyLeftOutByAppointment, type LeftOutByAppointment, type MergedRecipient, type MissingValuesReport, type PronunciationUse, type VariableValues } from "./plan-tally";
import { pickVariedSamples, type SampleCandidate } from "./samples";
import { isAboutAppointments, languageName, mergeRecipients, planningPages, versionFor, VersionPlanners, type MessageVersion } from "./planning";

export { recipientName, type MergedRecipient, type MissingValuesReport, type PronunciationUse, type RecipientMissingValues, type VariableValues } from "./plan-tally";

/** How a campaign's recipients were chosen, as the campaign row keeps it. */
export type StoredRecipientSelection = CampaignRow["recipientSelection"];

export type { WorkerCapabilities };

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
  /** The language of `template` and `voice` (the main version). */
  language: string;
  /** The message in other languages, each with its voice. */
  versions: CampaignRow["versions"];
  createdAt: string;
  launchedAt: string | null;
  finishedAt: string | null;
};



/** The window of a stored choice in words, counted from the date its recipients were chosen on. */
function describeRecipientWindow(selection: StoredRecipientSelection, timezone: string, createdAt: Date): string | null {
  if ((selection.mode !== "upcoming" && selection.mode !== "list") || !selection.window) return null;
  return `appointments ${describeAppointmentWindow(selection.window, timezone, createdAt, selection.resolvedOn ?? localDateOf(createdAt, timezone))}, ${timezone} time`;
}

/** A campaign as the API and pages show it, from its row, recipient count and segment counts. */
export function campaignDto(row: CampaignRow, recipients: number, progress: SegmentCounts, timezone: string): CampaignDto {
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
    language: row.language,
    versions: row.versions,
    createdAt: row.createdAt.toISOString(),
    launchedAt: row.launchedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export function checkVoiceAndSpeed(voice: string, speed: number, worker: WorkerCapabilities | null): CampaignError<"speed_out_of_range" | "unknown_voice"> | null {
  if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
    return appError("speed_out_of_range", `Speed must be between ${MIN_SPEED} and ${MAX_SPEED} (1 is normal).`);
  }
  return worker ? checkVoiceOffered(voice, worker.voices) : null;
}

export async function checkTemplate(ctx: Ctx, template: string): Promise<Result<ParsedTemplate, CampaignError<"template_invalid">>> {
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
  given?: WorkerCapabilities | null,
): Promise<Result<CampaignDto, CampaignError<"speed_out_of_range" | "unknown_voice" | "template_invalid" | "too_many_recipients" | "list_not_found" | "voice_language_mismatch">>> {
  const worker = await workersOf(ctx, given);
  // A new campaign starts in the organisation's default language.
  const language = input.language ?? ctx.organization.defaultLanguage;
  const checked = await checkVersions(ctx, { language, template: input.template, voice: input.voice, versions: input.versions ?? [], speed: input.speed }, worker);
  if (!checked.ok) return checked;
  const tooMany = await checkRecipientCount(ctx, input.recipients);
  if (tooMany) return err(tooMany);
  const repeated = input.idempotencyKey ? await createdWithKey(ctx, input.idempotencyKey) : null;
  if (repeated) return ok(repeated);
  try {
    return await insertNewCampaign(ctx, input);
  } catch (error) {
    // The same key, inserted meanwhile by a concurrent request: answer with that campaign.
    const raced = input.idempotencyKey ? await createdWithKey(ctx, input.idempotencyKey) : null;
    if (raced) return ok(raced);
    throw error;
  }
}

async function createdWithKey(ctx: Ctx, key: string): Promise<CampaignDto | null> {
  const row = await getCampaignByCreationKey(ctx.db, ctx.organization.id, key);
  if (!row) return null;
  const detail = await getCampaignDetail(ctx, row.id);
  return detail.ok ? detail.value : null;
}

function insertNewCampaign(ctx: Ctx, input: CreateCampaignInput): Promise<Result<CampaignDto, never>> {
  return ctx.db.transaction(async (tx) => {
    const row = await insertCampaign(tx, {
      organizationId: ctx.organization.id,
      name: input.name,
      template: input.template,
      voice: input.voice,
      speed: input.speed,
      language: input.language ?? ctx.organization.defaultLanguage,
      versions: input.versions ?? [],
      recipientSelection: storedSelection(ctx, input.recipients),
      missingValues: input.missingValues,
      sharedNumbers: input.sharedNumbers,
      creationKey: input.idempotencyKey,
    });
    await replaceRecipients(tx, row.id, ctx.organization.id, resolveSelection(ctx, input.recipients));
    const recipients = (await countRecipientsToCall(tx, [row])).get(row.id) ?? 0;
    return ok(campaignDto(row, recipients, emptySegmentCounts(), ctx.organization.timezone));
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
  given?: WorkerCapabilities | null,
): Promise<
  Result<
    CampaignDto,
    CampaignError<"campaign_not_found" | "campaign_not_draft" | "speed_out_of_range" | "unknown_voice" | "template_invalid" | "too_many_recipients" | "list_not_found" | "voice_language_mismatch">
  >
> {
  const worker = await workersOf(ctx, given);
  const current = await getCampaign(ctx.db, ctx.organization.id, id);
  if (!current) return err(campaignNotFound());
  if (current.status !== "draft") return err(appError("campaign_not_draft", "Only drafts can be edited; duplicate the campaign to change it."));
  const next = {
    language: input.language ?? current.language,
    template: input.template ?? current.template,
    voice: input.voice ?? current.voice,
    versions: input.versions ?? current.versions,
    speed: input.speed ?? current.speed,
  };
  // The saved template is checked again only when it changes (a custom field since deleted does not lock a draft).
  const checked = await checkVersions(ctx, next, worker, { mainTemplate: input.template !== undefined });
  if (!checked.ok) return checked;
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
      language: input.language,
      versions: input.versions,
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
  const recipients = (await countRecipientsToCall(ctx.db, [row])).get(id) ?? 0;
  return ok(campaignDto(row, recipients, await countCampaignSegments(ctx.db, id), ctx.organization.timezone));
}

export async function listCampaigns(ctx: Ctx): Promise<CampaignDto[]> {
  const rows = await listCampaignRows(ctx.db, ctx.organization.id);
  const ids = rows.map((r) => r.id);
  const [recipients, progress] = await Promise.all([countRecipientsToCall(ctx.db, rows), countSegmentsByCampaign(ctx.db, ids)]);
  return rows.map((r) => campaignDto(r, recipients.get(r.id) ?? 0, progress.get(r.id) ?? emptySegmentCounts(), ctx.organization.timezone));
}

/** The organisation's campaigns that have this contact among their recipients (drafts included), newest first. */
export function listCampaignsOfContact(ctx: Ctx, contactId: string): Promise<ContactCampaignRow[]> {
  return listCampaignRowsOfContact(ctx.db, ctx.organization.id, contactId);
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
  /** Recipients (before the missing-value policy) by the language of the version they hear. */
  languages: { language: string; recipients: number }[];
  /** Recipients who prefer a language the message has no version in: they hear the main version. */
  withoutOwnLanguage: number;
  variables: VariableValues[];
  /** Checks before launch, each with the number of recipients it concerns. */
  lint: LintFinding[];
  /** Each dictionary entry this campaign says, most sentences first. */
  pronunciations: PronunciationUse[];
  /**
   * What the speech check heard of the sentences that hold a merge value (stored results; hearing new ones is
   * checkCampaignSpeech's job), or why it did not run. It never blocks a launch.
   */
  speechCheck: SpeechCheckReport;
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
/**
 * A campaign's versions as planning uses them: the main one (its template, voice and language) first, then
 * one per other language. A template that does not parse, or a voice known to speak another language than
 * its version, is refused.
 */
export function messageVersionsOf(
  campaign: Pick<CampaignRow, "template" | "voice" | "language" | "versions">,
  offered: readonly string[] = [],
): Result<MessageVersion[], CampaignError<"template_invalid" | "voice_language_mismatch">> {
  const versions: MessageVersion[] = [];
  for (const v of [{ language: campaign.language, template: campaign.template, voice: campaign.voice }, ...campaign.versions]) {
    const parsed = parseTemplate(v.template);
    if (!parsed.ok) {
      const which = versions.length === 0 ? "The template" : `The ${languageName(v.language)} version`;
      return err(appError("template_invalid", `${which}: ${parsed.error[0]?.message ?? "it is not valid."}`, parsed.error));
    }
    const wrongVoice = checkVoiceLanguage(v.voice, v.language, offered);
    if (wrongVoice) return err(wrongVoice);
    versions.push({ language: v.language, template: parsed.value, voice: v.voice });
  }
  return ok(versions);
}

/**
 * A campaign's versions checked as launch needs them: each template valid (custom fields that exist), each
 * voice offered by the workers and speaking its version's language, the speed in range.
 */
export async function checkVersions(
  ctx: Ctx,
  campaign: Pick<CampaignRow, "language" | "template" | "voice" | "versions" | "speed">,
  worker: WorkerCapabilities | null,
  options: { mainTemplate?: boolean } = {},
): Promise<Result<MessageVersion[], CampaignError<"template_invalid" | "voice_language_mismatch" | "speed_out_of_range" | "unknown_voice">>> {
  const all = [{ language: campaign.language, template: campaign.template, voice: campaign.voice }, ...campaign.versions];
  for (const [i, v] of all.entries()) {
    const bad = checkVoiceAndSpeed(v.voice, campaign.speed, worker);
    if (bad) return err(bad);
    if (i === 0 && options.mainTemplate === false) continue;
    const template = await checkTemplate(ctx, v.template);
    if (!template.ok) return i === 0 ? template : err({ ...template.error, message: `The ${languageName(v.language)} version: ${template.error.message}` });
  }
  return messageVersionsOf(campaign, worker?.voices);
}

/** A voice that is known to speak another language than its version's is refused; a voice of no known language is not. */
export function checkVoiceLanguage(voice: string, language: string, offered: readonly string[] = []): CampaignError<"voice_language_mismatch"> | null {
  if (!languageOfVoice(voice)) return null;
  const spoken = assertVoiceSpeaks(voice, language, offered);
  return spoken.ok ? null : spoken.error;
}

export async function planCampaign(
  ctx: Ctx,
  id: string,
  given?: WorkerCapabilities | null,
  speechCheck: SpeechCheckClient | null = null,
): Promise<Result<CampaignPlan, CampaignError<"campaign_not_found" | "template_invalid" | "message_too_long" | "voice_language_mismatch">>> {
  const worker = await workersOf(ctx, given);
  const campaign = await getCampaign(ctx.db, ctx.organization.id, id);
  if (!campaign) return err(campaignNotFound());
  const versions = messageVersionsOf(campaign);
  if (!versions.ok) return versions;
  const lexicons = await loadLexicons(ctx);
  const target = renderTargetOf(campaign, worker);
  const tally = new PlanTally({
    organizationName: ctx.organization.name,
    template: versions.value[0]!.template,
    policy: campaign.missingValues,
    speed: campaign.speed,
    planner: new VersionPlanners(versions.value, (voice) => ({ ...target, voice }), lexicons),
    versions: versions.value,
  });
  const byLanguage = new Map<string, number>();
  let ownLanguageMissing = 0;
  // A page at a time, in name order, through a cursor (which needs a transaction): only counts and distinct keys are kept.
  const together = campaign.sharedNumbers === "together";
  const shared = { messages: 0, recipients: 0 };
  const remindedOnly = versions.value.some((v) => isAboutAppointments(v.template, campaign.recipientSelection));
  await ctx.db.transaction(async (tx) => {
    for await (const page of planningPages(tx, campaign, versions.value, ctx.organization, { order: "name" })) {
      tally.add(page.messages, (m) => 1 + page.othersOf(m).length);
      for (const m of page.messages) {
        const people = 1 + page.othersOf(m).length;
        byLanguage.set(m.language ?? campaign.language, (byLanguage.get(m.language ?? campaign.language) ?? 0) + people);
        if (m.withoutOwnLanguage) ownLanguageMissing += people;
      }
      for (const m of page.messages) {
        const others = page.othersOf(m).length;
        if (others === 0) continue;
        shared.messages++;
        shared.recipients += others + 1;
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
  // The time estimate counts what will really render: not audio any organisation already has, and not
  // segments a rendering campaign already queued (they are in the queue ahead).
  const queuedKeys = await listQueuedSegmentKeys(ctx.db, [...tally.segments.keys()], segmentKeysOfRenderingCampaigns());
  const willRender = [...tally.segments.values()].filter((s) => !doneKeys.has(s.key) && !queuedKeys.has(s.key));
  return ok({
    recipients: tally.recipients,
    recipientWindow: describeRecipientWindow(campaign.recipientSelection, ctx.organization.timezone, campaign.createdAt),
    distinctMessages: tally.distinctMessages,
    distinctSegments: tally.segments.size,
    alreadyRendered,
    toRender: missing.length,
    estimatedAudioSeconds: Math.round(audioSeconds),
    estimatedRenderTime: await estimateTimeLeft(ctx.db, "everything", worker, {
      segments: willRender.length,
      textUnits: willRender.reduce((sum, s) => sum + s.text.length / campaign.speed, 0),
    }),
    recipientsWithMissingValues: tally.withMissing,
    missingValues: tally.missingValues(),
    leftOut: { optedOut },
    leftOutByAppointment,
    sharedNumbers: together ? shared : null,
    languages: [...byLanguage].map(([language, recipients]) => ({ language, recipients })),
    withoutOwnLanguage: ownLanguageMissing,
    variables: tally.variableValues(),
    lint: tally.lintFindings(),
    pronunciations: tally.pronunciations(lexicons, ownKeys),
    speechCheck: await summarizeCampaignSpeech(ctx, speechCheck, campaign.voice, tally.speech.list()),
  });
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

/** `languageNote`: why this sample hears another version than this one, or a version not in their language; null when it is theirs. */
export type PreviewMessage = { contactId: string; name: string; merged: string; spoken: string; sentences: string[]; missing: string[]; language: string; languageNote: string | null };

/** The merged and normalised text for a few sample contacts: what the builder shows as the user types. */
export async function previewMessages(
  ctx: Ctx,
  input: PreviewMessagesInput,
): Promise<Result<PreviewMessage[], CampaignError<"template_invalid" | "campaign_not_found" | "message_too_long">>> {
  const template = await checkTemplate(ctx, input.template);
  if (!template.ok) return template;
  const limit = input.limit ?? 3;
  let samples: RecipientContactRow[] = [];
  if (input.contactIds?.length) {
    const rows = await getContactsForCampaign(ctx.db, ctx.organization.id, input.contactIds);
    samples = rows.map((c) => ({ ...c, recipientId: c.id, contactId: c.id }));
  } else if (input.campaignId) {
    if (!(await getCampaign(ctx.db, ctx.organization.id, input.campaignId))) return err(campaignNotFound());
    samples = await listRecipientContacts(ctx.db, input.campaignId, SAMPLE_POOL);
  }
  // Samples come from the campaign's recipients; a campaign without any yet shows the organisation's contacts.
  if (!input.contactIds?.length && samples.length === 0) {
    const { items } = await listContacts(ctx, { limit: SAMPLE_POOL, offset: 0 });
    samples = items.map((c) => ({ ...c, recipientId: c.id, contactId: c.id }));
  }
  const language = input.language ?? "en";
  const pool = await mergeRecipients(ctx.db, template.value, samples, ctx.organization.timezone, language);
  // Picked contacts are shown as asked; otherwise the few that show the most different values, and a hole if any.
  const merged = input.contactIds?.length ? pool.slice(0, limit) : pickVariedSamples(sampleCandidates(template.value, pool), limit).map((i) => pool[i]!);
  const tooLong = findTooLong(merged);
  if (tooLong) return err(tooLong);
  const lexicon = await loadLexicon(ctx, [], language);
  // The campaign's versions, main first (their text is not needed to say who hears which).
  const versions = (input.campaignLanguages ?? [language]).map((l) => ({ language: l, template: template.value, voice: "" }));
  const english = language === "en";
  return ok(
    merged.map((m) => {
      // Each language is normalised by its own speech rules and said with its own dictionary.
      const spoken = lexicon.apply(english ? normalizeForSpeech(m.merged) : normalizeForSpeech(m.merged, { language })).text;
      const heard = versionFor(versions, m.recipient.language, ctx.organization.defaultLanguage);
      return {
        language,
        languageNote: heard.note ?? (heard.version.language === language ? null : `Hears the ${languageName(heard.version.language)} version.`),
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

/**
 * Stops a campaign: its queued segments are no longer dispatched unless another live campaign needs them.
 * `also` runs in the same transaction (the calls domain ends the campaign's calls there).
 */
export async function cancelCampaign(
  ctx: Ctx,
  id: string,
  options: { also?: (tx: DbOrTx) => Promise<void> } = {},
): Promise<Result<CampaignDto, CampaignError<"campaign_not_found" | "campaign_not_launched">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, id);
  if (!campaign) return err(campaignNotFound());
  if (campaign.status !== "rendering" && campaign.status !== "draft") {
    return err(appError("campaign_not_launched", `A campaign that is ${campaign.status.replace("_", " ")} cannot be canceled.`));
  }
  await ctx.db.transaction(async (tx) => {
    await markCanceled(tx, id);
    await options.also?.(tx);
  });
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
      language: source.language,
      versions: source.versions,
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
