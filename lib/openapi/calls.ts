import { z } from "zod";
import { carrierSettingsDtoSchema, carrierSettingsSchema, testCallSchema, type CallbackKind } from "@/lib/calls";
import { campaignIdSchema } from "@/lib/campaigns";
import { type ApiOperation, type ApiPaths, jsonBody, jsonResponse } from "./operation";

const WHAT: Record<CallbackKind, string> = {
  voice: "The call's TwiML: the message inside a one-key Gather",
  gather: "The key the patient pressed, answered with a short sentence",
  status: "The call's status (initiated, ringing, answered, completed, busy, no-answer, failed)",
  amd: "Answering-machine detection's result: a machine gets the voicemail version",
};

/** A carrier callback: public, form-encoded, and only taken with a valid X-Twilio-Signature. */
const carrierCallback = (kind: CallbackKind): ApiOperation => ({
  access: "public",
  summary: `Carrier callback: ${kind}`,
  description: `${WHAT[kind]}. For the carrier only: every request must carry a valid X-Twilio-Signature made with the organisation's auth token.`,
  tags: ["Phone calls"],
  requestParams: { query: z.object({ a: z.uuid(), r: z.string().optional(), q: z.string().optional() }) },
  responses: {
    "200": { description: "TwiML", content: { "text/xml": { schema: z.string() } } },
    "204": { description: "Recorded" },
    "403": jsonResponse("Unknown call or a signature that does not verify"),
    "409": jsonResponse("This callback was handled before (a replay)"),
  },
});

/** The phone call operations of the web API, by path (see lib/openapi/index.ts). */
export const callsPaths: ApiPaths = {
  "/api/carrier-settings": {
    get: {
      role: "admin",
      summary: "Get the phone call settings",
      description: "The carrier account (without its auth token), caller ID, rate, calling window, frequency cap, retries and spoken answers; `settings` is null until they are saved.",
      tags: ["Phone calls"],
      responses: { "200": jsonResponse("The settings", z.object({ settings: carrierSettingsDtoSchema.nullable() })) },
    },
    put: {
      role: "admin",
      summary: "Save the phone call settings",
      description: "An admin or the owner. The auth token is write-only: send it to set it, send an empty one to keep the saved one. The base URL must be https.",
      tags: ["Phone calls"],
      requestBody: jsonBody(carrierSettingsSchema),
      responses: { "200": jsonResponse("The saved settings", carrierSettingsDtoSchema), "422": jsonResponse("carrier_url_refused or carrier_token_required") },
    },
  },
  "/api/carrier-settings/test-call": {
    post: {
      role: "admin",
      summary: "Place a test call",
      description: "An admin or the owner: calls `to` with a short message, to check the account and caller ID. `warning` says when APP_URL cannot be reached by the carrier.",
      tags: ["Phone calls"],
      requestBody: jsonBody(testCallSchema),
      responses: { "201": jsonResponse("The call was placed", z.object({ sid: z.string(), warning: z.string().nullable() })), "409": jsonResponse("carrier_not_configured"), "502": jsonResponse("carrier_rejected or carrier_unreachable") },
    },
  },
  "/api/carrier/voice": { post: carrierCallback("voice") },
  "/api/carrier/gather": { post: carrierCallback("gather") },
  "/api/carrier/status": { post: carrierCallback("status") },
  "/api/carrier/amd": { post: carrierCallback("amd") },
  "/api/campaigns/{id}/calls": {
    get: {
      summary: "Delivery report of a campaign's calls",
      description: "Per recipient: outcome (confirmed, cancel_requested, opted_out, voicemail, answered_no_key, no_answer, busy, invalid_number, failed; null while in progress) and every attempt with its times, duration and keys.",
      tags: ["Phone calls"],
      requestParams: { path: campaignIdSchema },
      responses: { "200": jsonResponse("The report"), "404": jsonResponse("campaign_not_found") },
    },
    post: {
      summary: "Call the campaign's recipients",
      description:
        "Queues one call per rendered recipient not on the do-not-call list; calls are placed inside the calling window of each recipient's time zone, under the frequency cap, at the carrier rate. Calling again adds only recipients not queued yet.",
      tags: ["Phone calls"],
      requestParams: { path: campaignIdSchema },
      responses: {
        "202": jsonResponse("What was queued", z.object({ queued: z.number(), alreadyQueued: z.number(), notReady: z.number(), optedOut: z.number(), carried: z.number() })),
        "404": jsonResponse("campaign_not_found"),
        "409": jsonResponse("carrier_not_configured or campaign_not_ready"),
      },
    },
  },
  "/api/campaigns/{id}/calls/export": {
    get: {
      summary: "Delivery report as CSV",
      description: "One row per recipient: outcome, detail, attempts, last status, total duration, keys pressed and attempt times.",
      tags: ["Phone calls"],
      requestParams: { path: campaignIdSchema },
      responses: { "200": { description: "A CSV attachment", content: { "text/csv": { schema: z.string() } } }, "404": jsonResponse("campaign_not_found") },
    },
  },
  "/api/campaigns/{id}/calls/stop": {
    post: {
      summary: "Stop the campaign's calls",
      description: "Recipients not called yet get the outcome `stopped` and no retry is made. A call ringing or under way right now plays out, and a key pressed in it is still recorded.",
      tags: ["Phone calls"],
      requestParams: { path: campaignIdSchema },
      responses: { "200": jsonResponse("How many recipients were stopped", z.object({ stopped: z.number() })), "404": jsonResponse("campaign_not_found") },
    },
  },
};
