import { expect, test, type Page } from "@playwright/test";
import { openBuilder } from "./builder";
import { expectNoHorizontalOverflow } from "./layout";

const shots = (name: string) => `test-results/screenshots/${name}.png`;
const TEMPLATE = "Hi {{firstName}}, this is a reminder from your clinic about your visit. Call us back at 212 555 0199.";

/** Three contacts whose names and numbers are this viewport's own, so both runs share one database. */
function contactsCsv(tag: string, firstNumber: number): Buffer {
  const rows = ["Odile", "Paulo", "Quinn"].map((first, i) => `${first},${tag},(212) 555-${String(firstNumber + i).padStart(4, "0")},${first.toLowerCase()}@example.com,2030-04-0${i + 1} 10:00 AM,Dr. Rao`);
  return Buffer.from(["First Name,Last Name,Phone,Email,Appointment,Provider", ...rows].join("\n"));
}

async function newCampaignToList(page: Page, name: string, list: string) {
  await openBuilder(page);
  await page.getByLabel("Campaign name").fill(name);
  await page.getByLabel("Message", { exact: true }).fill(TEMPLATE);
  await page.getByLabel("List", { exact: true }).selectOption({ label: list });
  await expect(page.getByRole("radio", { name: "Contacts in the list" })).toBeChecked();
  await page.getByRole("button", { name: /^Save/ }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
}

for (const viewport of [
  { width: 1280, height: 900, tag: "Wide", firstNumber: 110 },
  { width: 390, height: 844, tag: "Narrow", firstNumber: 120 },
]) {
  test.describe(`contacts at ${viewport.width} px`, () => {
    test.describe.configure({ mode: "serial" });
    test.use({ viewport: { width: viewport.width, height: viewport.height } });
    const list = `Clinic ${viewport.tag}`;

    test("build a list from an import and send a campaign to it", async ({ page }) => {
      await openBuilder(page);
      await page.getByLabel("Add the imported contacts to a list").fill(list);
      await expect(page.getByLabel("Add the imported contacts to a list")).toHaveValue(list);
      await page.locator("#contacts-file").setInputFiles({ name: "schedule.csv", mimeType: "text/csv", buffer: contactsCsv(viewport.tag, viewport.firstNumber) });
      await expect(page.getByTestId("import-extras")).toContainText(`3 contacts added to the list "${list}"`);

      await page.getByLabel("Campaign name").fill(`To ${list}`);
      await page.getByLabel("Message", { exact: true }).fill(TEMPLATE);
      await page.getByLabel("List", { exact: true }).selectOption({ label: `${list} (3)` });
      await expect(page.getByTestId("count-list")).toHaveText("(3 contacts)");
      await page.getByRole("button", { name: /^Save/ }).click();
      await expect(page.getByTestId("plan-recipients")).toHaveText("3");
      await expectNoHorizontalOverflow(page);
      await page.screenshot({ path: shots(`contacts-list-campaign-${viewport.width}`), fullPage: true });
      const launch = page.getByRole("button", { name: "Launch" });
      await expect(launch).toBeEnabled();
      await launch.click();
      await expect(page.getByTestId("status-badge").first()).toHaveText("Ready", { timeout: 60_000 });

      await page.goto("/lists");
      await expect(page.getByTestId("lists")).toContainText(`${list}3 contacts`);
      await expectNoHorizontalOverflow(page);
      await page.screenshot({ path: shots(`lists-${viewport.width}`), fullPage: true });
    });

    test("a family on one number: one message naming each, and a renamed patient is named in the report", async ({ page }) => {
      // Their own number and a last name without the viewport's tag, so the other tests' searches never find them.
      const phone = `(212) 555-0${viewport.firstNumber + 7}`;
      const last = `Reyes${viewport.width}`;
      const family = (mateo: string) =>
        Buffer.from(
          [
            "Patient ID,First Name,Last Name,Phone,Appointment",
            `F-${viewport.width}-1,Lucia,${last},${phone},2030-04-02 9:00 AM`,
            `F-${viewport.width}-2,${mateo},${last},${phone},2030-04-02 9:30 AM`,
          ].join("\n"),
        );
      await openBuilder(page);
      await page.getByLabel("Add the imported contacts to a list").fill(`Family ${viewport.width}`);
      await page.locator("#contacts-file").setInputFiles({ name: "family.csv", mimeType: "text/csv", buffer: family("Mateo") });
      await expect(page.getByTestId("import-created")).toHaveText("2");

      await page.getByLabel("Campaign name").fill(`Family ${viewport.width}`);
      await page.getByLabel("Message", { exact: true }).fill("Hi {{firstName}}, your visit is at {{appointment.time}}. Call us back at 212 555 0199.");
      await page.getByLabel("List", { exact: true }).selectOption({ label: `Family ${viewport.width} (2)` });
      await page.getByRole("button", { name: /^Save/ }).click();
      await expect(page.getByTestId("plan-recipients")).toHaveText("2");
      await expect(page.getByTestId("plan-messages")).toHaveText("2");
      await page.getByRole("radio", { name: /One message naming each/ }).check();
      await page.getByRole("button", { name: /^Save/ }).click();
      await expect(page.getByTestId("plan-shared-count")).toHaveText("1 message names 2 patients together.");
      await expect(page.getByTestId("plan-messages")).toHaveText("1");
      await expectNoHorizontalOverflow(page);
      await page.getByTestId("plan-shared-numbers").scrollIntoViewIfNeeded();
      await page.screenshot({ path: shots(`plan-shared-numbers-${viewport.width}`) });

      // The practice renamed a patient: the same patient ID, so the same contact, and the report says so.
      await page.locator("#contacts-file").setInputFiles({ name: "family.csv", mimeType: "text/csv", buffer: family("Matteo") });
      await expect(page.getByTestId("import-changes")).toContainText(`Row 3: name changed from Mateo ${last} to Matteo ${last}.`);
      await expect(page.getByTestId("import-created")).toHaveText("0");
      await expectNoHorizontalOverflow(page);
      await page.getByTestId("import-changes").scrollIntoViewIfNeeded();
      await page.screenshot({ path: shots(`import-changes-${viewport.width}`) });

      // One call carries both: the table says so on the patient named in the other's message.
      const save = page.getByRole("button", { name: /^Save/ });
      if (await save.isEnabled()) await save.click();
      await expect(page.getByTestId("plan-shared-count")).toHaveText("1 message names 2 patients together.");
      const launch = page.getByRole("button", { name: "Launch" });
      await expect(launch).toBeEnabled();
      await launch.click();
      await expect(page.getByTestId("status-badge").first()).toHaveText("Ready", { timeout: 60_000 });
      await expect(page.getByTestId("recipient-shared")).toHaveCount(1);
      await expectNoHorizontalOverflow(page);
      await page.getByTestId("recipient-shared").scrollIntoViewIfNeeded();
      await page.screenshot({ path: shots(`recipients-shared-${viewport.width}`) });
    });

    test("opt a contact out and see the plan leave them out", async ({ page }) => {
      await page.goto("/contacts");
      await page.getByLabel("Search").fill(`Odile ${viewport.tag}`);
      await expect(page.getByTestId("contacts-table").locator("tbody tr")).toHaveCount(1);
      await page.getByRole("link", { name: `Odile ${viewport.tag}` }).click();
      await expect(page.getByTestId("contact-name")).toHaveText(`Odile ${viewport.tag}`);
      // The campaign of the first journey reached her.
      await expect(page.getByTestId("contact-campaigns")).toContainText(`To ${list}`);
      await page.getByLabel("Reason").fill("Asked on the phone");
      await page.getByRole("button", { name: "Mark do not call" }).click();
      await expect(page.getByTestId("opt-out-state")).toContainText("Reason: Asked on the phone");
      await expect(page.getByTestId("opt-out-state")).toContainText("set by hand by");
      await expectNoHorizontalOverflow(page);
      await page.screenshot({ path: shots(`contact-opted-out-${viewport.width}`), fullPage: true });

      await newCampaignToList(page, `Again to ${list}`, `${list} (3)`);
      await expect(page.getByTestId("plan-recipients")).toHaveText("2");
      await expect(page.getByTestId("plan-left-out")).toHaveText("1 contact is left out: on the do-not-call list. They are not called.");
      await expect(page.getByTestId("plan")).not.toContainText("Odile");
      await page.getByTestId("plan-left-out").scrollIntoViewIfNeeded();
      await page.screenshot({ path: shots(`plan-left-out-${viewport.width}`) });
    });

    test("find, edit and delete a contact", async ({ page }) => {
      await page.goto("/contacts");
      // Found by the digits of the number as people write it.
      await page.getByLabel("Search").fill(`555-${String(viewport.firstNumber + 1).padStart(4, "0")}`);
      await expect(page.getByTestId("contacts-table").locator("tbody tr")).toHaveCount(1);
      await expect(page.getByTestId("contacts-table")).toContainText(`Paulo ${viewport.tag}`);
      await expectNoHorizontalOverflow(page);
      await page.screenshot({ path: shots(`contacts-search-${viewport.width}`), fullPage: true });
      await page.getByRole("link", { name: `Paulo ${viewport.tag}` }).click();

      await page.getByLabel("First name").fill("Paula");
      await page.getByLabel("Phone").fill("not a phone");
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page.getByText("'not a phone' is not a phone number we can call")).toBeVisible();
      const newNumber = viewport.firstNumber + 5;
      await page.getByLabel("Phone").fill(`212.555.${String(newNumber).padStart(4, "0")}`);
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page.getByRole("status")).toHaveText("Saved.");
      await expect(page.getByTestId("contact-name")).toHaveText(`Paula ${viewport.tag}`);
      await page.reload();
      await expect(page.getByLabel("Phone")).toHaveValue(`+1212555${String(newNumber).padStart(4, "0")}`);
      await expect(page.getByText("Audio already rendered is kept").first()).toBeVisible();

      page.once("dialog", (dialog) => {
        expect(dialog.message()).toContain("removed from the recipients of every campaign");
        void dialog.accept();
      });
      await page.getByRole("button", { name: "Delete contact" }).click();
      await expect(page).toHaveURL(/\/contacts$/);
      await page.getByLabel("Search").fill(`Paula ${viewport.tag}`);
      await expect(page.getByText("No contact matches.")).toBeVisible();

      // Bulk delete: select what a search finds and delete it.
      await page.getByLabel("Search").fill(viewport.tag);
      await expect(page.getByTestId("contacts-table").locator("tbody tr")).toHaveCount(2);
      await page.getByLabel("Select every contact on this page").check();
      await expect(page.getByTestId("bulk-bar")).toContainText("2 contacts selected");
      await expectNoHorizontalOverflow(page);
      await page.screenshot({ path: shots(`contacts-bulk-${viewport.width}`), fullPage: true });
      page.once("dialog", (dialog) => void dialog.accept());
      await page.getByRole("button", { name: "Delete 2" }).click();
      await expect(page.getByText("No contact matches.")).toBeVisible();
    });
  });
}
