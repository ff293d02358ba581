import { expect, test } from "@playwright/test";

test("home page shows the app and the database it runs on", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Welcome to Voice campaigns" })).toBeVisible();
  await expect(page.getByTestId("database-label")).toHaveText(/PGlite \(embedded\)/);
  await page.screenshot({ path: "test-results/screenshots/home.png", fullPage: true });
});

test("health endpoint answers without touching the database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
});
