import { NextResponse } from "next/server";
import { createApiKey, createApiKeySchema, listApiKeys } from "@/lib/api-keys";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/api-keys: the organisation's API keys (never their secrets), each with who created it; admins and the owner
export const GET = route(async ({ context }) => {
  return NextResponse.json({ apiKeys: await listApiKeys(await context()) });
}, { role: "admin" });

// POST /api/api-keys: an admin or the owner, signed in, creates a key; the whole key is in this answer only
export const POST = route(async ({ req, context }) => {
  const input = createApiKeySchema.parse(await req.json());
  return respond(await createApiKey(await context(), input), { successStatus: 201 });
}, { role: "admin" });
