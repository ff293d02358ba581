"use client";

import { useCallback, useEffect, useRef, useState } from "react";

type State = { id: string; phase: "loading" | "playing" } | null;

const MP3 = "audio/mpeg";

/**
 * Plays short samples rendered on demand by POST /api/voices/audition; one sample at a time. The route
 * streams MP3 as the worker renders each sentence: where Media Source Extensions take MP3 (Chromium,
 * Firefox, desktop Safari) the first sentence plays while the rest is still arriving; elsewhere the whole
 * sample is fetched first. Stopping aborts the request, which stops the worker's render.
 */
export function useAudition() {
  const [state, setState] = useState<State>(null);
  const [error, setError] = useState<string | null>(null);
  const audio = useRef<HTMLAudioElement | null>(null);
  const url = useRef<string | null>(null);
  const request = useRef<AbortController | null>(null);

  const stop = useCallback(() => {
    request.current?.abort();
    request.current = null;
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
      const controller = new AbortController();
      request.current = controller;
      try {
        const res = await fetch("/api/voices/audition", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(input),
          signal: controller.signal,
        });
        if (!res.ok) {
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          throw new Error(body?.error?.message ?? "The sample could not be rendered.");
        }
        const element = (audio.current ??= new Audio());
        element.onended = () => setState(null);
        const started = () => setState({ id, phase: "playing" });
        if (res.body && typeof MediaSource !== "undefined" && MediaSource.isTypeSupported(MP3)) {
          await playProgressively(res.body, element, (objectUrl) => (url.current = objectUrl), started, controller.signal);
        } else {
          url.current = URL.createObjectURL(await res.blob());
          element.src = url.current;
          await element.play();
          started();
        }
      } catch (e) {
        if (controller.signal.aborted) return;
        stop();
        setError(e instanceof Error ? e.message : "The sample could not be played.");
      }
    },
    [stop],
  );

  return { play, stop, state, error };
}

/**
 * Feeds the streamed MP3 into a MediaSource and starts playing at the first chunk; resolves once the whole
 * stream has been appended and playback has begun. MP3 has no timestamps, so the buffer appends in sequence.
 */
async function playProgressively(body: ReadableStream<Uint8Array>, element: HTMLAudioElement, setUrl: (url: string) => void, started: () => void, signal: AbortSignal): Promise<void> {
  const source = new MediaSource();
  const objectUrl = URL.createObjectURL(source);
  setUrl(objectUrl);
  element.src = objectUrl;
  await new Promise<void>((resolve) => source.addEventListener("sourceopen", () => resolve(), { once: true }));
  const buffer = source.addSourceBuffer(MP3);
  const reader = body.getReader();
  // Not awaited in the loop: play() settles once enough audio is buffered, which may take later chunks.
  let playing: Promise<void> | null = null;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    if (signal.aborted) return;
    await append(buffer, next.value);
    playing ??= element.play().then(started);
  }
  if (source.readyState === "open") source.endOfStream();
  await playing;
}

function append(buffer: SourceBuffer, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    buffer.addEventListener("updateend", () => resolve(), { once: true });
    buffer.addEventListener("error", () => reject(new Error("The browser could not play the sample.")), { once: true });
    buffer.appendBuffer(chunk as Uint8Array<ArrayBuffer>);
  });
}
