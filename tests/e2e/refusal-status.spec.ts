// Refusal pages answer with their own status under `next start`, not a 200 with a friendly text: a revoked
// preview link 410, a client past its preview budget 429 with Retry-After, an unknown campaign 404 while
// signed in. The friendly pages are still what the browser shows.
import { randomBytes, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";

test("an unknown campaign answers 404 with the app's not-found page, signed in", async ({ page }) => {
  for (const id of [randomUUID(), "not-a-campaign-id"]) {
    const response = await page.goto(`/campaigns/${id}`);
    expect(response?.status(), id).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(page.getByTestId("signed-in-email")).toBeVisible(); // inside the app, not a sign-in redirect
  }
  await page.screenshot({ path: "test-results/screenshots/campaign-not-found.png", fullPage: true, animations: "disabled" });
});

test("a revoked preview link answers 410 with its friendly page", async ({ request, browser, baseURL }) => {
  const origin = { origin: baseURL! };
  const imported = await request.post("/api/contacts/import", { data: "Phone,First Name\n512-555-0142,Refusal", headers: { ...origin, "content-type": "text/csv" } });
  expect(imported.status(), await imported.text()).toBe(200);
  const created = await request.post("/api/campaigns", {
    data: { name: "Refusal statuses", template: "Hello {{firstName}}.", voice: "af_heart", speed: 1, recipients: { mode: "all" } },
    headers: origin,
  });
  expect(created.status(), await created.text()).toBe(201);
  const campaign = (await created.json()) as { id: string };
  const linked = await request.post(`/api/campaigns/${campaign.id}/previews`, { data: {}, headers: origin });
  expect(linked.status(), await linked.text()).toBe(201);
  const link = (await linked.json()) as { id: string; path: string };

  const guest = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const guestPage = await guest.newPage();
  expect((await guestPage.goto(link.path))?.status()).toBe(200);
  const revoked = await request.delete(`/api/preview-links/${link.id}`, { headers: origin });
  expect(revoked.status(), await revoked.text()).toBe(200);
  const response = await guestPage.goto(link.path);
  expect(response?.status()).toBe(410);
  await expect(guestPage.getByTestId("preview-unavailable")).toContainText("turned off by its owner");
  expect(guestPage.url()).toMatch(new RegExp(`${link.path}$`)); // the address stays the link
  await guest.close();
});

test("past its preview budget a client gets 429 with Retry-After and the friendly page", async ({ browser }) => {
  const guest = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const unknownToken = randomBytes(16).toString("base64url");
  let last = await guest.request.get(`/p/${unknownToken}`);
  // An unknown token is a 404, and spends the budget like any other (240 a minute per client).
  expect(last.status()).toBe(404);
  for (let i = 0; i < 260 && last.status() !== 429; i++) last = await guest.request.get(`/p/${unknownToken}`);
  expect(last.status()).toBe(429);
  expect(Number(last.headers()["retry-after"])).toBeGreaterThan(0);
  const page = await guest.newPage();
  expect((await page.goto(`/p/${unknownToken}`))?.status()).toBe(429);
  await expect(page.getByTestId("preview-rate-limited")).toContainText("Too many requests");
  await page.screenshot({ path: "test-results/screenshots/preview-rate-limited.png", fullPage: true, animations: "disabled" });
  await guest.close();
});

test("a path whose percent-encoding does not decode answers 400, signed in or not, never a 500", async ({ request, browser }) => {
  const guest = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  for (const client of [request, guest.request]) {
    for (const path of ["/api/lists/%FF", "/api/contacts/%E0%A4%A", "/p/%FF", "/contacts/%FF", "/campaigns/%C0"]) {
      const response = await client.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(400);
      if (path.startsWith("/api/")) expect(((await response.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    }
  }
  // Text with control characters in a page's address: the same friendly page, not a database error.
  const page = await browser.newPage();
  expect((await page.goto("/contacts?search=%00"))?.status()).toBe(400);
  await expect(page.getByTestId("bad-address")).toContainText("characters that do not belong");
  await page.close();
  await guest.close();
});
