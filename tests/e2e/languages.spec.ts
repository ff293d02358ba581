import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { openBuilder } from "./builder";
import { expectNoHorizontalOverflow } from "./layout";

const shots = (name: string) => `test-results/screenshots/${name}.png`;
const ENGLISH = "Hi {{firstName}}, your appointment is on {{appointment.date}} at {{appointment.time}}.";
const SPANISH = "Hola {{firstName}}, su cita es el {{appointment.date}} a las {{appointment.time}}.";

test.describe.configure({ mode: "serial" });

// A practice export with a language column; each width imports its own patients (numbers differ).
for (const { width, height, tag, first } of [
  { width: 1280, height: 900, tag: "Wide", first: 610 },
  { width: 390, height: 844, tag: "Narrow", first: 620 },
]) {
  test(`a reminder in English and Spanish, previewed and planned by each patient's language (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    const csv = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "languages-")), `patients-${tag}.csv`);
    await fs.writeFile(
      csv,
      [
        "Patient ID,First Name,Last Name,Phone,Appointment,Preferred Language",
        `L${first},Lucía${tag},Reyes,(512) 555-0${first},2030-03-05 14:30,Spanish`,
        `F${first},Pierre${tag},Dubois,(512) 555-0${first + 1},2030-03-05 10:00,French`,
      ].join("\n"),
    );
    await openBuilder(page);
    await page.locator("#contacts-file").setInputFiles(csv);
    await expect(page.getByTestId("import-created")).toHaveText("2");
    await page.getByLabel("Campaign name").fill(`Reminders in two languages ${tag}`);
    await page.getByLabel("Message", { exact: true }).fill(ENGLISH);

    const spanish = page.getByTestId("spanish-version");
    await spanish.getByLabel(/Also in Spanish/).check();
    await page.getByLabel("Spanish message", { exact: true }).fill(SPANISH);
    await expect(page.getByLabel("Spanish voice", { exact: true })).toHaveValue(/^e[fm]_/);
    // The Spanish preview merges Spanish dates and times, and says who would hear the English message instead.
    // Samples vary (other contacts, one with a hole): one with an appointment reads it the Spanish way.
    await expect(spanish.getByTestId("preview-merged").filter({ hasText: /^Hola \S+, su cita es el \w+ \d+ de \w+ a las / }).first()).toBeVisible();
    await expect(spanish.getByTestId("preview-language-note").first()).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await spanish.screenshot({ path: shots(`languages-builder-${width}`) });

    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
    const languages = page.getByTestId("plan-languages");
    await expect(languages).toContainText(/\d+ in English, [1-9]\d* in Spanish\./);
    await expect(languages).toContainText("the message has no version in");
    await expect(page.getByLabel("Spanish message", { exact: true })).toHaveValue(SPANISH);
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: shots(`languages-plan-${width}`), fullPage: true });
  });
}
