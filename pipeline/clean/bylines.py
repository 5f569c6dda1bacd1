"""Author names from bylines: prefixes, roles, e-mail addresses and separators removed.

"Av Lisa Berg; Reporter" -> ["Lisa Berg"]; "Johanna Strand johanna.strand@gp.se"
-> ["Johanna Strand"]; "Karin Hedberg, Text; Anders Lund, Foto" -> both names.
The words are data (`pipeline/data/bylines.json`); a name is the run of
capitalised words (and name particles) a part of the byline starts with.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.config import DATA_DIR

# e-mail addresses, links, and what stands in brackets (a party: "Karin Ekdahl (S)")
NOT_NAME = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\([^)]*\)")
INITIAL = re.compile(r"^[^\W\d_]\.$")  # "E." in "Sarah E. Needleman" keeps its dot
EDGE_PUNCTUATION = " \t:;,.-–—()[]\"'”“"
MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class BylineRules:
    prefix: re.Pattern[str]
    separators: re.Pattern[str]
    roles: frozenset[str]
    particles: frozenset[str]

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "BylineRules":
        data = json.loads((DATA_DIR / "bylines.json").read_text(encoding="utf-8"))
        return cls(
            prefix=re.compile(data["prefix"], re.IGNORECASE),
            separators=re.compile(data["separators"], re.IGNORECASE),
            roles=frozenset(role.casefold() for role in data["roles"]),
            particles=frozenset(data["particles"]),
        )


def byline_rest(line: str) -> str | None:
    """What follows the byline prefix of a line like "Av Mattias Ek", if it names someone."""
    match = BylineRules.load().prefix.match(line.strip())
    if match is None:
        return None
    rest = line.strip()[match.end() :]
    return rest if author_names([rest]) else None


def author_names(bylines: Iterable[str], not_authors: Iterable[str] = ()) -> list[str]:
    """Distinct person names in the bylines, in order; names in `not_authors` (the publisher) left out."""
    rules = BylineRules.load()
    excluded = {name.casefold() for name in not_authors}
    names: list[str] = []
    for byline in bylines:
        for part in rules.separators.split(NOT_NAME.sub(" ", byline)):
            name = _name(rules.prefix.sub("", part.strip(EDGE_PUNCTUATION)), rules)
            if name and name.casefold() not in excluded and name not in names:
                names.append(name)
    return names


def _name(part: str, rules: BylineRules) -> str | None:
    """The leading run of name words of one part, without trailing roles; None if it is no name."""
    words: list[str] = []
    for word in part.split():
        word = word if INITIAL.match(word) else word.strip(EDGE_PUNCTUATION)
        if not word:
            continue
        if word[0].isupper() and not any(ch.isdigit() for ch in word):
            words.append(word)
        elif words and word in rules.particles:
            words.append(word)
        else:
            break
    while words and (" ".join(words).casefold() in rules.roles or words[-1].casefold() in rules.roles):
        words.pop()
    while words and words[-1] in rules.particles:
        words.pop()
    if " ".join(words).casefold() in rules.roles:
        return None
    if 2 <= len(words) <= MAX_NAME_WORDS or (len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 5):
        return " ".join(words)
    return None


def author_field(names: list[str]) -> str | list[str] | None:
    """One author as a string, several as a list, none as None: the article's `author` field."""
    return names[0] if len(names) == 1 else (names or None)
