import { beforeAll, expect, it } from "vitest";
import {
  addDoNotCallNumbers,
  getContactDetail,
  importContactsCsv,
  importDoNotCallCsv,
  listDoNotCallBatches,
  optOutContact,
  previewDoNotCallCsv,
  undoDoNotCallBatch,
} from "@/lib/contacts";
import type { Ctx } from "@/lib/context";
import { createOrganization } from "@/lib/organizations";
import { seedContacts } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** An appointment export of the kind a practice system writes: every patient of the day, with a phone column. */
const APPOINTMENT_EXPORT = [
  "First Name,Last Name,Phone,Appointment Date,Appointment Time,Provider",
  "Ana,Ames,(202) 555-0201,2026-03-03,9:00 AM,Dr. Lee",
  "Ben,Bell,(202) 555-0202,2026-03-03,10:00 AM,Dr. Lee",
  "Cleo,Cole,(202) 555-0203,2026-03-03,11:00 AM,Dr. Lee",
  "Dora,Dunn,(202) 555-0299,2026-03-03,1:00 PM,Dr. Lee",
  "Bad,Row,call me,2026-03-03,2:00 PM,Dr. Lee",
].join("\n");

describeEachDatabase("bulk opt-outs: preview, batches and undo", (getDb) => {
  let ctx: Ctx;
  let ids: Record<string, string>;
  const optedOut = async (name: string) => unwrap(await getContactDetail(ctx, ids[name]!)).optOut !== null;

  beforeAll(async () => {
    const { db, organization } = getDb();
    ctx = { db, organization };
    const people = [
      { firstName: "Ana", phone: "+12025550201" },
      { firstName: "Ben", phone: "+12025550202" },
      { firstName: "Cleo", phone: "+12025550203" },
    ];
    const seeded = await seedContacts(db, organization.id, people);
    ids = Object.fromEntries(people.map((p, i) => [p.firstName, seeded[i]!]));
  });

  it("previews a file without saving anything, and warns when it looks like an appointment export", async () => {
    unwrap(await optOutContact(ctx, ids.Cleo!, { source: "manual", reason: "Asked at the desk" }));
    const preview = unwrap(await previewDoNotCallCsv(ctx, { csv: APPOINTMENT_EXPORT }));
    expect(preview).toMatchObject({ numbers: 4, newOptOuts: 3, alreadyOptedOut: 1, matchedContacts: 3 });
    expect(preview.errors).toEqual([{ row: 6, message: expect.stringContaining("call me") }]);
    expect(preview.warning).toMatch(/looks like a contact or appointment export.*"First Name".*"Appointment Date"/);
    expect(await optedOut("Ana")).toBe(false);
    expect(await listDoNotCallBatches(ctx)).toEqual([]);

    const plain = unwrap(await previewDoNotCallCsv(ctx, { csv: "Phone,Reason\n(202) 555-0201,Letter\n" }));
    expect(plain).toMatchObject({ numbers: 1, newOptOuts: 1, warning: null });
    expect((await previewDoNotCallCsv(ctx, { csv: "nothing here\nnor here\n" })).ok).toBe(false);
  });

  it("undoes a file in one step, and never lifts a number's own opt-out made before or after it", async () => {
    const report = unwrap(await importDoNotCallCsv(ctx, { csv: APPOINTMENT_EXPORT, fileName: "appointments-0303.csv" }));
    expect(report).toMatchObject({ numbers: 4, added: 3, batch: { source: "file", fileName: "appointments-0303.csv", numbers: 4, added: 3, undoneAt: null } });
    expect([await optedOut("Ana"), await optedOut("Ben"), await optedOut("Cleo")]).toEqual([true, true, true]);

    // Ben asks not to be called, by hand, after the file: his own opt-out.
    unwrap(await optOutContact(ctx, ids.Ben!, { source: "manual", reason: "Phoned in" }));

    const undone = unwrap(await undoDoNotCallBatch(ctx, report.batch.id));
    expect(undone).toMatchObject({ id: report.batch.id, removed: 2, undoneAt: expect.any(String) });
    // Ana and the unknown number leave the list; Cleo (before) and Ben (after) stay, as they set it.
    expect(await optedOut("Ana")).toBe(false);
    expect(unwrap(await getContactDetail(ctx, ids.Ben!)).optOut).toMatchObject({ source: "manual", reason: "Phoned in" });
    expect(unwrap(await getContactDetail(ctx, ids.Cleo!)).optOut).toMatchObject({ source: "manual", reason: "Asked at the desk" });
    const later = unwrap(await importContactsCsv(ctx, { csv: "first_name,phone\nDora,(202) 555-0299\n" }));
    expect(later.created).toBe(1);

    // A second undo changes nothing; the batch says it was undone.
    unwrap(await optOutContact(ctx, ids.Ana!, { source: "manual" }));
    expect(unwrap(await undoDoNotCallBatch(ctx, report.batch.id))).toMatchObject({ removed: 2 });
    expect(await optedOut("Ana")).toBe(true);
    expect((await listDoNotCallBatches(ctx))[0]).toMatchObject({ id: report.batch.id, undoneAt: expect.any(String), removed: 2 });
  });

  it("keeps API lists and an import's opt-out column as batches too, undoable only by their organisation", async () => {
    const api = unwrap(await addDoNotCallNumbers(ctx, { phones: ["+12025550301", "2025550302"] }));
    expect(api.batch).toMatchObject({ source: "api", numbers: 2, added: 2 });
    const imported = unwrap(await importContactsCsv(ctx, { csv: "first_name,phone,opt out\nEve,2025550401,yes\nFay,2025550402,no\n", fileName: "patients.csv" }));
    expect(imported.optedOut).toBe(1);
    const [importBatch] = await listDoNotCallBatches(ctx);
    expect(importBatch).toMatchObject({ source: "import", fileName: "patients.csv", numbers: 1, added: 1 });

    const other: Ctx = { db: getDb().db, organization: await createOrganization(getDb().db, { name: "Elsewhere" }) };
    const foreign = await undoDoNotCallBatch(other, api.batch.id);
    expect(foreign.ok ? null : foreign.error.code).toBe("do_not_call_batch_not_found");
    expect(unwrap(await undoDoNotCallBatch(ctx, importBatch!.id))).toMatchObject({ removed: 1 });
    expect(unwrap(await undoDoNotCallBatch(ctx, api.batch.id))).toMatchObject({ removed: 2 });
  });
});
