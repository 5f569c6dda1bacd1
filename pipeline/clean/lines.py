"""The line filter: boilerplate lines dropped, title, date, section and byline lines lifted out.

It runs on plain text (which arrives with its navigation still in) and on an
extractor's output alike. Boilerplate is known three ways: a curated list kept
as data (`pipeline/data/boilerplate.json`), the page's structure (short
unpunctuated lines before the first and after the last sentence), and
repetition across documents of the same source.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from dateparser.search import search_dates

from pipeline.clean.bylines import author_names, byline_rest
from pipeline.config import DATA_DIR
from pipeline.records import RawDocument

SENTENCE_END = re.compile(r"[.!?…:;\"”»)。！？」]$")
# dateparser reads "16 feb 2024" but not the abbreviation dot in "16 feb. 2024".
ABBREVIATION_DOT = re.compile(r"\b([^\W\d]{3,5})\.(?=\s+\d)")
MAX_HEAD_LINE_WORDS = 5  # menu items, labels and sections are shorter than this
MAX_DATE_LINE_WORDS = 8
MAX_BYLINE_WORDS = 10
MIN_PARAGRAPH_CHARACTERS = 80  # one such line is article text even without sentence punctuation
MIN_SENTENCE_CHARACTERS = 30  # a punctuated line this long is a sentence in scripts without spaces (Japanese)
MIN_ARTICLE_WORDS = 40  # or this many words in lines that are not menu-like (a list, a timetable)
MAX_DATE_CANDIDATES = 40  # head lines tried as the date line


class CleaningError(ValueError):
    """The input holds no article text worth keeping."""


@dataclass(frozen=True)
class BoilerplateRules:
    lines: frozenset[str]
    cutoff: frozenset[str]
    patterns: re.Pattern[str]
    stamps: re.Pattern[str]
    first_published: re.Pattern[str]

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "BoilerplateRules":
        data = json.loads((DATA_DIR / "boilerplate.json").read_text(encoding="utf-8"))
        return cls(
            lines=frozenset(line_key(line) for line in data["lines"]),
            cutoff=frozenset(line_key(line) for line in data["cutoff"]),
            patterns=_alternatives(data["patterns"]),
            stamps=_alternatives(data["stamps"]),
            first_published=_alternatives(data["stamps_first_published"]),
        )

    def is_stop_line(self, line: str) -> bool:
        return line_key(line) in self.lines or bool(self.patterns.match(line))

    def is_cutoff(self, line: str) -> bool:
        return line_key(line) in self.cutoff

    def stamp_date(self, line: str) -> tuple[bool, str] | None:
        """(is a first-publication stamp, ISO date) of a line like "Senast uppdaterad: 12 mars 2025"."""
        if len(line.split()) > MAX_DATE_LINE_WORDS + 2 or not self.stamps.match(line):
            return None
        date = find_date(line)
        return (bool(self.first_published.match(line)), date) if date else None


def _alternatives(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def squeezed(text: str) -> str:
    """The text with every run of whitespace one space."""
    return " ".join(text.split())


def line_key(line: str) -> str:
    """How lines are compared: case-folded, spaces squeezed, a trailing colon ignored."""
    return " ".join(line.split()).rstrip(":").casefold()


def is_sentence(line: str) -> bool:
    return len(line.split()) >= 4 and bool(SENTENCE_END.search(line.strip()))


def has_article_text(lines: list[Line]) -> bool:
    """A sentence, a long paragraph, or enough words outside menu-like lines: what navigation never has."""
    prose = [line.text for line in lines if not is_label_like(line.text)]
    return (
        any(is_sentence(text) or len(text) >= MIN_PARAGRAPH_CHARACTERS or SENTENCE_END.search(text) and len(text) >= MIN_SENTENCE_CHARACTERS for text in prose)
        or sum(len(text.split()) for text in prose) >= MIN_ARTICLE_WORDS
    )


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
class Line:
    block: int
    text: str


def split_lines(text: str, one_paragraph_per_line: bool = False) -> list[Line]:
    lines, block = [], 0
    for raw_line in text.splitlines():
        if raw_line.strip():
            lines.append(Line(block, raw_line.strip()))
            block += one_paragraph_per_line
        else:
            block += 1
    return lines


def join_lines(lines: list[Line]) -> str:
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
class Filtered:
    body: list[Line]
    removed: list[str]
    title: str | None
    published: str | None
    section: str | None
    authors: list[str] = field(default_factory=list)


def filter_lines(
    lines: list[Line],
    title: str | None,
    published: str | None,
    repeated: frozenset[str],
    structural: bool,
) -> Filtered:
    """Drop boilerplate lines and lift the title, date, section and byline lines out of the body.

    `structural` also drops short unpunctuated lines before the first and after
    the last sentence: right for raw page text, not for an extractor's output.
    The section is a short label next to the date line, in either kind. A
    publication or update stamp anywhere ("Senast uppdaterad: 12 mars 2025") is
    dropped and dates the text when nothing earlier did.
    """
    rules = BoilerplateRules.load()
    removed: dict[int, str] = {}
    stamps: dict[int, tuple[bool, str]] = {}
    for i, line in enumerate(lines):
        if rules.is_cutoff(line.text):
            removed.update({j: lines[j].text for j in range(i, len(lines))})
            break
        if stamp := rules.stamp_date(line.text):
            stamps[i] = stamp
        elif rules.is_stop_line(line.text):
            removed[i] = line.text
    remaining = [i for i in range(len(lines)) if i not in removed]
    sentences = [i for i in remaining if is_sentence(lines[i].text)]
    head = [i for i in remaining if not sentences or i < sentences[0]]
    tail = [i for i in remaining if sentences and i > sentences[-1]]

    shared = {i for i in remaining if line_key(lines[i].text) in repeated}
    metadata: set[int] = set()
    section, authors = None, []
    if sentences:
        date_at = next((i for i in _date_candidates(lines, head) if find_date(lines[i].text)), None)
        if date_at is not None:
            metadata.add(date_at)
            published = published or find_date(lines[date_at].text)
        byline_at = next((i for i in head if len(lines[i].text.split()) <= MAX_BYLINE_WORDS and byline_rest(lines[i].text)), None)
        if byline_at is not None:
            metadata.add(byline_at)
            authors = author_names([byline_rest(lines[byline_at].text) or ""])
        title_at = _title_line(lines, [i for i in head if i not in shared and i not in metadata and i not in stamps], date_at, title)
        if title_at is not None:
            metadata.add(title_at)
            title = title or lines[title_at].text
        section_at = _section_line(lines, head, date_at, metadata | stamps.keys())
        if section_at is not None:
            metadata.add(section_at)
            section = lines[section_at].text
        for i in (head + tail) if structural else []:
            if i not in metadata and is_label_like(lines[i].text):
                removed[i] = lines[i].text
    for i in (shared | stamps.keys()) - metadata:
        removed[i] = lines[i].text
    body = [line for i, line in enumerate(lines) if i not in removed and i not in metadata]
    if not "".join(line.text for line in body).strip():
        raise CleaningError("no article text left after removing boilerplate")
    published = published or next((date for _, date in sorted(stamps.values(), key=lambda stamp: not stamp[0])), None)
    return Filtered(body, [removed[i] for i in sorted(removed)], title, published, section, authors)


def _date_candidates(lines: list[Line], head: list[int]) -> list[int]:
    """Head lines that could be the date line: short, with a digit (a full date has a year).

    Only the first few are tried: each try costs a dateparser search, and a page
    of thousands of short lines must not cost thousands of them.
    """
    candidates = (
        i for i in head
        if len(lines[i].text.split()) <= MAX_DATE_LINE_WORDS and any(ch.isdigit() for ch in lines[i].text)
    )
    return list(islice(candidates, MAX_DATE_CANDIDATES))


def _title_line(lines: list[Line], head: list[int], date_at: int | None, given: str | None) -> int | None:
    """The given title's line, else the longest head line that is not the date."""
    if given is not None:
        return next((i for i in head if line_key(lines[i].text) == line_key(given)), None)
    candidates = [i for i in head if i != date_at and len(lines[i].text.split()) >= 2]
    return max(candidates, key=lambda i: len(lines[i].text), default=None)


def _section_line(lines: list[Line], head: list[int], date_at: int | None, taken: set[int]) -> int | None:
    """A short label right next to the date line ("Kommun och politik")."""
    if date_at is None:
        return None
    position = head.index(date_at)
    for neighbour in head[position + 1 : position + 2] + head[max(position - 1, 0) : position]:
        if neighbour not in taken and is_label_like(lines[neighbour].text):
            return neighbour
    return None
