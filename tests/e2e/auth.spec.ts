import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { OWNER, SETUP_CODE_FILE } from "./owner";

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a page needs a session: /campaigns redirects to sign-in and comes back after it", async ({ page }) => {
    await page.goto("/campaigns");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fcampaigns$/);
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/campaigns$/);
    await expect(page.getByRole("heading", { name: "Campaigns", exact: true })).toBeVisible();
  });

  test("the API answers 401 JSON without a session; health and sign-in stay open", async ({ request }) => {
    const res = await request.get("/api/campaigns");
    expect(res.status()).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect((await request.get("/api/health")).status()).toBe(200);
    expect((await request.get("/api/workers")).status()).toBe(401);
    const intruder = { name: "X", email: "x@evil.test", password: "long enough pw", organizationName: "Evil" };
    // Without the setup code nobody gets further; with it, setup is over anyway.
    expect((await request.post("/api/setup", { data: intruder })).status()).toBe(401);
    const setupCode = fs.readFileSync(SETUP_CODE_FILE, "utf8").trim();
    expect((await request.post("/api/setup", { data: { ...intruder, setupCode } })).status()).toBe(409);
  });

  test("a wrong password shows an inline error and stays on the page", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("sign-in-error")).toHaveText("That email and password do not match an account.");
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.screenshot({ path: "test-results/screenshots/sign-in-error.png", fullPage: true, animations: "disabled" });
  });
});

test("a preview link opens in a fresh browser with no cookies", async ({ browser, request }) => {
  // As the owner (the project's saved session): a draft and a link to it (no contacts: the journey counts them).
  const created = await request.post("/api/campaigns", { data: { name: "Shared with a colleague", template: "Hi {{firstName}}.", voice: "af_heart", speed: 1, recipients: { mode: "all" } } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const link = await request.post(`/api/campaigns/${id}/previews`, { data: { expiresInHours: 1 } });
  expect(link.status()).toBe(201);
  const { path } = (await link.json()) as { path: string };

  // browser.newContext() would inherit the project's saved session: start from nothing instead.
  const guest = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  expect((await guest.cookies()).length).toBe(0);
  const page = await guest.newPage();
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "Shared with a colleague" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await guest.close();
});
