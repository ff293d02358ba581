import { expect, test, type Page } from "@playwright/test";
import { openBuilder } from "./builder";
import { OWNER } from "./owner";

const shots = (name: string) => `test-results/screenshots/${name}.png`;

// Amélie's number is written the French way, with no country code and no time zone: only the
// organisation's phone country can make it callable. Paul has no appointment: his message would miss it.
const CSV = ["First Name,Last Name,Phone,Appointment", "Amélie,Martin,06 12 34 56 78,2030-04-02 10:30", "Paul,Durand,07 81 22 33 44,"].join("\n");

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: shots(name), fullPage: true, animations: "disabled" });
  await page.setViewportSize({ width: 390, height: 844 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, "nothing scrolls sideways at 390 px").toBeLessThanOrEqual(390);
  await page.screenshot({ path: shots(`${name}-390`), fullPage: true, animations: "disabled" });
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function saveSettings(page: Page, settings: { name: string; timezone: string; country: string; callback: string; system: string }) {
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Organisation", exact: true })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(settings.name);
  await page.getByLabel("Time zone").selectOption(settings.timezone);
  await page.getByLabel("Phone country").selectOption(settings.country);
  await page.getByLabel("Callback number").fill(settings.callback);
  await page.getByLabel("Phone system").selectOption(settings.system);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
}

test("the organisation's name, time zone and country shape the starter message, the import and the plan", async ({ page }) => {
  // A number that is not a French one is refused with the reason, and nothing is saved.
  await page.goto("/settings");
  await page.getByLabel("Phone country").selectOption("FR");
  await page.getByLabel("Callback number").fill("06 12");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator("#callbackNumber-error")).toContainText("too short for a France phone number");

  await saveSettings(page, { name: "Cabinet Dentaire Martin", timezone: "Europe/Paris", country: "FR", callback: "01 42 68 53 00", system: "asterisk" });
  await expect(page.getByLabel("Callback number")).toHaveValue("+33142685300");
  await expect(page.getByText("Campaign pages and exports offer its formats first: μ-law (raw), WAV 8 kHz.")).toBeVisible();
  await shoot(page, "settings");

  // The starter message names the clinic and its callback number, and asks for no key press.
  await openBuilder(page);
  const message = page.getByLabel("Message", { exact: true });
  await expect(message).toHaveValue(/^Hi \{\{firstName\|there\}\}, this is Cabinet Dentaire Martin\. .* please call us at 01 42 68 53 00\.$/);
  await expect(message).not.toHaveValue(/Press 1|Bright Smile/);

  // A French national number imports in France.
  await page.locator("#contacts-file").setInputFiles({ name: "patients.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  // The report or the refusal, so a failed import shows its reason here.
  await expect(page.getByTestId("import-report").or(page.getByTestId("import-error"))).toBeVisible();
  await expect(page.getByTestId("import-created")).toHaveText("2");
  await expect(page.getByTestId("import-failed")).toHaveText("0");
  const found = (await (await page.request.get("/api/contacts?search=Am%C3%A9lie")).json()) as { items: { phone: string }[] };
  expect(found.items.map((c) => c.phone)).toEqual(["+33612345678"]);

  // The plan names the recipient whose message would miss a value, and which values.
  await page.getByLabel("Campaign name").fill("Rappels d'avril");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  const missing = page.getByTestId("plan-missing");
  await expect(missing).toContainText("1 recipient would miss a value");
  await expect(missing).toContainText("Paul Durand: no {{appointment.date}}, {{appointment.time}}");
  await shoot(page, "plan-missing-values");
  // Nothing launches with a hole in a message until the clinic chooses what happens to Paul.
  await expect(missing.getByTestId("plan-missing-ask")).toBeVisible();
  await expect(page.getByRole("button", { name: "Launch" })).toBeDisabled();
  await expect(page.locator("#launch-reason")).toContainText("choose in the plan");

  // Skipping them takes Paul out of the plan once the draft is saved.
  const recipients = Number(await page.getByTestId("plan-recipients").textContent());
  await missing.getByRole("radio", { name: /Skip them/ }).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("plan-recipients")).toHaveText(String(recipients - 1));
});

// The other journeys share this organisation and expect its first settings back, also when this one failed.
test.afterEach(async ({ page }) => {
  await saveSettings(page, { name: OWNER.organization, timezone: "America/New_York", country: "US", callback: "", system: "generic" });
});
