import { carrierCallbackRoute } from "../callback";

export const dynamic = "force-dynamic";

// POST /api/carrier/gather: the carrier's signed gather callback (no session; X-Twilio-Signature)
export const POST = carrierCallbackRoute("gather");
