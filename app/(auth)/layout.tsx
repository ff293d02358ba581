import type { ReactNode } from "react";

// Sign-in and first-run setup: no app chrome, no session needed.
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-10">
      <p className="mb-6 text-center text-lg font-semibold text-indigo-700">Voice campaigns</p>
      {children}
    </main>
  );
}
