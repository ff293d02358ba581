import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CallVersions } from "@/app/(app)/campaigns/_components/call-versions";
import { callVersions } from "@/lib/calls/versions";
import { answerTexts, CALL_LANGUAGES } from "@/lib/calls/sentences";

const DEFAULT_ANSWER_TEXTS = CALL_LANGUAGES.en.defaults;

const MESSAGE = "Hi Maria, this is Lakeside Clinic. Your appointment is on Tuesday, March 3rd at 2:30 PM.";

describe("the two versions of a call", () => {
  it("gives the answering patient the message then the key prompt, and the machine the message then the callback sentence", () => {
    const texts = answerTexts({}, "+13125550100");
    const versions = callVersions(`  ${MESSAGE}\n`, texts);
    expect(versions.answered).toEqual([MESSAGE, DEFAULT_ANSWER_TEXTS.prompt]);
    expect(versions.machine).toEqual([MESSAGE, "Please call us back on 3 1 2, 5 5 5, 0 1 0 0."]);
    expect(versions.machine.join(" ")).not.toMatch(/Press/);
    expect(versions.messageAsksForKeys).toBe(false);
  });

  it("uses the organisation's own sentences where it has them", () => {
    const texts = answerTexts({ en: { prompt: "Pulse 1 para confirmar.", voicemailCallback: "Call the front desk." } }, "+13125550100");
    expect(callVersions(MESSAGE, texts)).toMatchObject({ answered: [MESSAGE, "Pulse 1 para confirmar."], machine: [MESSAGE, "Call the front desk."] });
  });

  it("warns when the message itself asks for a key, since a machine records it too", () => {
    expect(callVersions(`${MESSAGE} Press 1 to confirm.`, DEFAULT_ANSWER_TEXTS).messageAsksForKeys).toBe(true);
    expect(callVersions(`${MESSAGE} Please press star.`, DEFAULT_ANSWER_TEXTS).messageAsksForKeys).toBe(true);
    expect(callVersions("Impressive 1 day sale.", DEFAULT_ANSWER_TEXTS).messageAsksForKeys).toBe(false);
  });

  it("shows both versions read-only with a link to the phone call settings", () => {
    const html = renderToStaticMarkup(createElement(CallVersions, { message: MESSAGE, sentences: answerTexts({}, null) }));
    expect(html).toContain("A patient who answers hears");
    expect(html).toContain("An answering machine records");
    expect(html).toContain(DEFAULT_ANSWER_TEXTS.prompt);
    expect(html).toContain(DEFAULT_ANSWER_TEXTS.voicemailCallback);
    expect(html).toContain('href="/settings/phone-calls"');
    expect(html).not.toMatch(/<(input|textarea)\b/);
  });
});
