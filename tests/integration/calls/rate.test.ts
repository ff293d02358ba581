import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { carrierSettingsSchema, deriveCredentialKey, saveCarrierSettings, type CallsConfig } from "@/lib/calls";
import { slotIntervalMs, takeCallSlot } from "@/lib/calls/place";
import { describeEachDatabase } from "../../helpers/test-db";

/** The most of `times` (ms) inside any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describeEachDatabase("the carrier rate", (getDb) => {
  it("keeps calls a slot apart even when waking up for a slot comes late", async () => {
    const { db, organization } = getDb();
    const ctx = { db, organization };
    const config: CallsConfig = { publicUrl: "http://127.0.0.1:9", credentialKey: deriveCredentialKey("a test secret of at least thirty-two characters"), signing: { key: randomBytes(32) }, guard: { allowPrivate: true } };
    const rate = 5;
    const saved = await saveCarrierSettings(
      ctx,
      carrierSettingsSchema.parse({ provider: "twilio", baseUrl: "http://127.0.0.1:9", accountSid: "AC0", authToken: "token", callerId: "+13125550100", callsPerSecond: rate }),
      config,
    );
    expect(saved.ok).toBe(true);
    // Every other wait overslept by most of a slot, as a busy process would; calls go one after another.
    let n = 0;
    const lateSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms + (n++ % 2 === 0 ? 150 : 0)));
    const sentAt: number[] = [];
    for (let i = 0; i < 14; i++) {
      expect(await takeCallSlot(db, organization.id, rate, lateSleep)).toBeNull();
      sentAt.push(performance.now());
    }
    expect(busiestWindow(sentAt, 1000)).toBeLessThanOrEqual(rate);
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(slotIntervalMs(rate) - 15);
  }, 30_000);
});
