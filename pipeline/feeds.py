"""Sitemaps, sitemap indexes and RSS/Atom feeds -> the URLs they list.

A site is usually given to the scraper as one of these listings rather than
as article URLs. Parsing is kept apart from fetching so the same code reads a
listing fresh from the network or from the raw page cache. The XML parser
never resolves entities, loads DTDs or touches the network: listings come
from sites we do not control.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree

# Media types a listing may be served with (gzip: `sitemap.xml.gz`).
LISTING_TYPES = frozenset(
    {
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/gzip",
        "application/x-gzip",
    }
)

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)


@dataclass(frozen=True)
class ListedUrl:
    """One URL a listing names, with the date it gives for it (if any)."""

    url: str
    date: date | None


@dataclass(frozen=True)
class Listing:
    kind: str  # "sitemap" | "sitemapindex" | "rss" | "atom"
    entries: tuple[ListedUrl, ...]

    def urls(self, since: date | None = None) -> list[str]:
        """The listed URLs, dropping those dated before `since`.

        Undated entries are kept: the listing gives no reason to skip them.
        A sitemap index entry dated before `since` is skipped too, since its
        lastmod says nothing in it changed after that day.
        """
        return [
            entry.url
            for entry in self.entries
            if since is None or entry.date is None or entry.date >= since
        ]


def parse_listing(body: bytes, base_url: str, max_bytes: int) -> Listing | None:
    """Read a sitemap, sitemap index, RSS or Atom document; None if `body` is none of them."""
    if body[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as unzipped:
            body = unzipped.read(max_bytes + 1)
        if len(body) > max_bytes:
            return None
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError:
        return None
    kind = etree.QName(root).localname
    if kind in ("urlset", "sitemapindex"):
        entries = _sitemap_entries(root, "url" if kind == "urlset" else "sitemap")
        kind = "sitemap" if kind == "urlset" else kind
    elif kind in ("rss", "RDF"):
        entries = _rss_entries(root)
        kind = "rss"
    elif kind == "feed":
        entries = _atom_entries(root)
        kind = "atom"
    else:
        return None
    resolved = []
    for url, when in entries:
        absolute = urldefrag(urljoin(base_url, url.strip())).url
        if url.strip() and urlsplit(absolute).scheme in ("http", "https"):
            resolved.append(ListedUrl(absolute, when))
    return Listing(kind, tuple(resolved))


def _sitemap_entries(root, tag: str) -> list[tuple[str, date | None]]:
    entries = []
    for item in root.iterfind(f"{{*}}{tag}"):
        loc = item.findtext("{*}loc")
        # A news sitemap's publication date says when the article appeared; lastmod may be an edit.
        stamp = item.findtext("{*}news/{*}publication_date") or item.findtext("{*}lastmod")
        if loc:
            entries.append((loc, _iso_date(stamp)))
    return entries


def _rss_entries(root) -> list[tuple[str, date | None]]:
    entries = []
    for item in root.iter("{*}item", "item"):
        link = item.findtext("link") or item.findtext("{*}link")
        guid = item.find("guid")
        if not link and guid is not None and guid.get("isPermaLink", "true") == "true":
            link = guid.text
        pub = item.findtext("pubDate")
        when = _rfc822_date(pub) if pub else _iso_date(item.findtext("{*}date"))
        if link:
            entries.append((link, when))
    return entries


def _atom_entries(root) -> list[tuple[str, date | None]]:
    entries = []
    for entry in root.iterfind("{*}entry"):
        links = entry.findall("{*}link")
        href = next(
            (link.get("href") for link in links if link.get("rel", "alternate") == "alternate"),
            None,
        )
        stamp = entry.findtext("{*}published") or entry.findtext("{*}updated")
        if href:
            entries.append((href, _iso_date(stamp)))
    return entries


def _iso_date(text: str | None) -> date | None:
    """W3C datetime ("2024-02-16", "2024-02-16T09:30:00+01:00", "...Z") -> its date."""
    if not text:
        return None
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None


def _rfc822_date(text: str) -> date | None:
    """RSS pubDate ("Fri, 16 Feb 2024 09:30:00 +0100") -> its date."""
    try:
        return parsedate_to_datetime(text.strip()).date()
    except (TypeError, ValueError, IndexError):
        return _iso_date(text)
