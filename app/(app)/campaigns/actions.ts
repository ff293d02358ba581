"use server";

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
import { kickDispatch } from "@/lib/runtime/dispatch";
import { startCampaignCalls, stopCampaignCalls } from "@/lib/calls";
import { getCallsConfig } from "@/lib/runtime/resources";
import { action } from "@/lib/http";
import { createPreviewLink, createPreviewLinkSchema, revokePreviewLink } from "@/lib/previews";

const updateSchema = z.object({ id: campaignIdSchema.shape.id, input: updateCampaignSchema });

export async function createCampaignAction(input: unknown) {
  return action(createCampaignSchema, input, (ctx, data) => createCampaign(ctx, data));
}

export async function updateCampaignAction(id: unknown, input: unknown) {
  return action(updateSchema, { id, input }, (ctx, data) => updateDraftCampaign(ctx, data.id, data.input));
}

export async function launchCampaignAction(id: unknown) {
  return action(campaignIdSchema, { id }, async (ctx, data) => {
    const result = await launchCampaign(ctx, data.id);
    if (result.ok) kickDispatch();
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
