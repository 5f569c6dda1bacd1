"""RawDocument -> CleanDocument: boilerplate removed, title, date and section kept.

HTML goes through trafilatura (the best-measured extractor on news pages);
plain text, which arrives with its navigation lines still in, goes through a
line filter that knows boilerplate three ways: a curated stop-line list kept as
data, the page's structure (short unpunctuated lines before the first and after
the last sentence), and repetition across documents of the same source.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

import trafilatura
from dateparser.search import search_dates

from pipeline.config import DATA_DIR
from pipeline.records import CleanDocument, ErrorRecord, RawDocument

SENTENCE_END = re.compile(r"[.!?…:;\"”»)]$")
# dateparser reads "16 feb 2024" but not the abbreviation dot in "16 feb. 2024".
ABBREVIATION_DOT = re.compile(r"\b([^\W\d]{3,5})\.(?=\s+\d)")
MAX_HEAD_LINE_WORDS = 5  # menu items, labels and sections are shorter than this
MAX_DATE_LINE_WORDS = 8
MAX_DATE_CANDIDATES = 40  # head lines tried as the date line


class CleaningError(ValueError):
    """The input holds no article text worth keeping."""


@dataclass(frozen=True)
class BoilerplateRules:
    lines: frozenset[str]
    cutoff: frozenset[str]
    patterns: re.Pattern[str]

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "BoilerplateRules":
        data = json.loads((DATA_DIR / "boilerplate.json").read_text(encoding="utf-8"))
        return cls(
            lines=frozenset(line_key(line) for line in data["lines"]),
            cutoff=frozenset(line_key(line) for line in data["cutoff"]),
            patterns=re.compile("|".join(f"(?:{p})" for p in data["patterns"]), re.IGNORECASE),
        )

    def is_stop_line(self, line: str) -> bool:
        return line_key(line) in self.lines or bool(self.patterns.match(line))

    def is_cutoff(self, line: str) -> bool:
        return line_key(line) in self.cutoff


def line_key(line: str) -> str:
    """How lines are compared: case-folded, spaces squeezed, a trailing colon ignored."""
    return " ".join(line.split()).rstrip(":").casefold()


def is_sentence(line: str) -> bool:
    return len(line.split()) >= 4 and bool(SENTENCE_END.search(line.strip()))


def is_label_like(line: str, max_words: int = MAX_HEAD_LINE_WORDS) -> bool:
    """Short and unpunctuated: a menu item, a label, a breadcrumb."""
    return len(line.split()) <= max_words and not SENTENCE_END.search(line.strip())


def find_date(line: str) -> str | None:
    """ISO date of a line like "fredag 16 februari 2024" or "Publicerad: 16 feb. 2024 kl. 09.15"."""
    found = search_dates(
        ABBREVIATION_DOT.sub(r"\1", line),
        languages=["sv", "en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
    )
    return found[0][1].date().isoformat() if found else None


def repetition_candidates(raw: RawDocument) -> set[str]:
    """Line keys that could be boilerplate if many documents of one source share them."""
    if raw.content_type != "text/plain":
        return set()
    return {line_key(line) for line in raw.content.splitlines() if line.strip() and is_label_like(line, 8)}


class RepeatedLines:
    """Counts candidate lines per source group (folder or host) to find shared boilerplate."""

    MIN_DOCUMENTS = 3
    MIN_SHARE = 0.5

    def __init__(self) -> None:
        self._lines: dict[str, Counter[str]] = {}
        self._documents: Counter[str] = Counter()

    def add(self, group: str, raw: RawDocument) -> None:
        self._documents[group] += 1
        self._lines.setdefault(group, Counter()).update(repetition_candidates(raw))

    def for_group(self, group: str) -> frozenset[str]:
        total = self._documents[group]
        if total < self.MIN_DOCUMENTS:
            return frozenset()
        return frozenset(k for k, n in self._lines[group].items() if n >= self.MIN_DOCUMENTS and n / total >= self.MIN_SHARE)


@dataclass
class _Line:
    block: int
    text: str


def _lines(text: str, one_paragraph_per_line: bool = False) -> list[_Line]:
    lines, block = [], 0
    for raw_line in text.splitlines():
        if raw_line.strip():
            lines.append(_Line(block, raw_line.strip()))
            block += one_paragraph_per_line
        else:
            block += 1
    return lines


def _join(lines: list[_Line]) -> str:
    """Paragraphs as blank-line separated blocks, line breaks within a block kept."""
    paragraphs: list[list[str]] = []
    last_block = None
    for line in lines:
        if line.block != last_block:
            paragraphs.append([])
            last_block = line.block
        paragraphs[-1].append(line.text)
    return "\n\n".join("\n".join(p) for p in paragraphs)


@dataclass
class _Filtered:
    body: list[_Line]
    removed: list[str]
    title: str | None
    published: str | None
    section: str | None


def _filter_lines(
    lines: list[_Line],
    title: str | None,
    published: str | None,
    repeated: frozenset[str],
    structural: bool,
) -> _Filtered:
    """Drop boilerplate lines and lift the title, date and section lines out of the body.

    `structural` also drops short unpunctuated lines before the first and after
    the last sentence: right for raw page text, not for an extractor's output.
    The section is a short label next to the date line, in either kind.
    """
    rules = BoilerplateRules.load()
    removed: dict[int, str] = {}
    for i, line in enumerate(lines):
        if rules.is_cutoff(line.text):
            removed.update({j: lines[j].text for j in range(i, len(lines))})
            break
        if rules.is_stop_line(line.text):
            removed[i] = line.text
    remaining = [i for i in range(len(lines)) if i not in removed]
    sentences = [i for i in remaining if is_sentence(lines[i].text)]
    head = [i for i in remaining if not sentences or i < sentences[0]]
    tail = [i for i in remaining if sentences and i > sentences[-1]]

    shared = {i for i in remaining if line_key(lines[i].text) in repeated}
    metadata: set[int] = set()
    section = None
    if sentences:
        date_at = next((i for i in _date_candidates(lines, head) if find_date(lines[i].text)), None)
        if date_at is not None:
            metadata.add(date_at)
            published = published or find_date(lines[date_at].text)
        title_at = _title_line(lines, [i for i in head if i not in shared], date_at, title)
        if title_at is not None:
            metadata.add(title_at)
            title = title or lines[title_at].text
        section_at = _section_line(lines, head, date_at, metadata)
        if section_at is not None:
            metadata.add(section_at)
            section = lines[section_at].text
        for i in (head + tail) if structural else []:
            if i not in metadata and is_label_like(lines[i].text):
                removed[i] = lines[i].text
    for i in shared - metadata:
        removed[i] = lines[i].text
    body = [line for i, line in enumerate(lines) if i not in removed and i not in metadata]
    if not "".join(line.text for line in body).strip():
        raise CleaningError("no article text left after removing boilerplate")
    return _Filtered(body, [removed[i] for i in sorted(removed)], title, published, section)


def _document(raw: RawDocument, kept: _Filtered, section: str | None, author: str | None = None) -> CleanDocument:
    return CleanDocument(
        id=raw.id,
        source=raw.source,
        content_hash=raw.content_hash,
        text=_join(kept.body),
        title=kept.title,
        published=kept.published,
        section=section,
        author=author,
        removed=kept.removed,
        encoding=raw.encoding,
    )


def clean_text(raw: RawDocument, repeated: frozenset[str] = frozenset()) -> CleanDocument:
    kept = _filter_lines(_lines(raw.content), raw.title, raw.published, repeated, structural=True)
    return _document(raw, kept, kept.section)


def _date_candidates(lines: list[_Line], head: list[int]) -> list[int]:
    """Head lines that could be the date line: short, with a digit (a full date has a year).

    Only the first few are tried: each try costs a dateparser search, and a page
    of thousands of short lines must not cost thousands of them.
    """
    candidates = (
        i for i in head
        if len(lines[i].text.split()) <= MAX_DATE_LINE_WORDS and any(ch.isdigit() for ch in lines[i].text)
    )
    return list(islice(candidates, MAX_DATE_CANDIDATES))


def _title_line(lines: list[_Line], head: list[int], date_at: int | None, given: str | None) -> int | None:
    """The given title's line, else the longest head line that is not the date."""
    if given is not None:
        return next((i for i in head if line_key(lines[i].text) == line_key(given)), None)
    candidates = [i for i in head if i != date_at and len(lines[i].text.split()) >= 2]
    return max(candidates, key=lambda i: len(lines[i].text), default=None)


def _section_line(lines: list[_Line], head: list[int], date_at: int | None, taken: set[int]) -> int | None:
    """A short label right next to the date line ("Kommun och politik")."""
    if date_at is None:
        return None
    position = head.index(date_at)
    for neighbour in head[position + 1 : position + 2] + head[max(position - 1, 0) : position]:
        if neighbour not in taken and is_label_like(lines[neighbour].text):
            return neighbour
    return None


def clean_html(raw: RawDocument, repeated: frozenset[str] = frozenset(), favor_precision: bool = True) -> CleanDocument:
    extracted = trafilatura.bare_extraction(
        raw.content,
        url=raw.source.url,
        with_metadata=True,
        favor_precision=favor_precision,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if extracted is None or not (extracted.text or "").strip():
        raise CleaningError("no extractable article text in the HTML")
    kept = _filter_lines(
        _lines(extracted.text, one_paragraph_per_line=True),
        raw.title or extracted.title,
        raw.published or extracted.date,
        repeated,
        structural=False,
    )
    categories = [c for c in (extracted.categories or []) if c]
    return _document(raw, kept, categories[0] if categories else kept.section, extracted.author)


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
