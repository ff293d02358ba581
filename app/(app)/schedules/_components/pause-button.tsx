"use client";

import { ActionError, useServerAction } from "../../_components/use-server-action";
import { setSchedulePausedAction } from "../actions";

export function PauseButton({ id, name, isPaused }: { id: string; name: string; isPaused: boolean }) {
  const { pending, error, run } = useServerAction();
  return (
    <>
      <button type="button" className="btn" aria-label={`${isPaused ? "Resume" : "Pause"} ${name}`} disabled={pending} onClick={() => run(() => setSchedulePausedAction(id, !isPaused))}>
        {isPaused ? "Resume" : "Pause"}
      </button>
      <ActionError error={error} />
    </>
  );
}
