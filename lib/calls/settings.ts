import type { CallAnswerTexts, CallAnswerTextsByLanguage } from "@/drizzle/schema/calls";
import { getCampaign, listCampaignRecipients, signedMessageAudioUrl } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import { checkWebhookUrl } from "@/lib/webhooks";
import { createCall, type CarrierAccount } from "./carrier";
import { CALL_AUDIO_FORMAT, publicUrlWarning, type CallsConfig } from "./config";
import { getCarrierSettingsRow, upsertCarrierSettingsRow, type CarrierSettingsRow } from "./queries";
import type { CarrierSettingsDto, CarrierSettingsInput, TestCallInput } from "./schemas";
import { open, seal } from "./secret-box";
import { answerTexts, CALL_LANGUAGES, callLanguageOf } from "./sentences";
import { sayAndHangUp, testCallTwiml } from "./twiml";

export type CallsCtx = { db: Db; organization: { id: string; name: string; timezone: string; callbackNumber: string | null } };

export type CallsErrorCode = "carrier_not_configured" | "carrier_url_refused" | "carrier_token_required" | "carrier_rejected" | "carrier_unreachable" | "campaign_not_found" | "campaign_not_ready";
export type CallsError<C extends CallsErrorCode = CallsErrorCode> = AppError<C>;

const minutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

export function toSettingsDto(row: CarrierSettingsRow | null, config: CallsConfig): CarrierSettingsDto | null {
  if (!row) return null;
  return {
    provider: row.provider,
    baseUrl: row.baseUrl,
    accountSid: row.accountSid,
    hasAuthToken: row.authTokenSealed !== "",
    callerId: row.callerId,
    callsPerSecond: row.callsPerSecond,
    windowStart: minutes(row.windowStartMinute),
    windowEnd: minutes(row.windowEndMinute),
    weekdays: row.weekdays,
    capPerDay: row.capPerDay,
    capPerWeek: row.capPerWeek,
    retries: row.retries,
    retryDelayMinutes: row.retryDelayMinutes,
    callbackNumber: row.callbackNumber,
    answerTexts: row.answerTexts,
    publicUrlWarning: publicUrlWarning(config.publicUrl),
  };
}

/** The organisation's carrier settings, without the auth token (it is never returned). */
export async function getCarrierSettings(ctx: CallsCtx, config: CallsConfig): Promise<CarrierSettingsDto | null> {
  return toSettingsDto(await getCarrierSettingsRow(ctx.db, ctx.organization.id), config);
}

/**
 * Checks the base URL: https, and an address the webhook guard lets the server reach (plain http only to a
 * loopback address, and only where the install allows private addresses: a local carrier simulator).
 */
async function checkBaseUrl(raw: string, config: CallsConfig): Promise<Result<string, CallsError<"carrier_url_refused">>> {
  const url = new URL(raw);
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback && config.guard.allowPrivate)) {
    return err(appError("carrier_url_refused", "The carrier's API address must start with https://."));
  }
  if (url.search || url.hash) return err(appError("carrier_url_refused", "Give the carrier's API address without a query or fragment."));
  const guarded = await checkWebhookUrl(url.toString(), config.guard);
  if (!guarded.ok) return err(appError("carrier_url_refused", guarded.error.message.replace("webhooks go to", "carriers are reached at")));
  return ok(url.origin + url.pathname.replace(/\/+$/, ""));
}

export async function saveCarrierSettings(ctx: CallsCtx, input: CarrierSettingsInput, config: CallsConfig): Promise<Result<CarrierSettingsDto, CallsError<"carrier_url_refused" | "carrier_token_required">>> {
  const baseUrl = await checkBaseUrl(input.baseUrl, config);
  if (!baseUrl.ok) return baseUrl;
  const existing = await getCarrierSettingsRow(ctx.db, ctx.organization.id);
  // The token is write-only: an empty one keeps the saved token, unless the account changed (it would not fit).
  const keepToken = input.authToken === "" && existing && existing.accountSid === input.accountSid;
  if (input.authToken === "" && !keepToken) return err(appError("carrier_token_required", "Enter the auth token of this account."));
  const authTokenSealed = keepToken ? existing.authTokenSealed : seal(config.credentialKey, input.authToken, ctx.organization.id);
  const answers: CallAnswerTextsByLanguage = Object.fromEntries(
    Object.entries(input.answerTexts)
      .map(([language, texts]): [string, CallAnswerTexts] => [language, Object.fromEntries(Object.entries(texts ?? {}).filter(([, v]) => v))])
      .filter(([, texts]) => Object.keys(texts).length > 0),
  );
  await upsertCarrierSettingsRow(ctx.db, {
    organizationId: ctx.organization.id,
    provider: input.provider,
    baseUrl: baseUrl.value,
    accountSid: input.accountSid,
    authTokenSealed,
    callerId: input.callerId,
    callsPerSecond: input.callsPerSecond,
    windowStartMinute: input.windowStart,
    windowEndMinute: input.windowEnd,
    weekdays: [...new Set(input.weekdays)].sort(),
    capPerDay: input.capPerDay,
    capPerWeek: input.capPerWeek,
    retries: input.retries,
    retryDelayMinutes: input.retryDelayMinutes,
    callbackNumber: input.callbackNumber || null,
    answerTexts: answers,
  });
  return ok(toSettingsDto(await getCarrierSettingsRow(ctx.db, ctx.organization.id), config)!);
}

/** The settings with the account's token opened; null when there are none (or the app's secret changed). */
export async function loadCarrier(db: Db, organizationId: string, config: CallsConfig): Promise<{ settings: CarrierSettingsRow; account: CarrierAccount } | null> {
  const settings = await getCarrierSettingsRow(db, organizationId);
  if (!settings) return null;
  const authToken = open(config.credentialKey, settings.authTokenSealed, organizationId);
  if (authToken === null) return null;
  return { settings, account: { provider: settings.provider, baseUrl: settings.baseUrl, accountSid: settings.accountSid, authToken } };
}

/**
 * Calls a member of staff, to check the account, caller ID and audio path: with a campaign, one of its
 * rendered messages followed by the key prompt, exactly as a patient hears them (keys record nothing);
 * without, a short spoken sentence.
 */
export async function placeTestCall(
  ctx: Ctx & CallsCtx,
  input: TestCallInput,
  config: CallsConfig,
): Promise<Result<{ sid: string; warning: string | null }, CallsError<"carrier_not_configured" | "carrier_rejected" | "carrier_unreachable" | "campaign_not_found" | "campaign_not_ready">>> {
  const carrier = await loadCarrier(ctx.db, ctx.organization.id, config);
  if (!carrier) return err(appError("carrier_not_configured", "Save the phone call settings first (Settings → Phone calls)."));
  const callbackNumber = carrier.settings.callbackNumber ?? ctx.organization.callbackNumber;
  let twiml: string;
  if (input.campaignId) {
    const message = await testCallMessage(ctx, input.campaignId);
    if (!message.ok) return message;
    const language = callLanguageOf(message.value.language);
    const texts = answerTexts(carrier.settings.answerTexts, callbackNumber, language);
    const sayLanguage = CALL_LANGUAGES[language].sayLanguage;
    twiml = testCallTwiml({
      intro: { say: `This is a test call from ${ctx.organization.name}. ${message.value.name}'s message follows.`, language: CALL_LANGUAGES.en.sayLanguage },
      audioUrl: signedMessageAudioUrl(config.signing, ctx.organization.id, message.value.messageKey, CALL_AUDIO_FORMAT, config.publicUrl),
      prompt: { say: texts.prompt, language: sayLanguage },
      outro: { say: "End of the test call. Keys pressed on a test call record nothing.", language: CALL_LANGUAGES.en.sayLanguage },
    });
  } else {
    const texts = answerTexts(carrier.settings.answerTexts, callbackNumber);
    twiml = sayAndHangUp({ say: `This is a test call from ${ctx.organization.name}. Calls to your patients will sound like this line. ${texts.confirmed}`, language: CALL_LANGUAGES.en.sayLanguage });
  }
  const created = await createCall(carrier.account, config.guard, { to: input.to, from: carrier.settings.callerId, twiml, statusCallback: null, amdCallback: null });
  if (!created.ok) {
    const e = created.error;
    return e.kind === "rejected"
      ? err(appError("carrier_rejected", `The carrier refused the call (${e.status}${e.code ? `, error ${e.code}` : ""}): ${e.message}`))
      : err(appError("carrier_unreachable", `The carrier could not be reached: ${e.message}`));
  }
  return ok({ sid: created.value.sid, warning: publicUrlWarning(config.publicUrl) });
}

/** The first recipient of the campaign whose message has its audio (a recipient heard in another's call is skipped). */
async function testCallMessage(ctx: Ctx, campaignId: string): Promise<Result<{ messageKey: string; name: string; language: string | null }, CallsError<"campaign_not_found" | "campaign_not_ready">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(appError("campaign_not_found", "This campaign does not exist."));
  for (let offset = 0; offset < TEST_CALL_SEARCH; offset += 100) {
    const page = await listCampaignRecipients(ctx, campaignId, { limit: 100, offset });
    if (!page.ok) return err(appError("campaign_not_found", "This campaign does not exist."));
    const ready = page.value.items.find((r) => r.status === "ready" && r.messageKey && !r.sharedWithRecipientId);
    if (ready) return ok({ messageKey: ready.messageKey!, name: ready.name, language: ready.language ?? campaign.language });
    if (page.value.items.length < 100) break;
  }
  return err(appError("campaign_not_ready", `No message of "${campaign.name}" has its audio yet: launch it and wait for the first messages, or call without a campaign.`));
}

/** How many recipients a test call looks through for one with audio. */
const TEST_CALL_SEARCH = 1_000;
