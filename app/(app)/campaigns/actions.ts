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
import { getAppContext, getWorkerInfo, UnauthorizedError, type AppContext } from "@/lib/context";
import { env } from "@/lib/env";
import { summarizeZod } from "@/lib/http";
import { createPreviewLink, createPreviewLinkSchema, revokePreviewLink } from "@/lib/previews";
import { err, ok, type Result } from "@/lib/result";

// Actions return the Result as it is: Next.js strips thrown messages in production, so a thrown error
// could not tell the form what went wrong.
const invalid = (error: z.ZodError) => err({ code: "validation_failed" as const, message: summarizeZod(error) });

/** A session that ended is an expected failure here too: the form says so instead of a generic error. */
async function signedIn(): Promise<Result<AppContext, { code: "unauthorized"; message: string }>> {
  try {
    return ok(await getAppContext());
  } catch (error) {
    if (error instanceof UnauthorizedError) return err({ code: "unauthorized", message: "Your session has ended. Sign in again." });
    throw error;
  }
}

export async function createCampaignAction(input: unknown) {
  const parsed = createCampaignSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const ctx = await signedIn();
  if (!ctx.ok) return ctx;
  return createCampaign(ctx.value, parsed.data, await getWorkerInfo());
}

export async function updateCampaignAction(id: unknown, input: unknown) {
  const parsed = z.object({ id: campaignIdSchema.shape.id, input: updateCampaignSchema }).safeParse({ id, input });
  if (!parsed.success) return invalid(parsed.error);
  const ctx = await signedIn();
  if (!ctx.ok) return ctx;
  return updateDraftCampaign(ctx.value, parsed.data.id, parsed.data.input, await getWorkerInfo());
}

export async function launchCampaignAction(id: unknown) {
  const parsed = campaignIdSchema.safeParse({ id });
  if (!parsed.success) return invalid(parsed.error);
  const ctx = await signedIn();
  if (!ctx.ok) return ctx;
  const result = await launchCampaign(ctx.value, parsed.data.id, await getWorkerInfo());
  // Same as POST /api/campaigns/:id/launch: serverless hosts have no dispatch loop, so render after responding.
  if (result.ok && env.DISPATCH_MODE === "request") {
    after(async () => (await import("@/lib/renders/dispatch-loop")).dispatchFor(250_000));
  }
  return result;
}

export async function cancelCampaignAction(id: unknown) {
  const parsed = campaignIdSchema.safeParse({ id });
  if (!parsed.success) return invalid(parsed.error);
  const ctx = await signedIn();
  if (!ctx.ok) return ctx;
  return cancelCampaign(ctx.value, parsed.data.id);
}

export async function duplicateCampaignAction(id: unknown) {
  const parsed = campaignIdSchema.safeParse({ id });
  if (!parsed.success) return invalid(parsed.error);
  const ctx = await signedIn();
  if (!ctx.ok) return ctx;
  return duplicateCampaign(ctx.value, parsed.data.id);
}

export async function retryFailedSegmentsAction(id: unknown) {
  const parsed = campaignIdSchema.safeParse({ id });
  if (!parsed.success) return invalid(parsed.error);
  const ctx = await signedIn();
  if (!ctx.ok) return ctx;
  return retryFailedSegments(ctx.value, parsed.data.id);
}

export async function createPreviewLinkAction(input: unknown) {
  const parsed = createPreviewLinkSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const ctx = await signedIn();
  if (!ctx.ok) return ctx;
  return createPreviewLink(ctx.value, parsed.data);
}

export async function revokePreviewLinkAction(id: unknown) {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return invalid(parsed.error);
  const ctx = await signedIn();
  if (!ctx.ok) return ctx;
  return revokePreviewLink(ctx.value, parsed.data);
}
