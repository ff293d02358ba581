"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { Result } from "@/lib/result";
import { ErrorMessage } from "../../_components/form-fields";

/**
 * Runs a server action from a button or form: pending while it runs, its error message kept for display,
 * and on success `onDone` (by default a refresh, so the server component's lists show the change).
 */
export function useServerAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = <T,>(call: () => Promise<Result<T, { message: string }>>, onDone: (value: T) => void = () => router.refresh()) =>
    startTransition(async () => {
      const result = await call();
      if (!result.ok) return setError(result.error.message);
      setError(null);
      onDone(result.value);
    });
  return { pending, error, run, router };
}

export function ActionError({ error }: { error: string | null }) {
  return <ErrorMessage error={error} />;
}
