"""Load the shipped Swedish spaCy pipeline and read entities and roles from it.

A long text (a report, a whole book page) is read in pieces of at most
`PIECE_CHARS`, cut at paragraph breaks where it can, and texts are parsed in
groups of at most `GROUP_CHARS`: the memory a worker needs follows these bounds,
never the longest input. Offsets of pieces are shifted back, so they stay exact
in the full clean text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import model_components, roles
from pipeline.role_titles import with_title_bases
from pipeline.roles.politicians import with_gazetteer_parties
from pipeline.records import Analysis, Entity, NamedCount, Person

PIECE_CHARS = 50_000  # a piece's parse stays well under the 1 GiB a worker may use
GROUP_CHARS = 100_000  # characters handed to one `nlp.pipe` call (a 1.1M-character text peaks at 634 MB)
PIECE_BREAKS = ("\n\n", "\n", ". ", " ")  # cut points, best first

# The one place where model labels meet the output contract.
LABEL_MAP = {
    "PER": "PERSON",
    "PRS": "PERSON",
    "PERSON": "PERSON",
    "ORG": "ORG",
    "LOC": "PLACE",
    "GPE": "PLACE",
    "PLACE": "PLACE",
    "MISC": "MISC",
}


class ModelNotInstalled(RuntimeError):
    """No trained Swedish pipeline at the configured path."""


@lru_cache(maxsize=2)
def load(path: Path) -> Language:
    """Load the pipeline once per process; a model saved without the role extractor (a fold's) gets one last."""
    if not (Path(path) / "config.cfg").is_file():
        raise ModelNotInstalled(f"no Swedish spaCy model installed at {path} (run `make model`)")
    nlp = model_components.load_model(path)
    if roles.COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(roles.COMPONENT, last=True)
    return nlp


def model_name(nlp: Language) -> str:
    """"sv_news 0.1.0": the package name spaCy would give the model, and its version."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')} {nlp.meta.get('version', '')}".strip()


def entities(doc: Doc) -> list[Entity]:
    return [
        Entity(ent.text, LABEL_MAP.get(ent.label_, ent.label_), ent.start_char, ent.end_char)
        for ent in doc.ents
    ]


def analyse(doc: Doc, model: str, published: str | None = None) -> Analysis:
    """The entities and people of a doc; `published` (the article's ISO date) dates the gazetteer's parties."""
    found = entities(doc)
    people, organisations, places = roles.summarise(doc, found)
    people = with_gazetteer_parties(doc, with_title_bases(doc, people), published)
    return Analysis(entities=found, people=people, organisations=organisations, places=places, model=model)


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) slices covering `text` in order, each at most `limit` characters.

    Cut after the last paragraph break in the second half of the window, else a
    line break, a sentence end or a space; a text with none is cut at `limit`.
    """
    found: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = next(
            (window.rindex(mark) + len(mark) for mark in PIECE_BREAKS if window.rfind(mark) >= limit // 2),
            limit,
        )
        found.append((start, window[:cut]))
        start += cut
    found.append((start, text[start:]))
    return found


def _shifted(analysis: Analysis, offset: int) -> Analysis:
    """An analysis of a piece with its offsets moved into the full text."""
    return replace(
        analysis,
        entities=[replace(e, start=e.start + offset, end=e.end + offset) for e in analysis.entities],
        people=[
            replace(p, roles=[replace(r, start=r.start + offset, end=r.end + offset) for r in p.roles])
            for p in analysis.people
        ],
    )


def merge(analyses: list[Analysis]) -> Analysis:
    """One analysis of a text read in pieces: entities in order, counts summed, roles once per person.

    Names are resolved within a piece: a surname alone in one piece is not joined
    to a full name in another.
    """
    if len(analyses) == 1:
        return analyses[0]
    people: dict[str, Person] = {}
    for person in (p for a in analyses for p in a.people):
        merged = people.setdefault(person.name, Person(person.name, 0, []))
        merged.mentions += person.mentions
        seen = {(r.title, r.organisation, r.party) for r in merged.roles}
        merged.roles += [r for r in person.roles if (r.title, r.organisation, r.party) not in seen]

    def counted(kind: str) -> list[NamedCount]:
        counts: Counter[str] = Counter()
        for analysis in analyses:
            counts.update({c.name: c.mentions for c in getattr(analysis, kind)})
        return [NamedCount(name, n) for name, n in counts.most_common()]

    return Analysis(
        entities=[e for a in analyses for e in a.entities],
        people=sorted(people.values(), key=lambda p: -p.mentions),
        organisations=counted("organisations"),
        places=counted("places"),
        model=analyses[0].model,
    )


def _groups(items: Iterable[tuple[int, int, str]], max_chars: int, max_count: int) -> Iterator[list[tuple[int, int, str]]]:
    group: list[tuple[int, int, str]] = []
    size = 0
    for item in items:
        if group and (size + len(item[2]) > max_chars or len(group) >= max_count):
            yield group
            group, size = [], 0
        group.append(item)
        size += len(item[2])
    if group:
        yield group


def analyse_texts(
    nlp: Language, texts: Iterable[str], batch_size: int = 64, published: Iterable[str | None] | None = None
) -> Iterator[Analysis]:
    """One analysis per text, in order; long texts read in pieces (see the module docstring).

    `published`: each text's date (ISO, or None), for the party of a politician named without one.
    """
    name = model_name(nlp)
    dates = list(published) if published is not None else []
    split = ((number, offset, piece) for number, text in enumerate(texts) for offset, piece in pieces(text))
    current, parts = 0, []
    for group in _groups(split, GROUP_CHARS, batch_size):
        docs = nlp.pipe([piece for _, _, piece in group], batch_size=len(group))
        for (number, offset, _), doc in zip(group, docs):
            if number != current:
                yield merge(parts)
                current, parts = number, []
            analysis = analyse(doc, name, dates[number] if number < len(dates) else None)
            parts.append(_shifted(analysis, offset) if offset else analysis)
    if parts:
        yield merge(parts)
