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
  rerenderStaleAudio,
  retryFailedSegments,
  updateCampaignSchema,
  updateDraftCampaign,
} from "@/lib/campaigns";
import { startCampaignCalls, stopCampaignCalls } from "@/lib/calls";
import { getCallsConfig } from "@/lib/calls-config";
import { env } from "@/lib/env";
import { action } from "@/lib/http";
import { createPreviewLink, createPreviewLinkSchema, revokePreviewLink } from "@/lib/previews";
import { getWorkerPoolStatus } from "@/lib/worker-client";

const updateSchema = z.object({ id: campaignIdSchema.shape.id, input: updateCampaignSchema });

export async function createCampaignAction(input: unknown) {
  return action(createCampaignSchema, input, async (ctx, data) => createCampaign(ctx, data, await getWorkerPoolStatus()));
}

export async function updateCampaignAction(id: unknown, input: unknown) {
  return action(updateSchema, { id, input }, async (ctx, data) => updateDraftCampaign(ctx, data.id, data.input, await getWorkerPoolStatus()));
}

export async function launchCampaignAction(id: unknown) {
  return action(campaignIdSchema, { id }, async (ctx, data) => {
    const result = await launchCampaign(ctx, data.id, await getWorkerPoolStatus());
    // Same as POST /api/campaigns/:id/launch: serverless hosts have no dispatch loop, so render after responding.
    if (result.ok && env.DISPATCH_MODE === "request") after(async () => (await import("@/lib/dispatch-loop")).dispatchFor());
    return result;
  });
}

export async function cancelCampaignAction(id: unknown) {
  return action(campaignIdSchema, { id }, (ctx, data) => cancelCampaign(ctx, data.id));
}

export async function duplicateCampaignAction(id: unknown) {
  return action(campaignIdSchema, { id }, (ctx, data) => duplicateCampaign(ctx, data.id));
}

export async function retryFailedSegmentsAction(id: unknown) {
  return action(campaignIdSchema, { id }, (ctx, data) => retryFailedSegments(ctx, data.id));
}

export async function rerenderStaleAudioAction(id: unknown) {
  return action(campaignIdSchema, { id }, (ctx, data) => rerenderStaleAudio(ctx, data.id));
}

export async function createPreviewLinkAction(input: unknown) {
  return action(createPreviewLinkSchema, input, (ctx, data) => createPreviewLink(ctx, data));
}

export async function revokePreviewLinkAction(id: unknown) {
  return action(z.uuid(), id, (ctx, data) => revokePreviewLink(ctx, data));
}

export async function startCampaignCallsAction(id: unknown) {
  return action(campaignIdSchema, { id }, (ctx, data) => startCampaignCalls(ctx, data.id, getCallsConfig()));
}

export async function stopCampaignCallsAction(id: unknown) {
  return action(campaignIdSchema, { id }, (ctx, data) => stopCampaignCalls(ctx, data.id));
}
