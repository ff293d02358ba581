import { contactFilterSchema, exportContactsCsv } from "@/lib/contacts";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/contacts/export?search&sort&listId&upcomingWithinDays: the contacts the page shows, every one, as CSV
export const GET = route(async ({ req, context }) => {
  const filter = contactFilterSchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  const { body, fileName } = await exportContactsCsv(await context(), filter);
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${fileName}"`, "cache-control": "no-store" },
  });
});
