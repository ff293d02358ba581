import { carrierCallbackRoute } from "../callback";

export const dynamic = "force-dynamic";

// POST /api/carrier/voice: the carrier's signed voice callback (no session; X-Twilio-Signature)
export const POST = carrierCallbackRoute("voice");
