import { expect, request as playwrightRequest, test } from "@playwright/test";

test("the owner creates an API key, sees it once, another system uses it, and revoking it locks that system out", async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("heading", { name: "API keys", exact: true })).toBeVisible();

  await page.getByLabel("Name").fill("Front-desk scheduler");
  await page.getByLabel("Read and write").check();
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-api-key");
  await expect(shown).toHaveText(/^vck_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  const token = (await shown.textContent())!;
  await expect(page.getByTestId("api-keys")).toContainText("Front-desk scheduler");
  await page.screenshot({ path: "test-results/screenshots/api-keys-created-1280.png", fullPage: true, animations: "disabled" });

  // Shown once: after a reload the page holds only the key's prefix.
  await page.reload();
  await expect(page.getByTestId("api-keys")).toContainText(`${token.slice(0, 17)}…`);
  expect(await page.content()).not.toContain(token);

  // Another system: no cookies, another origin, the key as a bearer token.
  const system = await playwrightRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { authorization: `Bearer ${token}`, origin: "http://scheduler.example" } });
  const imported = await system.post("/api/contacts/import?fileName=tomorrow.csv", { headers: { "content-type": "text/csv" }, data: "first_name,phone\nKeyed,+12025550188\n" });
  expect(imported.status(), await imported.text()).toBe(200);
  const contacts = await system.get("/api/contacts?search=Keyed");
  expect(contacts.status()).toBe(200);
  const listed = (await contacts.json()) as { items: { id: string; firstName: string | null }[] };
  const keyed = listed.items.find((c) => c.firstName === "Keyed");
  expect(keyed, JSON.stringify(listed)).toBeDefined();
  // The other journeys share this organisation and count its contacts: the key deletes what it imported.
  const deleted = await system.delete(`/api/contacts/${keyed!.id}`);
  expect(deleted.status(), await deleted.text()).toBe(200);
  const document = await system.get("/api/openapi.json");
  expect(document.status()).toBe(200);
  expect(((await document.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty("/api/contacts/import");

  // Its use and its write show on the page.
  await page.reload();
  await expect(page.getByTestId("api-keys")).not.toContainText("Last used never");
  await expect(page.getByTestId("api-key-activity")).toContainText("POST /api/contacts/import → 200");

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Revoke Front-desk scheduler" }).click();
  await expect(page.getByTestId("api-keys")).toContainText("Revoked");
  await expect(page.getByTestId("api-key-activity")).toContainText("revoked");
  const refused = await system.get("/api/contacts");
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain('error="invalid_token"');
  await system.dispose();

  await page.screenshot({ path: "test-results/screenshots/api-keys-revoked-1280.png", fullPage: true, animations: "disabled" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByLabel("Name").fill("Reporting");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toBeVisible();
  await expect(page.getByTestId("api-keys")).toContainText("Reporting");
  await page.screenshot({ path: "test-results/screenshots/api-keys-390.png", fullPage: true, animations: "disabled" });
});
