import { workersOf, type Ctx, type WorkerCapabilities } from "@/lib/context";
import { countContacts, countListContacts, describeAppointmentWindow, getContactsForCampaign, localDateOf, resolveAppointmentWindow, listContacts, listCustomAttributeKeys } from "@/lib/contacts";
import { env } from "@/lib/env";
import { loadLexicon } from "@/lib/lexicon";
import {
  emptySegmentCounts,
  estimateAudioSeconds,
  listDoneSegmentKeys,
  MessagePlanner,
  type RenderTarget,
  type SegmentCounts,
} from "@/lib/renders";
import { appError, err, ok, type Result } from "@/lib/result";
import { checkVoiceOffered } from "@/lib/voices";
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
  countOptedOutRecipients,
  countRecipients,
  countSegmentsByCampaign,
  getCampaign,
  insertCampaign,
  listCampaignRowsOfContact,
  listCampaigns as listCampaignRows,
  listRecipientContacts,
  listSegmentKeysOfOrganization,
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
import { findTooLong, PlanTally, type MergedRecipient, type MissingValuesReport, type PronunciationUse, type VariableValues } from "./plan-tally";
import { pickVariedSamples, type SampleCandidate } from "./samples";
import { mergeRecipients, planningPages } from "./planning";

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
): Promise<Result<CampaignDto, CampaignError<"speed_out_of_range" | "unknown_voice" | "template_invalid" | "too_many_recipients" | "list_not_found">>> {
  const worker = await workersOf(ctx, given);
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
    CampaignError<"campaign_not_found" | "campaign_not_draft" | "speed_out_of_range" | "unknown_voice" | "template_invalid" | "too_many_recipients" | "list_not_found">
  >
> {
  const worker = await workersOf(ctx, given);
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
  return ok(campaignDto(row, recipients, await countCampaignSegments(ctx.db, id), ctx.organization.timezone));
}

export async function listCampaigns(ctx: Ctx): Promise<CampaignDto[]> {
  const rows = await listCampaignRows(ctx.db, ctx.organization.id);
  const ids = rows.map((r) => r.id);
  const [recipients, progress] = await Promise.all([countRecipients(ctx.db, ids), countSegmentsByCampaign(ctx.db, ids)]);
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
export async function planCampaign(
  ctx: Ctx,
  id: string,
  given?: WorkerCapabilities | null,
  speechCheck: SpeechCheckClient | null = null,
): Promise<Result<CampaignPlan, CampaignError<"campaign_not_found" | "template_invalid" | "message_too_long">>> {
  const worker = await workersOf(ctx, given);
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
  await ctx.db.transaction(async (tx) => {
    for await (const page of planningPages(tx, campaign, parsed.value, ctx.organization.timezone, { order: "name" })) {
      tally.add(page.messages, (m) => 1 + page.othersOf(m).length);
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
    sharedNumbers: together ? shared : null,
    variables: tally.variableValues(),
    lint: tally.lintFindings(),
    pronunciations: tally.pronunciations(lexicon, ownKeys),
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
