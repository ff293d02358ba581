"""The speech check service: an offline recogniser the app asks what a rendered sentence sounds like.

    POST /v1/transcribe?language=en[&expect=Okafor&expect=...]     body: WAV audio (PCM, mono or stereo)
      -> 200 {"text", "normalized", "expected": [{"text", "normalized"}], "words": [{"word", "start", "end"}],
              "language", "model", "audio_seconds", "asr_seconds"}
      -> 400 bad_audio / bad_request, 401 unauthorized, 413 audio_too_large, 503 busy (+ Retry-After)
    GET /health   alive (no auth)
    GET /ready    200 once the English model is loaded, else 503 (no auth)

Environment: SPEECH_CHECK_TOKEN (Bearer token; required unless the host is loopback), SPEECH_CHECK_HOST
(default 127.0.0.1), SPEECH_CHECK_PORT (default 8790), SPEECH_CHECK_THREADS (CPU threads per model, default 1),
SPEECH_CHECK_QUEUE (requests that may wait per model before the service answers 503, default 8).

One transcription runs at a time per model: the recogniser shares the CPU with the TTS worker, and rendering
must go on while the check runs. Uses only the standard library's HTTP server and faster-whisper.
"""

import hmac
import io
import json
import os
import signal
import sys
import threading
import time
import wave
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from recogniser import MODEL_FOR_LANGUAGE, model_path, normalizer  # noqa: E402

MAX_AUDIO_BYTES = 16 * 1024 * 1024  # about 8 minutes of 16 kHz mono; a sentence is a few seconds
MAX_AUDIO_SECONDS = 120
MAX_EXPECT = 20
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class Config:
    def __init__(self) -> None:
        self.host = os.environ.get("SPEECH_CHECK_HOST", "127.0.0.1")
        self.port = int(os.environ.get("SPEECH_CHECK_PORT", "8790"))
        self.token = os.environ.get("SPEECH_CHECK_TOKEN") or None
        self.threads = max(1, int(os.environ.get("SPEECH_CHECK_THREADS", "1")))
        self.queue = max(0, int(os.environ.get("SPEECH_CHECK_QUEUE", "8")))
        if self.token is not None and len(self.token) < 16:
            sys.exit("Invalid speech check environment: SPEECH_CHECK_TOKEN must be at least 16 characters.")
        if self.token is None and self.host not in LOOPBACK:
            sys.exit(
                f"Invalid speech check environment: SPEECH_CHECK_TOKEN is not set and SPEECH_CHECK_HOST={self.host!r} is "
                "reachable from other machines. Fix: set SPEECH_CHECK_TOKEN (e.g. `openssl rand -hex 32`) or bind 127.0.0.1."
            )


class ModelSlot:
    """One Whisper model, loaded on first use, with its own gate: one transcription at a time, `queue` waiting."""

    def __init__(self, name: str, threads: int, queue: int) -> None:
        self.name = name
        self.threads = threads
        self.queue = queue
        self.model = None
        self.load_lock = threading.Lock()
        self.run_lock = threading.Lock()
        self.count_lock = threading.Lock()
        self.admitted = 0  # running + waiting

    def load(self):
        with self.load_lock:
            if self.model is None:
                from faster_whisper import WhisperModel

                self.model = WhisperModel(model_path(self.name), device="cpu", compute_type="int8", cpu_threads=self.threads)
            return self.model

    def admit(self) -> bool:
        with self.count_lock:
            if self.admitted >= 1 + self.queue:
                return False
            self.admitted += 1
            return True

    def release(self) -> None:
        with self.count_lock:
            self.admitted -= 1

    def transcribe(self, samples, language: str):
        model = self.load()
        with self.run_lock:
            started = time.perf_counter()
            segments, info = model.transcribe(
                samples, language=language, beam_size=5, vad_filter=False, condition_on_previous_text=False, word_timestamps=True
            )
            segments = list(segments)
            return segments, info, time.perf_counter() - started


class BadAudio(Exception):
    pass


def decode_wav(data: bytes):
    """PCM WAV to 16 kHz mono float32, as Whisper hears it. Anything else is refused with the reason."""
    import numpy as np

    if len(data) < 44 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise BadAudio("The body is not a WAV file (no RIFF/WAVE header). Send 16-bit PCM WAV audio.")
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            channels, width, rate, frames = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
            raw = w.readframes(frames)
    except (wave.Error, EOFError) as error:
        raise BadAudio(f"The WAV file cannot be read ({error}). Send 16-bit PCM WAV audio.") from None
    if width != 2:
        raise BadAudio(f"The WAV file has {width * 8}-bit samples; send 16-bit PCM.")
    if rate < 8000 or rate > 48000:
        raise BadAudio(f"The WAV file's sample rate ({rate} Hz) is outside 8000 to 48000 Hz.")
    samples = np.frombuffer(raw[: len(raw) - len(raw) % (2 * channels)], dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    if samples.size < rate // 10:
        raise BadAudio("The WAV file holds less than a tenth of a second of audio.")
    if samples.size / rate > MAX_AUDIO_SECONDS:
        raise BadAudio(f"The WAV file is longer than {MAX_AUDIO_SECONDS} seconds; send one sentence at a time.")
    if rate != 16000:
        # Linear interpolation is enough for speech recognition of a check; no resampling library is needed.
        duration = samples.size / rate
        target = np.linspace(0, samples.size - 1, int(duration * 16000))
        samples = np.interp(target, np.arange(samples.size), samples).astype(np.float32)
    return samples


class Handler(BaseHTTPRequestHandler):
    server_version = "speech-check/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # one line per request on stderr, without the query (it can hold names)
        sys.stderr.write(f"speech-check {self.command} {urlparse(self.path).path} {args[1] if len(args) > 1 else ''}\n")

    def reply(self, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def error(self, status: int, code: str, message: str, retryable: bool = False, headers: dict | None = None) -> None:
        self.reply(status, {"error": {"code": code, "message": message, "retryable": retryable}}, headers)

    def do_GET(self) -> None:
        path = urlparse(self.path).path
        if path == "/health":
            return self.reply(200, {"ok": True})
        if path == "/ready":
            state = self.server.state  # type: ignore[attr-defined]
            ready = state["slots"]["tiny.en"].model is not None
            body = {"ready": ready, "models": {n: s.model is not None for n, s in state["slots"].items()}, "languages": sorted(MODEL_FOR_LANGUAGE)}
            return self.reply(200 if ready else 503, body)
        self.error(404, "not_found", "No such route.")

    def do_POST(self) -> None:
        state = self.server.state  # type: ignore[attr-defined]
        url = urlparse(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            return self.error(400, "bad_request", "Content-Length must be a whole number of bytes.")
        if url.path != "/v1/transcribe":
            self.drain(length)
            return self.error(404, "not_found", "No such route.")
        token = state["config"].token
        if token is not None:
            given = self.headers.get("Authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                self.drain(length)
                return self.error(401, "unauthorized", "A valid Bearer token is required.")
        if length > MAX_AUDIO_BYTES:
            self.close_connection = True
            return self.error(413, "audio_too_large", f"The audio is larger than {MAX_AUDIO_BYTES // (1024 * 1024)} MB; send one sentence at a time.")
        query = parse_qs(url.query)
        language = (query.get("language") or ["en"])[0]
        expect = query.get("expect") or []
        if language not in MODEL_FOR_LANGUAGE:
            self.drain(length)
            return self.error(400, "bad_request", f"language must be one of {', '.join(sorted(MODEL_FOR_LANGUAGE))}.")
        if len(expect) > MAX_EXPECT:
            self.drain(length)
            return self.error(400, "bad_request", f"At most {MAX_EXPECT} expected values per request.")
        body = self.rfile.read(length) if length > 0 else b""
        try:
            samples = decode_wav(body)
        except BadAudio as error:
            return self.error(400, "bad_audio", str(error))
        slot = state["slots"][MODEL_FOR_LANGUAGE[language]]
        if not slot.admit():
            return self.error(503, "busy", "The speech check is busy; try again shortly.", True, {"Retry-After": "2"})
        try:
            segments, info, asr_seconds = slot.transcribe(samples, language)
        finally:
            slot.release()
        norm = normalizer(language)
        text = " ".join(s.text.strip() for s in segments).strip()
        words = [{"word": w.word.strip(), "start": round(w.start, 2), "end": round(w.end, 2)} for s in segments for w in (s.words or [])]
        self.reply(
            200,
            {
                "text": text,
                "normalized": norm(text),
                "expected": [{"text": e, "normalized": norm(e)} for e in expect],
                "words": words,
                "language": language,
                "model": slot.name,
                "audio_seconds": round(float(info.duration), 3),
                "asr_seconds": round(asr_seconds, 3),
            },
        )

    def drain(self, length: int) -> None:
        if 0 < length <= MAX_AUDIO_BYTES:
            self.rfile.read(length)
        elif length > 0:
            self.close_connection = True


def main() -> None:
    config = Config()
    slots = {name: ModelSlot(name, config.threads, config.queue) for name in set(MODEL_FOR_LANGUAGE.values())}
    server = ThreadingHTTPServer((config.host, config.port), Handler)
    server.daemon_threads = True
    server.state = {"config": config, "slots": slots}  # type: ignore[attr-defined]
    # The English model is loaded before /ready says yes; the multilingual one on its first Spanish request.
    threading.Thread(target=slots["tiny.en"].load, daemon=True).start()

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.stderr.write(f"speech check listening on http://{config.host}:{server.server_address[1]}\n")
    sys.stderr.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
