import { campaignIdSchema, followCampaignSpeech, launchCampaign } from "@/lib/campaigns";
import { kickDispatch } from "@/lib/runtime/dispatch";
import { getSpeechCheckClient } from "@/lib/runtime/resources";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";
// Serverless hosts keep the function alive for after(); the cron route picks up whatever is left.
export const maxDuration = 300;

// POST /api/campaigns/:id/launch: plan and queue the campaign's renders
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const ctx = await context();
  const result = await launchCampaign(ctx, id);
  if (result.ok) kickDispatch();
  // The speech check listens while rendering goes on, in the background of this long-lived process; it never
  // holds up the launch, and what it hears shows in the campaign's plan.
  const speechCheck = getSpeechCheckClient();
  if (result.ok && speechCheck) void followCampaignSpeech(ctx, id, speechCheck).catch(() => undefined);
  return respond(result);
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
