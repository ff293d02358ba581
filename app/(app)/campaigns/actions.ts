"use server";

import { after } from "next/server";
import { z } from "zod";
import {
  campaignIdSchema,
  cancelCampaign,
  createCampaign,
  createCampaignSchema,
  duplicateCampaign,
  launchCampaign,
  retryFailedSegments,
  updateCampaignSchema,
  updateDraftCampaign,
} from "@/lib/campaigns";
import { getAppContext, getWorkerInfo } from "@/lib/context";
import { env } from "@/lib/env";
import { summarizeZod } from "@/lib/http";
import { createPreviewLink, createPreviewLinkSchema, revokePreviewLink } from "@/lib/previews";
import { err } from "@/lib/result";

// Actions return the Result as it is: Next.js strips thrown messages in production, so a thrown error
// could not tell the form what went wrong.
const invalid = (error: z.ZodError) => err({ code: "validation_failed" as const, message: summarizeZod(error) });

export async function createCampaignAction(input: unknown) {
  const parsed = createCampaignSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return createCampaign(await getAppContext(), parsed.data, await getWorkerInfo());
}

export async function updateCampaignAction(id: unknown, input: unknown) {
  const parsed = z.object({ id: campaignIdSchema.shape.id, input: updateCampaignSchema }).safeParse({ id, input });
  if (!parsed.success) return invalid(parsed.error);
  return updateDraftCampaign(await getAppContext(), parsed.data.id, parsed.data.input, await getWorkerInfo());
}

export async function launchCampaignAction(id: unknown) {
  const parsed = campaignIdSchema.safeParse({ id });
  if (!parsed.success) return invalid(parsed.error);
  const result = await launchCampaign(await getAppContext(), parsed.data.id, await getWorkerInfo());
  // Same as POST /api/campaigns/:id/launch: serverless hosts have no dispatch loop, so render after responding.
  if (result.ok && env.DISPATCH_MODE === "request") {
    after(async () => (await import("@/lib/renders/dispatch-loop")).dispatchFor(250_000));
  }
  return result;
}

export async function cancelCampaignAction(id: unknown) {
  const parsed = campaignIdSchema.safeParse({ id });
  if (!parsed.success) return invalid(parsed.error);
  return cancelCampaign(await getAppContext(), parsed.data.id);
}

export async function duplicateCampaignAction(id: unknown) {
  const parsed = campaignIdSchema.safeParse({ id });
  if (!parsed.success) return invalid(parsed.error);
  return duplicateCampaign(await getAppContext(), parsed.data.id);
}

export async function retryFailedSegmentsAction(id: unknown) {
  const parsed = campaignIdSchema.safeParse({ id });
  if (!parsed.success) return invalid(parsed.error);
  return retryFailedSegments(await getAppContext(), parsed.data.id);
}

export async function createPreviewLinkAction(input: unknown) {
  const parsed = createPreviewLinkSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return createPreviewLink(await getAppContext(), parsed.data);
}

export async function revokePreviewLinkAction(id: unknown) {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return invalid(parsed.error);
  return revokePreviewLink(await getAppContext(), parsed.data);
}
