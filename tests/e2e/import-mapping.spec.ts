import { expect, test, type Page } from "@playwright/test";
import { openBuilder } from "./builder";
import { expectNoHorizontalOverflow } from "./layout";

const shots = (name: string) => `test-results/screenshots/${name}.png`;

/**
 * A practice export the product cannot read by itself (no header it knows): the names are "Last, First",
 * statuses and languages are the practice's words. `tag` is the viewport's own last name, numbers its own,
 * and the extra "Ref" column makes each viewport's header row its own, so each sees the question once.
 */
function practiceExport(tag: string, width: number, firstNumber: number, rows: [string, string, string][]): Buffer {
  const lines = rows.map(([first, status, language], i) => `"${tag}, ${first}",303.555.${String(firstNumber + i).padStart(4, "0")},2030-06-0${i + 1} 9:30 AM,${status},${language},R${i}`);
  return Buffer.from([`Who,Digits,When,Visit,Tongue,Ref ${width}`, ...lines].join("\n"));
}

async function upload(page: Page, name: string, buffer: Buffer) {
  await page.getByRole("region", { name: "Import contacts" }).locator("#contacts-file").setInputFiles({ name, mimeType: "text/csv", buffer });
}

for (const viewport of [
  { width: 1280, height: 900, tag: "Mapwide", firstNumber: 410 },
  { width: 390, height: 844, tag: "Mapnarrow", firstNumber: 430 },
]) {
  test.describe(`import mapping at ${viewport.width} px`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("a practice export goes through the mapping step, is remembered, and its statuses and languages are kept", async ({ page }) => {
      const { tag, width, firstNumber } = viewport;
      await page.goto("/contacts");
      await page.getByLabel("Add the imported contacts to a list").fill(`Day sheet ${width}`);
      await upload(page, "day-sheet.csv", practiceExport(tag, width, firstNumber, [["Rosa", "Confirmed", "Español"], ["Wen", "Cancelled", "Mandarin"], ["Tom", "No show", "ENG"], ["Ines", "Scheduled", "spa"]]));

      // No phone column the product knows: it asks instead of refusing the file.
      const step = page.getByTestId("import-mapping");
      await expect(step).toBeVisible();
      await expect(page.getByTestId("mapping-reason")).toContainText("Some columns could not be matched");
      await expect(page.getByTestId("mapping-problem")).toContainText("No phone column found");
      await page.screenshot({ path: shots(`import-mapping-question-${width}`), fullPage: true });

      await step.getByLabel("Who", { exact: true }).selectOption("fullName");
      await step.getByLabel("Digits", { exact: true }).selectOption("phone");
      await step.getByLabel("When", { exact: true }).selectOption("appointmentDateTime");
      await step.getByLabel("Visit", { exact: true }).selectOption("status");
      await step.getByLabel("Tongue", { exact: true }).selectOption("language");
      await step.getByLabel(`Ref ${width}`).selectOption("ignore");
      const preview = page.getByTestId("mapping-preview");
      await expect(preview.locator("tbody tr")).toHaveCount(4);
      await expect(preview.locator("tbody tr").nth(0)).toContainText(`Rosa ${tag}`);
      await expect(preview.locator("tbody tr").nth(0)).toContainText(`+1303555${String(firstNumber).padStart(4, "0")}`);
      await expect(preview.locator("tbody tr").nth(0)).toContainText("Jun 1, 2030, 9:30 AM");
      await expect(preview.locator("tbody tr").nth(1)).toContainText("Cancelled");
      await expect(preview.locator("tbody tr").nth(0)).toContainText("es");
      await expectNoHorizontalOverflow(page);
      await step.scrollIntoViewIfNeeded();
      await page.screenshot({ path: shots(`import-mapping-preview-${width}`), fullPage: true });

      await page.getByTestId("mapping-import").click();
      await expect(page.getByTestId("import-created")).toHaveText("4");
      await expect(page.getByTestId("import-failed")).toHaveText("0");
      await expect(page.getByTestId("import-mapping-source")).toContainText("Read with the columns you chose");
      await page.screenshot({ path: shots(`import-mapping-report-${width}`), fullPage: true });

      // The next day's file with the same columns imports without the question; the mapping can still be opened.
      await upload(page, "day-sheet-2.csv", practiceExport(tag, width, firstNumber + 4, [["Ada", "Unconfirmed", "English"]]));
      await expect(page.getByTestId("import-created")).toHaveText("1");
      await expect(page.getByTestId("import-mapping-source")).toContainText("Read with the columns you chose before for these headers.");
      await expect(step).toHaveCount(0);
      await page.getByRole("button", { name: "Check the columns" }).click();
      await expect(page.getByTestId("import-mapping")).toBeVisible();
      await expect(page.getByTestId("import-mapping").getByLabel("Digits")).toHaveValue("phone");
      await page.getByRole("button", { name: "Cancel" }).click();

      // The contacts: five, with their names and numbers.
      await page.getByLabel("Search").fill(tag);
      const table = page.getByTestId("contacts-table");
      await expect(table.locator("tbody tr")).toHaveCount(5);
      for (const [i, first] of ["Rosa", "Wen", "Tom", "Ines"].entries()) {
        await expect(table.locator("tbody tr", { hasText: `${first} ${tag}` })).toContainText(`+1303555${String(firstNumber + i).padStart(4, "0")}`);
      }
      await expect(table.locator("tbody tr", { hasText: `Ada ${tag}` })).toContainText(`+1303555${String(firstNumber + 4).padStart(4, "0")}`);
      await expectNoHorizontalOverflow(page);
      await page.screenshot({ path: shots(`import-mapping-contacts-${width}`), fullPage: true });

      // Each contact keeps its appointment's status and its language.
      for (const [first, status, language] of [["Wen", "Cancelled", "Chinese (zh)"], ["Rosa", "Confirmed", "Spanish (es)"], ["Tom", "No-show", "English (en)"]]) {
        await page.goto("/contacts");
        await page.getByLabel("Search").fill(`${first} ${tag}`);
        await page.getByRole("link", { name: `${first} ${tag}` }).click();
        await expect(page.getByTestId("contact-name")).toHaveText(`${first} ${tag}`);
        await expect(page.getByTestId("appointment-status")).toHaveText(status!);
        await expect(page.getByTestId("contact-language")).toHaveText(`Preferred language: ${language}`);
      }
      await expectNoHorizontalOverflow(page);
      await page.screenshot({ path: shots(`import-mapping-contact-${width}`), fullPage: true });

      // A reminder to the day sheet: the cancelled and the no-show patients are left out, and the plan says why.
      await openBuilder(page);
      await page.getByLabel("Campaign name").fill(`Reminders ${width}`);
      await page.getByLabel("Message", { exact: true }).fill("Hi {{firstName}}, see you {{appointment.date}} at {{appointment.time}}. Call us back at 212 555 0199.");
      await page.getByLabel("List", { exact: true }).selectOption({ label: `Day sheet ${width} (5)` });
      await page.getByRole("button", { name: /^Save/ }).click();
      await expect(page.getByTestId("plan-recipients")).toHaveText("3");
      await expect(page.getByTestId("plan-left-out-appointments")).toContainText("2 left out: appointment cancelled (1), no-show (1)");
      await expectNoHorizontalOverflow(page);
      await page.getByTestId("plan-left-out-appointments").scrollIntoViewIfNeeded();
      await page.screenshot({ path: shots(`import-mapping-plan-${width}`) });
    });
  });
}
