import type { Ctx } from "@/lib/context";
import { countContacts, getContactsForCampaign, getNextAppointments, listContacts, listCustomAttributeKeys } from "@/lib/contacts";
import type { DbOrTx } from "@/lib/db";
import { loadLexicon, type Lexicon } from "@/lib/lexicon";
import {
  emptySegmentCounts,
  estimateAudioSeconds,
  insertMessages,
  insertSegments,
  listDoneSegmentKeys,
  planMessages,
  type RenderPlan,
  type RenderTarget,
  type SegmentCounts,
} from "@/lib/renders";
import { appError, err, ok, type Result } from "@/lib/result";
import { SENTENCE_PAUSE_MS } from "@/lib/protocol/audio";
import { checkVoiceOffered } from "@/lib/voices";
import { estimateTimeLeft, type EtaRange } from "./eta";
import { normalizeForSpeech, splitSentences } from "@/lib/speech";
import {
  CUSTOM_VARIABLE_PREFIX,
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
  countRecipients,
  countSegmentsByCampaign,
  getCampaign,
  insertCampaign,
  insertCampaignSegments,
  listCampaigns as listCampaignRows,
  listRecipientContacts,
  listSegmentKeysOfOrganization,
  replaceRecipients,
  setRecipientMessages,
  updateCampaignRow,
  type CampaignRow,
  type RecipientContactRow,
} from "./queries";
import {
  MAX_MESSAGE_CHARS,
  MAX_RECIPIENTS,
  MAX_SPEED,
  MIN_SPEED,
  type CreateCampaignInput,
  type PreviewMessagesInput,
  type RecipientSelection,
  type UpdateCampaignInput,
} from "./schemas";
import { lintMessages, type LintFinding } from "./lint";

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
  recipients: number;
  progress: SegmentCounts;
  engine: string | null;
  modelVersion: string | null;
  createdAt: string;
  launchedAt: string | null;
  finishedAt: string | null;
};



function toDto(row: CampaignRow, recipients: number, progress: SegmentCounts): CampaignDto {
  return {
    id: row.id,
    name: row.name,
    template: row.template,
    voice: row.voice,
    speed: row.speed,
    status: row.status,
    recipientSelection: row.recipientSelection,
    recipients,
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
): Promise<Result<CampaignDto, CampaignError<"speed_out_of_range" | "unknown_voice" | "template_invalid" | "too_many_recipients">>> {
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
      recipientSelection: storedSelection(input.recipients),
    });
    const recipients = await replaceRecipients(tx, row.id, ctx.organization.id, input.recipients);
    return ok(toDto(row, recipients, emptySegmentCounts()));
  });
}

/** What the campaign row keeps of a selection: its mode and window, not the ids (those are the recipients). */
function storedSelection(selection: RecipientSelection): StoredRecipientSelection {
  return selection.mode === "contacts" ? { mode: "contacts" } : selection;
}

async function checkRecipientCount(ctx: Ctx, selection: RecipientSelection): Promise<CampaignError<"too_many_recipients"> | null> {
  const n =
    selection.mode === "all"
      ? await countContacts(ctx)
      : selection.mode === "upcoming"
        ? await countContacts(ctx, { upcomingWithinDays: selection.withinDays })
        : selection.contactIds.length;
  if (n <= MAX_RECIPIENTS) return null;
  return appError("too_many_recipients", `A campaign can have at most ${MAX_RECIPIENTS.toLocaleString("en-US")} recipients; this selection has ${n.toLocaleString("en-US")}.`);
}

/** Changes a draft. Launched campaigns are immutable: duplicate one to change it. */
export async function updateDraftCampaign(
  ctx: Ctx,
  id: string,
  input: UpdateCampaignInput,
  worker: WorkerCapabilities | null,
): Promise<
  Result<CampaignDto, CampaignError<"campaign_not_found" | "campaign_not_draft" | "speed_out_of_range" | "unknown_voice" | "template_invalid" | "too_many_recipients">>
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
      recipientSelection: input.recipients && storedSelection(input.recipients),
    });
    if (input.recipients) await replaceRecipients(tx, id, ctx.organization.id, input.recipients);
  });
  return getCampaignDetail(ctx, id);
}

export async function getCampaignDetail(ctx: Ctx, id: string): Promise<Result<CampaignDto, CampaignError<"campaign_not_found">>> {
  const row = await getCampaign(ctx.db, ctx.organization.id, id);
  if (!row) return err(campaignNotFound());
  const recipients = (await countRecipients(ctx.db, [id])).get(id) ?? 0;
  return ok(toDto(row, recipients, await countCampaignSegments(ctx.db, id)));
}

export async function listCampaigns(ctx: Ctx): Promise<CampaignDto[]> {
  const rows = await listCampaignRows(ctx.db, ctx.organization.id);
  const ids = rows.map((r) => r.id);
  const [recipients, progress] = await Promise.all([countRecipients(ctx.db, ids), countSegmentsByCampaign(ctx.db, ids)]);
  return rows.map((r) => toDto(r, recipients.get(r.id) ?? 0, progress.get(r.id) ?? emptySegmentCounts()));
}

type Appointment = { startsAt: Date; provider: string | null; location: string | null };
type MergedRecipient = { recipient: RecipientContactRow; data: MergeData; merged: string };

/** Merges the template for every recipient; appointments are loaded in one query, only when used. */
async function mergeRecipients(db: DbOrTx, template: ParsedTemplate, recipients: RecipientContactRow[], defaultTimezone: string): Promise<MergedRecipient[]> {
  const appointments = usesAppointment(template) ? await getNextAppointments(db, recipients.map((r) => r.contactId)) : null;
  return recipients.map((recipient) => {
    const data = toMergeData(recipient, appointments?.get(recipient.contactId) ?? null, defaultTimezone);
    return { recipient, data, merged: mergeTemplate(template, data) };
  });
}

function toMergeData(r: RecipientContactRow, appointment: Appointment | null, defaultTimezone: string): MergeData {
  return {
    contact: { firstName: r.firstName, lastName: r.lastName, phone: r.phone, email: r.email, timezone: r.timezone, attributes: r.attributes },
    appointment,
    defaultTimezone,
  };
}

function findTooLong(merged: MergedRecipient[]): CampaignError<"message_too_long"> | null {
  const tooLong = merged.filter((m) => m.merged.length > MAX_MESSAGE_CHARS);
  if (tooLong.length === 0) return null;
  const first = tooLong[0]!;
  const who = [first.recipient.firstName, first.recipient.lastName].filter(Boolean).join(" ") || first.recipient.phone;
  return appError(
    "message_too_long",
    `${tooLong.length} message(s) are longer than ${MAX_MESSAGE_CHARS} characters (too long for a phone call), e.g. the one for ${who} (${first.merged.length} characters). Shorten the template or the values it uses.`,
  );
}

/** `sentences[i]`: the sentence a recipient with `values[i]` hears it in, so it can be heard in context. */
export type VariableValues = { name: string; distinct: number; values: string[]; sentences: string[] };

export type CampaignPlan = {
  recipients: number;
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
  variables: VariableValues[];
  /** Checks before launch, each with the number of recipients it concerns. */
  lint: LintFinding[];
  /** Each dictionary entry this campaign says, most sentences first. */
  pronunciations: PronunciationUse[];
};

/**
 * Where one dictionary entry is said in a campaign: the distinct sentences and messages that hold its word,
 * the recipients who hear it, and how many of those sentences have no audio yet. Editing the entry changes
 * the key of every one of these sentences, so after an edit `toRender` equals `sentences`.
 */
export type PronunciationUse = { term: string; sayAs: string; sentences: number; messages: number; recipients: number; toRender: number };

const MAX_LISTED_VALUES = 50;

/** The engine, model, voice and speed a campaign's segments are keyed for. */
function renderTargetOf(campaign: CampaignRow, worker: WorkerCapabilities | null): RenderTarget {
  return {
    engine: worker?.engine ?? campaign.engine ?? "unknown",
    modelVersion: worker?.modelVersion ?? campaign.modelVersion ?? "unknown",
    voice: campaign.voice,
    speed: campaign.speed,
  };
}

type PlannedCampaign = {
  recipients: RecipientContactRow[];
  merged: MergedRecipient[];
  target: RenderTarget;
  lexicon: Lexicon;
  plan: RenderPlan;
  /** Set when a merged message is over MAX_MESSAGE_CHARS; nothing was normalised then (the plan is empty). */
  tooLong: CampaignError<"message_too_long"> | null;
};

/** The one planning path of plan and launch: every recipient merged, then normalised, split and keyed. */
async function planRecipients(db: DbOrTx, ctx: Ctx, campaign: CampaignRow, template: ParsedTemplate, worker: WorkerCapabilities | null): Promise<PlannedCampaign> {
  const recipients = await listRecipientContacts(db, campaign.id);
  const merged = await mergeRecipients(db, template, recipients, ctx.organization.timezone);
  const target = renderTargetOf(campaign, worker);
  const lexicon = await loadLexicon({ ...ctx, db: db as Ctx["db"] });
  // Checked before anything is normalised: a 100 KB value must not cost the request seconds of speech rules.
  const tooLong = findTooLong(merged);
  return { recipients, merged, target, lexicon, plan: planMessages(tooLong ? [] : merged.map((m) => m.merged), target, lexicon), tooLong };
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
  const { recipients, merged, lexicon, plan, tooLong } = await planRecipients(ctx.db, ctx, campaign, parsed.value, worker);
  if (tooLong) return err(tooLong);
  const segmentKeys = [...plan.segments.keys()];
  // Audio is shared across organisations (the dedupe win), but only the caller's own earlier campaigns
  // count as "already rendered": otherwise the count would say what another organisation has said.
  const doneKeys = worker ? await listDoneSegmentKeys(ctx.db, segmentKeys) : new Set<string>();
  const ownKeys = worker ? await listSegmentKeysOfOrganization(ctx.db, ctx.organization.id, [...doneKeys]) : new Set<string>();
  const alreadyRendered = worker ? ownKeys.size : null;
  const missing = [...plan.segments.values()].filter((s) => !ownKeys.has(s.key));
  const audioSeconds = missing.reduce((sum, s) => sum + estimateAudioSeconds(s.text, campaign.speed), 0);
  return ok({
    recipients: recipients.length,
    distinctMessages: plan.messages.size,
    distinctSegments: plan.segments.size,
    alreadyRendered,
    toRender: missing.length,
    estimatedAudioSeconds: Math.round(audioSeconds),
    estimatedRenderTime: await estimateTimeLeft(ctx.db, "everything", worker, {
      segments: missing.length,
      textUnits: missing.reduce((sum, s) => sum + s.text.length / campaign.speed, 0),
    }),
    recipientsWithMissingValues: merged.filter((m) => listMissingValues(parsed.value, m.data).length > 0).length,
    variables: collectVariableValues(parsed.value, merged),
    lint: lintPlannedMessages(ctx.organization.name, parsed.value, merged, plan, campaign.speed),
    pronunciations: countPronunciationUses(plan, lexicon, ownKeys),
  });
}

function countPronunciationUses(plan: RenderPlan, lexicon: Lexicon, renderedKeys: ReadonlySet<string>): PronunciationUse[] {
  const uses = new Map<string, PronunciationUse>();
  const useOf = (termKey: string) => {
    let use = uses.get(termKey);
    if (!use) {
      const entry = lexicon.entry(termKey);
      use = { term: entry?.term ?? termKey, sayAs: entry?.sayAs ?? "", sentences: 0, messages: 0, recipients: 0, toRender: 0 };
      uses.set(termKey, use);
    }
    return use;
  };
  for (const segment of plan.segments.values()) {
    for (const termKey of segment.pronounced) {
      const use = useOf(termKey);
      use.sentences++;
      if (!renderedKeys.has(segment.key)) use.toRender++;
    }
  }
  const termsByMessage = new Map<string, Set<string>>();
  for (const message of plan.messages.values()) {
    const terms = new Set(message.segmentKeys.flatMap((key) => plan.segments.get(key)!.pronounced));
    termsByMessage.set(message.key, terms);
    for (const termKey of terms) useOf(termKey).messages++;
  }
  for (const messageKey of plan.messageKeys) {
    for (const termKey of termsByMessage.get(messageKey) ?? []) useOf(termKey).recipients++;
  }
  return [...uses.values()].sort((a, b) => b.sentences - a.sentences || a.term.localeCompare(b.term));
}

function lintPlannedMessages(organizationName: string, template: ParsedTemplate, merged: MergedRecipient[], plan: RenderPlan, speed: number): LintFinding[] {
  const customFields = template.variables
    .filter((name) => name.startsWith(CUSTOM_VARIABLE_PREFIX))
    .flatMap((name) => {
      const single = parseTemplate(`{{${name}}}`);
      return single.ok ? [{ field: name.slice(CUSTOM_VARIABLE_PREFIX.length), single: single.value }] : [];
    });
  const messages = merged.map((m, i) => {
    const planned = plan.messages.get(plan.messageKeys[i]!)!;
    const pauses = (Math.max(0, planned.segmentKeys.length - 1) * SENTENCE_PAUSE_MS) / 1000 / speed;
    return {
      merged: m.merged,
      seconds: estimateAudioSeconds(planned.text, speed) + pauses,
      customFields: customFields.filter((c) => mergeTemplate(c.single, m.data).trim() !== "").map((c) => c.field),
    };
  });
  return lintMessages({ organizationName, messages });
}

function collectVariableValues(template: ParsedTemplate, merged: MergedRecipient[]): VariableValues[] {
  return template.variables.map((name) => {
    const single = parseTemplate(`{{${name}}}`);
    // Each distinct value with the merged message of the first recipient who has it.
    const values = new Map<string, string>();
    if (single.ok) {
      for (const m of merged) {
        const value = mergeTemplate(single.value, m.data).trim();
        if (value && !values.has(value)) values.set(value, m.merged);
      }
    }
    const sorted = [...values.keys()].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).slice(0, MAX_LISTED_VALUES);
    const sentences = sorted.map((value) => splitSentences(values.get(value)!).find((sentence) => sentence.includes(value)) ?? value);
    return { name, distinct: values.size, values: sorted, sentences };
  });
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
    samples = await listRecipientContacts(ctx.db, input.campaignId, limit);
  } else {
    const { items } = await listContacts(ctx, { limit, offset: 0 });
    samples = items.map((c) => ({ ...c, recipientId: c.id, contactId: c.id }));
  }
  const merged = await mergeRecipients(ctx.db, template.value, samples.slice(0, limit), ctx.organization.timezone);
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
        missing: listMissingValues(template.value, m.data),
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

/**
 * Plans and queues a draft's renders in ONE transaction: merge, normalise, split, key, insert missing segments
 * and messages (`on conflict do nothing`, so concurrent launches and campaigns that share sentences converge
 * on one row per key), link recipients, mark the campaign `rendering` (or `ready` if nothing is missing).
 * The campaign row is locked first, so two launches of one campaign cannot both plan it.
 */
export async function launchCampaign(
  ctx: Ctx,
  id: string,
  worker: WorkerCapabilities | null,
): Promise<Result<Launched, CampaignError<LaunchErrorCode>>> {
  if (!worker) return err(appError("worker_unavailable", "No TTS worker is ready, so the campaign cannot be launched yet. Start the worker and try again."));
  const outcome = await ctx.db.transaction(async (tx): Promise<Result<Launched["plan"], CampaignError<LaunchErrorCode>>> => {
    const campaign = await getCampaign(tx, ctx.organization.id, id, { forUpdate: true });
    if (!campaign) return err(campaignNotFound());
    if (campaign.status !== "draft") return err(appError("campaign_not_draft", "This campaign has already been launched."));
    const bad = checkVoiceAndSpeed(campaign.voice, campaign.speed, worker);
    if (bad) return err(bad);
    const template = await checkTemplate({ ...ctx, db: tx as unknown as Ctx["db"] }, campaign.template);
    if (!template.ok) return template;
    const { recipients, merged, target, plan, tooLong } = await planRecipients(tx, ctx, campaign, template.value, worker);
    if (recipients.length === 0) return err(appError("no_recipients", "Add at least one contact before launching."));
    if (recipients.length > MAX_RECIPIENTS) {
      return err(appError("too_many_recipients", `A campaign can have at most ${MAX_RECIPIENTS.toLocaleString("en-US")} recipients.`));
    }
    if (tooLong) return err(tooLong);
    const newSegments = await insertSegments(tx, [...plan.segments.values()], target);
    await insertMessages(tx, [...plan.messages.values()]);
    await setRecipientMessages(tx, merged.map((m, i) => ({ recipientId: m.recipient.recipientId, messageKey: plan.messageKeys[i]! })));
    await insertCampaignSegments(tx, id, [...plan.segments.keys()]);
    const summary = { distinctSegments: plan.segments.size, newSegments, distinctMessages: plan.messages.size };
    await markLaunched(tx, id, target, summary);
    return ok(summary);
  });
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
export async function duplicateCampaign(ctx: Ctx, id: string): Promise<Result<CampaignDto, CampaignError<"campaign_not_found" | "too_many_recipients">>> {
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
      recipientSelection: source.recipientSelection,
    });
    if (selection.mode === "contacts") await copyRecipients(tx, id, row.id);
    else await replaceRecipients(tx, row.id, ctx.organization.id, selection);
    return row;
  });
  return getCampaignDetail(ctx, copy.id);
}
