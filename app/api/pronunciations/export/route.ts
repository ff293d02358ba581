import { exportPronunciationsCsv } from "@/lib/lexicon";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/pronunciations/export: the dictionary as a CSV (term, say_as) that the import reads back
export const GET = route(async ({ context }) => {
  return new Response(await exportPronunciationsCsv(await context()), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="pronunciations.csv"', "cache-control": "no-store" },
  });
});
