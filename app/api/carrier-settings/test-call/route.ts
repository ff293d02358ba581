import { placeTestCall, testCallSchema } from "@/lib/calls";
import { getCallsConfig } from "@/lib/runtime/resources";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/carrier-settings/test-call: calls a member of staff with a short spoken message through the saved account
export const POST = route(async ({ req, context }) => {
  const input = testCallSchema.parse(await req.json());
  return respond(await placeTestCall(await context(), input, getCallsConfig()), { successStatus: 201 });
}, { role: "admin" });
