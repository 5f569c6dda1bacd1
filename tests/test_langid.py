"""Language is detected per document and per paragraph, deterministically."""

from concurrent.futures import ThreadPoolExecutor

from pipeline import langid
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


LANGDETECT_CASES = [
    SWEDISH,
    ENGLISH,
    f"{SWEDISH} {ENGLISH}",
    "Hej, det är bra.",
    "SVT och SVERIGES RADIO:s chef,,  sa att  NATO-mötet blir av -- i morgon!",
    "Stefan Löfven (S) besökte https://www.regeringen.se/ och skrev till info@example.se i går.",
    "Привет, мир! Это короткий текст на русском языке.",
    "東京は日本の首都です。",
    "Đây là một câu tiếng Việt có dấu.",
]


def langdetect_probabilities(text: str) -> dict[str, float]:
    """What langdetect's own Detector gives for `text` with this module's settings."""
    detector = langid._factory().create()
    detector.n_trial, detector.max_text_length = langid.TRIALS, langid.MAX_CHARS
    detector.append(text)
    return {guess.lang: guess.prob for guess in detector.get_probabilities()}


def test_probabilities_are_exactly_langdetects_own():
    assert langid.probabilities_of(LANGDETECT_CASES) == [langdetect_probabilities(t) for t in LANGDETECT_CASES]


def test_a_paragraph_gets_the_same_probabilities_alone_or_in_a_batch():
    assert [langid.probabilities(t) for t in LANGDETECT_CASES] == langid.probabilities_of(LANGDETECT_CASES)


def test_a_batch_of_documents_is_identified_as_each_document_alone():
    documents = [CleanDocument(str(i), Source(), "h", text) for i, text in enumerate(
        [f"{SWEDISH}\n\n{ENGLISH}", "12 345 !!", ENGLISH, f"{ENGLISH}\n\n{SWEDISH}\n\n{SWEDISH}"]
    )]
    assert langid.identify_all(documents) == [identify(d) for d in documents]


def test_threads_detecting_at_once_get_langdetects_own_probabilities():
    expected = [langdetect_probabilities(t) for t in LANGDETECT_CASES]
    langid._word_vectors.cache_clear()  # every word is new: each thread extracts n-grams at once
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(langid.probabilities_of, [LANGDETECT_CASES] * 8))
    assert results == [expected] * 8
