/**
 * A download written a piece at a time: the next piece is made only when the client has read the previous
 * one (the stream's pull), and a client that goes away ends the generator. An export of 100,000 rows then
 * holds one page in memory, never the whole file, and the event loop is free between pages.
 */
export function streamText(pieces: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pieces[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          const { value, done } = await iterator.next();
          if (done) return controller.close();
          if (value === "") continue;
          return controller.enqueue(encoder.encode(value));
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
