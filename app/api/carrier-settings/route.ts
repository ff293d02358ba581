import { NextResponse } from "next/server";
import { z } from "zod";
import { carrierSettingsDtoSchema, carrierSettingsSchema, getCarrierSettings, saveCarrierSettings } from "@/lib/calls";
import { getCallsConfig } from "@/lib/calls-config";
import { jsonBody, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/carrier-settings: how the organisation's calls are placed (never the auth token); admins and the owner
export const GET = route(async ({ context }) => {
  return NextResponse.json({ settings: await getCarrierSettings(await context(), getCallsConfig()) });
}, {
  role: "admin",
  openapi: {
    summary: "Get the phone call settings",
    description: "The carrier account (without its auth token), caller ID, rate, calling window, frequency cap, retries and spoken answers; `settings` is null until they are saved.",
    tags: ["Phone calls"],
    responses: { "200": jsonResponse("The settings", z.object({ settings: carrierSettingsDtoSchema.nullable() })) },
  },
});

// PUT /api/carrier-settings: saves them; an empty authToken keeps the saved one
export const PUT = route(async ({ req, context }) => {
  const input = carrierSettingsSchema.parse(await req.json());
  return respond(await saveCarrierSettings(await context(), input, getCallsConfig()));
}, {
  role: "admin",
  openapi: {
    summary: "Save the phone call settings",
    description: "An admin or the owner. The auth token is write-only: send it to set it, send an empty one to keep the saved one. The base URL must be https.",
    tags: ["Phone calls"],
    requestBody: jsonBody(carrierSettingsSchema),
    responses: { "200": jsonResponse("The saved settings", carrierSettingsDtoSchema), "422": jsonResponse("carrier_url_refused or carrier_token_required") },
  },
});
