import { expect, test } from "@playwright/test";

const shot = (name: string) => ({ path: `test-results/screenshots/${name}.png`, fullPage: true, animations: "disabled" as const });

test("with a carrier connected, the builder shows both versions of the call and a schedule can call the recipients", async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  // The carrier is reached only when a call is placed; none is in this journey.
  const saved = await request.put("/api/carrier-settings", {
    data: { provider: "twilio", baseUrl: "http://127.0.0.1:9", accountSid: "AC00000000000000000000000000000000", authToken: "e2e-token", callerId: "+13125550100", callbackNumber: "+13125550199" },
  });
  expect(saved.status()).toBe(200);

  await page.goto("/campaigns/new");
  const versions = page.getByTestId("call-versions");
  await versions.getByText("On the phone").click();
  await expect(page.getByTestId("call-version-answered")).toContainText("Press 1 to confirm.");
  await expect(page.getByTestId("call-version-machine")).toContainText("Please call us back on 3 1 2, 5 5 5, 0 1 9 9.");
  await expect(page.getByTestId("call-version-machine")).not.toContainText("Press 1");
  await expect(versions.getByRole("link", { name: "Settings → Phone calls" })).toHaveAttribute("href", "/settings/phone-calls");
  const box = await versions.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(390);
  await versions.scrollIntoViewIfNeeded();
  await page.screenshot(shot("call-versions-390"));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot(shot("call-versions-1280"));

  const campaign = await request.post("/api/campaigns", {
    data: { name: "Evening reminder", template: "Hi {{firstName}}, see you on {{appointment.date}}.", voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: [] } },
  });
  expect(campaign.status()).toBe(201);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/schedules");
  await page.getByLabel("Name").fill("Weekday calls");
  await page.getByLabel("Campaign to run").selectOption({ label: "Evening reminder" });
  await page.getByLabel(/^Time/).fill("17:00");
  await page.getByLabel("Deliver").selectOption("calls");
  await expect(page.getByText("Each run's calls start by themselves")).toBeVisible();
  await page.screenshot(shot("schedule-form-calls-390"));
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page).toHaveURL(/\/schedules\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("schedule-delivery")).toContainText("Call the recipients");
  await page.goto("/schedules");
  await expect(page.getByTestId("schedules")).toContainText("Deliver: Call the recipients");
  await page.screenshot(shot("schedules-calls-390"));
});
