import { z } from "zod";
import { jsonResponse, route } from "@/lib/http";
import { getAuth } from "@/lib/runtime/resources";

export const dynamic = "force-dynamic";

// better-auth reads its own bodies: the wrapper still refuses foreign origins and caps the body first.
const handle = (method: "GET" | "POST") =>
  route<{ all: string[] }>(async ({ req }) => (await getAuth()).handler(req), {
    access: "public",
    maxBodyBytes: 64 * 1024,
    openapi: {
      summary: method === "GET" ? "better-auth reads (get-session, …)" : "better-auth actions (sign-in/email, sign-out, …)",
      description: "The browser's sign-in, handled by better-auth and rate limited per client address. Not for API clients: API keys are ignored here.",
      tags: ["Browser sign-in"],
      requestParams: { path: z.object({ all: z.string().meta({ description: "better-auth's endpoint, e.g. sign-in/email or get-session" }) }) },
      responses: { "200": jsonResponse("better-auth's answer") },
    },
  });

// GET|POST /api/auth/*: better-auth (sign-in/email, sign-out, get-session, …), rate limited per client IP
export const GET = handle("GET");
export const POST = handle("POST");
