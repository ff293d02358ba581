import { NextResponse } from "next/server";
import { respond, route } from "@/lib/http";
import { organizationDto, organizationLanguageSchema, setDefaultLanguage } from "@/lib/organizations";

export const dynamic = "force-dynamic";

// GET /api/organization: the caller's organisation: name, time zone, phone settings, default language and the languages it may pick
export const GET = route(async ({ context }) => {
  return NextResponse.json(organizationDto((await context()).organization));
});

// PATCH /api/organization: an admin or the owner picks the default language ("en" or "es"; 403 for staff)
export const PATCH = route(async ({ req, context }) => {
  const input = organizationLanguageSchema.parse(await req.json());
  return respond(await setDefaultLanguage(await context(), input.defaultLanguage));
}, { role: "admin" });
