import { route } from "@/lib/http";
import { getAuth } from "@/lib/runtime/resources";

export const dynamic = "force-dynamic";

// better-auth reads its own bodies: the wrapper still refuses foreign origins and caps the body first.
const handle = () => route<{ all: string[] }>(async ({ req }) => (await getAuth()).handler(req), { access: "public", maxBodyBytes: 64 * 1024 });

// GET|POST /api/auth/*: better-auth (sign-in/email, sign-out, get-session, …), rate limited per client IP
export const GET = handle();
export const POST = handle();
