import { expect, type Page } from "@playwright/test";

/**
 * Opens the campaign builder and waits until it is live: the contact count is fetched by the browser, so
 * once it shows, React has hydrated the form (a file picked or text typed before that would be lost).
 */
export async function openBuilder(page: Page): Promise<void> {
  await page.goto("/campaigns/new");
  await expect(page.getByTestId("count-all").or(page.getByTestId("contact-count"))).toHaveText(/\d+ contacts?\)|No contacts yet/);
}
