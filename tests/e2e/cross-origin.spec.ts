import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";

const MALLORY = { name: "Mallory", email: "mallory@evil.test", password: "mallory password 1" };

/** A page on another port of the same host: same-site for SameSite=Lax cookies, but not the app's origin. */
async function startForeignSite(appUrl: string): Promise<{ url: string; close: () => Promise<void> }> {
  const body = JSON.stringify(MALLORY);
  const html = `<!doctype html><title>Win a prize</title>
<script>
  window.viaFetch = () => fetch(${JSON.stringify(`${appUrl}/api/members`)}, {
    method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: ${JSON.stringify(body)},
  }).then(() => "sent", (e) => String(e));
</script>
<form id="f" method="POST" enctype="text/plain" action="${appUrl}/api/members">
  <input name='${body.slice(0, -2)}' value='${body.slice(-2)}'>
</form>`;
  const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

test("a page on another port of the same host cannot add a member with the owner's cookie", async ({ page, request, baseURL }) => {
  const foreign = await startForeignSite(baseURL!);
  try {
    await page.goto(foreign.url);
    // A script's no-cors fetch (the browser sends the cookie; the answer is opaque to the page)...
    const refused = page.waitForResponse((r) => r.url().endsWith("/api/members") && r.request().method() === "POST");
    expect(await page.evaluate(() => (window as unknown as { viaFetch: () => Promise<string> }).viaFetch())).toBe("sent");
    expect((await refused).status()).toBe(403);
    // ...and a plain form post, which navigates to the app's answer.
    const [formAnswer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/api/members") && r.request().method() === "POST"),
      page.evaluate(() => (document.getElementById("f") as HTMLFormElement).submit()),
    ]);
    expect(formAnswer.status()).toBe(403);
    expect(await formAnswer.json()).toMatchObject({ error: { code: "forbidden" } });
  } finally {
    await foreign.close();
  }
  const members = (await (await request.get("/api/members")).json()) as { members: { email: string }[] };
  expect(members.members.map((m) => m.email)).not.toContain(MALLORY.email);
});

test.describe("where sign-in sends you", () => {
  test("a next path that a browser reads as another host lands on the app instead", async ({ page, baseURL }) => {
    for (const next of ["/%09/evil.test/", "/%5C/evil.test/", "/%0A/evil.test/", "/..//evil.test/", "//evil.test/"]) {
      // Signed in already, so the sign-in page sends the browser straight on to `next`.
      const res = await page.goto(`/sign-in?next=${next}`);
      expect(res?.status(), next).toBeLessThan(500);
      expect(new URL(page.url()).origin, next).toBe(new URL(baseURL!).origin);
    }
  });

  test("a next path with an encoded newline still renders the page, signed out", async ({ browser }) => {
    const guest = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await guest.newPage();
    const res = await page.goto("/sign-in?next=/%0acampaigns");
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await guest.close();
  });
});

test("an unknown URL, signed in, answers 404 with the app's own page", async ({ page }) => {
  const res = await page.goto("/no-such-page/at-all");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to campaigns" })).toBeVisible();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `test-results/screenshots/not-found-${width}.png`, fullPage: true, animations: "disabled" });
  }
});
