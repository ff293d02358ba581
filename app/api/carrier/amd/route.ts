import { carrierCallbackRoute } from "../callback";

export const dynamic = "force-dynamic";

// POST /api/carrier/amd: the carrier's signed amd callback (no session; X-Twilio-Signature)
export const POST = carrierCallbackRoute("amd");
