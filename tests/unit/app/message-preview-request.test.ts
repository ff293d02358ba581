import { describe, expect, it } from "vitest";
import { previewRequestBody } from "@/app/(app)/campaigns/_components/message-preview";

describe("the builder's message preview request", () => {
  it("asks a saved draft's samples from its own recipients", () => {
    expect(previewRequestBody("Hi {{firstName}}", "0b5a3c1e-0000-4000-8000-000000000001")).toEqual({
      template: "Hi {{firstName}}",
      limit: 3,
      campaignId: "0b5a3c1e-0000-4000-8000-000000000001",
    });
  });

  it("asks an unsaved draft's samples from the contacts", () => {
    expect(previewRequestBody("Hi", null)).toEqual({ template: "Hi", limit: 3 });
  });
});
