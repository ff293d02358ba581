import { expect, test, type Page } from "@playwright/test";

const shots = (name: string) => `test-results/screenshots/${name}.png`;

/**
 * Records, in the page, how the audition player used Media Source Extensions: how many chunks it appended
 * in all, and how many had been appended when it called play(). Installed before the app's scripts run.
 */
async function recordMediaSource(page: Page) {
  await page.addInitScript(() => {
    const log = { appends: 0, appendsAtPlay: -1 };
    (window as unknown as { __mse: typeof log }).__mse = log;
    const append = SourceBuffer.prototype.appendBuffer;
    SourceBuffer.prototype.appendBuffer = function (this: SourceBuffer, data: BufferSource) {
      log.appends += 1;
      return append.call(this, data);
    };
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      if (log.appendsAtPlay < 0) log.appendsAtPlay = log.appends;
      return play.call(this);
    };
  });
}
const mseLog = (page: Page) => page.evaluate(() => (window as unknown as { __mse: { appends: number; appendsAtPlay: number } }).__mse);

async function blendMix(page: Page, name: string) {
  await page.goto("/settings/voices");
  await expect(page.getByRole("heading", { name: "Voices", exact: true })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Voice 1", { exact: true }).selectOption("af_heart");
  await page.getByLabel("Weight of voice 1").fill("2");
  await page.getByLabel("Voice 2", { exact: true }).selectOption("af_bella");
  await page.getByLabel("Weight of voice 2").fill("1");
  await expect(page.getByTestId("mix-preview")).toContainText("Heart 67% + Bella 33%");
}

test("a saved mix is blended and auditioned on the voices page, renamed, picked in the builder and auditioned there", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await recordMediaSource(page);
  await blendMix(page, "House voice");
  expect(await page.evaluate(() => MediaSource.isTypeSupported("audio/mpeg"))).toBe(true);

  // Audition before saving: the sample streams as MP3 and playback starts at the first of several chunks.
  const streamed = page.waitForResponse((r) => r.url().endsWith("/api/voices/audition"));
  await page.getByRole("button", { name: "Audition", exact: true }).click();
  const res = await streamed;
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("audio/mpeg");
  expect(res.request().postDataJSON()).toMatchObject({ voice: "af_heart(2)+af_bella(1)" });
  await expect.poll(async () => (await mseLog(page)).appendsAtPlay).toBe(1);
  await expect.poll(async () => (await mseLog(page)).appends).toBeGreaterThan(1);

  await page.getByRole("button", { name: "Save mix" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved House voice. It is in the voice picker of every campaign now.");
  const list = page.getByTestId("voice-mixes");
  await expect(list).toContainText("House voice");
  await expect(list).toContainText("af_heart(2)+af_bella(1)");

  // The same name again (other letter case) is refused with a plain message.
  await page.getByLabel("Name", { exact: true }).fill("house VOICE");
  await page.getByRole("button", { name: "Save mix" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText('A saved mix is already called "house VOICE"');

  await page.getByRole("button", { name: "Rename House voice" }).click();
  await page.getByLabel("New name for House voice").fill("Front desk voice");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(list).toContainText("Front desk voice");
  await expect(list).not.toContainText("House voice");
  await page.screenshot({ path: shots("voice-mixes-1280"), fullPage: true, animations: "disabled" });

  // The builder offers the mix next to the single voices and auditions it.
  await page.goto("/campaigns/new");
  const voice = page.getByLabel("Voice", { exact: true });
  await voice.selectOption({ label: "Front desk voice (Heart 67% + Bella 33%)" });
  await expect(voice).toHaveValue("af_heart(2)+af_bella(1)");
  const auditioned = page.waitForResponse((r) => r.url().endsWith("/api/voices/audition"));
  await page.locator("section[aria-labelledby=step-voice]").getByRole("button", { name: "Audition" }).click();
  const builderRes = await auditioned;
  expect(builderRes.status()).toBe(200);
  expect(builderRes.request().postDataJSON()).toMatchObject({ voice: "af_heart(2)+af_bella(1)" });
  await expect(page.locator("section[aria-labelledby=step-voice]").getByRole("alert")).toHaveCount(0);
  await page.locator("section[aria-labelledby=step-voice]").scrollIntoViewIfNeeded();
  await page.screenshot({ path: shots("builder-mix-1280"), fullPage: true, animations: "disabled" });

  // The draft keeps the blend itself.
  await page.getByLabel("Campaign name").fill("House voice reminders");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await page.reload();
  await expect(page.getByLabel("Voice", { exact: true })).toHaveValue("af_heart(2)+af_bella(1)");

  // Deleting the saved mix empties the list.
  await page.goto("/settings/voices");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete Front desk voice" }).click();
  await expect(page.getByRole("button", { name: "Delete Front desk voice" })).toHaveCount(0);
});

test("the voices page and the builder's picker fit a phone screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await blendMix(page, "Phone mix");
  await page.getByRole("button", { name: "Save mix" }).click();
  await expect(page.getByTestId("voice-mixes")).toContainText("Phone mix");
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  expect(await fits()).toBe(true);
  await page.screenshot({ path: shots("voice-mixes-390"), fullPage: true, animations: "disabled" });

  await page.goto("/campaigns/new");
  await page.getByLabel("Voice", { exact: true }).selectOption({ label: "Phone mix (Heart 67% + Bella 33%)" });
  await expect(page.getByLabel("Voice", { exact: true })).toHaveValue("af_heart(2)+af_bella(1)");
  expect(await fits()).toBe(true);
  await page.locator("section[aria-labelledby=step-voice]").scrollIntoViewIfNeeded();
  await page.screenshot({ path: shots("builder-mix-390"), animations: "disabled" });

  await page.goto("/settings/voices");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete Phone mix" }).click();
  await expect(page.getByRole("button", { name: "Delete Phone mix" })).toHaveCount(0);
});
