"use server";

import { carrierSettingsSchema, placeTestCall, saveCarrierSettings, testCallSchema } from "@/lib/calls";
import { getCallsConfig } from "@/lib/runtime/resources";
import { action } from "@/lib/http";

// The carrier account calls patients in the clinic's name and bills the clinic: an admin's call.
const ADMIN = { role: "admin" } as const;

export async function saveCarrierSettingsAction(input: unknown) {
  return action(carrierSettingsSchema, input, (ctx, data) => saveCarrierSettings(ctx, data, getCallsConfig()), ADMIN);
}

export async function placeTestCallAction(input: unknown) {
  return action(testCallSchema, input, (ctx, data) => placeTestCall(ctx, data, getCallsConfig()), ADMIN);
}
