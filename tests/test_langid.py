"""Language is detected per document and per paragraph, deterministically."""

from pipeline.langid import detect, identify
from pipeline.records import CleanDocument, Source

SWEDISH = "Kommunstyrelsen beslutade i går att bygga en ny skola i Fittja till hösten."
ENGLISH = "The municipal board decided yesterday to build a new school in the district."


def test_each_paragraph_gets_its_own_language_and_span():
    text = f"{SWEDISH}\n\n{ENGLISH}"
    document = identify(CleanDocument("d", Source(), "h", text))
    assert [(p.start, p.end, p.language.code) for p in document.paragraphs] == [
        (0, len(SWEDISH), "sv"),
        (len(SWEDISH) + 2, len(text), "en"),
    ]
    assert document.language.code in {"sv", "en"}


def test_detection_is_deterministic_across_calls():
    assert len({detect("Hej, det är bra.") for _ in range(5)}) == 1


def test_text_without_letters_is_unknown():
    assert detect("12 345 !!").code == detect("").code == "unknown"
