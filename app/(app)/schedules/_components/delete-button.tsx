"use client";

import { ConfirmButton } from "../../../_components/form-fields";
import { ActionError, useServerAction } from "../../_components/use-server-action";
import { deleteScheduleAction } from "../actions";

/** Deletes the schedule (its history goes with it; the campaigns it launched stay). */
export function DeleteScheduleButton({ id, name }: { id: string; name: string }) {
  const { pending, error, run, router } = useServerAction();
  return (
    <>
      <ConfirmButton
        disabled={pending}
        question={`Delete the schedule "${name}"? The campaigns it launched stay.`}
        onConfirm={() => run(() => deleteScheduleAction(id), () => router.push("/schedules"))}
      >
        Delete schedule
      </ConfirmButton>
      <ActionError error={error} />
    </>
  );
}
