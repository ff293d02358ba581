import { expect, test } from "@playwright/test";
import { OWNER } from "./owner";

const COLLEAGUE = { name: "Rosa Reception", email: "rosa@brightsmile.test", password: "front desk password" };

test("the owner adds a colleague as staff, makes them an admin, and removing them signs them out", async ({ page, browser }) => {
  await page.goto("/team");
  await expect(page.getByRole("heading", { name: "Team", exact: true })).toBeVisible();
  const members = page.getByTestId("members");
  await expect(members).toContainText(OWNER.email);
  await expect(members).toContainText("Owner");

  await page.getByLabel("Name", { exact: true }).fill(COLLEAGUE.name);
  await page.getByLabel("Email", { exact: true }).fill(COLLEAGUE.email);
  await page.getByLabel("First password").fill(COLLEAGUE.password);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByText(`Added ${COLLEAGUE.email}. They can sign in now.`)).toBeVisible();
  await expect(members).toContainText(COLLEAGUE.name);
  await expect(page.getByLabel(`Role of ${COLLEAGUE.name}`)).toHaveValue("staff");

  // The same address twice is refused with a plain message.
  await page.getByLabel("Name", { exact: true }).fill("Someone Else");
  await page.getByLabel("Email", { exact: true }).fill(COLLEAGUE.email);
  await page.getByLabel("First password").fill("another long password");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("already has an account");
  await page.screenshot({ path: "test-results/screenshots/team.png", fullPage: true, animations: "disabled" });

  // The colleague signs in on their own machine and works in the same organisation, as staff.
  const colleague = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const theirs = await colleague.newPage();
  await theirs.goto("/sign-in?next=%2Fteam");
  await theirs.getByLabel("Email").fill(COLLEAGUE.email);
  await theirs.getByLabel("Password").fill(COLLEAGUE.password);
  await theirs.getByRole("button", { name: "Sign in" }).click();
  await expect(theirs).toHaveURL(/\/team$/);
  await expect(theirs.getByTestId("members")).toContainText(OWNER.email);
  await expect(theirs.getByText("Only the owner can add or remove members and change their roles.")).toBeVisible();
  await expect(theirs.getByRole("button", { name: /^Remove / })).toHaveCount(0);
  await expect(theirs.getByRole("combobox", { name: /^Role of / })).toHaveCount(0);
  // Staff do not see where patient data is sent.
  await theirs.goto("/settings/webhooks");
  await expect(theirs.getByText(/Only an admin or the owner of .* can see and change webhook endpoints/)).toBeVisible();
  await expect(theirs.getByRole("heading", { name: "Add an endpoint" })).toHaveCount(0);

  // Made an admin by the owner: the same page now lets them add endpoints.
  await page.getByLabel(`Role of ${COLLEAGUE.name}`).selectOption("admin");
  await expect(page.getByRole("status").filter({ hasText: `${COLLEAGUE.name} is now admin.` })).toBeVisible();
  await theirs.reload();
  await expect(theirs.getByRole("heading", { name: "Add an endpoint" })).toBeVisible();
  await theirs.setViewportSize({ width: 390, height: 844 });
  await theirs.screenshot({ path: "test-results/screenshots/webhooks-admin-390.png", fullPage: true, animations: "disabled" });
  await page.screenshot({ path: "test-results/screenshots/team-roles.png", fullPage: true, animations: "disabled" });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByLabel(`Role of ${COLLEAGUE.name}`)).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/team-roles-390.png", fullPage: true, animations: "disabled" });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Removed: gone from the list, and their next page asks them to sign in.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: `Remove ${COLLEAGUE.name}` }).click();
  await expect(members).not.toContainText(COLLEAGUE.name);
  await theirs.goto("/campaigns");
  await expect(theirs).toHaveURL(/\/sign-in\?next=%2Fcampaigns$/);
  await colleague.close();
});
