import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";

/** Pages anyone may open: the shared preview, sign-in and first-run setup. */
const PUBLIC_PAGES = [/^\/p\/[^/]+\/?$/, /^\/sign-in\/?$/, /^\/setup\/?$/];

/**
 * A fast first gate for pages: no session cookie → /sign-in?next=…. It only looks for the cookie; the
 * session itself is checked by getAppContext() on every page and API route (API routes answer 401 JSON).
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!PUBLIC_PAGES.some((p) => p.test(pathname)) && !getSessionCookie(request)) {
    const url = new URL("/sign-in", request.url);
    if (pathname !== "/") url.searchParams.set("next", pathname + search);
    return NextResponse.redirect(url);
  }
  // Pages redirect to /sign-in?next=<this path> when the cookie turns out to be stale.
  const headers = new Headers(request.headers);
  headers.set("x-pathname", pathname + search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: API routes (including /api/auth, /api/health and the public preview audio) check for themselves.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|xml|webmanifest)$).*)"],
};
