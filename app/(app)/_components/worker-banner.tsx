"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { queryKeys } from "@/lib/query-keys";
import type { WorkerPoolStatus } from "@/lib/worker-client";

export type WorkersResponse = { ready: boolean; info: WorkerPoolStatus | null };

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

/** Loud on every page when audio would not be Kokoro's (fallback engine) or could not be made at all. */
export function WorkerBanner() {
  const { data } = useWorkers();
  if (!data) return null;
  let message: string | null = null;
  if (!data.ready || !data.info) {
    message = "The voice worker is not reachable, so nothing can be rendered or auditioned right now.";
  } else if (data.info.engine === "espeak" || data.info.warning) {
    message =
      data.info.engine === "espeak"
        ? `The voice worker runs the fallback voice (espeak), not Kokoro. ${data.info.warning ?? ""}`
        : data.info.warning;
  }
  if (!message) return null;
  return (
    <div role="status" data-testid="worker-banner" className="border-b border-amber-300 bg-amber-50">
      <p className="mx-auto max-w-6xl px-4 py-2 text-sm text-amber-950">
        <strong className="font-semibold">Voice worker: </strong>
        {message}{" "}
        <Link href="/status" className="font-medium underline">
          See status
        </Link>
      </p>
    </div>
  );
}
