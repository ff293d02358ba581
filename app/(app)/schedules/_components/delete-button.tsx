"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteScheduleAction } from "../actions";

/** Deletes the schedule (its history goes with it; the campaigns it launched stay). */
export function DeleteScheduleButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn-danger"
        disabled={pending}
        onClick={() => {
          if (!window.confirm(`Delete the schedule "${name}"? The campaigns it launched stay.`)) return;
          startTransition(async () => {
            const result = await deleteScheduleAction(id);
            if (!result.ok) return setError(result.error.message);
            router.push("/schedules");
          });
        }}
      >
        Delete schedule
      </button>
      {error && (
        <span role="alert" className="text-sm text-red-700">
          {error}
        </span>
      )}
    </>
  );
}
