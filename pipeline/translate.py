"""Translate articles and role titles through online backends, robustly.

Backends are deep-translator 1.11.4 clients. That library has traps this module
works around: no request timeouts, raw `requests` exceptions, Libre rejecting
`sv`, MyMemory wanting regional codes, Microsoft calling the network in its
constructor, Google capping the URL-encoded query, `translate_batch` being a
plain loop (so chunks go one by one here, each with its retries and cache
entry). On top of the clients sit chunking within each backend's limit, name protection by placeholders, retries
with backoff, a per-article time budget, a circuit breaker per backend, an
ordered fallback list and an SQLite cache, so that reruns send no request and
an offline run of many articles fails fast instead of waiting on each one.
"""

from __future__ import annotations

import csv
import functools
import os
import re
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

import requests
from deep_translator import (
    DeeplTranslator,
    GoogleTranslator,
    LibreTranslator,
    MicrosoftTranslator,
    MyMemoryTranslator,
)
from deep_translator import deepl, google, libre, microsoft, mymemory
from deep_translator.base import BaseTranslator
from deep_translator.exceptions import ApiKeyException

from pipeline import langid
from pipeline.config import DATA_DIR, Settings
from pipeline.output import article_json, result_from_json
from pipeline.records import Analysis, CleanDocument, Translation
from pipeline.word_classes import word_pairs, words
from pipeline.translate_cache import TranslationCache

GLOSSARY_PATH = DATA_DIR / "role_glossary_sv_en.csv"
PROTECTED_LABELS = frozenset({"PERSON", "ORG", "PLACE"})
DEFAULT_SOURCE = "sv"  # the pipeline reads Swedish news; used when langid gave no answer
MAX_OUTPUT_RATIO = 4.0  # a reply this many times longer than its chunk is garbage, not a translation

# Environment variables holding backend credentials (documented in README.md).
ENV_DEEPL_KEY = "DEEPL_API_KEY"  # a key ending in ":fx" selects DeepL's free endpoint
ENV_MICROSOFT_KEY = "MICROSOFT_API_KEY"
ENV_MICROSOFT_REGION = "MICROSOFT_REGION"
ENV_LIBRE_KEY = "LIBRE_API_KEY"  # optional: self-hosted LibreTranslate usually needs none
ENV_MYMEMORY_EMAIL = "MYMEMORY_EMAIL"  # optional: raises MyMemory's free daily quota


# --------------------------------------------------------------------------
# HTTP: every request deep-translator makes gets a timeout and is recorded.
# --------------------------------------------------------------------------


class _HttpState(threading.local):
    """Per-thread session, timeout and the last reply/error seen by a client call."""

    def __init__(self) -> None:
        self.session: requests.Session | None = None
        self.timeout: float = Settings.translate_timeout_s
        self.last_response: requests.Response | None = None
        self.last_error: requests.RequestException | None = None


_http = _HttpState()


class _TimedRequests:
    """Stands in for the `requests` module inside deep-translator's backend modules.

    deep-translator calls `requests.get/post` without a timeout, so a silent
    server hangs a run forever. This shim adds the current timeout, reuses one
    session per thread, and keeps the last response or exception so a failure
    can be classified (status code, Retry-After) whatever the client raised.
    """

    exceptions = requests.exceptions

    def get(self, url: str, **kwargs) -> requests.Response:
        return self._send("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> requests.Response:
        return self._send("POST", url, **kwargs)

    def __getattr__(self, name: str):
        return getattr(requests, name)

    @staticmethod
    def _send(method: str, url: str, **kwargs) -> requests.Response:
        if _http.session is None:
            _http.session = requests.Session()
        kwargs.setdefault("timeout", _http.timeout)
        try:
            response = _http.session.request(method, url, **kwargs)
        except requests.RequestException as error:
            _http.last_error = error
            raise
        _http.last_response = response
        return response


for _module in (google, libre, deepl, mymemory, microsoft):
    _module.requests = _TimedRequests()


def _start_call(timeout: float) -> _HttpState:
    """Set the timeout for this thread's next requests and forget the previous call's outcome."""
    _http.timeout, _http.last_response, _http.last_error = timeout, None, None
    return _http


# --------------------------------------------------------------------------
# Backends
# --------------------------------------------------------------------------


class _MicrosoftWithoutLanguageLookup(MicrosoftTranslator):
    """MicrosoftTranslator fetches its language list in the constructor; skip that network call."""

    def __init__(self, source: str, target: str, **kwargs) -> None:
        self._codes = {source: source, target: target}
        super().__init__(source=source, target=target, **kwargs)

    def _get_supported_languages(self) -> dict[str, str]:
        return self._codes


def _libre(source: str, target: str, settings: Settings) -> BaseTranslator:
    # Libre's language table lacks Swedish: build with "auto", then set the codes.
    if not settings.translator_url:
        raise ValueError("the libre backend needs --translator-url")
    url = settings.translator_url.rstrip("/") + "/"
    client = LibreTranslator(source="auto", target="en", api_key=os.environ.get(ENV_LIBRE_KEY) or "unused", custom_url=url)
    client.source, client.target = source, target
    return client


def _mymemory_code(code: str) -> str:
    """MyMemory wants regional codes (sv-SE, en-GB)."""
    preferred = {"sv": "sv-SE", "en": "en-GB"}
    if code in preferred:
        return preferred[code]
    from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

    return next((c for c in MY_MEMORY_LANGUAGES_TO_CODES.values() if c.split("-")[0] == code), code)


def _mymemory(source: str, target: str, settings: Settings) -> BaseTranslator:
    return MyMemoryTranslator(source=_mymemory_code(source), target=_mymemory_code(target), email=os.environ.get(ENV_MYMEMORY_EMAIL))


def _deepl(source: str, target: str, settings: Settings) -> BaseTranslator:
    key = os.environ.get(ENV_DEEPL_KEY)
    if not key:
        raise ApiKeyException(env_var=ENV_DEEPL_KEY)
    return DeeplTranslator(source=source, target=target, api_key=key, use_free_api=key.endswith(":fx"))


def _microsoft(source: str, target: str, settings: Settings) -> BaseTranslator:
    key = os.environ.get(ENV_MICROSOFT_KEY)
    if not key:
        raise ApiKeyException(env_var=ENV_MICROSOFT_KEY)
    return _MicrosoftWithoutLanguageLookup(source, target, api_key=key, region=os.environ.get(ENV_MICROSOFT_REGION))


def _google(source: str, target: str, settings: Settings) -> BaseTranslator:
    return GoogleTranslator(source=source, target=target)


@dataclass(frozen=True)
class Backend:
    """A translation service and the size of the largest chunk it accepts.

    `url_encoded`: the text travels in the query string, so its cost is the
    percent-encoded length (each Swedish letter costs six characters).
    """

    name: str
    max_chars: int
    url_encoded: bool
    make: Callable[[str, str, Settings], BaseTranslator]

    def cost(self, text: str) -> int:
        return len(urllib.parse.quote_plus(text)) if self.url_encoded else len(text)


BACKENDS: dict[str, Backend] = {
    backend.name: backend
    for backend in (
        Backend("google", 4900, True, _google),  # free endpoint: below 5,000 characters, encoded
        Backend("microsoft", 10000, False, _microsoft),  # JSON body; 50,000 per request allowed
        Backend("deepl", 4900, True, _deepl),  # deep-translator sends DeepL text as GET parameters
        Backend("mymemory", 499, False, _mymemory),  # deep-translator rejects 500 characters or more
        Backend("libre", 4900, True, _libre),  # deep-translator posts the text as query parameters
    )
}


# --------------------------------------------------------------------------
# Failures, retries and the circuit breaker
# --------------------------------------------------------------------------


class ChunkFailed(Exception):
    """A chunk could not be translated, and why."""


@dataclass(frozen=True)
class _Attempt:
    reason: str
    retryable: bool
    connection: bool = False  # counts towards the circuit breaker
    permanent: bool = False  # the backend cannot work this run (no key, refused auth)
    retry_after: float | None = None


def _classify(error: Exception, state: _HttpState) -> _Attempt:
    """Turn whatever the client raised into a retry decision, looking at the real HTTP outcome."""
    if isinstance(state.last_error, requests.Timeout):
        return _Attempt("timeout", retryable=True, connection=True)
    if isinstance(state.last_error, requests.ConnectionError):
        return _Attempt("connection failed", retryable=True, connection=True)
    response = state.last_response
    if response is not None and response.status_code >= 300:
        status = response.status_code
        if status == 429:
            return _Attempt("HTTP 429", retryable=True, retry_after=_retry_after(response))
        if status >= 500:
            return _Attempt(f"HTTP {status}", retryable=True)
        return _Attempt(f"HTTP {status}", retryable=False, permanent=status in (401, 403))
    if response is None:  # failed before any request: no key, no URL, unsupported language
        return _Attempt(f"{type(error).__name__}: {error}", retryable=False, permanent=True)
    return _Attempt(f"{type(error).__name__}: {error}", retryable=False)


def _retry_after(response: requests.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None


@dataclass
class _Breaker:
    """Consecutive connection failures per backend; open means down for the rest of the run."""

    threshold: int
    failures: int = 0
    open_reason: str | None = None

    def record(self, attempt: _Attempt) -> None:
        if attempt.permanent:
            self.open_reason = attempt.reason
        elif attempt.connection:
            self.failures += 1
            if self.failures >= self.threshold:
                self.open_reason = f"{attempt.reason} ({self.failures} times in a row)"

    def succeeded(self) -> None:
        self.failures = 0


# --------------------------------------------------------------------------
# Chunking and name protection
# --------------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"(\n+)")
_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+")
_PLACEHOLDER = re.compile(r"\{(\d+)\}")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs and the line breaks between them, alternating; `"".join` gives the text back."""
    return _PARAGRAPH_BREAK.split(text)


def chunk_paragraph(paragraph: str, cost: Callable[[str], int], limit: int) -> list[str]:
    """Sentences packed greedily into chunks whose cost is within `limit`, joined by one space.

    A sentence over the limit is cut between words, a word over it between characters.
    """
    if cost(paragraph) <= limit:
        return [paragraph]
    return _pack([piece for sentence in _SENTENCE_END.split(paragraph) for piece in _fit(sentence, cost, limit)], cost, limit)


def _fit(sentence: str, cost: Callable[[str], int], limit: int) -> list[str]:
    if cost(sentence) <= limit:
        return [sentence]
    words = sentence.split()
    if len(words) == 1:
        cut = max(i for i in range(1, len(sentence) + 1) if cost(sentence[:i]) <= limit)
        return [sentence[:cut], *_fit(sentence[cut:], cost, limit)]
    return _pack([piece for word in words for piece in _fit(word, cost, limit)], cost, limit)


def _pack(pieces: list[str], cost: Callable[[str], int], limit: int) -> list[str]:
    """Join consecutive pieces with a space while the cost stays within `limit`."""
    packed: list[str] = []
    for piece in pieces:
        if packed and cost(packed[-1] + " " + piece) <= limit:
            packed[-1] += " " + piece
        else:
            packed.append(piece)
    return packed


@dataclass
class Protected:
    """Text with names replaced by `{n}` placeholders, and the names to put back."""

    text: str
    names: dict[str, str] = field(default_factory=dict)  # placeholder -> name

    def restore(self, translated: str) -> str:
        return _PLACEHOLDER.sub(lambda m: self.names.get(m.group(0), m.group(0)), translated)

    def placeholders_intact(self, source: str, translated: str) -> bool:
        """Each placeholder of `source` exactly once in `translated`, and no other."""
        return sorted(_PLACEHOLDER.findall(source)) == sorted(_PLACEHOLDER.findall(translated))


def protect(text: str, spans: list[tuple[int, int]]) -> Protected:
    """Replace each (start, end) span of `text` by its own placeholder; overlaps keep the first."""
    if "{" in text:  # placeholders could not be told from the text's own braces
        return Protected(text)
    pieces, names, position = [], {}, 0
    for start, end in sorted(spans):
        if start < position or end <= start:
            continue
        token = "{%d}" % len(names)
        names[token] = text[start:end]
        pieces += [text[position:start], token]
        position = end
    pieces.append(text[position:])
    return Protected("".join(pieces), names)


def name_spans(text: str, analysis: Analysis, offsets: bool) -> list[tuple[int, int]]:
    """Spans of PERSON/ORG/PLACE names: the entities' offsets into the clean text, or,
    for the title (which the offsets do not cover), every whole-word occurrence of their text."""
    entities = [e for e in analysis.entities if e.label in PROTECTED_LABELS]
    if offsets:
        return [(e.start, e.end) for e in entities if text[e.start : e.end] == e.text]
    spans = []
    for name in {e.text for e in entities}:
        spans += [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    return spans


# --------------------------------------------------------------------------
# Glossary
# --------------------------------------------------------------------------

# Modifiers that translate the same in front of any title, and the inflected endings of titles:
# word classes shared with the role extractor (pipeline/data/roles/word_classes.tsv).
_TITLE_PREFIXES = {f"{sv} ": f"{en} " for sv, en in word_pairs("modifier_translations")}
_INFLECTED_ENDINGS = words("inflected_title_endings")


@functools.lru_cache(maxsize=1)
def glossary() -> dict[str, str]:
    """The curated sv->en role-title glossary (lower-case Swedish -> English)."""
    with GLOSSARY_PATH.open(encoding="utf-8", newline="") as handle:
        return {row["sv"].lower(): row["en"] for row in csv.DictReader(handle)}


def glossary_title(title: str) -> str | None:
    """English for a role title from the glossary: as written, then without a known modifier
    in front, then in its indefinite form ("generaldirektören" -> "generaldirektör")."""
    words = glossary()
    key = " ".join(title.lower().split())
    for prefix, english in _TITLE_PREFIXES.items():
        if key.startswith(prefix):
            rest = glossary_title(key[len(prefix) :])
            return english + rest if rest else None
    if key in words:
        return words[key]
    for ending in _INFLECTED_ENDINGS:
        if key.endswith(ending) and key[: -len(ending)] in words:
            return words[key[: -len(ending)]]
    return None


# --------------------------------------------------------------------------
# The translator
# --------------------------------------------------------------------------


@dataclass
class _Piece:
    """One chunk of a field: what was sent and what came back (None: not translated)."""

    source: str
    lead: str = ""  # the space between chunks of one paragraph
    is_chunk: bool = True  # False for the line breaks between paragraphs, which pass through
    translated: str | None = None
    unprotected: bool = False
    cached: bool = False


@dataclass
class _Attempted:
    """The outcome of one backend on one article."""

    backend: str
    title: str | None
    text: str
    status: str
    error: str | None
    unprotected_chunks: int
    cached_chunks: int

    def translation(self, target: str) -> Translation:
        """The record for the output; a failed attempt keeps no text."""
        failed = self.status == "failed"
        return Translation(target, self.backend, self.status, None if failed else self.title, None if failed else self.text,
                           self.error, self.unprotected_chunks, self.cached_chunks)


_STATUS_RANK = {"ok": 0, "partial": 1, "failed": 2}


class Translator:
    """Translates articles with an ordered list of backends; built once per run.

    Picklable: clients, the HTTP session and the SQLite connection are created
    lazily in whichever process uses them. The circuit breakers live here, so a
    backend found down stays down for the rest of the run in this process.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.backends = [name for name in settings.translators if name != "none"]
        unknown = [name for name in self.backends if name not in BACKENDS]
        if unknown:
            raise ValueError(f"unknown translator(s) {', '.join(unknown)}; choose from {', '.join(BACKENDS)} or none")
        self.cache = TranslationCache(settings.translation_cache) if settings.use_cache else None
        self.requests_sent = 0  # HTTP calls attempted, for tests and the eval harness
        self._breakers: dict[str, _Breaker] = {}
        self._clients: dict[tuple[str, str, str], BaseTranslator] = {}

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_clients": {}}

    # ----- public API -----

    def translate_article(self, document: CleanDocument, analysis: Analysis) -> Translation:
        """Translate title and text, and fill each role's `title_en` in place."""
        target = self.settings.target
        source = document.language.code if document.language and document.language.code != "unknown" else DEFAULT_SOURCE
        if not self.backends:
            self._translate_roles(analysis, source, target, backend=None, deadline=0.0)
            return Translation(target=target, backend=None, status="skipped", error="translation is off")
        if source == target:
            return Translation(target=target, backend=None, status="skipped", error=f"already in {target}")
        deadline = time.monotonic() + self.settings.article_translate_budget_s
        title_spans = name_spans(document.title, analysis, offsets=False) if document.title else []
        fields = [(document.title, title_spans), (document.text, name_spans(document.text, analysis, offsets=True))]
        best = self._first_good(fields, source, target, deadline)
        self._translate_roles(analysis, source, target, best.backend if best.status != "failed" else None, deadline)
        return best.translation(target)

    def translate_text(self, text: str, source: str = DEFAULT_SOURCE) -> Translation:
        """Translate plain text (no names known to protect), with the same fallbacks and checks."""
        if not self.backends:
            return Translation(target=self.settings.target, backend=None, status="skipped", error="translation is off")
        deadline = time.monotonic() + self.settings.article_translate_budget_s
        return self._first_good([(None, []), (text, [])], source, self.settings.target, deadline).translation(self.settings.target)

    # ----- per article -----

    def _first_good(self, fields, source: str, target: str, deadline: float) -> _Attempted:
        """Try each backend in order; keep the first `ok`, else the best partial result."""
        attempts: list[_Attempted] = []
        for name in self.backends:
            breaker = self._breaker(name)
            if breaker.open_reason:
                attempts.append(_Attempted(name, None, "", "failed", f"{name}: down ({breaker.open_reason})", 0, 0))
                continue
            attempt = self._with_backend(BACKENDS[name], fields, source, target, deadline)
            attempts.append(attempt)
            if attempt.status == "ok" or time.monotonic() >= deadline:
                break
        best = min(attempts, key=lambda a: _STATUS_RANK[a.status])
        errors = [a.error for a in attempts if a.error]
        best.error = "; ".join(errors) if best.status != "ok" and errors else None
        return best

    def _with_backend(self, backend: Backend, fields, source: str, target: str, deadline: float) -> _Attempted:
        translated: list[list[_Piece]] = []
        errors: list[str] = []
        for text, spans in fields:
            pieces = self._translate_field(backend, text, spans, source, target, deadline, errors) if text else []
            translated.append(pieces)
        title_pieces, text_pieces = translated
        all_pieces = [p for p in title_pieces + text_pieces if p.is_chunk]
        done = [p for p in all_pieces if p.translated is not None]
        title = _join(title_pieces) if fields[0][0] else None
        text = _join(text_pieces)
        status = "ok" if len(done) == len(all_pieces) else "partial" if done else "failed"
        verdict = _quality_problem(fields[1][0], text, source) if status == "ok" else None
        if verdict:
            errors.append(verdict)
            status = "failed"
        error = f"{backend.name}: {'; '.join(dict.fromkeys(errors))}" if errors else None
        return _Attempted(backend.name, title, text, status, error,
                          sum(p.unprotected for p in all_pieces), sum(p.cached for p in all_pieces))

    def _translate_field(self, backend, text, spans, source, target, deadline, errors) -> list[_Piece]:
        """Pieces of a field in order; the line breaks between paragraphs pass through untouched."""
        protected = protect(text, spans)
        cost = lambda s: max(backend.cost(s), backend.cost(protected.restore(s)))  # noqa: E731
        pieces: list[_Piece] = []
        for i, part in enumerate(split_paragraphs(protected.text)):
            if i % 2 or not part.strip():
                pieces.append(_Piece(part, is_chunk=False, translated=part))
                continue
            for n, chunk in enumerate(chunk_paragraph(part, cost, backend.max_chars)):
                piece = _Piece(protected.restore(chunk), lead=" " if n else "")
                self._translate_piece(backend, piece, chunk, protected, source, target, deadline, errors)
                pieces.append(piece)
        return pieces

    def _translate_piece(self, backend, piece, chunk, protected, source, target, deadline, errors) -> None:
        """Translate with names protected; if a placeholder is lost or doubled, again without."""
        try:
            output, piece.cached = self._call(backend, chunk, source, target, deadline)
            if protected.placeholders_intact(chunk, output):
                piece.translated = protected.restore(output)
                return
            piece.translated, piece.cached = self._call(backend, piece.source, source, target, deadline)
            piece.unprotected = True
        except ChunkFailed as failure:
            errors.append(str(failure))

    def _translate_roles(self, analysis: Analysis, source, target, backend: str | None, deadline: float) -> None:
        for person in analysis.people:
            for role in person.roles:
                if not role.title:
                    continue
                english = glossary_title(role.title) if (source, target) == ("sv", "en") else None
                if english:
                    role.title_en, role.title_en_source = english, "glossary"
                elif backend and not self._breaker(backend).open_reason:
                    try:
                        role.title_en, _ = self._call(BACKENDS[backend], role.title, source, target, deadline)
                        role.title_en_source = backend
                    except ChunkFailed:
                        role.title_en, role.title_en_source = None, None

    # ----- per chunk -----

    def _call(self, backend: Backend, text: str, source: str, target: str, deadline: float) -> tuple[str, bool]:
        """One chunk through the cache or the backend, with retries; returns (translation, from cache)."""
        if self.cache:
            hit = self.cache.get(backend.name, source, target, text)
            if hit is not None:
                return hit, True
        output = self._request_with_retries(backend, text, source, target, deadline)
        if self.cache:
            self.cache.put(backend.name, source, target, text, output)
        return output, False

    def _request_with_retries(self, backend: Backend, text: str, source: str, target: str, deadline: float) -> str:
        breaker = self._breaker(backend.name)
        settings = self.settings
        for attempt_number in range(settings.translate_retries + 1):
            if breaker.open_reason:
                raise ChunkFailed(f"down ({breaker.open_reason})")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ChunkFailed("article time budget spent")
            try:
                output = self._request(backend, text, source, target, min(settings.translate_timeout_s, remaining))
            except _RequestFailed as failed:
                attempt = failed.attempt
                breaker.record(attempt)
                if not attempt.retryable or attempt_number == settings.translate_retries:
                    raise ChunkFailed(attempt.reason) from None
                wait = attempt.retry_after if attempt.retry_after is not None else settings.translate_backoff_s * 2**attempt_number
                if wait >= deadline - time.monotonic():
                    raise ChunkFailed(f"{attempt.reason}; retry would pass the article time budget") from None
                time.sleep(wait)
                continue
            breaker.succeeded()
            return output
        raise AssertionError("unreachable")

    def _request(self, backend: Backend, text: str, source: str, target: str, timeout: float) -> str:
        state = _start_call(timeout)
        try:
            client = self._client(backend, source, target)
            self.requests_sent += 1
            output = client.translate(text)
        except Exception as error:  # deep-translator raises anything from raw requests errors to KeyError
            raise _RequestFailed(_classify(error, state)) from error
        if not isinstance(output, str) or not output.strip():
            raise _RequestFailed(_Attempt("empty reply", retryable=False))
        if len(output) > MAX_OUTPUT_RATIO * len(text) + 40:
            raise _RequestFailed(_Attempt(f"reply of {len(output)} characters for {len(text)} sent", retryable=False))
        return output

    def _client(self, backend: Backend, source: str, target: str) -> BaseTranslator:
        key = (backend.name, source, target)
        if key not in self._clients:
            self._clients[key] = backend.make(source, target, self.settings)
        return self._clients[key]

    def _breaker(self, name: str) -> _Breaker:
        return self._breakers.setdefault(name, _Breaker(self.settings.translate_breaker_failures))


class _RequestFailed(Exception):
    def __init__(self, attempt: _Attempt) -> None:
        super().__init__(attempt.reason)
        self.attempt = attempt


def _join(pieces: list[_Piece]) -> str:
    """The field with untranslated chunks left in the source language."""
    return "".join(p.lead + (p.translated if p.translated is not None else p.source) for p in pieces)


def _quality_problem(source_text: str | None, translated: str, source: str) -> str | None:
    """Why a complete translation is not acceptable: unchanged, or still in the source language."""
    if not source_text or not source_text.strip():
        return None
    if translated.strip() == source_text.strip():
        return "translation identical to the source"
    if langid.detect(translated).code == source:
        return f"translation still detected as {source}"
    return None


# --------------------------------------------------------------------------
# `pipeline translate` on an article JSON written by the pipeline
# --------------------------------------------------------------------------


def translate_article_json(article: dict, translator: Translator) -> dict:
    """An article written by `pipeline run`, with `translation` and each role's `title_en` filled in."""
    result = result_from_json(article)
    result.translation = translator.translate_article(result.document, result.analysis)
    return article_json(result)
