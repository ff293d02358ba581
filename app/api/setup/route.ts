import { NextResponse } from "next/server";
import { setupOwner, setupOwnerSchema } from "@/lib/auth";
import { getPublicContext } from "@/lib/context";
import { errorResponse, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/setup: first run only: create the owner account and organisation (409 setup_complete afterwards)
export const POST = route(async ({ req }) => {
  const input = setupOwnerSchema.parse(await req.json());
  const result = await setupOwner((await getPublicContext()).db, input);
  if (!result.ok) return errorResponse(result.error);
  return NextResponse.json({ organization: result.value.organization }, { status: 201 });
});
