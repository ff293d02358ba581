import { campaignIdSchema, findStaleAudio, rerenderStaleAudio } from "@/lib/campaigns";
import { jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id/stale: how many rendered messages say values that have changed since (a moved appointment), and whose
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await findStaleAudio(await context(), id));
}, {
  openapi: {
    summary: "Find stale audio",
    description: "How many of a launched campaign's rendered messages say values that have changed since (a moved appointment, an edited name or pronunciation), and whose; none for a draft.",
    tags: ["Campaigns"],
    requestParams: { path: campaignIdSchema },
    responses: { "200": jsonResponse("`stale` (how many) and the first 50 recipients by name"), "404": jsonResponse("campaign_not_found") },
  },
});

// POST /api/campaigns/:id/stale: render exactly those messages again with today's values
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await rerenderStaleAudio(await context(), id));
}, {
  openapi: {
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
});
