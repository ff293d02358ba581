import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { contacts } from "@/drizzle/schema";
import { getMessageAudio } from "@/lib/campaigns";
import {
  cancelCampaign,
  createCampaign,
  duplicateCampaign,
  exportCampaignAudio,
  findStaleAudio,
  getCampaignDetail,
  launchCampaign,
  listCampaignRecipients,
  listCampaigns,
  listCampaignsWithStaleAudio,
  listCampaignsOfContact,
  planCampaign,
  previewMessages,
  rerenderStaleAudio,
  retryFailedSegments,
  updateDraftCampaign,
} from "@/lib/campaigns";
import { createApiKey, listApiKeyEvents, listApiKeys, revokeApiKey } from "@/lib/api-keys";
import {
  addContactsToList,
  countListContacts,
  createContactList,
  deleteContact,
  deleteContactList,
  deleteContacts,
  exportContactsCsv,
  getContactDetail,
  getContactList,
  importContactsCsv,
  listContactLists,
  listContacts,
  listCustomAttributeKeys,
  optInContact,
  optOutContact,
  removeContactsFromList,
  renameContactList,
  updateContact,
} from "@/lib/contacts";
import { type Ctx } from "@/lib/context";
import { createPronunciation, deletePronunciation, exportPronunciationsCsv, importPronunciationsCsv, listPronunciations, loadLexicon, updatePronunciation } from "@/lib/lexicon";
import { createOrganization, organizationSettingsSchema, updateOrganizationSettings } from "@/lib/organizations";
import { createPreviewLink, listPreviewLinks, revokePreviewLink } from "@/lib/previews";
import { createSchedule, deleteSchedule, getScheduleDetail, listSchedules, setSchedulePaused, updateSchedule } from "@/lib/schedules";
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints, replayWebhookDelivery } from "@/lib/webhooks";
import { createVoiceMix, deleteVoiceMix, listVoiceMixes, renameVoiceMix } from "@/lib/voices";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { createUserInOrganization } from "../../helpers/auth";
import { describeEachDatabase } from "../../helpers/test-db";
import { contextFromApiKey } from "@/lib/http/session";

/** Organisation A's rows that organisation B probes for. Mutating probes get a fresh campaign each time. */
type Fixture = {
  organizationId: string;
  /** A launched campaign whose audio says a value that has changed since. */
  staleId: string;
  /** A second stale campaign, for the probes through API keys. */
  keyStaleId: string;
  contactIds: string[];
  draftId: () => Promise<string>;
  launchedId: string;
  freshLaunchedId: () => Promise<string>;
  previewLinkId: string;
  messageKey: string;
  scheduleId: () => Promise<string>;
  endpointId: () => Promise<string>;
  deliveryId: string;
  listId: string;
  /** A contact of A made for a probe that deletes or changes it. */
  freshContactId: () => Promise<string>;
  freshListId: () => Promise<string>;
  pronunciationId: string;
  freshPronunciationId: () => Promise<string>;
  voiceMixId: string;
  listedApiKeyId: string;
  apiKeyId: () => Promise<string>;
};

type Outcome = { ok: true; value: unknown } | { ok: false; error: { code: string } } | unknown[];

/**
 * One row per use-case that app/ calls with a caller's context. `blocked` says whether the outcome hides
 * organisation A's row from the caller. Each row runs as B (must be blocked) and as A (must not be: proves
 * the probe would have found the row). A new use-case adds a row here.
 */
const PROBES: { name: string; run: (ctx: Ctx, a: Fixture) => Promise<Outcome>; blocked: (outcome: Outcome, a: Fixture) => boolean }[] = [
  { name: "campaigns list", run: (ctx) => listCampaigns(ctx), blocked: (o, a) => !(o as { id: string }[]).some((c) => c.id === a.launchedId) },
  { name: "campaign detail", run: (ctx, a) => getCampaignDetail(ctx, a.launchedId), blocked: isNotFound },
  { name: "campaign plan", run: async (ctx, a) => planCampaign(ctx, await a.draftId(), TEST_WORKER), blocked: isNotFound },
  { name: "update draft", run: async (ctx, a) => updateDraftCampaign(ctx, await a.draftId(), { name: "Renamed" }, TEST_WORKER), blocked: isNotFound },
  { name: "launch", run: async (ctx, a) => launchCampaign(ctx, await a.draftId(), TEST_WORKER), blocked: isNotFound },
  { name: "cancel", run: async (ctx, a) => cancelCampaign(ctx, await a.freshLaunchedId()), blocked: isNotFound },
  { name: "duplicate", run: (ctx, a) => duplicateCampaign(ctx, a.launchedId), blocked: isNotFound },
  { name: "retry failed renders", run: (ctx, a) => retryFailedSegments(ctx, a.launchedId), blocked: isNotFound },
  { name: "recipients", run: (ctx, a) => listCampaignRecipients(ctx, a.launchedId), blocked: isNotFound },
  { name: "export", run: (ctx, a) => exportCampaignAudio(ctx, a.launchedId, "http://localhost:3000", { format: "csv", profile: "generic" }, { key: Buffer.alloc(32, 1) }), blocked: isNotFound },
  {
    name: "template preview for picked contacts",
    run: (ctx, a) => previewMessages(ctx, { template: "Hi {{firstName}}.", contactIds: a.contactIds }),
    blocked: (o) => !JSON.stringify(o).includes("Alicia"),
  },
  { name: "template preview for a campaign", run: (ctx, a) => previewMessages(ctx, { template: "Hi {{firstName}}.", campaignId: a.launchedId }), blocked: isNotFound },
  {
    name: "new campaign picking contacts by id",
    run: (ctx, a) => createCampaign(ctx, { name: "Poach", template: "Hi {{firstName}}.", voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: a.contactIds } }, TEST_WORKER),
    blocked: (o) => !("ok" in o) || !o.ok || (o.value as { recipients: number }).recipients === 0,
  },
  { name: "contacts list", run: async (ctx) => (await listContacts(ctx, { limit: 100, offset: 0 })).items, blocked: (o, a) => !(o as { id: string }[]).some((c) => a.contactIds.includes(c.id)) },
  { name: "contacts search", run: async (ctx) => (await listContacts(ctx, { limit: 100, offset: 0, search: "Alicia" })).items, blocked: (o) => (o as unknown[]).length === 0 },
  { name: "custom attribute keys", run: (ctx) => listCustomAttributeKeys(ctx), blocked: (o) => !(o as string[]).includes("insurer") },
  { name: "preview link create", run: (ctx, a) => createPreviewLink(ctx, { campaignId: a.launchedId, expiresInHours: 1 }), blocked: isNotFound },
  { name: "preview link list", run: (ctx, a) => listPreviewLinks(ctx, a.launchedId), blocked: (o) => (o as unknown[]).length === 0 },
  { name: "preview link revoke", run: (ctx, a) => revokePreviewLink(ctx, a.previewLinkId), blocked: isNotFound },
  { name: "stale audio", run: (ctx, a) => findStaleAudio(ctx, a.staleId), blocked: isNotFound },
  {
    // A's contact ids, given by B, must not lead to A's campaigns.
    name: "campaigns with stale audio",
    run: (ctx, a) => listCampaignsWithStaleAudio(ctx, a.contactIds),
    blocked: (o, a) => !(o as { id: string }[]).some((c) => c.id === a.staleId),
  },
  // After the two above: A's own run renders the stale messages again, so nothing is stale after it.
  { name: "re-render stale audio", run: (ctx, a) => rerenderStaleAudio(ctx, a.staleId), blocked: isNotFound },
  {
    // No id comes from the caller: the owner's update can only ever reach their own organisation.
    name: "organisation settings update",
    run: (ctx) =>
      updateOrganizationSettings(
        { ...ctx, user: { role: "owner" } },
        organizationSettingsSchema.parse({ name: ctx.organization.name, timezone: ctx.organization.timezone, phoneCountry: "US", phoneSystem: "twilio" }),
      ),
    blocked: (o, a) => !("ok" in o) || !o.ok || (o.value as { id: string }).id !== a.organizationId,
  },
  { name: "campaigns of a contact", run: (ctx, a) => listCampaignsOfContact(ctx, a.contactIds[0]!), blocked: (o) => (o as unknown[]).length === 0 },
  { name: "contact detail", run: (ctx, a) => getContactDetail(ctx, a.contactIds[0]!), blocked: isNotFound },
  { name: "contact edit", run: async (ctx, a) => updateContact(ctx, await a.freshContactId(), { firstName: "Hijacked" }), blocked: isNotFound },
  { name: "contact delete", run: async (ctx, a) => deleteContact(ctx, await a.freshContactId()), blocked: isNotFound },
  { name: "contacts bulk delete", run: async (ctx, a) => deleteContacts(ctx, [await a.freshContactId()]), blocked: (o) => (o as { value: { deleted: number } }).value.deleted === 0 },
  { name: "contacts export", run: async (ctx) => [await new Response((await exportContactsCsv(ctx, {})).body).text()], blocked: (o) => !String(o).includes("Alicia") },
  { name: "contact opt out", run: async (ctx, a) => optOutContact(ctx, await a.freshContactId(), { source: "manual" }), blocked: isNotFound },
  { name: "contact opt in", run: async (ctx, a) => optInContact(ctx, await a.freshContactId()), blocked: isNotFound },
  { name: "lists", run: (ctx) => listContactLists(ctx), blocked: (o, a) => !(o as { id: string }[]).some((l) => l.id === a.listId) },
  { name: "list detail", run: (ctx, a) => getContactList(ctx, a.listId), blocked: isNotFound },
  { name: "list rename", run: (ctx, a) => renameContactList(ctx, a.listId, "A's list"), blocked: isNotFound },
  { name: "list add members", run: (ctx, a) => addContactsToList(ctx, a.listId, a.contactIds), blocked: isNotFound },
  { name: "list remove members", run: (ctx, a) => removeContactsFromList(ctx, a.listId, []), blocked: isNotFound },
  { name: "list recipient count", run: (ctx, a) => countListContacts(ctx, { listId: a.listId }), blocked: isNotFound },
  { name: "list delete", run: async (ctx, a) => deleteContactList(ctx, await a.freshListId()), blocked: isNotFound },
  {
    name: "new campaign to a list",
    run: (ctx, a) => createCampaign(ctx, { name: "Poach", template: "Hi {{firstName}}.", voice: "af_heart", speed: 1, recipients: { mode: "list", listId: a.listId } }, TEST_WORKER),
    blocked: isNotFound,
  },
  { name: "contacts of a list", run: async (ctx, a) => (await listContacts(ctx, { limit: 100, offset: 0, listId: a.listId })).items, blocked: (o) => (o as unknown[]).length === 0 },
  // Own organisation: the audio is found (ready or still rendering); another organisation: not found.
  { name: "message audio", run: (ctx, a) => getMessageAudio(ctx, a.messageKey, "wav"), blocked: isNotFound },
  { name: "schedules list", run: (ctx) => listSchedules(ctx), blocked: (o) => (o as unknown[]).length === 0 },
  { name: "schedule detail and history", run: async (ctx, a) => getScheduleDetail(ctx, await a.scheduleId()), blocked: isNotFound },
  { name: "schedule of another organisation's campaign", run: (ctx, a) => createSchedule(ctx, scheduleInput(a.launchedId)), blocked: isNotFound },
  {
    name: "schedule limited to another organisation's list",
    run: async (ctx, a) => createSchedule(ctx, { ...scheduleInput(await ownCampaignId(ctx)), listId: a.listId }),
    blocked: isNotFound,
  },
  { name: "schedule edit", run: async (ctx, a) => updateSchedule(ctx, await a.scheduleId(), scheduleInput(a.launchedId)), blocked: isNotFound },
  { name: "schedule pause", run: async (ctx, a) => setSchedulePaused(ctx, await a.scheduleId(), true), blocked: isNotFound },
  { name: "schedule delete", run: async (ctx, a) => deleteSchedule(ctx, await a.scheduleId()), blocked: isNotFound },
  { name: "webhook endpoints list", run: (ctx) => listWebhookEndpoints(ctx), blocked: (o) => (o as unknown[]).length === 0 },
  { name: "webhook endpoint delete", run: async (ctx, a) => deleteWebhookEndpoint(ctx, await a.endpointId()), blocked: isNotFound },
  { name: "webhook delivery log", run: (ctx) => listWebhookDeliveries(ctx), blocked: (o) => (o as unknown[]).length === 0 },
  { name: "webhook delivery replay", run: (ctx, a) => replayWebhookDelivery(ctx, a.deliveryId), blocked: isNotFound },
  { name: "API keys list", run: (ctx) => listApiKeys(ctx), blocked: (o, a) => !(o as { id: string }[]).some((k) => k.id === a.listedApiKeyId) },
  { name: "API key audit trail", run: (ctx) => listApiKeyEvents(ctx), blocked: (o, a) => !(o as { apiKeyId: string }[]).some((e) => e.apiKeyId === a.listedApiKeyId) },
  // Revoking needs the owner: both contexts get an owner of their own organisation for this probe.
  { name: "API key revoke", run: async (ctx, a) => revokeApiKey({ ...ctx, user: { id: ownerIds[ctx.organization.id]!, role: "owner" } }, await a.apiKeyId()), blocked: isNotFound },
  { name: "pronunciations list", run: (ctx) => listPronunciations(ctx), blocked: (o) => !JSON.stringify(o).includes("Alicia") },
  { name: "pronunciations export", run: async (ctx) => [await exportPronunciationsCsv(ctx)], blocked: (o) => !String(o).includes("Alicia") },
  { name: "dictionary applied to speech", run: async (ctx) => [(await loadLexicon(ctx)).apply("Hi Alicia.").text], blocked: (o) => String(o) === "Hi Alicia." },
  { name: "pronunciation edit", run: (ctx, a) => updatePronunciation(ctx, a.pronunciationId, { term: "Alicia", sayAs: "ah lee sha" }), blocked: isNotFound },
  { name: "pronunciation delete", run: async (ctx, a) => deletePronunciation(ctx, await a.freshPronunciationId()), blocked: isNotFound },
  { name: "voice mixes list", run: (ctx) => listVoiceMixes(ctx), blocked: (o, a) => !(o as { id: string }[]).some((m) => m.id === a.voiceMixId) },
  { name: "voice mix rename", run: (ctx, a) => renameVoiceMix(ctx, a.voiceMixId, { name: "House voice" }), blocked: isNotFound },
  // Last: as A it deletes the mix the rows above probe for.
  { name: "voice mix delete", run: (ctx, a) => deleteVoiceMix(ctx, a.voiceMixId), blocked: isNotFound },
];

/** A campaign of the caller's own organisation, so that only the list can be what a probe refuses. */
async function ownCampaignId(ctx: Ctx): Promise<string> {
  const created = await createCampaign(ctx, { name: "Own template", template: "Hi {{firstName}}.", voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: [] } }, TEST_WORKER);
  if (!created.ok) throw new Error(created.error.message);
  return created.value.id;
}

function scheduleInput(campaignId: string) {
  return { name: "Daily", campaignId, weekdays: [1, 2, 3, 4, 5], localTime: "09:00", daysAhead: 1 };
}
/** The owner's user id of each organisation in the test, for the probes that need one. */
const ownerIds: Record<string, string> = {};

function isNotFound(outcome: Outcome): boolean {
  return !Array.isArray(outcome) && !outcome.ok && /not_found$/.test(outcome.error.code);
}

describeEachDatabase("organisations never see each other's rows", (getDb) => {
  let ctxA: Ctx;
  let ctxB: Ctx;
  let fixture: Fixture;
  beforeAll(async () => {
    const { db, organization } = getDb();
    ctxA = { db, organization };
    ctxB = { db, organization: await createOrganization(db, { name: "Sunrise Physio" }) };
    const contactIds = await seedContacts(db, organization.id, [
      { firstName: "Alicia", phone: "+12025550101", attributes: { insurer: "Acme" } },
      { firstName: "Bruno", phone: "+12025550102" },
    ]);
    // B has contacts of its own, one with the same phone number as A's Alicia.
    await seedContacts(db, ctxB.organization.id, [{ firstName: "Zoe", phone: "+12025550199" }]);
    const newDraft = async () => {
      const created = await createCampaign(ctxA, { name: "A's reminders", template: "Hi {{firstName}}. Press 1 to confirm.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
      if (!created.ok) throw new Error(created.error.message);
      return created.value.id;
    };
    const newLaunched = async () => {
      const id = await newDraft();
      const launched = await launchCampaign(ctxA, id, TEST_WORKER);
      if (!launched.ok) throw new Error(launched.error.message);
      return id;
    };
    const launchedId = await newLaunched();
    const link = await createPreviewLink(ctxA, { campaignId: launchedId, expiresInHours: 1 });
    if (!link.ok) throw new Error(link.error.message);
    const recipients = await listCampaignRecipients(ctxA, launchedId);
    if (!recipients.ok) throw new Error(recipients.error.message);
    // Campaigns that read Alicia's insurer, which changes after launch: their audio now says the old one.
    // One for the probes by session and one for the probes by key, since re-rendering leaves nothing stale.
    const newInsurerCampaign = async () => {
      const draft = await createCampaign(ctxA, { name: "A's insurer notes", template: "Hi {{firstName}}, your insurer is {{custom.insurer}}.", voice: "af_heart", speed: 1, recipients: { mode: "all" }, missingValues: "fallback" }, TEST_WORKER);
      if (!draft.ok) throw new Error(draft.error.message);
      const launched = await launchCampaign(ctxA, draft.value.id, TEST_WORKER);
      if (!launched.ok) throw new Error(launched.error.message);
      return draft.value.id;
    };
    const [staleId, keyStaleId] = [await newInsurerCampaign(), await newInsurerCampaign()];
    await db.update(contacts).set({ attributes: { insurer: "Beta" } }).where(eq(contacts.id, contactIds[0]!));
    const mix = await createVoiceMix(ctxA, { name: "House voice", voice: "af_heart(2)+af_bella(1)" }, TEST_WORKER);
    if (!mix.ok) throw new Error(mix.error.message);
    // B saving a mix of the same name is its own mix, not a clash with A's.
    const mixB = await createVoiceMix(ctxB, { name: "House voice", voice: "af_bella" }, TEST_WORKER);
    if (!mixB.ok) throw new Error(mixB.error.message);
    const newSchedule = async () => {
      const created = await createSchedule(ctxA, scheduleInput(launchedId));
      if (!created.ok) throw new Error(created.error.message);
      return created.value.id;
    };
    const newEndpoint = async () => {
      const created = await createWebhookEndpoint(ctxA, { url: "http://127.0.0.1:9/hooks", eventTypes: ["campaign.canceled"] }, { allowPrivate: true });
      if (!created.ok) throw new Error(created.error.message);
      return created.value.endpoint.id;
    };
    await newSchedule();
    // One delivery in A's log: a canceled campaign, reported to A's endpoint.
    await newEndpoint();
    const canceled = await cancelCampaign(ctxA, await newLaunched());
    if (!canceled.ok) throw new Error(canceled.error.message);
    const [delivery] = await listWebhookDeliveries(ctxA);
    const list = await createContactList(ctxA, "A's patients");
    if (!list.ok) throw new Error(list.error.message);
    await addContactsToList(ctxA, list.value.id, contactIds);
    let freshPhone = 2025550150;
    const freshListId = async () => {
      const created = await createContactList(ctxA, `Throwaway ${freshPhone++}`);
      if (!created.ok) throw new Error(created.error.message);
      return created.value.id;
    };
    const freshContactId = async () => (await seedContacts(db, organization.id, [{ firstName: "Fresh", phone: `+1${freshPhone++}` }]))[0]!;
    for (const [ctx, email] of [[ctxA, "owner@brightsmile.test"], [ctxB, "owner@sunrise.test"]] as const) {
      ownerIds[ctx.organization.id] = (await createUserInOrganization(db, { email, password: "owner password 1", organizationId: ctx.organization.id, role: "owner" })).userId;
    }
    const newApiKey = async (ctx: Ctx, scope: "read" | "write") => {
      const created = await createApiKey({ ...ctx, user: { id: ownerIds[ctx.organization.id]!, role: "owner" } }, { name: "Dialer", scope });
      if (!created.ok) throw new Error(created.error.message);
      return created.value;
    };
    const newPronunciation = async (term: string) => {
      const created = await createPronunciation(ctxA, { term, sayAs: "ah lee sha" });
      if (!created.ok) throw new Error(created.error.message);
      return created.value.id;
    };
    let freshTerms = 0;
    fixture = {
      organizationId: organization.id,
      staleId,
      keyStaleId,
      contactIds,
      draftId: newDraft,
      launchedId,
      freshLaunchedId: newLaunched,
      previewLinkId: link.value.id,
      messageKey: recipients.value.items[0]!.messageKey!,
      scheduleId: newSchedule,
      endpointId: newEndpoint,
      deliveryId: delivery!.id,
      listId: list.value.id,
      freshContactId,
      freshListId,
      voiceMixId: mix.value.id,
      pronunciationId: await newPronunciation("Alicia"),
      freshPronunciationId: () => newPronunciation(`Alicia${++freshTerms}`),
      listedApiKeyId: (await newApiKey(ctxA, "read")).id,
      apiKeyId: async () => (await newApiKey(ctxA, "read")).id,
    };
    // The same probes through API keys: each organisation's write key resolves to that organisation only.
    const keyContext = async (ctx: Ctx) => {
      const resolved = await contextFromApiKey(getDb(), (await newApiKey(ctx, "write")).token);
      if (!resolved.ok) throw new Error(resolved.error.message);
      expect(resolved.value.organization.id).toBe(ctx.organization.id);
      return resolved.value;
    };
    [keyCtxA, keyCtxB] = [await keyContext(ctxA), await keyContext(ctxB)];
    // The rows above delete A's mix: the pass through keys probes a mix of its own.
    const keyMix = await createVoiceMix(ctxA, { name: "Front desk voice", voice: "af_bella" }, TEST_WORKER);
    if (!keyMix.ok) throw new Error(keyMix.error.message);
    keyFixture = { ...fixture, voiceMixId: keyMix.value.id, staleId: fixture.keyStaleId };
  });
  let keyCtxA: Ctx;
  let keyCtxB: Ctx;
  let keyFixture: Fixture;

  it.each(PROBES.map((p) => [p.name, p] as const))("%s: another organisation's ids find nothing", async (_name, probe) => {
    expect(probe.blocked(await probe.run(ctxB, fixture), fixture)).toBe(true);
    expect(probe.blocked(await probe.run(ctxA, fixture), fixture)).toBe(false);
  });

  it.each(PROBES.map((p) => [p.name, p] as const))("%s through an API key: another organisation's key finds nothing", async (_name, probe) => {
    expect(probe.blocked(await probe.run(keyCtxB, keyFixture), keyFixture)).toBe(true);
    expect(probe.blocked(await probe.run(keyCtxA, keyFixture), keyFixture)).toBe(false);
  });

  it("pronunciations import and plan: another organisation's entry of the same word is its own, and never said in A's campaigns", async () => {
    const report = await importPronunciationsCsv(ctxB, "term,say_as\nAlicia,impostor\n");
    expect(report).toMatchObject({ ok: true, value: { created: 1, updated: 0 } });
    expect((await listPronunciations(ctxA)).find((p) => p.term === "Alicia")?.sayAs).toBe("ah lee sha");
    const plan = await planCampaign(ctxA, await fixture.draftId(), TEST_WORKER);
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.value.pronunciations).toEqual([expect.objectContaining({ term: "Alicia", sayAs: "ah lee sha" })]);
  });

  it("contacts import: the same phone number in another organisation creates its own contact and leaves A's alone", async () => {
    const csv = Buffer.from("first_name,last_name,phone\nImpostor,Smith,+12025550101\n");
    const report = await importContactsCsv(ctxB, { csv, fileName: "poach.csv" });
    if (!report.ok) throw new Error(report.error.message);
    const rows = await getDb().db.select({ organizationId: contacts.organizationId, firstName: contacts.firstName }).from(contacts).where(eq(contacts.phone, "+12025550101"));
    expect(rows).toEqual(expect.arrayContaining([{ organizationId: ctxA.organization.id, firstName: "Alicia" }, { organizationId: ctxB.organization.id, firstName: "Impostor" }]));
    expect(rows).toHaveLength(2);
  });
});
