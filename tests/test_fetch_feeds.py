"""Sitemaps and feeds expand to the article URLs they list, filtered by date."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

from pipeline.feeds import ListedUrl, parse_listing

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "https://www.norrvik.se"


def listing(name: str):
    body = (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", BASE).encode("utf-8")
    return parse_listing(body, f"{BASE}/{name}", max_bytes=1_000_000)


def test_sitemap_index_lists_child_sitemaps_with_lastmod_dates():
    index = listing("sitemap-index.xml")
    assert index.kind == "sitemapindex"
    assert index.entries == (
        ListedUrl(f"{BASE}/sitemap-nyheter.xml", date(2024, 3, 12)),
        ListedUrl(f"{BASE}/sitemap-arkiv.xml", date(2019, 5, 2)),
    )
    assert index.urls(since=date(2024, 1, 1)) == [f"{BASE}/sitemap-nyheter.xml"]


def test_news_sitemap_dates_by_publication_date_and_keeps_undated_urls():
    sitemap = listing("sitemap-nyheter.xml")
    assert sitemap.kind == "sitemap"
    assert sitemap.entries == (
        ListedUrl(f"{BASE}/nyheter/nytt-bibliotek-i-tullinge", date(2024, 3, 12)),
        ListedUrl(f"{BASE}/saved/space-review.html", date(2019, 11, 20)),
        ListedUrl(f"{BASE}/private/intern-nyhet", None),
    )
    assert sitemap.urls(since=date(2024, 1, 1)) == [
        f"{BASE}/nyheter/nytt-bibliotek-i-tullinge",
        f"{BASE}/private/intern-nyhet",
    ]


def test_rss_items_give_links_and_pubdates_and_relative_permalinks_resolve():
    feed = listing("feed.rss")
    assert feed.kind == "rss"
    assert feed.entries == (
        ListedUrl(f"{BASE}/nyheter/nytt-bibliotek-i-tullinge", date(2024, 3, 12)),
        ListedUrl(f"{BASE}/saved/dmexco.html", date(2019, 11, 20)),
        ListedUrl(f"{BASE}/nyheter/relativ", date(2024, 3, 11)),
    )
    assert feed.urls(since=date(2024, 3, 12)) == [f"{BASE}/nyheter/nytt-bibliotek-i-tullinge"]


def test_atom_entries_use_the_alternate_link_and_published_before_updated():
    feed = listing("feed.atom")
    assert feed.kind == "atom"
    assert feed.entries == (
        ListedUrl(f"{BASE}/nyheter/nytt-bibliotek-i-tullinge", date(2024, 3, 12)),
        ListedUrl(f"{BASE}/nyheter/aldre", date(2023, 12, 1)),
    )


def test_gzipped_sitemap_is_read_within_the_size_limit():
    body = gzip.compress(
        (FIXTURES / "sitemap-nyheter.xml").read_bytes().replace(b"{base}", BASE.encode())
    )
    assert len(parse_listing(body, BASE, max_bytes=1_000_000).entries) == 3
    assert parse_listing(body, BASE, max_bytes=100) is None


def test_html_and_other_xml_are_not_listings():
    assert parse_listing((FIXTURES / "kommun-nyhet.html").read_bytes(), BASE, 1_000_000) is None
    assert (
        parse_listing(b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>", BASE, 1000)
        is None
    )


def test_entities_are_never_expanded_and_non_http_links_are_dropped():
    body = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://www.norrvik.se/a?x=&secret;</loc></url>
  <url><loc>file:///etc/passwd</loc></url>
  <url><loc>javascript:alert(1)</loc></url>
</urlset>"""
    sitemap = parse_listing(body, BASE, 1_000_000)
    assert [entry.url for entry in sitemap.entries] == ["https://www.norrvik.se/a?x="]
