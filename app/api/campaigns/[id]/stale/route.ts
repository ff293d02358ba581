import { campaignIdSchema, findStaleAudio, rerenderStaleAudio } from "@/lib/campaigns";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id/stale: how many rendered messages say values that have changed since (a moved appointment), and whose
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await findStaleAudio(await context(), id));
});

// POST /api/campaigns/:id/stale: render exactly those messages again with today's values
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await rerenderStaleAudio(await context(), id));
});
