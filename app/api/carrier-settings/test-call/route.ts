import { z } from "zod";
import { placeTestCall, testCallSchema } from "@/lib/calls";
import { getCallsConfig } from "@/lib/calls-config";
import { jsonBody, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/carrier-settings/test-call: calls a member of staff with a short spoken message through the saved account
export const POST = route(async ({ req, context }) => {
  const input = testCallSchema.parse(await req.json());
  return respond(await placeTestCall(await context(), input, getCallsConfig()), { successStatus: 201 });
}, {
  role: "admin",
  openapi: {
    summary: "Place a test call",
    description: "An admin or the owner: calls `to` with a short message, to check the account and caller ID. `warning` says when APP_URL cannot be reached by the carrier.",
    tags: ["Phone calls"],
    requestBody: jsonBody(testCallSchema),
    responses: { "201": jsonResponse("The call was placed", z.object({ sid: z.string(), warning: z.string().nullable() })), "409": jsonResponse("carrier_not_configured"), "502": jsonResponse("carrier_rejected or carrier_unreachable") },
  },
});
