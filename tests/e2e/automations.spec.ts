import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";

/** "HH:MM" in the organisation's zone (the e2e organisation keeps the default, America/New_York), `minutes` from now. */
function localTimeIn(minutes: number, timeZone = "America/New_York"): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(Date.now() + minutes * 60_000));
}

test("a schedule with nobody to call runs at its time, and the endpoint's signed delivery shows in the log", async ({ page, request }) => {
  // The slot is a minute or two away and the loop looks every 15 s.
  test.setTimeout(240_000);
  const received: { id: string; type: string; verified: boolean }[] = [];
  let secret = "";
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let verified = true;
      try {
        new Webhook(secret).verify(body, headers);
      } catch {
        verified = false;
      }
      received.push({ id: headers["webhook-id"]!, type: (JSON.parse(body) as { type: string }).type, verified });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/voice`;

  try {
    const campaign = await request.post("/api/campaigns", {
      data: { name: "Appointment reminder", template: "Hi {{firstName}}, see you on {{appointment.date}} at {{appointment.time}}.", voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: [] } },
    });
    expect(campaign.status()).toBe(201);

    // The endpoint: its secret is shown once.
    await page.goto("/settings/webhooks");
    await expect(page.getByRole("heading", { name: "Webhooks", exact: true })).toBeVisible();
    await page.getByLabel("URL").fill(receiverUrl);
    await page.getByRole("button", { name: "Add endpoint" }).click();
    secret = (await page.getByTestId("webhook-secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    await expect(page.getByTestId("webhook-endpoints")).toContainText(receiverUrl);
    await page.reload();
    await expect(page.getByTestId("webhook-secret")).toHaveCount(0);

    // A schedule two minutes from now, for appointments nobody has: the slot is skipped, and says so.
    await page.goto("/schedules");
    await page.getByLabel("Name").fill("Tomorrow's reminders");
    await page.getByLabel("Campaign to run").selectOption({ label: "Appointment reminder" });
    for (const day of ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) await page.getByLabel(day, { exact: true }).check();
    await page.getByLabel(/^Time/).fill(localTimeIn(2));
    await page.getByLabel(/appointment in/).fill("14");
    await page.getByRole("button", { name: "Create schedule" }).click();
    await expect(page).toHaveURL(/\/schedules\/[0-9a-f-]{36}$/);
    await expect(page.getByText(/next run/)).toBeVisible();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: "test-results/screenshots/schedule-1280.png", fullPage: true, animations: "disabled" });

    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("schedule-runs")).toContainText("skipped", { timeout: 1_000 });
    }).toPass({ timeout: 200_000, intervals: [5_000] });
    await expect(page.getByTestId("schedule-runs")).toContainText("No contact has an appointment on");
    await page.screenshot({ path: "test-results/screenshots/schedule-history-1280.png", fullPage: true, animations: "disabled" });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/screenshots/schedule-history-390.png", fullPage: true, animations: "disabled" });
    // The list shows the next run and pauses it.
    await page.goto("/schedules");
    const list = page.getByTestId("schedules");
    await expect(list).toContainText("Next run");
    await page.screenshot({ path: "test-results/screenshots/schedules-390.png", fullPage: true, animations: "disabled" });
    await page.getByRole("button", { name: "Pause Tomorrow's reminders" }).click();
    await expect(list).toContainText("Paused");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: "test-results/screenshots/schedules-1280.png", fullPage: true, animations: "disabled" });
    await page.getByRole("button", { name: "Resume Tomorrow's reminders" }).click();
    await expect(list).toContainText("Next run");

    // The receiver got schedule.skipped, signed; the log shows the attempt.
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(received[0]).toMatchObject({ type: "schedule.skipped", verified: true });
    await page.goto("/settings/webhooks");
    const log = page.getByTestId("webhook-deliveries");
    await expect(log).toContainText("schedule.skipped");
    await expect(log).toContainText("delivered");
    await expect(log).toContainText("HTTP 200");
    await expect(log).toContainText(received[0]!.id);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/screenshots/webhooks-390.png", fullPage: true, animations: "disabled" });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: "test-results/screenshots/webhooks-1280.png", fullPage: true, animations: "disabled" });

    // Replay: the same webhook-id arrives again.
    await page.getByRole("button", { name: /^Replay schedule\.skipped/ }).click();
    await expect.poll(() => received.length, { timeout: 40_000 }).toBe(2);
    expect(received[1]!.id).toBe(received[0]!.id);
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});

test("a schedule limited to a contact list says so on its page and in the schedules list", async ({ page, request }) => {
  const campaign = await request.post("/api/campaigns", {
    data: { name: "Recall reminder", template: "Hi {{firstName}}, your cleaning is on {{appointment.date}}.", voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: [] } },
  });
  expect(campaign.status()).toBe(201);
  const list = await request.post("/api/lists", { data: { name: "Hygiene recall" } });
  expect(list.status()).toBe(201);

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/schedules");
  await page.getByLabel("Name").fill("Recall reminders");
  await page.getByLabel("Campaign to run").selectOption({ label: "Recall reminder" });
  await page.getByLabel("Only contacts in list").selectOption({ label: "Hygiene recall" });
  await page.screenshot({ path: "test-results/screenshots/schedule-form-list-1280.png", fullPage: true, animations: "disabled" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screenshots/schedule-form-list-390.png", fullPage: true, animations: "disabled" });
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page).toHaveURL(/\/schedules\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("schedule-list")).toContainText("Only contacts in the list Hygiene recall");
  // The edit form starts on the schedule's list, so saving it unchanged keeps the limit.
  await expect(page.getByLabel("Only contacts in list")).toHaveValue(((await list.json()) as { id: string }).id);
  await page.screenshot({ path: "test-results/screenshots/schedule-list-390.png", fullPage: true, animations: "disabled" });

  await page.goto("/schedules");
  await expect(page.getByTestId("schedules")).toContainText("Recall reminders");
  await expect(page.getByTestId("schedules")).toContainText("only list Hygiene recall");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: "test-results/screenshots/schedules-list-1280.png", fullPage: true, animations: "disabled" });
});
