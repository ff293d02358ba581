import { describe, expect, it } from "vitest";
import { lintMessages, type LintMessage } from "@/lib/campaigns/lint";

const GOOD = "Hi Maria, this is Bright Smile Dental. Your appointment is on Tuesday. Call us at (512) 555-0100. To opt out, press 9.";
const message = (merged: string, overrides: Partial<LintMessage> = {}): LintMessage => ({ merged, seconds: 12, customFields: [], ...overrides });
const lint = (messages: LintMessage[]) => lintMessages({ organizationName: "Bright Smile Dental", messages });
const codes = (messages: LintMessage[]) => lint(messages).map((f) => f.code);

describe("checks before launch", () => {
  it("finds nothing in a message that says who calls, a number to call back and how to opt out", () => {
    expect(lint([message(GOOD), message(GOOD.replace("Maria", "John"))])).toEqual([]);
  });

  it.each([
    ["no organisation name", GOOD.replace("Bright Smile Dental", "your dentist"), "organization_name_missing"],
    ["no callback number", GOOD.replace("Call us at (512) 555-0100. ", ""), "callback_number_missing"],
    ["a number too short to call", GOOD.replace("(512) 555-0100", "extension 42"), "callback_number_missing"],
    ["no opt-out sentence", GOOD.replace(" To opt out, press 9.", ""), "opt_out_missing"],
  ])("flags a message with %s", (_label, merged, code) => {
    expect(codes([message(merged)])).toEqual([code]);
  });

  it("counts only the recipients a finding concerns", () => {
    const findings = lint([message(GOOD), message(GOOD, { seconds: 61 }), message(GOOD, { seconds: 75 }), message(GOOD, { seconds: 60 })]);
    expect(findings).toEqual([{ code: "message_too_long", recipients: 2, message: expect.stringContaining("60 seconds") }]);
  });

  it("matches the organisation name whatever its case and spacing", () => {
    expect(codes([message(GOOD.replace("Bright Smile Dental", "BRIGHT  smile\ndental"))])).toEqual([]);
  });

  it("takes the campaign's own opt-out wording when given", () => {
    const merged = GOOD.replace("To opt out, press 9.", "Reply STOP to end reminders.");
    expect(lintMessages({ organizationName: "Bright Smile Dental", messages: [message(merged)], optOutPhrases: ["reply stop"] })).toEqual([]);
  });

  it("flags custom fields whose names sound clinical, with the recipients who have a value", () => {
    const findings = lint([
      message(GOOD, { customFields: ["diagnosis", "insurancePlan"] }),
      message(GOOD, { customFields: ["labResult", "medication"] }),
      message(GOOD, { customFields: ["procedureName", "diagnosis"] }),
      message(GOOD, { customFields: ["insurancePlan"] }),
    ]);
    expect(findings.map((f) => [f.code, f.recipients, f.message.match(/custom\.(\w+)/)?.[1]])).toEqual([
      ["clinical_field", 2, "diagnosis"],
      ["clinical_field", 1, "labResult"],
      ["clinical_field", 1, "medication"],
      ["clinical_field", 1, "procedureName"],
    ]);
  });
});
