import { expect, test, type Page } from "@playwright/test";

/** Collects the page's console errors and uncaught errors from now on. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test("the settings tabs show every section, Webhooks included, on a 390 px phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/settings");
  const nav = page.getByRole("navigation", { name: "Settings" });
  for (const label of ["Organisation", "Voices", "Pronunciation", "API keys", "Webhooks"]) {
    const link = nav.getByRole("link", { name: label, exact: true });
    await expect(link).toBeInViewport({ ratio: 1 });
  }
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, "nothing scrolls sideways at 390 px").toBeLessThanOrEqual(390);
});

test("the voices page hydrates without errors, loaded directly and reloaded, with a saved mix, on a phone", async ({ page }) => {
  const saved = await page.request.post("/api/voice-mixes", { data: { name: "Front desk blend", voice: "af_heart(2)+af_bella(1)" } });
  expect(saved.ok()).toBe(true);
  const errors = collectErrors(page);
  await page.goto("/settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Voices", exact: true }).click();
  await expect(page.getByText("Front desk blend")).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/settings/voices");
  await expect(page.getByRole("heading", { name: "Voices", exact: true })).toBeVisible();
  await expect(page.getByTestId("mix-preview")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("mix-preview")).toBeVisible();
  await page.waitForTimeout(1_000);
  expect(errors.filter((e) => /418|hydrat/i.test(e))).toEqual([]);
  expect(errors).toEqual([]);
});
