import { z } from "zod";

export const API_KEY_SCOPES = ["read", "write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "Give the key a name, e.g. the system that will use it").max(80, "Use at most 80 characters"),
  /** `write` implies `read`: a key that may change data may also read it. */
  scope: z.enum(API_KEY_SCOPES).default("read"),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const apiKeyIdSchema = z.object({ id: z.uuid() });

export const apiKeyDtoSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().meta({ description: "The start of the key, to recognise it (the secret is never shown again)", example: "vck_3f9a0c12d4e5_…" }),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable().meta({ description: "Updated at most once a minute" }),
  revokedAt: z.iso.datetime().nullable(),
  revokedReason: z.string().nullable().meta({ description: "Set when the app revoked the key: its creator left or is no longer an admin" }),
  createdBy: z
    .object({ name: z.string(), email: z.string() })
    .nullable()
    .meta({ description: "Who created the key; null when that person's account no longer exists (or for keys from before this was recorded)" }),
});
export type ApiKeyDto = z.infer<typeof apiKeyDtoSchema>;

export const createdApiKeySchema = apiKeyDtoSchema.extend({
  token: z.string().meta({ description: "The whole key. It is shown only in this response; only its hash is stored." }),
});
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
