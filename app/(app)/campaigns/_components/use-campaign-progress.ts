"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { queryKeys } from "@/lib/query-keys";
import type { CampaignDto, CampaignEvent, EtaRange } from "@/lib/campaigns";

export type Progress = {
  status: CampaignDto["status"];
  counts: CampaignDto["progress"];
  /** Time left; null while unknown, zero once nothing is left. */
  eta: EtaRange | null;
  connection: "connecting" | "open" | "reconnecting";
};

const DONE: EtaRange = { seconds: 0, lowSeconds: 0, highSeconds: 0, basis: "live" };

/**
 * Live progress over SSE. The server sends a snapshot first, then deltas; EventSource reconnects on its own
 * and sends Last-Event-ID, so a dropped connection resumes where it stopped.
 */
export function useCampaignProgress(campaign: CampaignDto): Progress {
  const [progress, setProgress] = useState<Progress>({
    status: campaign.status,
    counts: campaign.progress,
    eta: null,
    connection: "connecting",
  });

  const client = useQueryClient();
  useEffect(() => {
    const source = new EventSource(`/api/campaigns/${campaign.id}/events`);
    const on = <T extends CampaignEvent["type"]>(type: T, handle: (event: Extract<CampaignEvent, { type: T }>) => void) =>
      source.addEventListener(type, (e) => handle(JSON.parse((e as MessageEvent<string>).data)));
    on("snapshot", (e) => setProgress({ status: e.status, counts: e.counts, eta: e.eta, connection: "open" }));
    on("progress", (e) => setProgress((p) => ({ ...p, counts: e.counts, eta: e.eta })));
    on("status", (e) => setProgress((p) => ({ ...p, status: e.status, counts: e.counts ?? p.counts, eta: e.status === "rendering" ? p.eta : DONE })));
    // A call moved on: the delivery report is read again (the event says which recipient, the report says the rest).
    on("call", () => void client.invalidateQueries({ queryKey: queryKeys.campaigns.calls(campaign.id) }));
    source.onopen = () => setProgress((p) => ({ ...p, connection: "open" }));
    source.onerror = () => setProgress((p) => ({ ...p, connection: "reconnecting" }));
    return () => source.close();
  }, [campaign.id, client]);

  return progress;
}
