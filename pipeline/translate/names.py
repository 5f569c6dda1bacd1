"""Name protection: the proper names of an article travel as `{n}` placeholders and are put back.

A PERSON entity is protected whole ("Anna af Klint"). An ORG or PLACE entity is protected from its
first to its last capitalised word only: the NER often takes in the words around a name
("nordvästra Stockholm", "Botkyrka kommun"), and those must be translated ("northwestern
Stockholm", "Botkyrka municipality") while the name itself stays as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.records import Analysis

PROTECTED_LABELS = frozenset({"PERSON", "ORG", "PLACE"})
WHOLE_LABELS = frozenset({"PERSON"})  # names whose lower-case particles (af, von, de) belong to them
PLACEHOLDER = re.compile(r"\{(\d+)\}")
_WORD = re.compile(r"\w[\w&'’.-]*")


@dataclass
class Protected:
    """Text with names replaced by `{n}` placeholders, and the names to put back."""

    text: str
    names: dict[str, str] = field(default_factory=dict)  # placeholder -> name

    def restore(self, translated: str) -> str:
        return PLACEHOLDER.sub(lambda m: self.names.get(m.group(0), m.group(0)), translated)

    def placeholders_intact(self, source: str, translated: str) -> bool:
        return same_placeholders(source, translated)


def same_placeholders(source: str, translated: str) -> bool:
    """Each placeholder of `source` exactly once in `translated`, and no other."""
    return sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translated))


def protect(text: str, spans: list[tuple[int, int]]) -> Protected:
    """Replace each (start, end) span of `text` by its own placeholder; overlaps keep the first."""
    if "{" in text:  # placeholders could not be told from the text's own braces
        return Protected(text)
    pieces, names, position = [], {}, 0
    for start, end in sorted(spans):
        if start < position or end <= start:
            continue
        token = "{%d}" % len(names)
        names[token] = text[start:end]
        pieces += [text[position:start], token]
        position = end
    pieces.append(text[position:])
    return Protected("".join(pieces), names)


def proper_name(name: str, label: str) -> tuple[int, int] | None:
    """The part of an entity's text to protect, as offsets into it; None when it holds no proper name."""
    if label in WHOLE_LABELS:
        return 0, len(name)
    capitalised = [m for m in _WORD.finditer(name) if m.group(0)[0].isupper() or m.group(0)[0].isdigit()]
    return (capitalised[0].start(), capitalised[-1].end()) if capitalised else None


def name_spans(text: str, analysis: Analysis, offsets: bool) -> list[tuple[int, int]]:
    """Spans of the proper names in PERSON/ORG/PLACE entities: at the entities' offsets into the
    clean text, or, for the title (which the offsets do not cover), at every whole-word occurrence."""
    entities = [e for e in analysis.entities if e.label in PROTECTED_LABELS]
    if offsets:
        found = [(e.start, e.text, e.label) for e in entities if text[e.start : e.end] == e.text]
    else:
        found = [(m.start(), name, label) for name, label in {(e.text, e.label) for e in entities}
                 for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    spans = []
    for start, name, label in found:
        part = proper_name(name, label)
        if part:
            spans.append((start + part[0], start + part[1]))
    return spans
