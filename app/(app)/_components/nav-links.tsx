"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const NAV = [
  { href: "/campaigns", label: "Campaigns", match: (p: string) => p === "/" || (p.startsWith("/campaigns") && p !== "/campaigns/new") },
  { href: "/campaigns/new", label: "New campaign", match: (p: string) => p === "/campaigns/new" },
  { href: "/schedules", label: "Schedules", match: (p: string) => p.startsWith("/schedules") },
  { href: "/contacts", label: "Contacts", match: (p: string) => p.startsWith("/contacts") },
  { href: "/lists", label: "Lists", match: (p: string) => p === "/lists" },
  { href: "/team", label: "Team", match: (p: string) => p === "/team" },
  { href: "/status", label: "Status", match: (p: string) => p === "/status" },
  { href: "/settings", label: "Settings", match: (p: string) => p.startsWith("/settings") },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <div className="flex flex-wrap gap-x-5 gap-y-1">
      {NAV.map((item) => {
        const current = item.match(pathname);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={current ? "page" : undefined}
            className={`rounded border-b-2 py-1 text-sm font-medium whitespace-nowrap hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
              current ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-700"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </div>
  );
}
