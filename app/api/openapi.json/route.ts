import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { route } from "@/lib/http";
import { openApiDocument } from "@/lib/openapi";

export const dynamic = "force-dynamic";

// GET /api/openapi.json: the OpenAPI 3.1 document of this API, from the operations each domain declares beside its zod schemas (lib/openapi)
export const GET = route(async (): Promise<Response> => NextResponse.json(openApiDocument({ version: "1.0.0", serverUrl: env.APP_URL }), { headers: { "cache-control": "no-store" } }));
