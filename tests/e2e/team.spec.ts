import { expect, test } from "@playwright/test";
import { OWNER } from "./owner";

const COLLEAGUE = { name: "Rosa Reception", email: "rosa@brightsmile.test", password: "front desk password" };

test("the owner adds a colleague, who signs in as a member; removing them signs them out", async ({ page, browser }) => {
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

  // The same address twice is refused with a plain message.
  await page.getByLabel("Name", { exact: true }).fill("Someone Else");
  await page.getByLabel("Email", { exact: true }).fill(COLLEAGUE.email);
  await page.getByLabel("First password").fill("another long password");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("already has an account");
  await page.screenshot({ path: "test-results/screenshots/team.png", fullPage: true, animations: "disabled" });

  // The colleague signs in on their own machine and works in the same organisation, as a member.
  const colleague = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const theirs = await colleague.newPage();
  await theirs.goto("/sign-in?next=%2Fteam");
  await theirs.getByLabel("Email").fill(COLLEAGUE.email);
  await theirs.getByLabel("Password").fill(COLLEAGUE.password);
  await theirs.getByRole("button", { name: "Sign in" }).click();
  await expect(theirs).toHaveURL(/\/team$/);
  await expect(theirs.getByTestId("members")).toContainText(OWNER.email);
  await expect(theirs.getByText("Only the owner can add or remove members.")).toBeVisible();
  await expect(theirs.getByRole("button", { name: /^Remove / })).toHaveCount(0);

  // Removed: gone from the list, and their next page asks them to sign in.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: `Remove ${COLLEAGUE.name}` }).click();
  await expect(members).not.toContainText(COLLEAGUE.name);
  await theirs.goto("/campaigns");
  await expect(theirs).toHaveURL(/\/sign-in\?next=%2Fcampaigns$/);
  await colleague.close();
});
