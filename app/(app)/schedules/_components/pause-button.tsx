"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { setSchedulePausedAction } from "../actions";

export function PauseButton({ id, name, isPaused }: { id: string; name: string; isPaused: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn"
        aria-label={`${isPaused ? "Resume" : "Pause"} ${name}`}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await setSchedulePausedAction(id, !isPaused);
            if (!result.ok) return setError(result.error.message);
            setError(null);
            router.refresh();
          })
        }
      >
        {isPaused ? "Resume" : "Pause"}
      </button>
      {error && (
        <span role="alert" className="text-sm text-red-700">
          {error}
        </span>
      )}
    </>
  );
}
