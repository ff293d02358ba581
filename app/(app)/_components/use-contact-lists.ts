"use client";

import { useQuery } from "@tanstack/react-query";
import type { ListDto } from "@/lib/contacts";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "./client-api";

/** The organisation's contact lists with their member counts (GET /api/lists). */
export function useContactLists() {
  return useQuery({
    queryKey: queryKeys.lists.all,
    queryFn: async () => (await fetchJson<{ items: ListDto[] }>("/api/lists")).items,
  });
}
