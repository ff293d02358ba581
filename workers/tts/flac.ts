/**
 * FLAC for /v1/audio/speech (`response_format: "flac"`), with libflacjs: the reference libFLAC compiled to
 * JavaScript, shipped inside the package (nothing to download or build). 16-bit mono at the engine's rate,
 * compression level 5 (FLAC's default). Worker-only: the web app never stores FLAC.
 */
import { createRequire } from "node:module";
import type { Encoder as FlacEncoder } from "libflacjs/lib/encoder";
import { floatToInt16 } from "../../lib/protocol/audio";

type FlacLibrary = {
  Encoder: typeof FlacEncoder;
  utils: typeof import("libflacjs/lib/utils");
  flac: ConstructorParameters<typeof FlacEncoder>[0];
};

let library: Promise<FlacLibrary> | null = null;

/**
 * Loaded on the first FLAC request only (it is several megabytes of compiled code). The library compiles
 * itself on load, and an encoder can only be made once it says it is ready. Its modules are CommonJS (UMD),
 * so they are required, not imported.
 */
function loadFlac(): Promise<FlacLibrary> {
  library ??= (async () => {
    const require = createRequire(import.meta.url);
    const flac = (require("libflacjs") as typeof import("libflacjs"))();
    await new Promise<void>((resolve) => (flac.isReady() ? resolve() : flac.on("ready", () => resolve())));
    const { Encoder } = require("libflacjs/lib/encoder") as typeof import("libflacjs/lib/encoder");
    return { Encoder, utils: require("libflacjs/lib/utils") as FlacLibrary["utils"], flac };
  })();
  return library;
}

export async function encodeFlac(samples: Float32Array, sampleRate: number): Promise<Buffer> {
  const { Encoder, utils, flac } = await loadFlac();
  const encoder = new Encoder(flac, { sampleRate, channels: 1, bitsPerSample: 16, compression: 5, verify: false, isOgg: false });
  try {
    const ints = Int32Array.from(floatToInt16(samples));
    if (ints.length > 0 && !encoder.encode(ints)) throw new Error("the FLAC encoder refused the samples");
    if (!encoder.encode()) throw new Error("the FLAC encoder could not finish the stream");
    const chunks = [encoder.getSamples()];
    // The stream header is written before the totals are known; fill them in (sample count, MD5).
    if (encoder.metadata) utils.addFLACMetaData(chunks, encoder.metadata, false);
    const bytes = utils.mergeBuffers(chunks, utils.getLength(chunks));
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } finally {
    encoder.destroy();
  }
}
