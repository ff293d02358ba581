"use client";

import { ActionError, useServerAction } from "../../_components/use-server-action";
import { deleteScheduleAction } from "../actions";

/** Deletes the schedule (its history goes with it; the campaigns it launched stay). */
export function DeleteScheduleButton({ id, name }: { id: string; name: string }) {
  const { pending, error, run, router } = useServerAction();
  return (
    <>
      <button
        type="button"
        className="btn-danger"
        disabled={pending}
        onClick={() => {
          if (window.confirm(`Delete the schedule "${name}"? The campaigns it launched stay.`)) run(() => deleteScheduleAction(id), () => router.push("/schedules"));
        }}
      >
        Delete schedule
      </button>
      <ActionError error={error} />
    </>
  );
}
