import { getAuth } from "@/lib/auth";

export const dynamic = "force-dynamic";

// GET|POST /api/auth/*: better-auth (sign-in/email, sign-out, get-session, …), rate limited per client IP
const handle = async (req: Request) => (await getAuth()).handler(req);
export const GET = handle;
export const POST = handle;
