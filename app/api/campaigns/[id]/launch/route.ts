import { after } from "next/server";
import { campaignIdSchema, launchCampaign } from "@/lib/campaigns";
import { getWorkerPoolStatus } from "@/lib/worker-client";
import { env } from "@/lib/env";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";
// Serverless hosts keep the function alive for after(); the cron route picks up whatever is left.
export const maxDuration = 300;

// POST /api/campaigns/:id/launch: plan and queue the campaign's renders
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const result = await launchCampaign(await context(), id, await getWorkerPoolStatus());
  if (result.ok && env.DISPATCH_MODE === "request") {
    after(async () => (await import("@/lib/dispatch-loop")).dispatchFor());
  }
  return respond(result);
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
