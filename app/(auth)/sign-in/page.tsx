import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { hasAnyUser, safeNextPath } from "@/lib/auth";
import { SignInForm } from "./sign-in-form";
import { getAuth } from "@/lib/runtime/resources";
import { getPublicContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const raw = (await searchParams).next;
  const next = safeNextPath(typeof raw === "string" ? raw : null);
  // A fresh install has nobody to sign in as: the first visit creates the owner.
  if (!(await hasAnyUser((await getPublicContext()).db))) redirect("/setup");
  if (await (await getAuth()).api.getSession({ headers: await headers() })) redirect(next);
  return (
    <div className="card space-y-5">
      <h1 className="text-xl font-semibold">Sign in</h1>
      <SignInForm next={next} />
    </div>
  );
}
