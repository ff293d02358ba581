import { z } from "zod";
import { campaignExportQuerySchema, campaignIdSchema, createCampaignSchema, lastEventIdSchema, recipientsPageSchema, updateCampaignSchema } from "@/lib/campaigns";
import { type ApiPaths, jsonBody, jsonResponse } from "./operation";
import { createPreviewLinkSchema } from "@/lib/previews";

/** The campaigns operations of the web API, by path (see lib/openapi/index.ts). */
export const campaignsPaths: ApiPaths = {
  "/api/campaigns": {
    get: { summary: "List campaigns", tags: ["Campaigns"], responses: { "200": jsonResponse("The organisation's campaigns, newest first, with progress counts") } },
    post: {
      summary: "Create a draft campaign",
      tags: ["Campaigns"],
      requestBody: jsonBody(createCampaignSchema),
      responses: { "201": jsonResponse("The draft, with its recipient count"), "422": jsonResponse("template_invalid, unknown_voice, speed_out_of_range, no_recipients, too_many_recipients") },
    },
  },
  "/api/campaigns/{id}": {
    get: { summary: "Get a campaign", tags: ["Campaigns"], requestParams: { path: campaignIdSchema }, responses: { "200": jsonResponse("The campaign with recipient count and progress"), "404": jsonResponse("campaign_not_found") } },
    patch: {
      summary: "Edit a draft",
      tags: ["Campaigns"],
      requestParams: { path: campaignIdSchema },
      requestBody: jsonBody(updateCampaignSchema),
      responses: { "200": jsonResponse("The updated draft"), "404": jsonResponse("campaign_not_found"), "409": jsonResponse("campaign_not_draft"), "422": jsonResponse("template_invalid, unknown_voice, speed_out_of_range, …") },
    },
  },
  "/api/campaigns/{id}/cancel": {
    post: { summary: "Cancel a campaign", tags: ["Campaigns"], requestParams: { path: campaignIdSchema }, responses: { "200": jsonResponse("The campaign, canceled; renders other campaigns need keep going; its calls not placed yet are not placed (outcome canceled)"), "404": jsonResponse("campaign_not_found") } },
  },
  "/api/campaigns/{id}/duplicate": {
    post: { summary: "Duplicate a campaign", tags: ["Campaigns"], requestParams: { path: campaignIdSchema }, responses: { "200": jsonResponse("The new draft; recipients chosen again as of now"), "404": jsonResponse("campaign_not_found") } },
  },
  "/api/campaigns/{id}/events": {
    get: {
      summary: "Live progress (Server-Sent Events)",
      description: "A snapshot, then deltas, each with an `id:`; reconnect with `Last-Event-ID` (or `?lastEventId=`) to resume. The stream ends when the viewer's session or API key no longer holds.",
      tags: ["Campaigns"],
      requestParams: { path: campaignIdSchema, query: z.object({ lastEventId: lastEventIdSchema.optional() }), header: z.object({ "last-event-id": lastEventIdSchema.optional() }) },
      responses: { "200": { description: "An event stream", content: { "text/event-stream": { schema: z.string() } } }, "404": jsonResponse("campaign_not_found") },
    },
  },
  "/api/campaigns/{id}/export": {
    get: {
      access: "public",
      summary: "Export recipients with signed audio URLs",
      description: "One signed URL per format of the phone-system profile (valid 30 days), with each recipient's status.",
      tags: ["Campaigns"],
      requestParams: { path: campaignIdSchema, query: campaignExportQuerySchema },
      responses: { "200": { description: "A CSV or JSON attachment", content: { "text/csv": { schema: z.string() }, "application/json": {} } }, "403": jsonResponse("The signed link is not valid or has expired"), "404": jsonResponse("campaign_not_found") },
    },
  },
  "/api/campaigns/{id}/launch": {
    post: {
      summary: "Launch a draft",
      description: "Plans the renders after dedupe and queues them; progress arrives on /api/campaigns/{id}/events.",
      tags: ["Campaigns"],
      requestParams: { path: campaignIdSchema },
      responses: { "200": jsonResponse("The launched campaign"), "404": jsonResponse("campaign_not_found"), "409": jsonResponse("campaign_not_draft"), "422": jsonResponse("no_recipients, template_invalid, message_too_long, …") },
    },
  },
  "/api/campaigns/{id}/plan": {
    get: {
      summary: "Plan a campaign",
      tags: ["Campaigns"],
      requestParams: { path: campaignIdSchema },
      responses: { "200": jsonResponse("Renders needed after dedupe, already cached, time estimate range, distinct variable values"), "404": jsonResponse("campaign_not_found") },
    },
  },
  "/api/campaigns/{id}/previews": {
    get: { summary: "List preview links", tags: ["Previews"], requestParams: { path: campaignIdSchema }, responses: { "200": jsonResponse("The campaign's preview links, never their tokens") } },
    post: {
      summary: "Create a preview link",
      tags: ["Previews"],
      requestParams: { path: campaignIdSchema },
      requestBody: jsonBody(createPreviewLinkSchema.omit({ campaignId: true })),
      responses: { "201": jsonResponse("The link, with its token and path (shown once)"), "404": jsonResponse("campaign_not_found or recipient_not_found") },
    },
  },
  "/api/campaigns/{id}/recipients": {
    get: {
      summary: "List a campaign's recipients",
      tags: ["Campaigns"],
      requestParams: { path: campaignIdSchema, query: recipientsPageSchema },
      responses: { "200": jsonResponse("Recipients with message status, duration and error"), "404": jsonResponse("campaign_not_found") },
    },
  },
  "/api/campaigns/{id}/retry": {
    post: { summary: "Retry failed renders", tags: ["Campaigns"], requestParams: { path: campaignIdSchema }, responses: { "200": jsonResponse("How many renders went back to the queue"), "404": jsonResponse("campaign_not_found") } },
  },
  "/api/campaigns/{id}/speech-check": {
    post: {
      summary: "Hear the sentences that hold a merge value",
      description:
        "Runs the optional speech check (docs/speech-check.md): every distinct sentence of the campaign that holds a merge value and has not been heard yet is transcribed by the offline recogniser (rendered by the worker first when it has no audio), for up to 4 minutes; values not heard back come with what was heard and, when one was heard right, a respelling for the pronunciation dictionary. `ran: false` with a reason when the check is off or its service is down. Never changes the campaign.",
      tags: ["Campaigns"],
      requestParams: { path: campaignIdSchema },
      responses: { "200": jsonResponse("What the speech check heard, or why it did not run"), "404": jsonResponse("campaign_not_found"), "422": jsonResponse("template_invalid") },
    },
  },
  "/api/campaigns/{id}/stale": {
    get: {
      summary: "Find stale audio",
      description: "How many of a launched campaign's rendered messages say values that have changed since (a moved appointment, an edited name or pronunciation), and whose; none for a draft.",
      tags: ["Campaigns"],
      requestParams: { path: campaignIdSchema },
      responses: { "200": jsonResponse("`stale` (how many) and the first 50 recipients by name"), "404": jsonResponse("campaign_not_found") },
    },
    post: {
      summary: "Render stale audio again",
      description: "Renders exactly the stale messages again with today's values; only the sentences that changed are new renders.",
      tags: ["Campaigns"],
      requestParams: { path: campaignIdSchema },
      responses: {
        "200": jsonResponse("How many messages were rendered again, and how many new sentence renders were queued"),
        "404": jsonResponse("campaign_not_found"),
        "409": jsonResponse("campaign_not_launched"),
      },
    },
  },
};
