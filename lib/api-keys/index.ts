export {
  authenticateApiKey,
  createApiKey,
  isApiKeyStillActive,
  LAST_USED_EVERY_SECONDS,
  limitApiKeyRequest,
  listApiKeyEvents,
  listApiKeys,
  recordApiKeyWrite,
  revokeApiKey,
  revokeApiKeysCreatedBy,
  type ApiKeyCaller,
  type ApiKeyEventDto,
  type ApiKeysCtx,
} from "./service";
export { API_KEY_SCOPES, apiKeyDtoSchema, apiKeyIdSchema, createApiKeySchema, createdApiKeySchema, type ApiKeyDto, type ApiKeyScope, type CreateApiKeyInput, type CreatedApiKey } from "./schemas";
