"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { isBasicVoice } from "@/lib/protocol/tts";
import { queryKeys } from "@/lib/query-keys";
import type { WorkerPoolStatus } from "@/lib/worker-client";

export type WorkersResponse = { ready: boolean; info: WorkerPoolStatus | null; supervised?: boolean };

export function useWorkers() {
  return useQuery({
    queryKey: queryKeys.workers(),
    queryFn: async (): Promise<WorkersResponse> => {
      const res = await fetch("/api/workers", { cache: "no-store" });
      if (!res.ok) return { ready: false, info: null };
      return (await res.json()) as WorkersResponse;
    },
    refetchInterval: 15_000,
    staleTime: 10_000,
  });
}

/**
 * What the person using the app needs to know about the voice, in one sentence they can act on. The
 * operator's detail (paths, errors, commands) stays on the Status page the banner links to.
 */
export function workerBannerMessage(data: WorkersResponse): string | null {
  if (!data.ready || !data.info) {
    return data.supervised
      ? "The speech worker is restarting. Messages wait and carry on by themselves when it is back."
      : "The speech worker is not reachable, so nothing can be rendered or auditioned right now. Please ask your administrator.";
  }
  if (isBasicVoice(data.info.engine)) {
    return "Messages use the basic offline voice and will sound robotic. Please ask your administrator to install the Kokoro voice.";
  }
  if (data.info.warning) return "The speech worker reported a problem. Please ask your administrator.";
  return null;
}

/** Loud on every page when audio would not be Kokoro's (basic offline voice) or could not be made at all. */
export function WorkerBanner() {
  const { data } = useWorkers();
  const message = data ? workerBannerMessage(data) : null;
  if (!message) return null;
  return (
    <div role="status" data-testid="worker-banner" className="border-b border-amber-300 bg-amber-50">
      <p className="mx-auto max-w-6xl px-4 py-2 text-sm text-amber-950">
        {message}{" "}
        <Link href="/status" className="font-medium underline">
          See status
        </Link>
      </p>
    </div>
  );
}
