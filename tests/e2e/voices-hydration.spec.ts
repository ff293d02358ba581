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

for (const width of [1280, 390]) {
  test(`the voices page loads directly at ${width} px without a hydration error`, async ({ page }) => {
    // Known defect, not fixed yet: in full runs (saved voice mixes present) a load of this page reported
    // React's hydration error #418, at 390 px in one run and at 1280 px in another; it did not reproduce
    // alone. Kept here, ready to run, until its cause is found.
    test.fixme(true, "React #418 on /settings/voices in full runs, at either width: cause not found yet");
    await page.setViewportSize({ width, height: 900 });
    const errors = collectErrors(page);
    await page.goto("/settings/voices");
    await expect(page.getByRole("heading", { name: "Voices", exact: true })).toBeVisible();
    // Long enough for the workers query to settle and any mismatch to be reported after hydration.
    await page.waitForTimeout(2_000);
    await page.reload();
    await expect(page.getByRole("heading", { name: "Voices", exact: true })).toBeVisible();
    await page.waitForTimeout(2_000);
    expect(errors.filter((e) => /418|hydrat/i.test(e))).toEqual([]);
    expect(errors).toEqual([]);
  });
}
