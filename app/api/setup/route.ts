import { NextResponse } from "next/server";
import { isSetupCodeValid, setupCodeFileForPeople, setupOwner, setupOwnerSchema } from "@/lib/auth";
import { errorResponse, route } from "@/lib/http";
import { getSetupCode } from "@/lib/runtime/resources";
import { getPublicContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";

// POST /api/setup: first run only: with the setup code the server printed, create the owner account and
// organisation (401 setup_code_invalid without the code, 409 setup_complete afterwards)
export const POST = route(
  async ({ req }) => {
    const body = (await req.json()) as { setupCode?: unknown } | null;
    if (!isSetupCodeValid(body?.setupCode, getSetupCode())) {
      return errorResponse({ code: "setup_code_invalid", message: `The setup code is missing or wrong. The server printed it in its log when it started (and saved it in ${setupCodeFileForPeople()}).` });
    }
    const input = setupOwnerSchema.parse(body);
    const result = await setupOwner((await getPublicContext()).db, input);
    if (!result.ok) return errorResponse(result.error);
    return NextResponse.json({ organization: result.value.organization }, { status: 201 });
  },
  { access: "public", maxBodyBytes: 16 * 1024 },
);
