import { carrierCallbackRoute } from "../callback";

export const dynamic = "force-dynamic";

// POST /api/carrier/status: the carrier's signed status callback (no session; X-Twilio-Signature)
export const POST = carrierCallbackRoute("status");
