import fs from "node:fs";
import { expect, test as setup } from "@playwright/test";
import { OWNER, SETUP_CODE_FILE, STORAGE_STATE } from "./owner";

const shots = (name: string) => `test-results/screenshots/${name}.png`;

// Runs once before the journeys (playwright.config.ts `setup` project): a fresh install is set up through
// the UI, exactly as a newcomer would, and the signed-in state is saved for every other spec.
setup("first run: create the owner, sign out, sign back in", async ({ page }) => {
  await page.goto("/campaigns");
  // No session → /sign-in → nobody to sign in as yet → /setup.
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the owner account" })).toBeVisible();
  // The operator's way to the code: the file the server wrote at first start (tests/e2e/serve.ts puts its
  // data under tests/.artifacts/e2e).
  const setupCode = fs.readFileSync(SETUP_CODE_FILE, "utf8").trim();
  await page.getByLabel("Setup code").fill("WRONG-CODE-0000-0000");
  await page.getByLabel("Organisation").fill(OWNER.organization);
  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("That is not the setup code.")).toBeVisible();
  await page.getByLabel("Setup code").fill(setupCode);
  await page.screenshot({ path: shots("setup"), fullPage: true, animations: "disabled" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: shots("setup-390"), fullPage: true, animations: "disabled" });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByRole("heading", { name: "Welcome to Voice campaigns" })).toBeVisible();
  await expect(page.getByTestId("signed-in-email")).toHaveText(OWNER.email);
  await expect(page.getByRole("main")).toContainText(OWNER.organization);

  // Setup is over: the page now sends everyone to sign in.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.screenshot({ path: shots("sign-in"), fullPage: true, animations: "disabled" });

  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Welcome to Voice campaigns" })).toBeVisible();
  await page.context().storageState({ path: STORAGE_STATE });
});
