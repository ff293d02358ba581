"use client";

import { useQuery } from "@tanstack/react-query";
import type { VoiceMixDto } from "@/lib/voices";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "./client-api";

/** The organisation's saved voice mixes (shared by the builder's voice picker and the voices settings page). */
export function useVoiceMixes(initial?: VoiceMixDto[]) {
  return useQuery({
    queryKey: queryKeys.voiceMixes(),
    queryFn: async () => (await fetchJson<{ mixes: VoiceMixDto[] }>("/api/voice-mixes")).mixes,
    initialData: initial,
  });
}
