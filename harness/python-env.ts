/**
 * The recogniser's Python environment for tests and benchmarks: the product's own (scripts/python-env.ts, which
 * `npm run speech-check:setup` and `npm run speech:setup` run), plus the benchmark's transcription script.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

export { ensurePython, findPython, SPEECH_CHECK_DIR, type PythonSet } from "../scripts/python-env";

export const TRANSCRIBE_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "speech", "transcribe.py");
