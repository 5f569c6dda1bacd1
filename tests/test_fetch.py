"""Fetching news pages politely and safely, against real HTTP servers on 127.0.0.1.

Each test starts its own server, which records every request it receives, so
the tests assert what was actually sent (count, spacing, headers) as well as
what came back. Most tests run at 20 requests/s per host to stay fast; one
measures the default 1 request/s.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.config import SHARED_CORPORA
from pipeline.fetch import (
    FetchOptions,
    blocked_address_reason,
    iter_url_documents,
    read_url_list,
    user_agent,
)
from pipeline.records import ErrorRecord, RawDocument

FIXTURES = Path(__file__).parent / "fixtures"
SAVED_PAGES = SHARED_CORPORA / "html" / "article-extraction-benchmark" / "html"
CONTACT = "nyheter@example.org"
BIBLIOTEK = "/nyheter/nytt-bibliotek-i-tullinge"
ETAG = '"bibliotek-v1"'
LAST_MODIFIED = "Tue, 12 Mar 2024 09:30:00 GMT"


def saved_page(name: str) -> bytes:
    """A real saved news page from the shared benchmark (read at test time, never copied).

    Without the shared corpora the project's own municipal page stands in, so the fetch tests that
    only need some page still run; the test of the real pages' charsets asks for the corpora."""
    if not SAVED_PAGES.is_dir():
        return (FIXTURES / "kommun-nyhet.html").read_bytes()
    return gzip.decompress((SAVED_PAGES / f"{name}.html.gz").read_bytes())


SPACE_REVIEW = (
    "c00962aabe7bdd1fca78f5360ea7fa93cd7674863b05157e00827506a7aa58c4"  # no charset declared
)
DMEXCO = (
    "ba07d1e64775f4090e39116c382111f5a2cfe9528dd179673f4e9bfcea370c15"  # <meta charset="utf-8">
)


@dataclass
class Request:
    at: float  # time.monotonic() on arrival
    path: str
    headers: dict[str, str]


@dataclass
class Site:
    """A test web server: `routes[path](handler, hit_number)` writes the response."""

    routes: dict = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    base: str = ""
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]

    def to(self, path: str) -> list[Request]:
        return [request for request in self.requests if request.path == path]


def respond(
    handler,
    status: int,
    body: bytes = b"",
    content_type: str = "text/html; charset=utf-8",
    **headers,
):
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


def page(body: bytes, content_type: str = "text/html; charset=utf-8", **headers):
    return lambda handler, hit: respond(handler, 200, body, content_type, **headers)


def redirect(location: str):
    return lambda handler, hit: respond(handler, 301, b"", Location=location)


def listing_route(name: str, content_type: str, site: Site):
    def route(handler, hit):
        body = (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", site.base)
        respond(handler, 200, body.encode("utf-8"), content_type)

    return route


def bibliotek(handler, hit):
    """The municipal news page, answering conditional requests like a real CMS."""
    if handler.headers.get("If-None-Match") == ETAG:
        handler.send_response(304)
        handler.send_header("ETag", ETAG)
        handler.end_headers()
        return
    body = (FIXTURES / "kommun-nyhet.html").read_bytes()
    respond(handler, 200, body, ETag=ETAG, Last_Modified=LAST_MODIFIED)


def default_routes(site: Site) -> dict:
    arkiv = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>{base}/nyheter/gammal</loc><lastmod>2019-05-02</lastmod></url></urlset>"
    )
    return {
        "/robots.txt": page(b"User-agent: *\nDisallow: /private/\n", "text/plain"),
        BIBLIOTEK: bibliotek,
        "/private/intern-nyhet": page(b"<p>intern</p>"),
        "/saved/space-review.html": page(saved_page(SPACE_REVIEW), "text/html"),
        "/saved/dmexco.html": page(saved_page(DMEXCO)),
        "/sitemap-index.xml": listing_route("sitemap-index.xml", "application/xml", site),
        "/sitemap-nyheter.xml": listing_route("sitemap-nyheter.xml", "application/xml", site),
        "/sitemap-arkiv.xml": lambda handler, hit: respond(
            handler, 200, arkiv.replace("{base}", site.base).encode(), "text/xml"
        ),
        "/feed.rss": listing_route("feed.rss", "application/rss+xml; charset=utf-8", site),
    }


@pytest.fixture
def site():
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            with site.lock:
                site.requests.append(Request(time.monotonic(), self.path, dict(self.headers)))
                hit = len(site.to(self.path))
                site.in_flight += 1
                site.max_in_flight = max(site.max_in_flight, site.in_flight)
            try:
                route = site.routes.get(self.path)
                if route is None:
                    respond(self, 404, b"<h1>Sidan finns inte</h1>")
                else:
                    route(self, hit)
            finally:
                with site.lock:
                    site.in_flight -= 1

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    site.routes.update(default_routes(site))
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


def options(tmp_path: Path, **overrides) -> FetchOptions:
    settings = dict(
        cache_dir=tmp_path / "cache",
        allow_private=True,
        rate_per_host=20.0,
        backoff_s=0.05,
        timeout_s=2.0,
        user_agent_contact=CONTACT,
    )
    settings.update(overrides)
    return FetchOptions(**settings)


def fetch(urls, opts: FetchOptions):
    """Run the fetcher; return (documents by URL, error reasons by input URL, progress counts)."""
    progress = Counter()

    def count(label: str) -> None:
        progress[label] += 1

    results = list(iter_url_documents(urls, opts, progress=count))
    documents = {r.source.url: r for r in results if isinstance(r, RawDocument)}
    errors = {r.input: r.reason for r in results if isinstance(r, ErrorRecord)}
    assert all(r.stage == "fetch" for r in results if isinstance(r, ErrorRecord))
    return documents, errors, progress


def gaps(requests: list[Request]) -> list[float]:
    return [later.at - earlier.at for earlier, later in zip(requests, requests[1:], strict=False)]


# --- listings ---------------------------------------------------------------------------------


def test_sitemap_index_and_rss_feed_expand_to_their_articles_each_fetched_once(site, tmp_path):
    documents, errors, progress = fetch(
        [site.url("/sitemap-index.xml"), site.url("/feed.rss")], options(tmp_path)
    )

    assert sorted(documents) == sorted(
        [site.url(BIBLIOTEK), site.url("/saved/space-review.html"), site.url("/saved/dmexco.html")]
    )
    assert errors == {
        site.url(
            "/private/intern-nyhet"
        ): f"disallowed by robots.txt: {site.url('/private/intern-nyhet')}",
        site.url("/nyheter/gammal"): "HTTP 404 Not Found",
        site.url("/nyheter/relativ"): "HTTP 404 Not Found",
    }
    assert progress == {"fetched": 3, "failed": 3}
    # The article in both the sitemap and the feed is requested once; robots.txt once per host.
    assert Counter(site.paths()) == {
        "/robots.txt": 1,
        "/sitemap-index.xml": 1,
        "/feed.rss": 1,
        "/sitemap-nyheter.xml": 1,
        "/sitemap-arkiv.xml": 1,
        BIBLIOTEK: 1,
        "/saved/space-review.html": 1,
        "/saved/dmexco.html": 1,
        "/nyheter/gammal": 1,
        "/nyheter/relativ": 1,
    }


def test_since_skips_entries_and_child_sitemaps_dated_before_it(site, tmp_path):
    documents, errors, _ = fetch(
        [site.url("/sitemap-index.xml"), site.url("/feed.rss")],
        options(tmp_path, since=date(2024, 3, 1)),
    )

    assert list(documents) == [site.url(BIBLIOTEK)]
    # Undated entries are kept (here: the robots-disallowed one); the archive sitemap is never read.
    assert set(errors) == {site.url("/private/intern-nyhet"), site.url("/nyheter/relativ")}
    assert "/sitemap-arkiv.xml" not in site.paths()
    assert "/saved/space-review.html" not in site.paths()
    assert "/saved/dmexco.html" not in site.paths()


# --- what a fetched page becomes ---------------------------------------------------------------


def test_municipal_page_becomes_a_raw_document_with_hash_cache_path_and_fetch_time(site, tmp_path):
    documents, _, _ = fetch([site.url(BIBLIOTEK)], options(tmp_path))

    raw = (FIXTURES / "kommun-nyhet.html").read_bytes()
    digest = "sha256:" + hashlib.sha256(raw).hexdigest()
    document = documents[site.url(BIBLIOTEK)]
    assert document.id == digest
    assert document.content_hash == digest
    assert document.content_type == "text/html"
    assert document.encoding == "utf-8"
    assert document.content == raw.decode("utf-8")
    assert "Öppna mobilmenyn" in document.content and "Andra har även läst" in document.content
    assert Path(document.source.path).read_bytes() == raw
    assert datetime.fromisoformat(document.fetched_at).tzinfo is not None


def test_saved_real_pages_are_decoded_with_and_without_a_declared_charset(site, tmp_path, shared_corpora):
    urls = [site.url("/saved/space-review.html"), site.url("/saved/dmexco.html")]
    documents, errors, _ = fetch(urls, options(tmp_path))

    assert errors == {}
    for url, name in zip(urls, [SPACE_REVIEW, DMEXCO], strict=False):
        assert documents[url].content == saved_page(name).decode("utf-8")
        assert documents[url].encoding == "utf-8"
    assert (
        "<title>The Space Review: Seeking a bigger role for a big rocket"
        in documents[urls[0]].content
    )


def test_raw_cache_keeps_bytes_final_url_status_headers_and_fetch_time(site, tmp_path):
    site.routes["/gammal-adress"] = redirect(BIBLIOTEK)
    documents, _, _ = fetch([site.url("/gammal-adress")], options(tmp_path))

    document = documents[site.url(BIBLIOTEK)]
    meta = json.loads(Path(document.source.path).with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["url"] == site.url("/gammal-adress")
    assert meta["final_url"] == site.url(BIBLIOTEK)
    assert meta["status"] == 200
    assert meta["headers"]["etag"] == ETAG
    assert meta["headers"]["content-type"] == "text/html; charset=utf-8"
    assert meta["fetched_at"] == document.fetched_at


def test_plain_text_and_xhtml_are_accepted_and_other_types_refused_unread(site, tmp_path):
    site.routes["/notis.txt"] = page(
        "Kort notis om snöröjning.".encode(), "text/plain; charset=utf-8"
    )
    site.routes["/notis.xhtml"] = page(
        b"<html xmlns='http://www.w3.org/1999/xhtml'><p>Hej</p></html>", "application/xhtml+xml"
    )
    site.routes["/rapport.pdf"] = page(b"%PDF-1.7 ...", "application/pdf")
    documents, errors, _ = fetch(
        [site.url("/notis.txt"), site.url("/notis.xhtml"), site.url("/rapport.pdf")],
        options(tmp_path),
    )

    assert documents[site.url("/notis.txt")].content_type == "text/plain"
    assert documents[site.url("/notis.txt")].content == "Kort notis om snöröjning."
    assert documents[site.url("/notis.xhtml")].content_type == "text/html"
    assert errors == {site.url("/rapport.pdf"): "content type not allowed: application/pdf"}


# --- charsets ---------------------------------------------------------------------------------

SWEDISH = "<p>Andra har även läst: Så fungerar snöröjningen i Älvsjö, Göteborg och Malmö.</p>"


def test_a_wrong_header_charset_gives_way_to_the_meta_charset(site, tmp_path):
    body = f'<html><head><meta charset="windows-1252"></head><body>{SWEDISH}</body></html>'
    site.routes["/fel-charset"] = page(body.encode("cp1252"), "text/html; charset=utf-8")
    documents, _, _ = fetch([site.url("/fel-charset")], options(tmp_path))

    assert documents[site.url("/fel-charset")].content == body
    assert documents[site.url("/fel-charset")].encoding == "cp1252"


def test_utf8_bytes_served_as_latin1_are_read_as_utf8(site, tmp_path):
    body = f"<html><body>{SWEDISH}</body></html>"
    site.routes["/latin1-header"] = page(body.encode("utf-8"), "text/html; charset=ISO-8859-1")
    documents, _, _ = fetch([site.url("/latin1-header")], options(tmp_path))

    assert documents[site.url("/latin1-header")].content == body
    assert documents[site.url("/latin1-header")].encoding == "utf-8"


def test_undeclared_or_unknown_charset_is_detected(site, tmp_path):
    body = f"<html><body>{SWEDISH * 20}</body></html>"
    site.routes["/odeklarerad"] = page(body.encode("cp1252"), "text/html")
    site.routes["/okand"] = page(body.encode("utf-8"), "text/html; charset=x-nonsense")
    documents, _, _ = fetch([site.url("/odeklarerad"), site.url("/okand")], options(tmp_path))

    assert "även läst" in documents[site.url("/odeklarerad")].content
    assert "Älvsjö, Göteborg och Malmö" in documents[site.url("/odeklarerad")].content
    assert documents[site.url("/okand")].content == body


# --- politeness -------------------------------------------------------------------------------


def test_every_request_carries_a_user_agent_with_the_contact(site, tmp_path):
    fetch([site.url("/feed.rss")], options(tmp_path))

    assert user_agent(CONTACT) == "newspipeline/0.1.0 (Swedish news pipeline; +nyheter@example.org)"
    assert {request.headers["User-Agent"] for request in site.requests} == {user_agent(CONTACT)}
    assert user_agent(None) == "newspipeline/0.1.0 (Swedish news pipeline; no contact given)"


def test_robots_txt_is_read_once_and_a_disallowed_path_is_never_requested(site, tmp_path):
    urls = [site.url("/private/intern-nyhet"), site.url(BIBLIOTEK), site.url("/saved/dmexco.html")]
    documents, errors, _ = fetch(urls, options(tmp_path))

    assert set(documents) == {site.url(BIBLIOTEK), site.url("/saved/dmexco.html")}
    assert errors == {urls[0]: f"disallowed by robots.txt: {urls[0]}"}
    assert site.paths().count("/robots.txt") == 1
    assert site.paths()[0] == "/robots.txt"
    assert "/private/intern-nyhet" not in site.paths()


def test_a_robots_txt_that_cannot_be_read_stops_the_host(site, tmp_path):
    site.routes["/robots.txt"] = lambda handler, hit: respond(handler, 503, b"")
    _, errors, _ = fetch([site.url(BIBLIOTEK)], options(tmp_path, retries=1))

    assert errors == {
        site.url(BIBLIOTEK): f"robots.txt unreadable, so nothing is fetched from {site.base}: "
        "HTTP 503 Service Unavailable after 2 attempts"
    }
    assert site.paths() == ["/robots.txt", "/robots.txt"]


def test_default_rate_is_one_request_per_second_per_host(site, tmp_path):
    fetch(
        [site.url(BIBLIOTEK), site.url("/saved/dmexco.html")], options(tmp_path, rate_per_host=1.0)
    )

    assert len(site.requests) == 3  # robots.txt and two pages
    assert FetchOptions(cache_dir=tmp_path).rate_per_host == 1.0
    assert all(0.95 <= gap < 1.5 for gap in gaps(site.requests)), gaps(site.requests)


def test_crawl_delay_in_robots_txt_slows_the_host_below_the_configured_rate(site, tmp_path):
    site.routes["/robots.txt"] = page(b"User-agent: newspipeline\nCrawl-delay: 1\n", "text/plain")
    fetch([site.url(BIBLIOTEK), site.url("/saved/dmexco.html")], options(tmp_path))

    pages = site.requests[1:]
    assert len(pages) == 2
    assert 0.95 <= pages[1].at - pages[0].at < 1.5


def test_at_most_max_concurrency_requests_run_at_once(site, tmp_path):
    def slowish(handler, hit):
        time.sleep(0.3)
        respond(handler, 200, b"<p>ok</p>")

    for n in range(6):
        site.routes[f"/sida/{n}"] = slowish
    documents, _, _ = fetch(
        [site.url(f"/sida/{n}") for n in range(6)], options(tmp_path, max_concurrency=2)
    )

    assert len(documents) == 6
    assert site.max_in_flight == 2


def test_rerun_asks_whether_the_page_changed_and_reuses_the_cache_on_304(site, tmp_path):
    first, _, _ = fetch([site.url(BIBLIOTEK)], options(tmp_path))
    site.requests.clear()
    second, _, progress = fetch([site.url(BIBLIOTEK)], options(tmp_path))

    conditional = site.to(BIBLIOTEK)
    assert len(conditional) == 1
    assert conditional[0].headers["If-None-Match"] == ETAG
    assert conditional[0].headers["If-Modified-Since"] == LAST_MODIFIED
    assert progress == {"cached": 1}
    assert second == first


def test_offline_run_reads_only_the_cache_including_expanded_listings(site, tmp_path):
    first, _, _ = fetch([site.url("/sitemap-index.xml")], options(tmp_path))
    site.requests.clear()
    second, errors, progress = fetch(
        [site.url("/sitemap-index.xml"), site.url("/aldrig-hamtad")],
        options(tmp_path, offline=True),
    )

    assert site.requests == []
    assert second == first
    assert errors[site.url("/aldrig-hamtad")] == "not in the page cache (offline run)"
    assert progress["cached"] == 2


# --- retries ----------------------------------------------------------------------------------


def test_429_waits_for_retry_after_then_succeeds(site, tmp_path):
    body = (FIXTURES / "kommun-nyhet.html").read_bytes()
    site.routes["/upptagen"] = lambda handler, hit: (
        respond(handler, 429, b"", Retry_After="1") if hit == 1 else respond(handler, 200, body)
    )
    documents, errors, _ = fetch([site.url("/upptagen")], options(tmp_path))

    assert errors == {}
    assert documents[site.url("/upptagen")].content == body.decode("utf-8")
    [gap] = gaps(site.to("/upptagen"))
    assert 0.95 <= gap < 1.5


def test_500_is_retried_after_a_backoff_and_recovers(site, tmp_path):
    site.routes["/ostadig"] = lambda handler, hit: (
        respond(handler, 500, b"")
        if hit == 1
        else respond(handler, 200, b"<p>Nu fungerar det.</p>")
    )
    documents, errors, _ = fetch([site.url("/ostadig")], options(tmp_path))

    assert errors == {}
    assert documents[site.url("/ostadig")].content == "<p>Nu fungerar det.</p>"
    [gap] = gaps(site.to("/ostadig"))
    assert gap >= 0.05


def test_persistent_5xx_fails_after_retries_with_doubling_backoff(site, tmp_path):
    site.routes["/nere"] = lambda handler, hit: respond(handler, 503, b"")
    _, errors, progress = fetch([site.url("/nere")], options(tmp_path, retries=2, backoff_s=0.1))

    assert errors == {site.url("/nere"): "HTTP 503 Service Unavailable after 3 attempts"}
    assert progress == {"failed": 1}
    first, second = gaps(site.to("/nere"))
    assert first >= 0.1 and second >= 0.2  # the second wait is twice the first


def test_an_overlong_retry_after_is_an_error_not_a_wait(site, tmp_path):
    site.routes["/vila"] = lambda handler, hit: respond(handler, 429, b"", Retry_After="3600")
    _, errors, _ = fetch([site.url("/vila")], options(tmp_path))

    assert errors == {
        site.url("/vila"): "HTTP 429 Too Many Requests; Retry-After 3600 s is too long"
    }
    assert len(site.to("/vila")) == 1


def test_slow_endpoint_times_out_and_is_retried(site, tmp_path):
    def slow(handler, hit):
        time.sleep(1.0)
        respond(handler, 200, "<p>för sent</p>".encode())

    site.routes["/seg"] = slow
    _, errors, _ = fetch([site.url("/seg")], options(tmp_path, timeout_s=0.3, retries=1))

    assert errors == {site.url("/seg"): "timed out (ReadTimeout) after 2 attempts"}
    assert len(site.to("/seg")) == 2


# --- limits and safety ------------------------------------------------------------------------


def test_oversized_bodies_are_refused_whether_declared_or_streamed(site, tmp_path):
    big = b"<p>" + b"x" * 200_000 + b"</p>"

    def streamed(handler, hit):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()  # no Content-Length: the body runs until the connection closes
        for start in range(0, len(big), 10_000):
            handler.wfile.write(big[start : start + 10_000])

    site.routes["/stor"] = page(big)
    site.routes["/stor-strom"] = streamed
    _, errors, _ = fetch(
        [site.url("/stor"), site.url("/stor-strom")], options(tmp_path, max_bytes=50_000)
    )

    assert errors == {
        site.url("/stor"): f"response larger than 50000 bytes ({len(big)} declared)",
        site.url("/stor-strom"): "response larger than 50000 bytes",
    }
    assert not (tmp_path / "cache" / "pages").exists()


def test_redirects_are_followed_to_the_final_url(site, tmp_path):
    site.routes["/kort"] = redirect(f"{site.base}/gammal-adress")
    site.routes["/gammal-adress"] = redirect(BIBLIOTEK)
    documents, _, _ = fetch([site.url("/kort")], options(tmp_path))

    assert list(documents) == [site.url(BIBLIOTEK)]
    assert site.paths() == ["/robots.txt", "/kort", "/gammal-adress", BIBLIOTEK]


def test_redirect_loop_and_too_many_redirects_are_errors(site, tmp_path):
    site.routes["/a"] = redirect("/b")
    site.routes["/b"] = redirect("/a")
    for n in range(10):
        site.routes[f"/steg/{n}"] = redirect(f"/steg/{n + 1}")
    _, errors, _ = fetch([site.url("/a"), site.url("/steg/0")], options(tmp_path, max_redirects=3))

    a, b = site.url("/a"), site.url("/b")
    steps = " -> ".join(site.url(f"/steg/{n}") for n in range(5))
    assert errors == {
        a: f"redirect loop: {a} -> {b} -> {a}",
        site.url("/steg/0"): f"more than 3 redirects: {steps}",
    }
    assert Counter(site.paths())["/a"] == 1
    assert sum(path.startswith("/steg/") for path in site.paths()) == 4


def test_loopback_urls_are_refused_without_allow_private_and_nothing_is_sent(site, tmp_path):
    port = site.base.rsplit(":", 1)[1]
    urls = [site.url(BIBLIOTEK), f"http://localhost:{port}{BIBLIOTEK}"]
    _, errors, progress = fetch(urls, options(tmp_path, allow_private=False))

    assert errors[urls[0]] == (
        "blocked address: 127.0.0.1 resolves to 127.0.0.1 (loopback); "
        "use --allow-private to fetch from private networks"
    )
    assert errors[urls[1]].startswith("blocked address: localhost resolves to ")
    assert errors[urls[1]].endswith(
        "(loopback); use --allow-private to fetch from private networks"
    )
    assert progress == {"failed": 2}
    assert site.requests == []


def test_a_redirect_to_a_non_http_scheme_is_refused_at_that_hop(site, tmp_path):
    site.routes["/till-fil"] = redirect("file:///etc/passwd")
    _, errors, _ = fetch([site.url("/till-fil")], options(tmp_path))

    assert errors == {
        site.url("/till-fil"): "only http and https URLs are fetched: file:///etc/passwd"
    }


@pytest.mark.parametrize(
    "address, kind",
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("fd00::1", "private"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "non-global"),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_classification(address, kind):
    assert blocked_address_reason(address) == kind


def test_only_http_and_https_urls_are_fetched(site, tmp_path):
    _, errors, _ = fetch(
        ["ftp://example.org/nyhet.html", "file:///etc/passwd", "http:///utan-vard"],
        options(tmp_path),
    )

    assert errors == {
        "ftp://example.org/nyhet.html": "only http and https URLs are fetched: ftp://example.org/nyhet.html",
        "file:///etc/passwd": "only http and https URLs are fetched: file:///etc/passwd",
        "http:///utan-vard": "no host in URL: http:///utan-vard",
    }


def test_a_refused_connection_is_an_error_and_the_run_goes_on(site, tmp_path):
    documents, errors, progress = fetch(
        ["http://127.0.0.1:9/", site.url(BIBLIOTEK)], options(tmp_path)
    )

    assert list(documents) == [site.url(BIBLIOTEK)]
    assert errors["http://127.0.0.1:9/"].startswith(
        "robots.txt unreadable, so nothing is fetched from http://127.0.0.1:9: ConnectError"
    )
    assert progress == {"fetched": 1, "failed": 1}


def test_url_list_files_skip_blank_lines_and_comments(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# Norrviks nyheter\nhttps://www.norrvik.se/a\n\n  https://www.norrvik.se/b  \n",
        encoding="utf-8",
    )
    assert read_url_list(listing) == ["https://www.norrvik.se/a", "https://www.norrvik.se/b"]
