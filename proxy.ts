import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getCampaign } from "@/lib/campaigns";
import { env } from "@/lib/env";
import { clientKey, findControlCharacter, hasMalformedPath, isCrossOrigin, statusForCode } from "@/lib/http";
import { checkPreviewRequest } from "@/lib/previews";
import { getPublicContext, requireSession, UnauthorizedError } from "@/lib/http/session";

/** Pages anyone may open: the shared preview, sign-in and first-run setup. */
const PUBLIC_PAGES = [/^\/p\/[^/]+\/?$/, /^\/sign-in\/?$/, /^\/setup\/?$/];
const PREVIEW_PAGE = /^\/p\/([^/]+)\/?$/;
const CAMPAIGN_PAGE = /^\/campaigns\/([^/]+)\/?$/;

/**
 * A fast first gate for pages: no session cookie → /sign-in?next=…. It only looks for the cookie; the
 * session itself is checked by getAppContext() on every page and API route (API routes answer 401 JSON).
 *
 * It also answers the refusals of the preview and campaign pages with their own status. A page cannot: the
 * app's loading.tsx streams the 200 head before the page runs, and a page has no way to say 410 or 429.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // A path that does not decode (Next.js would answer a plain-text 500) or text with control characters
  // (the rule every route and server action applies, lib/http/text-input.ts): the friendly page, with 400.
  if (hasMalformedPath(pathname) || findControlCharacter([decodeURIComponent(pathname), request.nextUrl.searchParams])) {
    return NextResponse.rewrite(new URL("/unavailable/bad-address", request.url), { status: 400 });
  }
  // A server action from another origin: Next.js refuses it too, but by throwing, which answers 500.
  if (request.headers.has("next-action") && isCrossOrigin(request, new URL(env.APP_URL).origin)) {
    return NextResponse.json({ error: { code: "forbidden", message: "Cross-origin requests are not accepted. Use the app's own pages." } }, { status: 403 });
  }
  if (!PUBLIC_PAGES.some((p) => p.test(pathname)) && !getSessionCookie(request)) {
    const url = new URL("/sign-in", request.url);
    if (pathname !== "/") url.searchParams.set("next", pathname + search);
    return NextResponse.redirect(url);
  }
  // Pages redirect to /sign-in?next=<this path> when the cookie turns out to be stale.
  const headers = new Headers(request.headers);
  headers.set("x-pathname", pathname + search);
  const previewToken = PREVIEW_PAGE.exec(pathname)?.[1];
  if (previewToken) return (await previewRefusal(request, previewToken)) ?? NextResponse.next({ request: { headers } });
  const campaignId = CAMPAIGN_PAGE.exec(pathname)?.[1];
  if (campaignId && campaignId !== "new" && !(await campaignExists(request, campaignId))) {
    // The page itself shows the app's not-found page; this only makes its status 404.
    return NextResponse.next({ status: 404, request: { headers } });
  }
  return NextResponse.next({ request: { headers } });
}

/** A refused preview link renders the friendly page of its reason, with that reason's status. */
async function previewRefusal(request: NextRequest, token: string): Promise<NextResponse | null> {
  const { db } = await getPublicContext();
  const checked = await checkPreviewRequest(db, token, clientKey(request.headers));
  if (checked.ok || checked.error.code === "preview_not_found") return null; // the page answers 404 itself
  const url = new URL(`/unavailable/${checked.error.code === "rate_limited" ? "rate-limited" : checked.error.code.replace("preview_", "")}`, request.url);
  const responseHeaders = new Headers();
  if (checked.error.code === "rate_limited") {
    url.searchParams.set("retryAfter", String(checked.error.retryAfterSeconds));
    responseHeaders.set("Retry-After", String(checked.error.retryAfterSeconds));
  }
  return NextResponse.rewrite(url, { status: statusForCode(checked.error.code), headers: responseHeaders });
}

/** False for an id that is no campaign of the signed-in member's organisation; true without a session (the page redirects). */
async function campaignExists(request: NextRequest, id: string): Promise<boolean> {
  if (!z.uuid().safeParse(id).success) return false;
  try {
    const ctx = await requireSession(request.headers);
    return (await getCampaign(ctx.db, ctx.organization.id, id)) !== null;
  } catch (error) {
    if (error instanceof UnauthorizedError) return true;
    throw error;
  }
}

export const config = {
  // Pages only: API routes (including /api/auth, /api/health and the public preview audio) check for themselves.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|xml|webmanifest)$).*)"],
};
