import { campaignIdSchema, checkCampaignSpeech } from "@/lib/campaigns";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";
import { getSpeechCheckClient, getWorkerPool } from "@/lib/runtime/resources";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

/** A builder's "check names" run hears what it can in this long; the rest is heard on the next run. */
const CHECK_BUDGET_MS = 240_000;

// POST /api/campaigns/:id/speech-check: hear each sentence that holds a merge value (rendering it if needed)
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const deps = { client: getSpeechCheckClient(), pool: getWorkerPool(), deadline: Date.now() + CHECK_BUDGET_MS };
  return respond(await checkCampaignSpeech(await context(), id, deps));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
