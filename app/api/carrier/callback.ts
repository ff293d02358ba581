import { handleCarrierCallback, type CallbackKind } from "@/lib/calls";
import { getCallsConfig } from "@/lib/runtime/resources";
import { env } from "@/lib/env";
import { route } from "@/lib/http";
import { getPublicContext } from "@/lib/http/session";

const FORM = ["application/x-www-form-urlencoded"];
const MAX_CALLBACK_BYTES = 64 * 1024;

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
    },
  );
}
