/**
 * The speech check in the builder, with the real service: `npm start` runs it when its recogniser is installed
 * (`npm run speech-check:setup`, which CI runs). The e2e worker speaks with the tiny Kokoro-interface model,
 * whose voice is not speech, so here the recogniser hears none of the names: the journey proves what the
 * manager sees (what the check heard, per name, and that launch is never blocked); whether a suggestion fixes
 * a name is proven on the real weights (tests/integration/worker/real-model.test.ts) and in the benchmark.
 */
import { expect, test, type Page } from "@playwright/test";
import { findPython } from "../../harness/python-env";

const shots = (name: string) => `test-results/screenshots/${name}.png`;
const SURNAME = "Speechcheckfamily";
const NAMES = ["Siobhan", "Xiomara", "Przybylski"];
const CONTACTS = `First Name,Last Name,Phone\n${NAMES.map((n, i) => `${n},${SURNAME},(512) 555-01${70 + i}`).join("\n")}\n`;
const TEMPLATE = "Hello {{firstName}}. This is Bright Smile Dental calling about your visit.";

async function api<T>(page: Page, path: string, init: { method: string; body?: string; contentType?: string }): Promise<T> {
  return page.evaluate(
    async ({ path, init }) => {
      const res = await fetch(path, { method: init.method, body: init.body, headers: init.contentType ? { "content-type": init.contentType } : {} });
      if (!res.ok) throw new Error(`${init.method} ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    },
    { path, init },
  ) as Promise<T>;
}

async function expectNoHorizontalOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
}

const installed = (await findPython("asr")) !== null;
const required = process.env.CI === "true";

test("the builder says what the speech check heard of each name, and launching is never blocked", async ({ page }) => {
  test.skip(!installed && !required, "run `npm run speech-check:setup` to install the speech check's recogniser");
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/campaigns");
  await api(page, "/api/contacts/import", { method: "POST", body: CONTACTS, contentType: "text/csv" });
  const found = await api<{ items: { id: string }[] }>(page, `/api/contacts?search=${SURNAME}&limit=10`, { method: "GET" });
  expect(found.items).toHaveLength(NAMES.length);
  const created = await api<{ id: string }>(page, "/api/campaigns", {
    method: "POST",
    contentType: "application/json",
    body: JSON.stringify({ name: "Hard names", template: TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: found.items.map((c) => c.id) } }),
  });

  await page.goto(`/campaigns/${created.id}`);
  const panel = page.getByTestId("plan-speech-check");
  await expect(panel.getByRole("heading", { name: "Speech check" })).toBeVisible();
  // Nothing heard yet: the panel offers the check and launching is already open.
  await expect(page.getByRole("button", { name: "Launch" })).toBeEnabled();
  await expect(panel.getByTestId("speech-check-summary")).toContainText(`listened to 0 of ${NAMES.length} sentences`);

  const checked = page.waitForResponse((r) => r.url().endsWith(`/api/campaigns/${created.id}/speech-check`) && r.request().method() === "POST", { timeout: 280_000 });
  await panel.getByTestId("speech-check-run").click();
  await expect(panel.getByTestId("speech-check-run")).toHaveText("Listening…");
  // While it listens, the campaign can still be launched.
  await expect(page.getByRole("button", { name: "Launch" })).toBeEnabled();
  const answer = await checked;
  expect(answer.status()).toBe(200);
  const report = (await answer.json()) as { ran: boolean; checked: number; findings: { value: string; heard: string }[] };
  expect(report).toMatchObject({ ran: true, checked: NAMES.length });

  await expect(panel.getByTestId("speech-check-summary")).toContainText(`listened to ${NAMES.length} of ${NAMES.length} sentences`);
  // The tiny model's voice is not speech: no name is heard back, and each says what the check heard instead
  // (an empty transcript is said in words, not shown as empty quotes).
  for (const f of report.findings) {
    const said = f.heard.trim() === "" ? `${f.value}: the speech check heard no words.` : `${f.value}: the speech check heard “${f.heard.trim()}”.`;
    await expect(panel.locator(`li[data-value="${f.value}"]`)).toContainText(said);
  }
  expect(report.findings.map((f) => f.value).sort()).toEqual([...NAMES].sort());
  await expect(panel.locator("li")).toHaveCount(report.findings.length);
  await expect(page.getByRole("button", { name: "Launch" })).toBeEnabled();
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shots("speech-check-1280"), fullPage: true });
  await expectNoHorizontalOverflow(page);

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(panel.locator(`li[data-value="${NAMES[2]}"]`)).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shots("speech-check-390"), fullPage: true });
  await expectNoHorizontalOverflow(page);

  // Heard once, stored: a reload shows the same findings without listening again.
  await page.reload();
  await expect(page.getByTestId("plan-speech-check").getByTestId("speech-check-summary")).toContainText(`listened to ${NAMES.length} of ${NAMES.length} sentences`);
});
