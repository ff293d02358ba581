import fs from "node:fs/promises";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectNoHorizontalOverflow } from "./layout";

const CSV = path.resolve(import.meta.dirname, "../fixtures/e2e/contacts.csv");
const shots = (name: string) => `test-results/screenshots/${name}.png`;
const TEMPLATE_WITH_TYPO =
  "Hi {{firstname}}, this is Bright Smile Dental. Your appointment is on {{appointment.date}} at {{appointment.time}} with {{appointment.provider}}. Press 1 to confirm.";

/** Resolves with the element's duration once its metadata is loaded (starting the load if needed). */
async function audioDuration(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate(
    (audio: HTMLAudioElement) =>
      new Promise<number>((resolve, reject) => {
        if (audio.readyState >= 1) return resolve(audio.duration);
        audio.addEventListener("loadedmetadata", () => resolve(audio.duration), { once: true });
        audio.addEventListener("error", () => reject(new Error(`audio error ${audio.error?.code}`)), { once: true });
        if (audio.preload === "none" && audio.paused && audio.networkState !== HTMLMediaElement.NETWORK_LOADING) audio.load();
      }),
  );
}

test.describe.configure({ mode: "serial" });

test("unknown preview links get a friendly 404 page", async ({ page }) => {
  const res = await page.goto("/p/AAAAAAAAAAAAAAAAAAAAAA");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This preview link does not exist" })).toBeVisible();
});

test("build, launch, listen to and share a campaign", async ({ page, browser }) => {
  await page.goto("/campaigns");
  await expect(page.getByRole("heading", { name: "Campaigns", exact: true })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "New campaign" }).first().click();
  await expect(page.getByRole("heading", { name: "New campaign" })).toBeVisible();

  // Contacts: one bad row is reported with its spreadsheet row number, the rest are imported.
  await page.locator("#contacts-file").setInputFiles(CSV);
  await expect(page.getByTestId("import-created")).toHaveText("4");
  await expect(page.getByTestId("import-failed")).toHaveText("1");
  const errorRow = page.getByTestId("import-errors").locator("tbody tr").first();
  await expect(errorRow).toContainText("5");
  await expect(errorRow).toContainText("'call me maybe' is not a phone number");
  // Recipients: everyone by default; the appointment window counts who it would reach and says the days it
  // means (the fixture's appointments are years ahead: none tomorrow, two on March 5, 2030), then back to everyone.
  await expect(page.getByTestId("count-all")).toHaveText("(4 contacts)");
  await expect(page.getByRole("radio", { name: "All contacts" })).toBeChecked();
  await page.getByLabel("Appointments", { exact: true }).selectOption("tomorrow");
  await expect(page.getByRole("radio", { name: "Contacts with an appointment" })).toBeChecked();
  await expect(page.getByTestId("count-upcoming")).toHaveText("(0 contacts)");
  await page.getByLabel("Appointments", { exact: true }).selectOption("date");
  await expect(page.getByTestId("count-upcoming")).toHaveText("(choose the days)");
  await page.getByLabel("Appointments: date").fill("2030-03-05");
  await expect(page.getByTestId("count-upcoming")).toHaveText("(2 contacts)");
  await expect(page.getByTestId("window-description").first()).toContainText("Appointments on Tuesday, March 5, 2030");
  await page.getByTestId("recipient-choice").screenshot({ path: shots("builder-window") });
  await page.getByRole("radio", { name: "All contacts" }).check();

  // Template: the typo is flagged at its position with a suggestion, which fixes it.
  await page.getByLabel("Campaign name").fill("March reminders");
  await page.getByLabel("Message", { exact: true }).fill(TEMPLATE_WITH_TYPO);
  const errors = page.getByTestId("template-errors");
  await expect(errors).toContainText("Line 1, column 4");
  await expect(errors).toContainText("{{firstname}} is not a variable we know");
  await expect(page.getByRole("button", { name: "Launch" })).toBeDisabled();
  await errors.getByRole("button", { name: "Use {{firstName}}" }).click();
  await expect(errors).toHaveCount(0);
  await expect(page.getByLabel("Message", { exact: true })).toHaveValue(TEMPLATE_WITH_TYPO.replace("firstname", "firstName"));

  // Live preview for sample recipients.
  await expect(page.getByTestId("preview-merged").first()).toHaveText(/^Hi (Maria|John|Ana|Wei), this is Bright Smile Dental\. Your appointment is on \w+day, March \d at /);
  await expect(page.getByTestId("message-preview")).toContainText("Spoken as:");

  // Save, then the plan.
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("plan-recipients")).toHaveText("4");
  await expect(page.getByTestId("plan-to-render")).not.toHaveText("0");
  await expect(page.getByRole("heading", { name: "Hear every value" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Play 2:30 PM" })).toBeVisible();
  // A value is auditioned in the sentence a recipient hears it in.
  const auditioned = page.waitForRequest((r) => r.url().endsWith("/api/voices/audition") && r.method() === "POST");
  await page.getByRole("button", { name: "Play 2:30 PM" }).click();
  expect(((await auditioned).postDataJSON() as { text: string }).text).toMatch(/^Your appointment is on .+ at 2:30 PM with .+\.$/);
  const launch = page.getByRole("button", { name: "Launch" });
  await expect(launch).toBeEnabled();
  await page.screenshot({ path: shots("builder"), fullPage: true, animations: "disabled" });

  // Launch and watch progress reach 100 % without reloading.
  await launch.click();
  await expect(page.getByRole("heading", { name: "March reminders" })).toBeVisible();
  await expect(page.getByTestId("progress-percent")).toHaveText("100%", { timeout: 60_000 });
  await expect(page.getByTestId("status-badge").first()).toHaveText("Ready");
  await expect(page.getByTestId("count-failed")).toHaveText("0");
  await expect(page.getByTestId("campaign-engine")).toHaveText("Rendered with the Kokoro voice");

  // Play a recipient's audio.
  const play = page.getByRole("button", { name: /^Play the message for / }).first();
  await expect(play).toBeVisible();
  await play.click();
  await expect(page.getByRole("button", { name: /^Pause the message for / })).toBeVisible();
  expect(await audioDuration(page, "[data-testid=recipient-audio]")).toBeGreaterThan(0);
  await page.screenshot({ path: shots("campaign"), fullPage: true, animations: "disabled" });

  // Pick the phone system, then download a recipient's audio in both of its formats.
  await page.getByRole("combobox", { name: "Phone system" }).selectOption("asterisk");
  await expect(page.getByRole("link", { name: /^Download the message for .* as MP3$/ })).toHaveCount(0);
  for (const [label, extension, magic] of [
    ["μ-law (raw)", ".ulaw", null],
    ["WAV 8 kHz", ".8k.wav", "RIFF"],
  ] as const) {
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: new RegExp(`^Download the message for .* as ${label.replace(/[()]/g, "\\$&")}$`) }).first().click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(new RegExp(`^[\\p{L}\\p{N}-]+${extension.replace(/\./g, "\\.")}$`, "u"));
    const bytes = await fs.readFile((await download.path())!);
    expect(bytes.length).toBeGreaterThan(1_000);
    if (magic) expect(bytes.subarray(0, 4).toString("ascii")).toBe(magic);
  }
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /profile=asterisk/);
  await page.screenshot({ path: shots("campaign-asterisk"), fullPage: true, animations: "disabled" });

  // Share a preview link and open it where nobody is signed in.
  await page.getByRole("button", { name: "Create preview link" }).click();
  const url = await page.getByTestId("preview-url").inputValue();
  expect(url).toMatch(/\/p\/[A-Za-z0-9_-]{22}$/);
  await expect(page.getByTestId("preview-link-state")).toHaveText(["active"]);

  // A colleague with no account: no cookies at all (a bare newContext() would inherit the owner's session).
  const guest = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const guestPage = await guest.newPage();
  await guestPage.goto(url);
  await expect(guestPage.getByRole("heading", { name: "March reminders" })).toBeVisible();
  await expect(guestPage.locator("audio")).not.toHaveCount(0);
  await expect(guestPage.getByText("Maria")).toHaveCount(0);
  await expect(guestPage.getByTestId("preview-basic-voice")).toHaveCount(0); // rendered with Kokoro
  expect(await audioDuration(guestPage, "audio")).toBeGreaterThan(0);
  await guestPage.screenshot({ path: shots("preview"), fullPage: true, animations: "disabled" });

  // Where the link is made, the page says what the audio speaks, and lists the guest's open beside the link.
  await expect(page.getByTestId("preview-privacy")).toContainText("first name");
  await page.reload();
  const opens = page.getByTestId("preview-link-opens");
  await expect(opens).toContainText("1 open");
  await opens.locator("summary").click();
  await expect(opens).toContainText(/client [0-9a-f]{12}/);

  // Revoke it: the link is refused from then on.
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("preview-link-state")).toHaveText(["revoked"]);
  await guestPage.reload();
  await expect(guestPage.getByTestId("preview-unavailable")).toContainText("no longer available");
  await expect(guestPage.locator("audio")).toHaveCount(0);
  await guestPage.screenshot({ path: shots("preview-revoked"), fullPage: true, animations: "disabled" });
  await guest.close();

  // The list shows the campaign with its finished progress.
  await page.getByRole("link", { name: "Campaigns", exact: true }).click();
  const row = page.getByRole("listitem").filter({ hasText: "March reminders" });
  await expect(row.getByTestId("status-badge")).toHaveText("Ready");
  await expect(row).toContainText("100%");
  await page.screenshot({ path: shots("list"), fullPage: true, animations: "disabled" });

  // Narrow phone screen.
  const campaignUrl = url.replace(/\/p\/.*/, "");
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: shots("list-375"), fullPage: true, animations: "disabled" });
  await expectNoHorizontalOverflow(page);
  await page.goBack();
  await expect(page.getByTestId("progress-percent")).toHaveText("100%");
  await page.screenshot({ path: shots("campaign-375"), fullPage: true, animations: "disabled" });
  await expectNoHorizontalOverflow(page);
  await page.goto(`${campaignUrl}/campaigns/new`);
  await expect(page.getByRole("heading", { name: "New campaign" })).toBeVisible();
  await page.screenshot({ path: shots("builder-375"), fullPage: true, animations: "disabled" });
  await expectNoHorizontalOverflow(page);
});

test("status page shows the worker and the database", async ({ page }) => {
  await page.goto("/status");
  await expect(page.getByTestId("worker-engine")).toHaveText("kokoro");
  await expect(page.getByTestId("status-database")).toContainText("PGlite");
  await expect(page.getByTestId("worker-state")).toContainText("Ready");
  await expect(page.getByTestId("worker-banner")).toHaveCount(0);
  await page.screenshot({ path: shots("status"), fullPage: true, animations: "disabled" });
});

test("every page says in plain words when the speech worker is away or on the basic offline voice", async ({ page }) => {
  // The real worker runs Kokoro's interface in this suite, so the browser is shown the other states.
  await page.route("**/api/workers", (route) => route.fulfill({ json: { ready: false, info: null, supervised: false } }));
  await page.goto("/campaigns/new");
  await expect(page.getByTestId("worker-banner")).toHaveText(
    "The speech worker is not reachable, so nothing can be rendered or auditioned right now. Please ask your administrator. See status",
  );
  await expect(page.getByRole("button", { name: "Audition" })).toBeDisabled();
  await page.getByRole("link", { name: "Status", exact: true }).click();
  await expect(page.getByTestId("worker-banner")).toBeVisible();

  // Under npm start a dead worker is being restarted: the banner says so.
  await page.unroute("**/api/workers");
  await page.route("**/api/workers", (route) => route.fulfill({ json: { ready: false, info: null, supervised: true } }));
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto("/campaigns");
    await expect(page.getByTestId("worker-banner")).toContainText("The speech worker is restarting.");
    await page.screenshot({ path: shots(`banner-restarting-${width}`), fullPage: true, animations: "disabled" });
  }

  // The basic offline voice: one sentence for the manager, no paths or commands; the detail stays on Status.
  await page.unroute("**/api/workers");
  const warning = "KOKORO IS NOT RUNNING: the model directory /srv/.models/kokoro is not usable (download failed: getaddrinfo ENOTFOUND huggingface.co).";
  const voices = ["af_basic", "am_basic", "bf_basic", "bm_basic"];
  const info = { engine: "builtin", modelVersion: "espeak-ng-wasm-0.3.5+voices1+24k", modelId: "espeak-ng-wasm", voices, msPerAudioSecond: null, capacity: 2, warning, workers: [] };
  await page.route("**/api/workers", (route) => route.fulfill({ json: { ready: true, info, supervised: true } }));
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/campaigns/new");
    const banner = page.getByTestId("worker-banner");
    await expect(banner).toHaveText(
      "Messages use the basic offline voice and will sound robotic. Please ask your administrator to install the Kokoro voice. See status",
    );
    await expect(banner).not.toContainText("ENOTFOUND");
    // The picker offers the voices the running engine has, and a new campaign starts on one of them.
    const picker = page.getByLabel("Voice", { exact: true });
    await expect(picker.locator("option")).toHaveText(["Basic (US, female)", "Basic (US, male)", "Basic (UK, female)", "Basic (UK, male)"]);
    await expect(picker).toHaveValue("af_basic");
    await expect(page.getByText("4 voices from the speech worker.")).toBeVisible();
    await page.getByRole("heading", { name: "Voice", exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: shots(`banner-basic-voice-${width}`), fullPage: true, animations: "disabled" });
  }
  await page.getByRole("link", { name: "See status" }).click();
  await expect(page).toHaveURL(/\/status$/);
});
