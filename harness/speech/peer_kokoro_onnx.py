"""The Python peer of the worker benchmark: kokoro-onnx with onnxruntime in a direct loop, no HTTP.

argv: a JSON job {"model": path, "voice_bin": path to a kokoro-js voice file (float32 [510, 1, 256]),
"voice": name, "threads": onnxruntime intra-op threads, "sentences": [...], "renders": N, "offset": i}.
Loads the model, warms up on one sentence, renders N sentences (sentences[(offset + k) % len]) one after
another, and prints {"renders", "seconds", "audio_seconds", "load_seconds"} as JSON.
"""

import json
import os
import sys
import tempfile
import time

import numpy as np
import onnxruntime as rt
from kokoro_onnx import Kokoro


def main() -> None:
    job = json.loads(sys.argv[1])
    started = time.perf_counter()
    options = rt.SessionOptions()
    options.intra_op_num_threads = job["threads"]
    options.inter_op_num_threads = 1
    session = rt.InferenceSession(job["model"], sess_options=options, providers=["CPUExecutionProvider"])
    voice = np.fromfile(job["voice_bin"], dtype=np.float32).reshape(-1, 1, 256)
    with tempfile.TemporaryDirectory() as tmp:
        voices = os.path.join(tmp, "voices.npz")
        np.savez(voices, **{job["voice"]: voice})
        kokoro = Kokoro.from_session(session, voices)
    load_seconds = time.perf_counter() - started
    sentences = job["sentences"]
    kokoro.create(sentences[0], voice=job["voice"], speed=1.0, lang="en-us")
    audio = 0.0
    started = time.perf_counter()
    for k in range(job["renders"]):
        samples, rate = kokoro.create(sentences[(job.get("offset", 0) + k) % len(sentences)], voice=job["voice"], speed=1.0, lang="en-us")
        audio += len(samples) / rate
    json.dump({"renders": job["renders"], "seconds": time.perf_counter() - started, "audio_seconds": audio, "load_seconds": load_seconds}, sys.stdout)


if __name__ == "__main__":
    main()
