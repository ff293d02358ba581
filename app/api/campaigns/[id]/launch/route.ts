import { after } from "next/server";
import { campaignIdSchema, launchCampaign } from "@/lib/campaigns";
import { getAppContext, getWorkerInfo } from "@/lib/context";
import { env } from "@/lib/env";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";
// Serverless hosts keep the function alive for after(); the cron route picks up whatever is left.
export const maxDuration = 300;

// POST /api/campaigns/:id/launch: plan and queue the campaign's renders
export const POST = route<{ id: string }>(async ({ params }) => {
  const { id } = campaignIdSchema.parse(params);
  const result = await launchCampaign(await getAppContext(), id, await getWorkerInfo());
  if (result.ok && env.DISPATCH_MODE === "request") {
    after(async () => {
      const { dispatchFor } = await import("@/lib/renders/dispatch-loop");
      await dispatchFor(250_000);
    });
  }
  return respond(result);
}, { maxBodyBytes: 0 });
