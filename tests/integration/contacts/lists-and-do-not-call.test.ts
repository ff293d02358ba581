import { beforeAll, expect, it } from "vitest";
import { createCampaign, duplicateCampaign, launchCampaign, listCampaignRecipients, planCampaign, type CreateCampaignInput } from "@/lib/campaigns";
import {
  addContactsToList,
  addDoNotCallNumbers,
  createContactList,
  deleteContactList,
  deleteContacts,
  exportContactsCsv,
  getContactDetail,
  importContactsCsv,
  importDoNotCallCsv,
  listContactLists,
  listContacts,
  optInContact,
  optOutContact,
  removeContactsFromList,
  renameContactList,
  updateContact,
  updateContactSchema,
} from "@/lib/contacts";
import type { Ctx } from "@/lib/context";
import { createOrganization } from "@/lib/organizations";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

const DAY = 24 * 3_600_000;
const at = (msFromNow: number) => ({ startsAt: new Date(Date.now() + msFromNow), provider: "Dr. Lee" });

function campaign(recipients: CreateCampaignInput["recipients"]): CreateCampaignInput {
  return { name: "Reminders", template: "Hi {{firstName}}, see you soon.", voice: "af_heart", speed: 1, recipients };
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function firstNames(ctx: Ctx, campaignId: string): Promise<string[]> {
  const page = unwrap(await listCampaignRecipients(ctx, campaignId, { limit: 100, offset: 0 }));
  return page.items.map((r) => r.name.split(" ")[0]!).sort();
}

describeEachDatabase("contact lists and do-not-call", (getDb) => {
  let ctx: Ctx;
  let ids: Record<string, string>;

  beforeAll(async () => {
    const { db, organization } = getDb();
    ctx = { db, organization };
    const people = [
      { firstName: "Ana", phone: "+12025550101", appointment: at(2 * DAY) },
      { firstName: "Ben", phone: "+12025550102", appointment: at(20 * DAY) },
      { firstName: "Cleo", phone: "+12025550103", appointment: at(3 * DAY) },
      { firstName: "Dev", phone: "+12025550104" },
    ];
    const seeded = await seedContacts(db, organization.id, people);
    ids = Object.fromEntries(people.map((p, i) => [p.firstName, seeded[i]!]));
  });

  it("creates, renames and deletes lists, and adds and removes members of the organisation only", async () => {
    const other = await createOrganization(getDb().db, { name: "Other clinic" });
    const [foreign] = await seedContacts(getDb().db, other.id, [{ firstName: "Zed", phone: "+12025550199" }]);
    const list = unwrap(await createContactList(ctx, "Recall"));
    expect((await createContactList(ctx, "Recall")).ok).toBe(false);
    const added = unwrap(await addContactsToList(ctx, list.id, [ids.Ana!, ids.Ben!, ids.Ben!, foreign!]));
    expect(added.added).toBe(2);
    expect(unwrap(await removeContactsFromList(ctx, list.id, [ids.Ben!])).removed).toBe(1);
    expect(unwrap(await renameContactList(ctx, list.id, "Hygiene recall")).name).toBe("Hygiene recall");
    expect((await listContactLists(ctx)).find((l) => l.id === list.id)).toMatchObject({ name: "Hygiene recall", members: 1 });
    expect((await listContacts(ctx, { limit: 10, offset: 0, listId: list.id })).items.map((c) => c.firstName)).toEqual(["Ana"]);
    unwrap(await deleteContactList(ctx, list.id));
    expect(unwrap(await getContactDetail(ctx, ids.Ana!)).lists).toEqual([]);
  });

  it("refuses a list name that differs from another only by case, on create and on rename", async () => {
    const monday = unwrap(await createContactList(ctx, "Monday schedule"));
    expect(await createContactList(ctx, "monday SCHEDULE")).toMatchObject({ ok: false, error: { code: "list_name_taken" } });
    const tuesday = unwrap(await createContactList(ctx, "Tuesday schedule"));
    expect(await renameContactList(ctx, tuesday.id, "MONDAY schedule")).toMatchObject({ ok: false, error: { code: "list_name_taken" } });
    // A list may change the case of its own name.
    expect(unwrap(await renameContactList(ctx, monday.id, "Monday Schedule")).name).toBe("Monday Schedule");
  });

  it("an import can create a named list and add to it again; a campaign goes to the list, optionally within a window", async () => {
    const first = unwrap(await importContactsCsv(ctx, { csv: "first_name,phone\nAna,+12025550101\nCleo,(202) 555-0103\n", listName: "Monday" }));
    expect(first.list).toMatchObject({ name: "Monday", added: 2 });
    const second = unwrap(await importContactsCsv(ctx, { csv: "first_name,phone\nBen,202-555-0102\n", listName: "Monday" }));
    expect(second.list).toMatchObject({ id: first.list!.id, added: 1 });

    const whole = unwrap(await createCampaign(ctx, campaign({ mode: "list", listId: first.list!.id }), TEST_WORKER));
    expect(await firstNames(ctx, whole.id)).toEqual(["Ana", "Ben", "Cleo"]);
    const soon = unwrap(await createCampaign(ctx, campaign({ mode: "list", listId: first.list!.id, window: { kind: "nextDays", days: 7 } }), TEST_WORKER));
    expect(soon.recipientSelection).toMatchObject({ mode: "list", listId: first.list!.id, window: { kind: "nextDays", days: 7 } });
    expect(await firstNames(ctx, soon.id)).toEqual(["Ana", "Cleo"]);
    // A copy chooses again from the list as it is now.
    unwrap(await removeContactsFromList(ctx, first.list!.id, [ids.Cleo!]));
    expect(await firstNames(ctx, unwrap(await duplicateCampaign(ctx, soon.id)).id)).toEqual(["Ana"]);
  });

  it("another organisation's list is not found, not an empty campaign", async () => {
    const other: Ctx = { db: getDb().db, organization: await createOrganization(getDb().db, { name: "Poacher" }) };
    const list = unwrap(await createContactList(ctx, "Private"));
    const result = await createCampaign(other, campaign({ mode: "list", listId: list.id }), TEST_WORKER);
    expect(result.ok ? null : result.error.code).toBe("list_not_found");
  });

  it("leaves opted-out contacts out of the plan and the launch in every mode, and says how many", async () => {
    const list = unwrap(await createContactList(ctx, "Everyone"));
    unwrap(await addContactsToList(ctx, list.id, Object.values(ids)));
    const selections: CreateCampaignInput["recipients"][] = [
      { mode: "all" },
      { mode: "upcoming", window: { kind: "nextDays", days: 30 } },
      { mode: "contacts", contactIds: [ids.Ana!, ids.Ben!, ids.Cleo!] },
      { mode: "list", listId: list.id },
      { mode: "list", listId: list.id, window: { kind: "nextDays", days: 30 } },
    ];
    // Drafts saved before the opt-out: exclusion happens when they are planned and launched.
    const drafts = await Promise.all(selections.map(async (s) => unwrap(await createCampaign(ctx, campaign(s), TEST_WORKER)).id));
    const detail = unwrap(await optOutContact(ctx, ids.Ben!, { reason: "Asked on the phone", source: "manual" }));
    expect(detail.optOut).toMatchObject({ phone: "+12025550102", reason: "Asked on the phone", source: "manual" });

    for (const id of drafts) {
      const plan = unwrap(await planCampaign(ctx, id, TEST_WORKER));
      expect(plan.leftOut).toEqual({ optedOut: 1 });
      expect(plan.variables.find((v) => v.name === "firstName")?.values).not.toContain("Ben");
      unwrap(await launchCampaign(ctx, id, TEST_WORKER));
      expect(await firstNames(ctx, id)).not.toContain("Ben");
    }
    // A draft saved after the opt-out, through the API's contacts-by-id mode, is covered the same way.
    const late = unwrap(await createCampaign(ctx, campaign({ mode: "contacts", contactIds: [ids.Ben!] }), TEST_WORKER));
    const refused = await launchCampaign(ctx, late.id, TEST_WORKER);
    expect(refused.ok ? null : refused.error).toMatchObject({ code: "no_recipients", message: expect.stringContaining("do-not-call") });

    unwrap(await optInContact(ctx, ids.Ben!));
    expect(unwrap(await planCampaign(ctx, late.id, TEST_WORKER)).leftOut).toEqual({ optedOut: 0 });
  });

  it("an opt-out column in an import, a do-not-call file and the API all opt numbers out; unknown numbers are remembered", async () => {
    const report = unwrap(await importContactsCsv(ctx, { csv: "first_name,phone,Do Not Call\nAna,+12025550101,yes\nCleo,+12025550103,no\nDev,+12025550104,maybe\n" }));
    expect(report.optedOut).toBe(1);
    expect(report.warnings.map((w) => w.message).join(" ")).toContain("'maybe' is neither yes nor no");

    const file = unwrap(await importDoNotCallCsv(ctx, { csv: "Phone,Reason\n(202) 555-0103,Letter\n+1 202 555 0177,Complaint\nnot a number,\n" }));
    expect(file).toMatchObject({ numbers: 2, added: 2, matchedContacts: 1 });
    expect(file.errors).toEqual([{ row: 4, message: expect.stringContaining("not a number") }]);
    expect(unwrap(await getContactDetail(ctx, ids.Cleo!)).optOut).toMatchObject({ reason: "Letter", source: "file" });

    // The remembered number: a later import of it is a contact who is already opted out.
    const later = unwrap(await importContactsCsv(ctx, { csv: "first_name,phone\nNew,202.555.0177\n" }));
    expect(later.created).toBe(1);
    const [created] = (await listContacts(ctx, { limit: 10, offset: 0, search: "New" })).items;
    expect(created).toMatchObject({ firstName: "New", optedOut: true });

    const api = unwrap(await addDoNotCallNumbers(ctx, { phones: ["2025550104", "+12025550104"] }));
    expect(api).toMatchObject({ numbers: 1, added: 1, matchedContacts: 1 });
    expect((await listContacts(ctx, { limit: 10, offset: 0 })).items.filter((c) => c.optedOut).map((c) => c.firstName).sort()).toEqual(["Ana", "Cleo", "Dev", "New"]);
  });

  it("edits a contact with the phone re-normalised, lets two contacts share a number, refuses an invalid one, and deletes in bulk", async () => {
    const shared = unwrap(await updateContact(ctx, ids.Dev!, { phone: "+1 202 555 0101" }));
    expect(shared.contact.phone).toBe("+12025550101");
    const edited = unwrap(await updateContact(ctx, ids.Dev!, updateContactSchema.parse({ firstName: "Devon", phone: "(202) 555-0188", email: "" })));
    expect(edited.contact).toMatchObject({ firstName: "Devon", phone: "+12025550188", email: null });
    const invalid = await updateContact(ctx, ids.Dev!, { phone: "12" });
    expect(invalid.ok ? null : invalid.error.code).toBe("phone_invalid");
    expect(unwrap(await getContactDetail(ctx, ids.Dev!)).contact.phone).toBe("+12025550188");

    const csv = await new Response((await exportContactsCsv(ctx, { search: "Devon" })).body).text();
    expect(csv.split("\r\n")).toEqual([expect.stringMatching(/^id,first_name,last_name,phone/), expect.stringContaining("Devon")]);

    expect(unwrap(await deleteContacts(ctx, [ids.Dev!, ids.Cleo!])).deleted).toBe(2);
    expect((await getContactDetail(ctx, ids.Dev!)).ok).toBe(false);
    // Cleo's number stays on the do-not-call list: re-importing her does not make her callable again.
    unwrap(await importContactsCsv(ctx, { csv: "first_name,phone\nCleo,+12025550103\n" }));
    expect((await listContacts(ctx, { limit: 10, offset: 0, search: "Cleo" })).items[0]).toMatchObject({ optedOut: true });
  });
});
