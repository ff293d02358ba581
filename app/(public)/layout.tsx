import type { ReactNode } from "react";

// No app chrome and no sign-in: these pages are opened by whoever was sent a link.
export default function PublicLayout({ children }: { children: ReactNode }) {
  return <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center px-4 py-10">{children}</main>;
}
