import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { buildOpenApiDocument, jsonResponse, route } from "@/lib/http";
import { API_ROUTES } from "./routes";

export const dynamic = "force-dynamic";

// GET /api/openapi.json: the OpenAPI 3.1 document of this API, from each route's declared operation and zod schemas
export const GET = route(
  async (): Promise<Response> => NextResponse.json(buildOpenApiDocument({ ...API_ROUTES, "/api/openapi.json": { GET } }, { version: "1.0.0", serverUrl: env.APP_URL }), { headers: { "cache-control": "no-store" } }),
  {
    openapi: {
      summary: "This document",
      description: "Needs a session or an API key, like the routes it describes: anonymous callers learn nothing about the schemas.",
      tags: ["Meta"],
      responses: { "200": jsonResponse("The OpenAPI 3.1 document") },
    },
  },
);
