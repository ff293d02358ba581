import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startCarrierSimulator, type Answer, type CarrierSimulator } from "../../harness/carrier-simulator";
import { openBuilder } from "./builder";
import { expectNoHorizontalOverflow } from "./layout";

const shots = (name: string) => `test-results/screenshots/${name}.png`;
/** The simulator's own loopback port (the app's is E2E_PORT); 0 lets the system pick when it is taken. */
const SIMULATOR_PORT = Number(process.env.E2E_CARRIER_PORT ?? 0);
const CALLER_ID = "+15125550600";
const TEST_CALL_TO = "+15125550699";
const TEMPLATE = "Hi {{firstName}}, this is Bright Smile Dental about your visit on {{appointment.date}} at {{appointment.time}}.";

/**
 * How the 20 patients answer: 6 press 1, 3 press 2, 2 press 9, 3 voicemails, 3 busy lines, 3 nobody
 * answering (no retries, so busy and no answer are final).
 */
const ANSWERS: { answer: Answer; count: number; outcome: string }[] = [
  { answer: { kind: "human", keys: ["1"] }, count: 6, outcome: "Confirmed" },
  { answer: { kind: "human", keys: ["2"] }, count: 3, outcome: "Cancel requested" },
  { answer: { kind: "human", keys: ["9"] }, count: 2, outcome: "Opted out" },
  { answer: { kind: "machine" }, count: 3, outcome: "Voicemail left" },
  { answer: { kind: "busy" }, count: 3, outcome: "Busy" },
  { answer: { kind: "no-answer" }, count: 3, outcome: "No answer" },
];

/** A time zone whose local time now is between 9:00 and 19:00, so the 8:00–21:00 window is open while the test runs. */
function zoneInsideWindow(now = new Date()): string {
  const zones = ["America/Chicago", "America/New_York", "America/Los_Angeles", "Pacific/Honolulu", "America/Sao_Paulo", "Europe/London", "Europe/Berlin", "Asia/Dubai", "Asia/Kolkata", "Asia/Bangkok", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland"];
  for (const zone of zones) {
    const hour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "numeric", hourCycle: "h23" }).format(now));
    if (hour >= 9 && hour < 19) return zone;
  }
  throw new Error("no listed time zone is between 9:00 and 19:00 now");
}

let sim: CarrierSimulator;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  sim = await startCarrierSimulator({ port: SIMULATOR_PORT });
});

test.afterAll(async () => {
  await sim?.close();
});

/** Settings → Phone calls: the simulator as the carrier, 8:00–21:00 every day, no retries. */
async function connectCarrier(page: Page, width: number) {
  await page.goto("/settings/phone-calls");
  await expect(page.getByRole("heading", { name: "Phone calls" })).toBeVisible();
  await page.getByLabel("API address").fill(sim.baseUrl);
  await page.getByLabel("Account id").fill(sim.accountSid);
  await page.getByLabel("Auth token").fill(sim.authToken);
  await page.getByLabel("Caller ID").fill(CALLER_ID);
  await page.getByLabel("Calls per second").fill("5");
  await page.getByLabel("Calls from").fill("08:00");
  await page.getByLabel("Calls until").fill("21:00");
  for (const day of ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) await page.getByRole("checkbox", { name: day, exact: true }).check();
  await page.getByLabel("Retries").fill("0");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.reload();
  // APP_URL is this machine's loopback address, and the page says a real carrier could not reach it.
  await expect(page.getByText(/APP_URL is http:\/\/127\.0\.0\.1:\d+, an address on this computer/)).toBeVisible();
  await expect(page.getByLabel("Auth token")).toHaveValue("");
  await expect(page.getByText("Saved, and never shown. Leave empty to keep it.")).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: shots(`calls-settings-${width}`), fullPage: true, animations: "disabled" });
}

for (const { width, height, tag, day, first } of [
  { width: 1280, height: 900, tag: "Wide", day: 14, first: 700 },
  { width: 390, height: 844, tag: "Narrow", day: 21, first: 800 },
]) {
  test(`connect the carrier, test call, call 20 patients and see a confirmation on a contact (${width} px)`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width, height });
    await connectCarrier(page, width);

    // "Send me a test call" reaches the carrier: the simulator answers it and hears the test sentence.
    const before = sim.callsTo(TEST_CALL_TO).length;
    await page.getByLabel("Your phone number").fill("+1 512 555 0699");
    await page.getByRole("button", { name: "Call me" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Calling now." })).toBeVisible();
    await expect.poll(() => sim.callsTo(TEST_CALL_TO).length).toBe(before + 1);
    const testCall = sim.callsTo(TEST_CALL_TO).at(-1)!;
    expect(testCall.from).toBe(CALLER_ID);
    await expect.poll(() => testCall.status).toBe("completed");
    expect(testCall.said.join(" ")).toContain("This is a test call from Bright Smile Dental");
    await page.getByRole("region", { name: "Send me a test call" }).screenshot({ path: shots(`calls-test-call-${width}`) });

    // 20 patients in a time zone where it is daytime now, with appointments on one day of their own.
    const zone = zoneInsideWindow();
    const appointment = `2031-05-${day}`;
    const patients = ANSWERS.flatMap(({ answer, count, outcome }) => Array.from({ length: count }, () => ({ answer, outcome }))).map((p, i) => ({
      ...p,
      firstName: `Pat${tag}${String(i + 1).padStart(2, "0")}`,
      lastName: "Caller",
      phone: `+1512555${String(first + i).padStart(4, "0")}`,
    }));
    expect(patients).toHaveLength(20);
    for (const p of patients) sim.answer(p.phone, p.answer);
    const csv = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "calls-")), `patients-${tag}.csv`);
    await fs.writeFile(
      csv,
      ["Patient ID,First Name,Last Name,Phone,Appointment,Time Zone", ...patients.map((p, i) => `C${first + i},${p.firstName},${p.lastName},${p.phone},${appointment} 12:00,${zone}`)].join("\n"),
    );
    await openBuilder(page);
    await page.locator("#contacts-file").setInputFiles(csv);
    await expect(page.getByTestId("import-created")).toHaveText("20");
    // Only these patients: appointments around their day (a day either side covers any organisation time zone).
    await page.getByLabel("Appointments", { exact: true }).selectOption("range");
    await page.getByLabel("Appointments: first day").fill(`2031-05-${day - 1}`);
    await page.getByLabel("Appointments: last day").fill(`2031-05-${day + 1}`);
    await expect(page.getByRole("radio", { name: "Contacts with an appointment" })).toBeChecked();
    await expect(page.getByTestId("count-upcoming")).toHaveText("(20 contacts)");
    await page.getByLabel("Campaign name").fill(`Phone reminders ${tag}`);
    await page.getByLabel("Message", { exact: true }).fill(TEMPLATE);
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("plan-recipients")).toHaveText("20");
    await page.getByRole("button", { name: "Launch" }).click();
    await expect(page.getByTestId("progress-percent")).toHaveText("100%", { timeout: 90_000 });

    // Call recipients: the report fills in as the simulator answers.
    await page.getByRole("button", { name: "Call recipients" }).click();
    await expect(page.getByRole("status").filter({ hasText: "20 calls queued." })).toBeVisible();
    const report = page.getByRole("region", { name: "Calls", exact: true });
    const byOutcome = report.getByRole("list", { name: "Calls by outcome" });
    await expect(byOutcome).toBeVisible();
    for (const { outcome, count } of ANSWERS) await expect(byOutcome).toContainText(`${outcome}: ${count}`, { timeout: 90_000 });
    await expect(byOutcome).not.toContainText("In progress");
    for (const p of patients) expect(sim.callsTo(p.phone), p.phone).toHaveLength(1);
    expect(sim.calls.flatMap((c) => c.errors)).toEqual([]);
    await expect(report.getByRole("row", { name: new RegExp(`${patients[0]!.firstName}.*Confirmed.*pressed 1`) })).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await report.screenshot({ path: shots(`calls-report-${width}`) });
    await page.screenshot({ path: shots(`calls-campaign-${width}`), fullPage: true, animations: "disabled" });

    // A patient who pressed 1: the contact page shows the appointment confirmed by phone.
    const confirmed = patients[0]!;
    await page.goto("/contacts");
    await page.getByLabel("Search", { exact: true }).fill(confirmed.firstName);
    await page.getByRole("link", { name: `${confirmed.firstName} ${confirmed.lastName}` }).click();
    await expect(page.getByTestId("contact-name")).toHaveText(`${confirmed.firstName} ${confirmed.lastName}`);
    await expect(page.getByText("Confirmed by phone")).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: shots(`calls-contact-${width}`), fullPage: true, animations: "disabled" });

    // The journeys share one organisation: the patients this one imported leave with it (their calls too).
    const listed = await page.request.get(`/api/contacts?search=Pat${tag}&limit=100`);
    expect(listed.ok()).toBe(true);
    const { items } = (await listed.json()) as { items: { id: string }[] };
    expect(items).toHaveLength(patients.length);
    for (const contact of items) expect((await page.request.delete(`/api/contacts/${contact.id}`)).ok()).toBe(true);
  });
}
