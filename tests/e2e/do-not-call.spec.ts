import { expect, test, type Page } from "@playwright/test";
import { expectNoHorizontalOverflow } from "./layout";

const shots = (name: string) => `test-results/screenshots/${name}.png`;

/** A practice system's appointment export: patients with a phone column, the file a manager might drop in the wrong place. */
function appointmentExport(tag: string, firstNumber: number): Buffer {
  const rows = ["Rosa", "Sami", "Tess"].map((first, i) => `${first},${tag},(212) 555-${String(firstNumber + i).padStart(4, "0")},2030-05-0${i + 1},9:00 AM,Dr. Rao`);
  return Buffer.from(["First Name,Last Name,Phone,Appointment Date,Appointment Time,Provider", ...rows].join("\n"));
}

/** The "Do not call" marks the contacts table shows for this viewport's three patients, by first name. */
async function optedOut(page: Page, tag: string): Promise<string[]> {
  await page.getByLabel("Search").fill(tag);
  const rows = page.getByTestId("contacts-table").locator("tbody tr");
  await expect(rows).toHaveCount(3);
  const marked: string[] = [];
  for (const row of await rows.all()) {
    if ((await row.getByText("Do not call", { exact: true }).count()) > 0) marked.push((await row.getByRole("link").first().innerText()).split(" ")[0]!);
  }
  return marked.sort();
}

for (const viewport of [
  { width: 1280, height: 900, tag: "Dncwide", firstNumber: 710 },
  { width: 390, height: 844, tag: "Dncnarrow", firstNumber: 720 },
]) {
  test(`do-not-call file at ${viewport.width} px: shows what it will do, asks, and undoes in one step without lifting an own opt-out`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const file = { name: `appointments-${viewport.tag}.csv`, mimeType: "text/csv", buffer: appointmentExport(viewport.tag, viewport.firstNumber) };

    // The contact import is on the Contacts page itself.
    await page.goto("/contacts");
    await page.getByRole("region", { name: "Import contacts" }).locator("#contacts-file").setInputFiles(file);
    await expect(page.getByTestId("import-created")).toHaveText("3");

    // Rosa asks not to be called: her own opt-out, by hand.
    await page.getByLabel("Search").fill(`Rosa ${viewport.tag}`);
    await page.getByRole("link", { name: `Rosa ${viewport.tag}` }).click();
    await page.getByLabel("Reason").fill("Asked at the desk");
    await page.getByRole("button", { name: "Mark do not call" }).click();
    await expect(page.getByTestId("opt-out-state")).toContainText("set by hand by");

    // The same export dropped on the do-not-call button: it says what it would do and warns; nothing is saved yet.
    await page.goto("/contacts");
    const dnc = page.getByRole("region", { name: "Do-not-call file" });
    await dnc.locator('input[type="file"]').setInputFiles(file);
    const confirm = page.getByTestId("dnc-confirm");
    await expect(confirm).toContainText("2 numbers will be opted out.");
    await expect(confirm).toContainText("3 numbers read, 1 is opted out already; 3 belong to contacts today.");
    await expect(page.getByTestId("dnc-warning")).toContainText('looks like a contact or appointment export (it has the columns "First Name", "Last Name", "Appointment Date", "Appointment Time", "Provider")');
    await expectNoHorizontalOverflow(page);
    await confirm.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shots(`do-not-call-confirm-${viewport.width}`), fullPage: true });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toHaveCount(0);
    expect(await optedOut(page, viewport.tag)).toEqual(["Rosa"]);

    // Confirmed, it opts the two others out, as one batch.
    await dnc.locator('input[type="file"]').setInputFiles(file);
    await confirm.getByRole("button", { name: "Opt out 2 numbers" }).click();
    await expect(page.getByTestId("dnc-report")).toHaveText("Opted out 2 of the 3 numbers in the file (the others were on the list already). You can undo it below.");
    await expect.poll(() => optedOut(page, viewport.tag)).toEqual(["Rosa", "Sami", "Tess"]);
    const batch = page.getByTestId("dnc-batches").locator("li").filter({ hasText: file.name });
    await expect(batch).toContainText("2 numbers opted out");

    // Undo: one step, and Rosa's own opt-out stays.
    await batch.getByRole("button", { name: "Undo" }).click();
    await expect(page.getByTestId("dnc-undone")).toHaveText("Undone: 2 numbers can be called again.");
    await expect(batch).toContainText("undone, 2 numbers taken off the list");
    await expect(batch.getByRole("button", { name: "Undo" })).toHaveCount(0);
    await expect.poll(() => optedOut(page, viewport.tag)).toEqual(["Rosa"]);
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: shots(`do-not-call-undone-${viewport.width}`), fullPage: true });
  });
}
