"""Translate articles and role titles, robustly, through online backends or a local model.

The online backends are deep-translator 1.11.4 clients (`online`); this module
gives their requests timeouts, turns their raw `requests` exceptions into
retry decisions, and sends chunks one by one (deep-translator's
`translate_batch` is a plain loop), each with its retries and cache entry. The
local model (`local`) stands behind the same `translate(text)` interface. On
top of the clients sit chunking within each backend's limit, name protection by
placeholders, retries with backoff, a per-article time budget, a circuit
breaker per backend, an ordered fallback list and an SQLite cache, so that
reruns send no request and an offline run of many articles fails fast instead
of waiting on each one.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import requests
import urllib3
from deep_translator import deepl, google, libre, microsoft, mymemory

from pipeline import langid
from pipeline.config import Settings
from pipeline.output import article_json, result_from_json
from pipeline.records import Analysis, CleanDocument, Translation
from pipeline.translate.backends import BACKENDS, DEFAULT_SOURCE, HOW_TO_GO_ON, Backend
from pipeline.translate.cache import TranslationCache
from pipeline.translate.chunks import chunk_paragraph, split_paragraphs
from pipeline.translate.glossary import glossary_title
from pipeline.translate.local import UnsupportedPair
from pipeline.translate.names import name_spans, protect

MAX_OUTPUT_RATIO = 4.0  # a reply this many times longer than its chunk is garbage, not a translation


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
        deadline = time.monotonic() + _http.timeout
        try:
            response = _http.session.request(method, url, stream=True, **kwargs)
            _read_body(response, deadline)
        except requests.RequestException as error:
            _http.last_error = error
            raise
        _http.last_response = response
        return response


def _read_body(response: requests.Response, deadline: float) -> None:
    """Read the whole reply by `deadline`: the timeout bounds each read, so a server
    sending a byte every few seconds would otherwise hold a call for ever."""
    body = bytearray()
    try:
        while chunk := response.raw.read1(64 * 1024, decode_content=True):
            body += chunk
            if time.monotonic() > deadline:
                raise requests.exceptions.ReadTimeout(f"reply still arriving when the request deadline passed ({len(body)} bytes)")
    except requests.RequestException:  # an OSError too: caught first
        response.close()
        raise
    except (urllib3.exceptions.TimeoutError, TimeoutError) as error:
        response.close()
        raise requests.exceptions.ReadTimeout(error) from error
    except (urllib3.exceptions.HTTPError, OSError) as error:
        response.close()
        raise requests.exceptions.ConnectionError(error) from error
    response._content, response._content_consumed = bytes(body), True  # as `requests` stores a read body
    response.raw.release_conn()


for _module in (google, libre, deepl, mymemory, microsoft):
    _module.requests = _TimedRequests()


def _start_call(timeout: float) -> _HttpState:
    """Set the timeout for this thread's next requests and forget the previous call's outcome."""
    _http.timeout, _http.last_response, _http.last_error = timeout, None, None
    return _http


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
    if isinstance(error, UnsupportedPair):  # this article's language; the next may be fine
        return _Attempt(str(error), retryable=False)
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
        if unknown:  # check_settings says it with more care before a run; this guards direct use
            raise ValueError(f"unknown translator(s) {', '.join(unknown)}; choose from {', '.join(BACKENDS)} or none")
        self.cache = TranslationCache(settings.translation_cache) if settings.use_cache else None
        self.requests_sent = 0  # backend calls attempted (HTTP requests, model batches), for tests and the eval harness
        self._breakers: dict[str, _Breaker] = {}
        self._clients: dict[tuple[str, str, str], object] = {}
        self._cache_names: dict[str, str] = {}

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_clients": {}, "_cache_names": {}}

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
        """One backend on an article; its replies are cached only if the article's translation is accepted."""
        translated: list[list[_Piece]] = []
        errors: list[str] = []
        accepted: list[tuple[str, str]] = []  # (chunk sent, reply) new this time
        for text, spans in fields:
            pieces = self._translate_field(backend, text, spans, source, target, deadline, errors, accepted) if text else []
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
        if status != "failed":
            for chunk, output in accepted:
                self._remember(backend, chunk, source, target, output)
        error = f"{backend.name}: {'; '.join(dict.fromkeys(errors))}" if errors else None
        return _Attempted(backend.name, title, text, status, error,
                          sum(p.unprotected for p in all_pieces), sum(p.cached for p in all_pieces))

    def _translate_field(self, backend, text, spans, source, target, deadline, errors, accepted) -> list[_Piece]:
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
                self._translate_piece(backend, piece, chunk, protected, source, target, deadline, errors, accepted)
                pieces.append(piece)
        return pieces

    def _translate_piece(self, backend, piece, chunk, protected, source, target, deadline, errors, accepted) -> None:
        """Translate with names protected; if a placeholder is lost or doubled, again without.

        Accepted replies go to `accepted`; one that lost a placeholder is never kept.
        """
        try:
            output, piece.cached = self._call(backend, chunk, source, target, deadline)
            if protected.placeholders_intact(chunk, output):
                piece.translated = protected.restore(output)
                if not piece.cached:
                    accepted.append((chunk, output))
                return
            piece.translated, piece.cached = self._call(backend, piece.source, source, target, deadline)
            piece.unprotected = True
            if not piece.cached:
                accepted.append((piece.source, piece.translated))
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
                        role.title_en, cached = self._call(BACKENDS[backend], role.title, source, target, deadline)
                        role.title_en_source = backend
                        if not cached:
                            self._remember(BACKENDS[backend], role.title, source, target, role.title_en)
                    except ChunkFailed:
                        role.title_en, role.title_en_source = None, None

    # ----- per chunk -----

    def _call(self, backend: Backend, text: str, source: str, target: str, deadline: float) -> tuple[str, bool]:
        """One chunk from the cache or the backend, with retries; returns (translation, from cache).

        The caller decides whether a new reply is good enough to `_remember`.
        """
        cache_name = self._cache_name(backend)
        if self.cache:
            hit = self.cache.get(cache_name, source, target, text)
            if hit is not None:
                return hit, True
        return self._request_with_retries(backend, text, source, target, deadline), False

    def _remember(self, backend: Backend, text: str, source: str, target: str, output: str) -> None:
        if self.cache:
            self.cache.put(self._cache_name(backend), source, target, text, output)

    def _cache_name(self, backend: Backend) -> str:
        if backend.name not in self._cache_names:
            try:
                self._cache_names[backend.name] = backend.cache_name(self.settings) if backend.cache_name else backend.name
            except ValueError:  # the backend cannot be built; its requests will fail and say why
                return backend.name
        return self._cache_names[backend.name]

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
        except Exception as error:  # deep-translator raises anything from raw requests errors to KeyError; CTranslate2 RuntimeError
            raise _RequestFailed(_classify(error, state)) from error
        if not isinstance(output, str) or not output.strip():
            raise _RequestFailed(_Attempt("empty reply", retryable=False))
        if len(output) > MAX_OUTPUT_RATIO * len(text) + 40:
            raise _RequestFailed(_Attempt(f"reply of {len(output)} characters for {len(text)} sent", retryable=False))
        return output

    def _client(self, backend: Backend, source: str, target: str):
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


def down_hint(translation: Translation) -> str | None:
    """One line for the user when a translation failed because its backends are down, and how to go on."""
    if translation.status != "failed" or not translation.error or "down (" not in translation.error:
        return None
    return f"translation is failing: {translation.error}; articles are written untranslated; {HOW_TO_GO_ON}"


# --------------------------------------------------------------------------
# `pipeline translate` on an article JSON written by the pipeline
# --------------------------------------------------------------------------


def translate_article_json(article: dict, translator: Translator) -> tuple[dict, Translation]:
    """An article written by `pipeline run`, with `translation` and each role's `title_en` filled in,
    and the translation's full record (the JSON leaves out how many chunks came from the cache)."""
    result = result_from_json(article)
    result.translation = translator.translate_article(result.document, result.analysis)
    return article_json(result), result.translation
