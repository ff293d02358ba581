import type { RouteModule } from "@/lib/http";
import * as apiKeys from "../api-keys/route";
import * as apiKeysId from "../api-keys/[id]/route";
import * as audioFile from "../audio/[file]/route";
import * as authAll from "../auth/[...all]/route";
import * as campaigns from "../campaigns/route";
import * as campaignsId from "../campaigns/[id]/route";
import * as campaignsIdCalls from "../campaigns/[id]/calls/route";
import * as campaignsIdCallsExport from "../campaigns/[id]/calls/export/route";
import * as campaignsIdCallsStop from "../campaigns/[id]/calls/stop/route";
import * as campaignsIdCancel from "../campaigns/[id]/cancel/route";
import * as carrierAmd from "../carrier/amd/route";
import * as carrierGather from "../carrier/gather/route";
import * as carrierSettings from "../carrier-settings/route";
import * as carrierSettingsTestCall from "../carrier-settings/test-call/route";
import * as carrierStatus from "../carrier/status/route";
import * as carrierVoice from "../carrier/voice/route";
import * as campaignsIdDuplicate from "../campaigns/[id]/duplicate/route";
import * as campaignsIdEvents from "../campaigns/[id]/events/route";
import * as campaignsIdExport from "../campaigns/[id]/export/route";
import * as campaignsIdLaunch from "../campaigns/[id]/launch/route";
import * as campaignsIdPlan from "../campaigns/[id]/plan/route";
import * as campaignsIdPreviews from "../campaigns/[id]/previews/route";
import * as campaignsIdRecipients from "../campaigns/[id]/recipients/route";
import * as campaignsIdRetry from "../campaigns/[id]/retry/route";
import * as campaignsIdStale from "../campaigns/[id]/stale/route";
import * as contacts from "../contacts/route";
import * as contactsId from "../contacts/[id]/route";
import * as contactsIdCampaigns from "../contacts/[id]/campaigns/route";
import * as contactsIdOptOut from "../contacts/[id]/opt-out/route";
import * as contactsDoNotCall from "../contacts/do-not-call/route";
import * as contactsDoNotCallBatches from "../contacts/do-not-call/batches/route";
import * as contactsDoNotCallBatchesIdUndo from "../contacts/do-not-call/batches/[id]/undo/route";
import * as contactsDoNotCallPreview from "../contacts/do-not-call/preview/route";
import * as contactsExport from "../contacts/export/route";
import * as contactsImport from "../contacts/import/route";
import * as cronDispatch from "../cron/dispatch/route";
import * as health from "../health/route";
import * as lists from "../lists/route";
import * as listsId from "../lists/[id]/route";
import * as listsIdMembers from "../lists/[id]/members/route";
import * as members from "../members/route";
import * as membersId from "../members/[id]/route";
import * as previewLinksId from "../preview-links/[id]/route";
import * as pronunciations from "../pronunciations/route";
import * as pronunciationsId from "../pronunciations/[id]/route";
import * as pronunciationsExport from "../pronunciations/export/route";
import * as pronunciationsImport from "../pronunciations/import/route";
import * as previewsTokenAudioKey from "../previews/[token]/audio/[key]/route";
import * as setup from "../setup/route";
import * as templatesPreview from "../templates/preview/route";
import * as voiceMixes from "../voice-mixes/route";
import * as voiceMixesId from "../voice-mixes/[id]/route";
import * as voicesAudition from "../voices/audition/route";
import * as workers from "../workers/route";

/**
 * Every route module under app/api by its OpenAPI path (`[id]` → `{id}`; the catch-all `[...all]` →
 * `{all}`), for the document at /api/openapi.json, which adds itself. A route file missing here, or a
 * path here without its file, fails tests/integration/http/openapi.test.ts.
 */
export const API_ROUTES: Record<string, RouteModule> = {
  "/api/api-keys": apiKeys,
  "/api/api-keys/{id}": apiKeysId,
  "/api/audio/{file}": audioFile,
  "/api/auth/{all}": authAll,
  "/api/campaigns": campaigns,
  "/api/campaigns/{id}": campaignsId,
  "/api/campaigns/{id}/calls": campaignsIdCalls,
  "/api/campaigns/{id}/calls/export": campaignsIdCallsExport,
  "/api/campaigns/{id}/calls/stop": campaignsIdCallsStop,
  "/api/campaigns/{id}/cancel": campaignsIdCancel,
  "/api/campaigns/{id}/duplicate": campaignsIdDuplicate,
  "/api/campaigns/{id}/events": campaignsIdEvents,
  "/api/campaigns/{id}/export": campaignsIdExport,
  "/api/campaigns/{id}/launch": campaignsIdLaunch,
  "/api/campaigns/{id}/plan": campaignsIdPlan,
  "/api/campaigns/{id}/previews": campaignsIdPreviews,
  "/api/campaigns/{id}/recipients": campaignsIdRecipients,
  "/api/campaigns/{id}/retry": campaignsIdRetry,
  "/api/campaigns/{id}/stale": campaignsIdStale,
  "/api/carrier-settings": carrierSettings,
  "/api/carrier-settings/test-call": carrierSettingsTestCall,
  "/api/carrier/amd": carrierAmd,
  "/api/carrier/gather": carrierGather,
  "/api/carrier/status": carrierStatus,
  "/api/carrier/voice": carrierVoice,
  "/api/contacts": contacts,
  "/api/contacts/{id}": contactsId,
  "/api/contacts/{id}/campaigns": contactsIdCampaigns,
  "/api/contacts/{id}/opt-out": contactsIdOptOut,
  "/api/contacts/do-not-call": contactsDoNotCall,
  "/api/contacts/do-not-call/batches": contactsDoNotCallBatches,
  "/api/contacts/do-not-call/batches/{id}/undo": contactsDoNotCallBatchesIdUndo,
  "/api/contacts/do-not-call/preview": contactsDoNotCallPreview,
  "/api/contacts/export": contactsExport,
  "/api/contacts/import": contactsImport,
  "/api/cron/dispatch": cronDispatch,
  "/api/health": health,
  "/api/lists": lists,
  "/api/lists/{id}": listsId,
  "/api/lists/{id}/members": listsIdMembers,
  "/api/members": members,
  "/api/members/{id}": membersId,
  "/api/preview-links/{id}": previewLinksId,
  "/api/previews/{token}/audio/{key}": previewsTokenAudioKey,
  "/api/pronunciations": pronunciations,
  "/api/pronunciations/{id}": pronunciationsId,
  "/api/pronunciations/export": pronunciationsExport,
  "/api/pronunciations/import": pronunciationsImport,
  "/api/setup": setup,
  "/api/templates/preview": templatesPreview,
  "/api/voice-mixes": voiceMixes,
  "/api/voice-mixes/{id}": voiceMixesId,
  "/api/voices/audition": voicesAudition,
  "/api/workers": workers,
};
