import { z } from "zod";
import { handleCarrierCallback, type CallbackKind } from "@/lib/calls";
import { getCallsConfig } from "@/lib/calls-config";
import { getPublicContext } from "@/lib/context";
import { env } from "@/lib/env";
import { jsonResponse, route } from "@/lib/http";

const FORM = ["application/x-www-form-urlencoded"];
const MAX_CALLBACK_BYTES = 64 * 1024;

const WHAT: Record<CallbackKind, string> = {
  voice: "The call's TwiML: the message inside a one-key Gather",
  gather: "The key the patient pressed, answered with a short sentence",
  status: "The call's status (initiated, ringing, answered, completed, busy, no-answer, failed)",
  amd: "Answering-machine detection's result: a machine gets the voicemail version",
};

/**
 * A carrier callback: the signature is checked over the URL the carrier was given, which is APP_URL based
 * (a proxy in front of the app changes the host and scheme the request arrives with, not what was signed).
 */
export function carrierCallbackRoute(kind: CallbackKind) {
  return route(
    async ({ req }) => {
      const form = new URLSearchParams(await req.text());
      const params = Object.fromEntries(form);
      const url = new URL(`${req.nextUrl.pathname}${req.nextUrl.search}`, env.APP_URL).toString();
      const { db } = await getPublicContext();
      const answer = await handleCarrierCallback(db, getCallsConfig(), { kind, url, params, signature: req.headers.get("x-twilio-signature") });
      return new Response(answer.status === 204 ? null : answer.body, { status: answer.status, headers: { "content-type": answer.contentType, "cache-control": "no-store" } });
    },
    {
      access: "public",
      accepts: FORM,
      maxBodyBytes: MAX_CALLBACK_BYTES,
      openapi: {
        summary: `Carrier callback: ${kind}`,
        description: `${WHAT[kind]}. For the carrier only: every request must carry a valid X-Twilio-Signature made with the organisation's auth token.`,
        tags: ["Phone calls"],
        requestParams: { query: z.object({ a: z.uuid(), r: z.string().optional(), q: z.string().optional() }) },
        responses: {
          "200": { description: "TwiML", content: { "text/xml": { schema: z.string() } } },
          "204": { description: "Recorded" },
          "403": jsonResponse("Unknown call or a signature that does not verify"),
          "409": jsonResponse("This callback was handled before (a replay)"),
        },
      },
    },
  );
}
