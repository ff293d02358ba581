import { signedUrlQuerySchema, verifyResourceSignature } from "@/lib/audio";
import { campaignExportQuerySchema, campaignIdSchema, exportCampaignAudio } from "@/lib/campaigns";
import { env } from "@/lib/env";
import { getOrganization } from "@/lib/organizations";
import { errorResponse, route } from "@/lib/http";
import { getAudioUrlSigningKey } from "@/lib/runtime/resources";
import { getPublicContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id/export?format=csv|json&profile=generic|twilio|asterisk|freeswitch[&org&exp&sig]: every recipient's signed audio URLs (30 days)
// and status, in the organisation's phone system's formats unless `profile` names another (session, or the signed link of a webhook)
export const GET = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const search = req.nextUrl.searchParams;
  const { format, profile } = campaignExportQuerySchema.parse({ format: search.get("format") ?? undefined, profile: search.get("profile") ?? undefined });
  const signed = search.has("sig") ? signedUrlQuerySchema.parse({ org: search.get("org"), exp: search.get("exp"), sig: search.get("sig") }) : null;
  const verdict = signed ? verifyResourceSignature(getAudioUrlSigningKey(), "export-v1", id, signed) : null;
  if (verdict && verdict !== "valid") return errorResponse({ code: "forbidden", message: verdict === "expired" ? "This export link has expired." : "This export link is not valid." });
  const ctx = signed ? await signedContext(signed.org) : await context();
  if (!ctx) return errorResponse({ code: "forbidden", message: "This export link is not valid." });
  const result = await exportCampaignAudio(ctx, id, env.APP_URL, { format, profile }, { key: getAudioUrlSigningKey() });
  if (!result.ok) return errorResponse(result.error);
  return new Response(result.value.body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json",
      "content-disposition": `attachment; filename="${result.value.fileName}"`,
      "cache-control": "no-store",
    },
  });
}, { access: "public" });

async function signedContext(organizationId: string) {
  const { db } = await getPublicContext();
  const organization = await getOrganization(db, organizationId);
  return organization ? { db, organization } : null;
}
