import { describe, expect, it } from "vitest";
import { viewFallbackWarning, viewWorkers } from "@/lib/system/worker-view";

const workers = [
  { url: "http://127.0.0.1:8787", ready: true, inFlight: 2, error: null },
  { url: "http://10.0.0.5:8787", ready: false, inFlight: 0, error: "fetch failed: connect ECONNREFUSED 10.0.0.5:8787 (TypeError at probe)" },
];

describe("the status page's voice workers", () => {
  it("shows office staff whether each worker is ready, in words, without addresses or raw errors", () => {
    const view = viewWorkers(workers, "staff");
    expect(view.map((w) => w.label)).toEqual(["Voice worker 1", "Voice worker 2"]);
    expect(JSON.stringify(view)).not.toMatch(/ECONNREFUSED|10\.0\.0\.5|127\.0\.0\.1|TypeError/);
    expect(view[1]).toMatchObject({ ready: false, detail: expect.stringMatching(/owner or admin/) });
    expect(viewFallbackWarning("model.onnx failed to load: Error: ENOENT /models/kokoro/model_q8f16.onnx", "staff")).not.toMatch(/ENOENT|onnx/);
  });

  it("shows owners and admins the addresses and the raw errors", () => {
    for (const role of ["admin", "owner"] as const) {
      const view = viewWorkers(workers, role);
      expect(view.map((w) => w.label)).toEqual(["http://127.0.0.1:8787", "http://10.0.0.5:8787"]);
      expect(view[1]!.detail).toContain("ECONNREFUSED");
      expect(viewFallbackWarning("model.onnx failed to load", role)).toBe("model.onnx failed to load");
    }
  });
});
