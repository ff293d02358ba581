"use client";

import { useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { fetchJson } from "./client-api";

/**
 * A list the server component already loaded, kept fresh on the client: `data` starts as `initial`, and
 * `refresh()` refetches it from `url` (whose JSON holds it under `field`) after a change.
 */
export function useServerList<T, F extends string>(queryKey: QueryKey, url: string, field: F, initial: T[]) {
  const client = useQueryClient();
  const query = useQuery({ queryKey, queryFn: async () => (await fetchJson<Record<F, T[]>>(url))[field], initialData: initial });
  // initialData means data is never undefined; the generic signature cannot show the type checker that.
  return { data: query.data ?? initial, refresh: () => client.invalidateQueries({ queryKey }) };
}
