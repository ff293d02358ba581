/** React Query keys, shared by server prefetch and client hooks so both address the same cache entries. */
export const queryKeys = {
  campaigns: {
    all: ["campaigns"] as const,
    list: () => ["campaigns", "list"] as const,
    detail: (id: string) => ["campaigns", "detail", id] as const,
    plan: (id: string) => ["campaigns", "detail", id, "plan"] as const,
    recipients: (id: string, page: { limit: number; offset: number }) => ["campaigns", "detail", id, "recipients", page] as const,
    previews: (id: string) => ["campaigns", "detail", id, "previews"] as const,
    stale: (id: string) => ["campaigns", "detail", id, "stale"] as const,
    calls: (id: string) => ["campaigns", "detail", id, "calls"] as const,
  },
  contacts: {
    all: ["contacts"] as const,
    count: (filter: { appointments?: string; listId?: string } = {}) => ["contacts", "count", filter] as const,
    doNotCallBatches: ["contacts", "do-not-call-batches"] as const,
    page: (filter: Record<string, string | number | undefined>) => ["contacts", "page", filter] as const,
    detail: (id: string) => ["contacts", "detail", id] as const,
  },
  lists: {
    all: ["lists"] as const,
  },
  members: () => ["members"] as const,
  apiKeys: () => ["api-keys"] as const,
  voiceMixes: () => ["voice-mixes"] as const,
  pronunciations: () => ["pronunciations"] as const,
  workers: () => ["workers"] as const,
  templatePreview: (template: string, campaignId: string | null) => ["template-preview", template, campaignId] as const,
};
