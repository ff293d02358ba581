"use client";

import { useEffect, useState } from "react";
import type { CampaignDto, CampaignEvent } from "@/lib/campaigns";

export type Progress = {
  status: CampaignDto["status"];
  counts: CampaignDto["progress"];
  etaSeconds: number | null;
  connection: "connecting" | "open" | "reconnecting";
};

/**
 * Live progress over SSE. The server sends a snapshot first, then deltas; EventSource reconnects on its own
 * and sends Last-Event-ID, so a dropped connection resumes where it stopped.
 */
export function useCampaignProgress(campaign: CampaignDto): Progress {
  const [progress, setProgress] = useState<Progress>({
    status: campaign.status,
    counts: campaign.progress,
    etaSeconds: null,
    connection: "connecting",
  });

  useEffect(() => {
    const source = new EventSource(`/api/campaigns/${campaign.id}/events`);
    const on = <T extends CampaignEvent["type"]>(type: T, handle: (event: Extract<CampaignEvent, { type: T }>) => void) =>
      source.addEventListener(type, (e) => handle(JSON.parse((e as MessageEvent<string>).data)));
    on("snapshot", (e) => setProgress({ status: e.status, counts: e.counts, etaSeconds: e.etaSeconds, connection: "open" }));
    on("progress", (e) => setProgress((p) => ({ ...p, counts: e.counts, etaSeconds: e.etaSeconds })));
    on("status", (e) => setProgress((p) => ({ ...p, status: e.status, counts: e.counts ?? p.counts, etaSeconds: e.status === "rendering" ? p.etaSeconds : 0 })));
    source.onopen = () => setProgress((p) => ({ ...p, connection: "open" }));
    source.onerror = () => setProgress((p) => ({ ...p, connection: "reconnecting" }));
    return () => source.close();
  }, [campaign.id]);

  return progress;
}
