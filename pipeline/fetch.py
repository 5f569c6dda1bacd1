"""URLs, sitemaps and feeds -> RawDocuments, fetched politely and safely.

Politeness: robots.txt is obeyed (with its Crawl-delay), each host gets at
most `rate_per_host` requests a second, at most `max_concurrency` requests
run at once, the User-Agent says who we are, and reruns ask "has it changed?"
(ETag / Last-Modified) instead of downloading again.

Safety: only http(s); the address every connection goes to is checked after
DNS resolution, on every redirect hop, so a public name cannot point the
scraper at the user's own network unless `allow_private` is set; bodies are
streamed and cut off at `max_bytes`; only HTML, XHTML and plain text pages
(and XML listings) are accepted.

Every response that is kept is written to the raw page cache before anything
else looks at it, so extraction can be re-run offline.
"""

from __future__ import annotations

import codecs
import hashlib
import ipaddress
import json
import os
import re
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import charset_normalizer
import httpcore
import httpx
from tqdm import tqdm

from pipeline import __version__
from pipeline.config import Settings
from pipeline.feeds import LISTING_TYPES, parse_listing
from pipeline.records import ErrorRecord, RawDocument, Source

# The robots.txt product token; the User-Agent starts with it.
ROBOTS_AGENT = "newspipeline"
# Accepted page media types -> the RawDocument content type.
PAGE_TYPES = {
    "text/html": "text/html",
    "application/xhtml+xml": "text/html",
    "text/plain": "text/plain",
}
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# A server asking us to wait longer than this is treated as refusing.
MAX_RETRY_AFTER_S = 120.0
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@dataclass
class FetchOptions:
    cache_dir: Path
    offline: bool = False
    allow_private: bool = False
    rate_per_host: float = 1.0  # requests per second
    max_concurrency: int = 4
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    timeout_s: float = 20.0  # wall-clock limit of one request, connecting and reading included
    retries: int = 3  # extra attempts after the first
    user_agent_contact: str | None = None  # an email or URL site owners can reach
    since: date | None = None  # drop feed/sitemap entries dated before this day
    backoff_s: float = 1.0  # first retry delay; doubles per attempt


class FetchError(Exception):
    """A URL that cannot be fetched; the message is the ErrorRecord reason."""


def user_agent(contact: str | None) -> str:
    """A User-Agent that tells a site owner what we are and how to reach whoever runs us."""
    reach = f"+{contact}" if contact else "no contact given"
    return f"{ROBOTS_AGENT}/{__version__} (Swedish news pipeline; {reach})"


def read_url_list(path: str | os.PathLike) -> list[str]:
    """URLs from a file, one per line; blank lines and `#` comments are skipped."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


# --- addresses -------------------------------------------------------------------------------


def blocked_address_reason(address: str) -> str | None:
    """Why an IP address must not be contacted without allow_private, or None if it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for flag, kind in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    ):
        if getattr(ip, flag):
            return kind
    return None if ip.is_global else "non-global"


class BlockedAddress(FetchError):
    pass


class _PublicOnlyBackend(httpcore.SyncBackend):
    """Resolves the host itself, refuses non-public addresses, then connects to a vetted one.

    Connecting to the address that was checked (not resolving again) closes
    the DNS-rebinding gap; TLS still verifies against the host name.
    """

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise httpcore.ConnectError(f"DNS lookup failed for {host}: {error}") from error
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        for address in addresses:
            kind = blocked_address_reason(address)
            if kind:
                raise BlockedAddress(
                    f"blocked address: {host} resolves to {address} ({kind}); "
                    "use --allow-private to fetch from private networks"
                )
        last_error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error
        raise last_error or httpcore.ConnectError(f"no address for {host}")


class _Deadline(threading.local):
    """The wall-clock moment this thread's current request must be done by (None: no request)."""

    at: float | None = None


_deadline = _Deadline()


def _within_deadline(timeout: float | None, expired: type[Exception]) -> float | None:
    """The timeout for one socket operation: what is left of the request's time, at most `timeout`."""
    if _deadline.at is None:
        return timeout
    remaining = _deadline.at - time.monotonic()
    if remaining <= 0:
        raise expired("the request's time ran out")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the request's deadline.

    httpx's timeouts bound each read, so a server sending one byte every few
    seconds would hold a request for ever; this bounds the request as a whole,
    headers and body alike.
    """

    def __init__(self, stream: httpcore.NetworkStream):
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _within_deadline(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _within_deadline(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        bounded = _within_deadline(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """Connections through `inner` (the public-only check, or plain), each a `_DeadlineStream`."""

    def __init__(self, inner: httpcore.NetworkBackend):
        self._inner = inner

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        bounded = _within_deadline(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_tcp(host, port, bounded, local_address, socket_options))

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        bounded = _within_deadline(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


# --- raw page cache --------------------------------------------------------------------------


@dataclass(frozen=True)
class CachedPage:
    """A response as received: bytes on disk, final URL, status, headers, fetch time."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    fetched_at: str
    body_path: Path

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    def body(self) -> bytes:
        return self.body_path.read_bytes()


class PageCache:
    """`<cache_dir>/pages/<sha256(url)>.body` and `.json`, keyed by the requested URL.

    The JSON is written last, so its presence marks a complete entry.
    """

    def __init__(self, cache_dir: Path):
        self.root = Path(cache_dir) / "pages"

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.root / f"{key}.body", self.root / f"{key}.json"

    def get(self, url: str) -> CachedPage | None:
        body_path, _ = self._paths(url)
        try:
            return self.load(body_path)
        except FileNotFoundError:
            return None

    @staticmethod
    def load(body_path: Path) -> CachedPage:
        """The entry whose body is `body_path` (a RawDocument's `source.path`)."""
        meta = json.loads(body_path.with_suffix(".json").read_text(encoding="utf-8"))
        return CachedPage(body_path=body_path, **meta)

    def put(
        self, url: str, final_url: str, status: int, headers: dict[str, str], body: bytes
    ) -> CachedPage:
        self.root.mkdir(parents=True, exist_ok=True)
        body_path, meta_path = self._paths(url)
        meta = {
            "url": url,
            "final_url": final_url,
            "status": status,
            "headers": headers,
            "fetched_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        _write_atomically(body_path, body)
        _write_atomically(meta_path, json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
        return CachedPage(body_path=body_path, **meta)


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


# --- politeness ------------------------------------------------------------------------------


class HostPacer:
    """Hands out request slots per host, `interval` seconds apart (longer if a host asks)."""

    def __init__(self, interval: float):
        self._interval = interval
        self._host_interval: dict[str, float] = {}
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()

    def slow_down(self, host: str, interval: float) -> None:
        with self._lock:
            self._host_interval[host] = max(self._interval, interval)

    def defer(self, host: str, seconds: float) -> None:
        """No request to `host` for `seconds` (Retry-After, backoff)."""
        with self._lock:
            self._next_slot[host] = max(self._next_slot.get(host, 0.0), time.monotonic() + seconds)

    def wait(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, 0.0))
            self._next_slot[host] = slot + self._host_interval.get(host, self._interval)
        time.sleep(slot - now)


@dataclass(frozen=True)
class _Reply:
    url: str
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes


class Fetcher:
    """HTTP GET with robots.txt, pacing, retries, redirects checked hop by hop, and limits."""

    def __init__(self, options: FetchOptions):
        self.options = options
        transport = httpx.HTTPTransport(trust_env=False)
        # httpx has no public hook for the connection backend; httpx is pinned below 0.29.
        inner = httpcore.SyncBackend() if options.allow_private else _PublicOnlyBackend()
        transport._pool._network_backend = _DeadlineBackend(inner)
        self.client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(options.timeout_s),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": user_agent(options.user_agent_contact)},
        )
        self.pacer = HostPacer(1.0 / options.rate_per_host)
        self._robots: dict[str, RobotFileParser | FetchError] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, revalidate: CachedPage | None = None) -> _Reply:
        """Fetch `url`, following redirects; a 304 reply means `revalidate` is still current."""
        return self._follow(url, revalidate, obey_robots=True)

    def _follow(self, url: str, revalidate: CachedPage | None, obey_robots: bool) -> _Reply:
        chain = [url]
        for _ in range(self.options.max_redirects + 1):
            current = chain[-1]
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https"):
                raise FetchError(f"only http and https URLs are fetched: {current}")
            if not parts.hostname:
                raise FetchError(f"no host in URL: {current}")
            if obey_robots and not self._robots_allow(current):
                raise FetchError(f"disallowed by robots.txt: {current}")
            headers = {}
            if revalidate is not None and revalidate.final_url == current:
                headers = _validators(revalidate.headers)
            reply = self._send_with_retries(current, headers)
            if reply.status not in REDIRECT_STATUSES:
                return reply
            location = reply.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {reply.status} redirect without a Location: {current}")
            target = urldefrag(urljoin(current, location)).url
            if target in chain:
                raise FetchError("redirect loop: " + " -> ".join([*chain, target]))
            chain.append(target)
        raise FetchError(f"more than {self.options.max_redirects} redirects: {' -> '.join(chain)}")

    def _send_with_retries(self, url: str, headers: dict[str, str]) -> _Reply:
        host = _host(url)
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            self.pacer.wait(host)
            try:
                reply = self._send(url, headers)
            except httpx.TimeoutException as error:
                problem, delay = f"timed out ({type(error).__name__})", None
            else:
                if reply.status != 429 and reply.status < 500:
                    return reply
                problem = f"HTTP {reply.status} {reply.reason}".rstrip()
                delay = _retry_after(reply.headers.get("retry-after"))
                if delay is not None and delay > MAX_RETRY_AFTER_S:
                    raise FetchError(f"{problem}; Retry-After {delay:.0f} s is too long")
            if attempt + 1 < attempts:
                self.pacer.defer(
                    host, self.options.backoff_s * 2**attempt if delay is None else delay
                )
        raise FetchError(f"{problem} after {attempts} attempts")

    def _send(self, url: str, headers: dict[str, str]) -> _Reply:
        """One request; the body is read only for 2xx replies of an accepted type, and capped."""
        limit = self.options.max_bytes
        _deadline.at = time.monotonic() + self.options.timeout_s
        try:
            return self._receive(url, headers, limit)
        finally:
            _deadline.at = None

    def _receive(self, url: str, headers: dict[str, str], limit: int) -> _Reply:
        with self.client.stream("GET", url, headers=headers) as response:
            reply_headers = dict(response.headers)
            if not 200 <= response.status_code < 300:
                return _Reply(url, response.status_code, response.reason_phrase, reply_headers, b"")
            media_type = reply_headers.get("content-type", "").split(";", 1)[0].strip().lower()
            if media_type not in PAGE_TYPES and media_type not in LISTING_TYPES:
                raise FetchError(f"content type not allowed: {media_type or 'none given'}")
            declared = reply_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(f"response larger than {limit} bytes ({declared} declared)")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"response larger than {limit} bytes")
                chunks.append(chunk)
            return _Reply(
                url, response.status_code, response.reason_phrase, reply_headers, b"".join(chunks)
            )

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            origin_lock = self._robots_locks.setdefault(origin, threading.Lock())
        with origin_lock:
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin)
        rules = self._robots[origin]
        if isinstance(rules, FetchError):
            raise rules
        return rules.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, origin: str) -> RobotFileParser | FetchError:
        """Rules as urllib.robotparser reads them (401/403: all disallowed, other 4xx: all allowed).

        A robots.txt that cannot be read at all (timeouts, 5xx, blocked address)
        is kept as the error, so every page of that origin fails with it.
        """
        rules = RobotFileParser(f"{origin}/robots.txt")
        try:
            reply = self._follow(f"{origin}/robots.txt", None, obey_robots=False)
        except (FetchError, httpx.HTTPError) as error:
            if isinstance(error, BlockedAddress):
                return error
            return FetchError(
                f"robots.txt unreadable, so nothing is fetched from {origin}: {_reason(error)}"
            )
        if reply.status in (401, 403):
            rules.disallow_all = True
        elif 400 <= reply.status < 500:
            rules.allow_all = True
        else:
            rules.parse(reply.body.decode("utf-8", errors="replace").splitlines())
            delay = rules.crawl_delay(ROBOTS_AGENT)
            if delay:
                self.pacer.slow_down(_host(origin), float(delay))
        return rules


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _validators(headers: dict[str, str]) -> dict[str, str]:
    """Conditional-request headers from a cached response's validators."""
    conditional = {}
    if "etag" in headers:
        conditional["If-None-Match"] = headers["etag"]
    if "last-modified" in headers:
        conditional["If-Modified-Since"] = headers["last-modified"]
    return conditional


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


# --- decoding --------------------------------------------------------------------------------


def decode_page(body: bytes, content_type: str) -> tuple[str, str]:
    """Bytes -> (text, codec): BOM, then the header charset, then `<meta charset>`, then detection.

    A declared charset is used only if the bytes decode with it; and bytes that
    are valid UTF-8 with non-ASCII characters are read as UTF-8 even when a
    single-byte charset is declared, since that is the common server default
    that is wrong, while valid multi-byte UTF-8 is almost never an accident.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8"
    header = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.I)
    meta = _META_CHARSET.search(body[:4096])
    declared = [
        header.group(1) if header else None,
        meta.group(1).decode("ascii") if meta else None,
    ]
    utf8 = _strict_decode(body, "utf-8")
    for name in declared:
        codec = _codec(name)
        if codec is None:
            continue
        text = _strict_decode(body, codec)
        if text is None:
            continue
        if codec != "utf-8" and utf8 is not None and not body.isascii() and _single_byte(codec):
            return utf8, "utf-8"
        return text, codec
    if utf8 is not None:
        return utf8, "utf-8"
    guess = charset_normalizer.from_bytes(body).best()
    codec = _codec(guess.encoding) if guess else None
    codec = codec or "utf-8"
    return body.decode(codec, errors="replace"), codec


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict_decode(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except UnicodeDecodeError:
        return None


def _single_byte(codec: str) -> bool:
    return len("é".encode(codec, errors="replace")) == 1


# --- the run ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Expanded:
    """A sitemap or feed: its URLs are fetched next."""

    urls: list[str]


_Outcome = tuple[str, RawDocument | ErrorRecord | _Expanded]  # (progress label, result)


class _Session:
    def __init__(self, options: FetchOptions):
        self.options = options
        self.cache = PageCache(options.cache_dir)
        self.fetcher = None if options.offline else Fetcher(options)

    def close(self) -> None:
        if self.fetcher is not None:
            self.fetcher.close()

    def resolve(self, url: str) -> _Outcome:
        """One URL -> a document, the URLs of a listing, or an error; never raises for a bad URL."""
        try:
            page, label = self._load(url)
            return label, self._interpret(page)
        except (FetchError, httpx.HTTPError, httpx.InvalidURL) as error:
            return "failed", ErrorRecord(input=url, stage="fetch", reason=_reason(error))

    def _load(self, url: str) -> tuple[CachedPage, str]:
        cached = self.cache.get(url)
        if self.fetcher is None:
            if cached is None:
                raise FetchError("not in the page cache (offline run)")
            return cached, "cached"
        reply = self.fetcher.get(url, revalidate=cached)
        if reply.status == 304 and cached is not None:
            return cached, "cached"
        if not 200 <= reply.status < 300:
            raise FetchError(f"HTTP {reply.status} {reply.reason}".rstrip())
        return self.cache.put(url, reply.url, reply.status, reply.headers, reply.body), "fetched"

    def _interpret(self, page: CachedPage) -> RawDocument | _Expanded:
        body = page.body()
        if page.media_type in LISTING_TYPES:
            listing = parse_listing(body, page.final_url, self.options.max_bytes)
            if listing is None:
                raise FetchError(f"{page.media_type} that is neither a sitemap nor a feed")
            return _Expanded(listing.urls(self.options.since))
        return page_document(page, body)


def page_document(page: CachedPage, body: bytes) -> RawDocument:
    """A cached HTML or text page as the document the cleaning stage reads."""
    if page.media_type not in PAGE_TYPES:
        raise FetchError(f"content type not allowed: {page.media_type or 'none given'}")
    text, encoding = decode_page(body, page.headers.get("content-type", ""))
    digest = "sha256:" + hashlib.sha256(body).hexdigest()
    return RawDocument(
        id=digest,
        source=Source(url=page.final_url, path=str(page.body_path)),
        content_type=PAGE_TYPES[page.media_type],
        content=text,
        content_hash=digest,
        encoding=encoding,
        fetched_at=page.fetched_at,
    )


def _reason(error: Exception) -> str:
    if isinstance(error, FetchError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def iter_url_documents(
    urls: Iterable[str],
    options: FetchOptions,
    progress: Callable[[str], None] | None = None,
) -> Iterator[RawDocument | ErrorRecord]:
    """Fetch pages (expanding sitemaps and feeds), yielding each as it completes.

    Each URL is fetched once per run. `progress` is called once per yielded
    item with "fetched", "cached" (not modified, or offline) or "failed".
    """
    if options.rate_per_host <= 0 or options.max_concurrency < 1:
        raise ValueError("rate_per_host must be > 0 and max_concurrency >= 1")
    session = _Session(options)
    pool = ThreadPoolExecutor(max_workers=options.max_concurrency, thread_name_prefix="fetch")
    inputs = iter(urls)
    queued: deque[str] = deque()
    seen: set[str] = set()
    pending: dict[Future[_Outcome], str] = {}

    def next_url() -> str | None:
        while True:
            url = queued.popleft() if queued else next(inputs, None)
            if url is None:
                return None
            url = urldefrag(url.strip()).url
            if url and url not in seen:
                seen.add(url)
                return url

    def top_up() -> None:
        # A small backlog keeps every worker busy without reading the whole input up front.
        while len(pending) < 2 * options.max_concurrency:
            url = next_url()
            if url is None:
                return
            pending[pool.submit(session.resolve, url)] = url

    try:
        top_up()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                del pending[future]
                label, result = future.result()
                if isinstance(result, _Expanded):
                    queued.extend(result.urls)
                    continue
                if progress is not None:
                    progress(label)
                yield result
            top_up()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        session.close()


class FetchedUrls:
    """URL inputs as a re-iterable source of documents: fetched once, replayed from the cache.

    The batch run reads its inputs twice (to profile boilerplate, then to
    process); the second pass must not hit the sites again, and must report
    the same errors, so it replays the first pass from the page cache.
    """

    def __init__(self, urls: list[str], options: FetchOptions, show_progress: bool = False):
        self.urls = urls
        self.options = options
        self.show_progress = show_progress
        self.counts: Counter[str] = Counter()
        self._replay: list[ErrorRecord | Path] | None = None

    def __iter__(self) -> Iterator[RawDocument | ErrorRecord]:
        if self._replay is not None:
            for item in self._replay:
                yield item if isinstance(item, ErrorRecord) else self._from_cache(item)
            return
        replay: list[ErrorRecord | Path] = []
        with tqdm(desc="pages", unit="page", disable=not self.show_progress) as bar:

            def count(label: str) -> None:
                self.counts[label] += 1
                bar.set_postfix(self.counts, refresh=False)
                bar.update()

            for item in iter_url_documents(self.urls, self.options, count):
                replay.append(item if isinstance(item, ErrorRecord) else Path(item.source.path))
                yield item
        self._replay = replay

    @staticmethod
    def _from_cache(body_path: Path) -> RawDocument:
        return page_document(PageCache.load(body_path), body_path.read_bytes())


def options_from_settings(settings: Settings) -> FetchOptions:
    """The run's fetch options; the raw page cache lives under the output folder."""
    return FetchOptions(
        cache_dir=settings.page_cache,
        offline=settings.offline,
        allow_private=settings.allow_private,
        rate_per_host=settings.rate_per_host,
        user_agent_contact=settings.user_agent_contact,
        since=settings.since,
        timeout_s=settings.fetch_timeout_s,
    )
