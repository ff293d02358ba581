"use client";

import { useCallback, useEffect, useRef, useState } from "react";

type State = { id: string; phase: "loading" | "playing" } | null;

/** Plays short samples rendered on demand by POST /api/voices/audition; one sample at a time. */
export function useAudition() {
  const [state, setState] = useState<State>(null);
  const [error, setError] = useState<string | null>(null);
  const audio = useRef<HTMLAudioElement | null>(null);
  const url = useRef<string | null>(null);

  const stop = useCallback(() => {
    audio.current?.pause();
    if (url.current) URL.revokeObjectURL(url.current);
    url.current = null;
    setState(null);
  }, []);

  useEffect(() => stop, [stop]);

  const play = useCallback(
    async (id: string, input: { voice: string; speed: number; text: string; pronunciation?: { term: string; sayAs: string } }) => {
      stop();
      setError(null);
      setState({ id, phase: "loading" });
      try {
        const res = await fetch("/api/voices/audition", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(input),
        });
        if (!res.ok) {
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          throw new Error(body?.error?.message ?? "The sample could not be rendered.");
        }
        url.current = URL.createObjectURL(await res.blob());
        audio.current ??= new Audio();
        audio.current.src = url.current;
        audio.current.onended = () => setState(null);
        await audio.current.play();
        setState({ id, phase: "playing" });
      } catch (e) {
        setState(null);
        setError(e instanceof Error ? e.message : "The sample could not be played.");
      }
    },
    [stop],
  );

  return { play, stop, state, error };
}
