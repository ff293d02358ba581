import fs from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";

const shots = (name: string) => `test-results/screenshots/${name}.png`;
const CONTACTS = "First Name,Last Name,Phone\nLan,Nguyen,(512) 555-0190\nOwen,Park,(512) 555-0191\n";
const TEMPLATE = "Hello {{firstName}} {{lastName}}. This is Bright Smile Dental calling about your visit.";

/** Calls the app's own API from the signed-in page (same origin, the owner's session). */
async function api<T>(page: Page, path: string, init: { method: string; body?: string; contentType?: string }): Promise<T> {
  return page.evaluate(
    async ({ path, init }) => {
      const res = await fetch(path, { method: init.method, body: init.body, headers: init.contentType ? { "content-type": init.contentType } : {} });
      if (!res.ok) throw new Error(`${init.method} ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    },
    { path, init },
  ) as Promise<T>;
}

async function expectNoHorizontalOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
}

test.describe.configure({ mode: "serial" });

test("a pronunciation is auditioned, added, changes the plan by its sentences only, and the new audio downloads", async ({ page }) => {
  await page.goto("/settings/pronunciation");
  await expect(page.getByRole("heading", { name: "Pronunciation", exact: true })).toBeVisible();

  // A campaign rendered before the dictionary has the entry, then a draft copy of it.
  await api(page, "/api/contacts/import", { method: "POST", body: CONTACTS, contentType: "text/csv" });
  const created = await api<{ id: string }>(page, "/api/campaigns", {
    method: "POST",
    contentType: "application/json",
    body: JSON.stringify({ name: "Visit reminder", template: TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } }),
  });
  await api(page, `/api/campaigns/${created.id}/launch`, { method: "POST" });
  await expect.poll(async () => (await api<{ status: string }>(page, `/api/campaigns/${created.id}`, { method: "GET" })).status, { timeout: 60_000 }).toBe("ready");
  const draft = await api<{ id: string }>(page, `/api/campaigns/${created.id}/duplicate`, { method: "POST" });
  await page.goto(`/campaigns/${draft.id}`);
  await expect(page.getByTestId("plan-to-render")).toHaveText("0");
  await expect(page.getByTestId("plan-pronunciations")).toHaveCount(0);

  // Audition the entry before saving it: the route gets the unsaved entry and answers MP3.
  await page.goto("/settings/pronunciation");
  await page.getByLabel("Written").fill("Nguyen");
  await page.getByLabel("Say it as").fill("win");
  await expect(page.getByLabel("Hear it in a sentence")).toHaveValue("Hi Nguyen, this is a reminder about your appointment tomorrow.");
  const auditioned = page.waitForResponse((r) => r.url().endsWith("/api/voices/audition") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Audition" }).click();
  const answer = await auditioned;
  expect(answer.request().postDataJSON()).toMatchObject({ text: "Hi Nguyen, this is a reminder about your appointment tomorrow.", pronunciation: { term: "Nguyen", sayAs: "win" } });
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toBe("audio/mpeg");
  // Played, not refused: the form shows no error (Next's route announcer is the page's only other alert).
  await expect(page.getByRole("form", { name: "Add a word or name" }).getByRole("alert")).toHaveCount(0);
  // The played stream is not kept by the browser's network log: ask again for the bytes.
  const head = await page.evaluate(async () => {
    const res = await fetch("/api/voices/audition", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ voice: "af_heart", text: "Hi Nguyen.", pronunciation: { term: "Nguyen", sayAs: "win" } }),
    });
    return Array.from(new Uint8Array(await res.arrayBuffer()).subarray(0, 3));
  });
  // An MP3 starts with an ID3 tag or a frame sync (eleven set bits).
  expect(String.fromCharCode(...head) === "ID3" || (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0)).toBe(true);

  // A respelling with a digit is refused before it is sent.
  await page.getByLabel("Say it as").fill("win 2");
  await expect(page.getByTestId("entry-invalid")).toContainText("no digits");
  await expect(page.getByRole("button", { name: "Add to dictionary" })).toBeDisabled();
  await page.getByLabel("Say it as").fill("win");
  await page.getByRole("button", { name: "Add to dictionary" }).click();
  await expect(page.getByTestId("pronunciations").locator("li")).toHaveText([/Nguyen is said “win”/]);

  // Import: good rows are added, a bad row is named by its row number.
  await page.getByLabel("CSV file").setInputFiles({ name: "names.csv", mimeType: "text/csv", buffer: Buffer.from("term,say_as\nSiobhán,shiv-awn\nPark,park 9\n") });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("import-report")).toContainText("1 added, 0 updated, 1 row(s) not imported, of 2.");
  await expect(page.getByTestId("import-report")).toContainText('Row 3: say_as "park 9"');
  await expect(page.getByTestId("pronunciations").locator("li")).toHaveCount(2);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: shots(`pronunciation-${width}`), fullPage: true, animations: "disabled" });
    await expectNoHorizontalOverflow(page);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // Edit an entry, export (the file imports back as it is), then delete it.
  await page.getByRole("button", { name: "Edit Siobhán" }).click();
  await expect(page.getByRole("heading", { name: "Edit Siobhán" })).toBeVisible();
  await page.getByLabel("Say it as").fill("shi-vawn");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("pronunciations").locator("li")).toHaveText([/Nguyen is said “win”/, /Siobhán is said “shi-vawn”/]);
  const exporting = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const exported = await fs.readFile((await (await exporting).path())!, "utf8");
  expect(exported.split("\r\n")).toEqual(["term,say_as,language", "Nguyen,win,en", "Siobhán,shi-vawn,en"]);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete Siobhán" }).click();
  await expect(page.getByTestId("pronunciations").locator("li")).toHaveText([/Nguyen is said “win”/]);

  // The draft's plan: only the greeting with Nguyen is new; its entry says where it is used.
  await page.goto(`/campaigns/${draft.id}`);
  await expect(page.getByTestId("plan-to-render")).toHaveText("1");
  await expect(page.getByTestId("plan-pronunciations").locator("li")).toHaveText(["Nguyen → “win”: 1 sentence(s) in 1 message(s), 1 recipient(s); 1 to render"]);
  await page.getByTestId("plan-pronunciations").scrollIntoViewIfNeeded();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: shots(`pronunciation-plan-${width}`), fullPage: true, animations: "disabled" });
    await expectNoHorizontalOverflow(page);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // Launch: one render, then Lan Nguyen's audio downloads in two formats.
  await page.getByRole("button", { name: "Launch" }).click();
  await expect(page.getByTestId("progress-percent")).toHaveText("100%", { timeout: 60_000 });
  for (const [label, extension, magic] of [
    ["WAV \\(model rate\\)", ".wav", "RIFF"],
    ["MP3", ".mp3", null],
  ] as const) {
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: new RegExp(`^Download the message for Lan Nguyen as ${label}$`) }).click();
    const download = await downloading;
    expect(download.suggestedFilename().endsWith(extension)).toBe(true);
    const bytes = await fs.readFile((await download.path())!);
    expect(bytes.length).toBeGreaterThan(1_000);
    if (magic) expect(bytes.subarray(0, 4).toString("ascii")).toBe(magic);
    else expect(bytes.subarray(0, 3).toString("ascii") === "ID3" || (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0)).toBe(true);
  }
  await page.screenshot({ path: shots("pronunciation-campaign-1280"), fullPage: true, animations: "disabled" });
});
