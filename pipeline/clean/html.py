"""HTML pages: trafilatura finds the main text; the page's markup and the line filter finish the job.

Trafilatura runs in precision mode (its default mode too when precision
finds next to nothing) with the site furniture listed in
`pipeline/data/html_page.json` pruned first (its `prune_xpath` option). What
precision mode leaves out of the main text that matters, the lead paragraph
(often in the article header, which precision mode drops), is put back; what
it keeps that does not matter (Sitevision's "Senast uppdaterad" and
"Sidansvarig" lines, "Läs mer:" teasers, betting disclaimers) goes through the
line filter. Error pages and pages with no sentence of text are refused.
"""

from __future__ import annotations

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from pipeline.clean.bylines import author_field, author_names
from pipeline.clean.lines import CleaningError, Filtered, Line, filter_lines, has_article_text, is_sentence, join_lines, split_lines
from pipeline.clean.page import PageFacts, PageRules, read_page
from pipeline.records import CleanDocument, RawDocument

# precision mode giving fewer sentence lines than this may have missed the
# article: its default mode is asked too, and wins if it has this many more
MIN_PRECISE_SENTENCES = 3


def extract_with_trafilatura(tree: HtmlElement, url: str | None, favor_precision: bool, prune: bool) -> Document | None:
    """trafilatura's own extraction with the settings this stage uses (its metadata included)."""
    return trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        favor_precision=favor_precision,
        include_comments=False,
        include_tables=True,
        prune_xpath=list(PageRules.load().prune) if prune else None,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def clean_html(raw: RawDocument, repeated: frozenset[str] = frozenset(), favor_precision: bool = True) -> CleanDocument:
    tree = load_html(raw.content)
    if tree is None:
        raise CleaningError("no article text: not readable as an HTML page")
    page = read_page(tree)
    if page.error_heading:
        raise CleaningError(f"an error page, not an article: {page.error_heading!r}")
    extracted = extract_with_trafilatura(tree, raw.source.url, favor_precision, prune=True)
    if favor_precision and _sentences(extracted) < MIN_PRECISE_SENTENCES:
        fuller = extract_with_trafilatura(tree, raw.source.url, False, prune=True)
        if _sentences(fuller) >= _sentences(extracted) + MIN_PRECISE_SENTENCES:
            extracted = fuller
    if extracted is None or not (extracted.text or "").strip():
        raise CleaningError("no article text: trafilatura found no main text in the HTML")
    kept = filter_lines(
        split_lines(extracted.text, one_paragraph_per_line=True),
        raw.title or extracted.title,
        raw.published or extracted.date,
        repeated,
        structural=False,
    )
    body = _with_lead(kept.body, page.lead)
    if not has_article_text(body):
        shown = ", ".join(repr(line.text) for line in body[:3])
        raise CleaningError(f"no article text: the page holds only navigation and labels ({shown})")
    categories = [c for c in (extracted.categories or []) if c]
    return CleanDocument(
        id=raw.id,
        source=raw.source,
        content_hash=raw.content_hash,
        text=join_lines(body),
        title=kept.title,
        published=kept.published,
        section=categories[0] if categories else page.section(kept.title) or kept.section,
        author=author_field(_authors(page, extracted.author, kept)),
        removed=kept.removed,
        encoding=raw.encoding,
    )


def _sentences(extracted: Document | None) -> int:
    """Lines of the extracted text that are sentences (-1 when nothing was extracted)."""
    return sum(map(is_sentence, (extracted.text or "").splitlines())) if extracted is not None else -1


def _with_lead(body: list[Line], lead: str | None) -> list[Line]:
    """The body with the page's lead paragraph first, unless the extractor kept it (spacing aside)."""
    if lead is None or "".join(lead.split()) in "".join("".join(line.text.split()) for line in body):
        return body
    return [Line(-1, lead), *body]


def _authors(page: PageFacts, metadata_author: str | None, kept: Filtered) -> list[str]:
    """Names from the page's metadata, else from its first byline that names someone, else from an 'Av ...' line of the text."""
    for byline in (metadata_author or "", *page.bylines):
        names = author_names([byline], not_authors=page.publisher_names)
        if names:
            return names
    return kept.authors
