"""Language per document and per paragraph (langdetect, seeded so reruns agree)."""

from __future__ import annotations

import re
from dataclasses import replace

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from pipeline.records import CleanDocument, LanguageGuess, ParagraphLanguage

DetectorFactory.seed = 0  # langdetect samples randomly; a fixed seed makes it deterministic
UNKNOWN = LanguageGuess("unknown", 0.0)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def detect(text: str) -> LanguageGuess:
    """The most probable language of `text`, or "unknown" when it has no letters to go on."""
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return UNKNOWN
    return LanguageGuess(best.lang, round(best.prob, 4))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def identify(document: CleanDocument) -> CleanDocument:
    """The stage function: the document with its language and each paragraph's."""
    return replace(
        document,
        language=detect(document.text),
        paragraphs=[ParagraphLanguage(s, e, detect(document.text[s:e])) for s, e in paragraph_spans(document.text)],
    )
