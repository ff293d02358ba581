import { NextResponse } from "next/server";
import { carrierSettingsSchema, getCarrierSettings, saveCarrierSettings } from "@/lib/calls";
import { getCallsConfig } from "@/lib/runtime/resources";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/carrier-settings: how the organisation's calls are placed (never the auth token); admins and the owner
export const GET = route(async ({ context }) => {
  return NextResponse.json({ settings: await getCarrierSettings(await context(), getCallsConfig()) });
}, { role: "admin" });

// PUT /api/carrier-settings: saves them; an empty authToken keeps the saved one
export const PUT = route(async ({ req, context }) => {
  const input = carrierSettingsSchema.parse(await req.json());
  return respond(await saveCarrierSettings(await context(), input, getCallsConfig()));
}, { role: "admin" });
