import { z } from "zod";
import { getAppContext } from "@/lib/context";
import { respond, route } from "@/lib/http";
import { revokePreviewLink } from "@/lib/previews";

export const dynamic = "force-dynamic";

// DELETE /api/preview-links/:id: revoke a preview link at once
export const DELETE = route<{ id: string }>(async ({ params }) => {
  const { id } = z.object({ id: z.uuid() }).parse(params);
  return respond(await revokePreviewLink(await getAppContext(), id));
}, { maxBodyBytes: 0 });
