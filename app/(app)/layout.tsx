import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "./_components/nav-links";
import { SignOutButton } from "./_components/sign-out-button";
import { WorkerBanner } from "./_components/worker-banner";
import { getPageContext } from "@/lib/http/session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user, organization } = await getPageContext();
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-5 gap-y-1 px-4 py-3">
          <Link href="/" className="mr-auto rounded font-semibold text-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
            Voice campaigns
          </Link>
          <NavLinks />
          <div className="flex min-w-0 items-center gap-3 sm:border-l sm:border-slate-200 sm:pl-5">
            <span className="min-w-0 truncate text-sm text-slate-600" title={organization.name} data-testid="signed-in-email">
              {user.email}
            </span>
            <SignOutButton />
          </div>
        </nav>
      </header>
      <WorkerBanner />
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
