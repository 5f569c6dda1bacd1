"""RawDocument -> CleanDocument: boilerplate removed, title, date, section and authors kept.

HTML goes through trafilatura and the page's markup (`html`, `page`); plain
text, which arrives with its navigation lines still in, goes through the line
filter (`lines`); bylines become author names (`bylines`). A page with no
article text (an error page, navigation only) is refused with the reason.
"""

from __future__ import annotations

from pipeline.clean.bylines import author_field
from pipeline.clean.html import clean_html
from pipeline.clean.lines import CleaningError, RepeatedLines, filter_lines, find_date, join_lines, split_lines
from pipeline.records import CleanDocument, ErrorRecord, RawDocument

__all__ = ["CleaningError", "RepeatedLines", "clean", "clean_html", "clean_or_error", "clean_text", "find_date"]


def clean_text(raw: RawDocument, repeated: frozenset[str] = frozenset()) -> CleanDocument:
    kept = filter_lines(split_lines(raw.content), raw.title, raw.published, repeated, structural=True)
    return CleanDocument(
        id=raw.id,
        source=raw.source,
        content_hash=raw.content_hash,
        text=join_lines(kept.body),
        title=kept.title,
        published=kept.published,
        section=kept.section,
        author=author_field(kept.authors),
        removed=kept.removed,
        encoding=raw.encoding,
    )


def clean(raw: RawDocument, repeated: frozenset[str] = frozenset()) -> CleanDocument:
    if raw.content_type == "text/html":
        return clean_html(raw, repeated)
    return clean_text(raw, repeated)


def clean_or_error(raw: RawDocument, repeated: frozenset[str] = frozenset()) -> CleanDocument | ErrorRecord:
    """The stage function: a clean document, or an error record naming the input and the reason."""
    try:
        return clean(raw, repeated)
    except CleaningError as error:
        return ErrorRecord(raw.source.label, "clean", str(error))
    except Exception as error:  # noqa: BLE001 - a parser bug on one page must not stop a batch
        return ErrorRecord(raw.source.label, "clean", f"cleaning failed: {type(error).__name__}: {error}")
