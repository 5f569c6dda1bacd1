"""Language per paragraph and per document (langdetect, seeded so reruns agree).

Each paragraph is detected once; the document's language is the
length-weighted sum of its paragraphs' probabilities, so no text is read twice.
langdetect's own algorithm is run faster with exactly its results: the
paragraphs of a whole batch run their trials side by side as rows of one numpy
array (`_run_trials`) instead of a Python loop over 55 languages per drawn
n-gram, and each word's n-grams are extracted once per process (`_word_vectors`).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import replace
from functools import lru_cache

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.utils.ngram import NGram

from pipeline.records import CleanDocument, LanguageGuess, ParagraphLanguage

UNKNOWN = LanguageGuess("unknown", 0.0)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
SEED = 0  # langdetect samples n-grams at random; a fixed seed makes it deterministic
TRIALS = 3  # langdetect's default is 7; 3 loses 0.3 points on FLORES sentences and halves the time
# A paragraph's first 200 characters decide its language: FLORES paragraphs of four sentences are
# identified as well as from their whole text (sv and en 200/200), in under half the time.
MAX_CHARS = 200


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(SEED)
    return factory


def _detector(text: str) -> Detector:
    """A langdetect Detector holding `text`, set up as this module uses it."""
    detector = _factory().create()
    detector.n_trial = TRIALS
    detector.max_text_length = MAX_CHARS
    detector.append(text)
    return detector


class _NormalisedChars(dict):
    """`str.translate` table of langdetect's per-character normalisation, filled as characters are met."""

    def __missing__(self, char_code: int) -> str:
        self[char_code] = NGram.normalize(chr(char_code))
        return self[char_code]


_NORMALISED = _NormalisedChars()
_WORD = re.compile(r"[^ ]+ ?")  # langdetect's n-gram buffer starts afresh after every space


_probes = threading.local()


def _probe() -> Detector:
    """A Detector per thread to extract words' n-grams with: a new one seeds its random generator from the OS."""
    if not hasattr(_probes, "detector"):
        _probes.detector = Detector(_factory())
    return _probes.detector


@lru_cache(maxsize=100_000)
def _word_vectors(word: str) -> tuple[np.ndarray, ...]:
    """The profile vectors of a word's n-grams, as langdetect's own `_extract_ngrams` finds them."""
    probe = _probe()
    probe.text = word
    return tuple(_profile_vector(ngram) for ngram in probe._extract_ngrams())


@lru_cache(maxsize=None)
def _profile_vector(ngram: str) -> np.ndarray:
    """An n-gram's probability in each language, converted once per process (only n-grams met)."""
    return np.array(_factory().word_lang_prob_map[ngram])


def _ngram_vectors(text: str) -> list[np.ndarray]:
    """langdetect's n-grams of `text`, in its order, as profile vectors: worked out once per word.

    After a character that normalises to a space langdetect's buffer holds a fresh
    state, so the n-grams of a word and the space after it depend on nothing else.
    """
    vectors: list[np.ndarray] = []
    normalised = text.translate(_NORMALISED)
    for match in _WORD.finditer(normalised):
        start, end = match.span()
        word = text[start : end - 1] + " " if normalised[end - 1] == " " else text[start:end]
        vectors.extend(_word_vectors(word))
    return vectors


def _run_trials(detectors: list[Detector], vectors: list[list[np.ndarray]]) -> np.ndarray:
    """langdetect's `Detector._detect_block` trials for many texts at once, one row each.

    Each row draws from its own detector's random stream in langdetect's order and
    sees langdetect's floating-point operations in langdetect's order, so it ends
    with exactly the probabilities `Detector.get_probabilities` computes. All rows
    run a trial side by side; langdetect checks convergence only after the first draw
    and then after every fifth, so five draws a row make one vector step.
    """
    first = detectors[0]
    languages, trials = len(first.langlist), first.n_trial
    langprob = np.zeros((len(detectors), languages))
    for detector in detectors:
        detector.random.seed(detector.seed)
    for _ in range(trials):
        rows = np.arange(len(detectors))  # the texts whose trial is still running
        prob = np.full((len(detectors), languages), 1.0 / languages)
        weight = np.array([(d.alpha + d.random.gauss(0.0, 1.0) * d.ALPHA_WIDTH) / d.BASE_FREQ for d in detectors])
        drawn, draws = 0, 1
        while rows.size:
            picks = [detectors[r].random.choice(vectors[r]) for r in rows for _ in range(draws)]
            factors = weight[:, None, None] + np.array(picks).reshape(rows.size, draws, languages)
            for j in range(draws):
                prob *= factors[:, j]
            prob /= np.array([sum(row) for row in prob.tolist()])[:, None]  # langdetect's sum, not numpy's pairwise one
            drawn += draws
            done = (prob.max(axis=1) > first.CONV_THRESHOLD) | (drawn - 1 >= first.ITERATION_LIMIT)
            if done.any():
                langprob[rows[done]] += prob[done] / trials
                rows, prob, weight = rows[~done], prob[~done], weight[~done]
            draws = 5
    return langprob


def probabilities_of(texts: list[str]) -> list[dict[str, float]]:
    """langdetect's probabilities for each text ({} where it has no letters to go on)."""
    detectors = [_detector(text) for text in texts]
    vectors = []
    for d in detectors:
        d.cleaning_text()
        vectors.append(_ngram_vectors(d.text))
    found = [i for i, v in enumerate(vectors) if v]
    results: list[dict[str, float]] = [{} for _ in texts]
    if found:
        langprob = _run_trials([detectors[i] for i in found], [vectors[i] for i in found])
        for i, row in zip(found, langprob):
            results[i] = {guess.lang: guess.prob for guess in detectors[i]._sort_probability(row.tolist())}
    return results


def probabilities(text: str) -> dict[str, float]:
    return probabilities_of([text])[0]


def best(probs: dict[str, float]) -> LanguageGuess:
    if not probs:
        return UNKNOWN
    code = max(probs, key=probs.get)
    return LanguageGuess(code, round(probs[code], 4))


def detect(text: str) -> LanguageGuess:
    """The most probable language of `text`, or "unknown" when it has no letters to go on."""
    return best(probabilities(text))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def identify_all(documents: list[CleanDocument]) -> list[CleanDocument]:
    """The stage function: each document with each paragraph's language and its own.

    All paragraphs of all documents are detected in one `probabilities_of` call,
    which is what makes a batch cheaper than its documents one by one.
    """
    spans = [paragraph_spans(document.text) for document in documents]
    found = iter(probabilities_of([d.text[start:end] for d, s in zip(documents, spans) for start, end in s]))
    identified = []
    for document, document_spans in zip(documents, spans):
        paragraphs, weighted = [], Counter()
        for start, end in document_spans:
            probs = next(found)
            paragraphs.append(ParagraphLanguage(start, end, best(probs)))
            weighted.update({code: p * (end - start) for code, p in probs.items()})
        total = sum(weighted.values())
        language = best({code: w / total for code, w in weighted.items()}) if total else UNKNOWN
        identified.append(replace(document, language=language, paragraphs=paragraphs))
    return identified


def identify(document: CleanDocument) -> CleanDocument:
    return identify_all([document])[0]
