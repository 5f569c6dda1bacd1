"""What the project's own tables know about names: aliases with their rule, Wikidata ids, politicians.

Read from pipeline/data/ (built by scripts/build_entity_tables.py from the shared
gazetteers, plus the curated entity_aliases.tsv); never from the network.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from pipeline.config import DATA_DIR
from pipeline.entities.normalise import name_key


@dataclass(frozen=True)
class Known:
    """A name the gazetteers list: the entity it names and why."""

    kind: str
    canonical: str
    rule: str  # "gazetteer name", "abbreviation", "former name", "official name", "short name", "alias"
    wikidata: str | None
    source: str  # agencies | parties | scb:<code> | curated


@dataclass(frozen=True)
class Politician:
    name: str
    parties: frozenset[str]  # abbreviations
    offices: frozenset[str]  # lower-case base forms: "riksdagsledamot", "finansminister"
    wikidata: str


def _rows(name: str) -> list[list[str]]:
    with open(DATA_DIR / name, encoding="utf-8") as f:
        lines = [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]
    return lines[1:]  # past the header


@lru_cache(maxsize=1)
def known_names() -> dict[tuple[str, str], Known]:
    """(kind, folded alias) -> the entity it names; curated aliases take the gazetteer's Wikidata id."""
    known: dict[tuple[str, str], Known] = {}
    for kind, canonical, alias, rule, wikidata, source in _rows("entity_gazetteer.tsv"):
        known.setdefault((kind, name_key(alias)), Known(kind, canonical, rule, wikidata or None, source))
    for kind, canonical, alias in _rows("entity_aliases.tsv"):
        listed = known.get((kind, name_key(canonical)))
        target = Known(kind, listed.canonical, "gazetteer name", listed.wikidata, listed.source) if listed else Known(
            kind, canonical, "gazetteer name", None, "curated")
        known.setdefault((kind, name_key(canonical)), target)
        known.setdefault((kind, name_key(alias)), Known(kind, target.canonical, "alias", target.wikidata, target.source))
    return known


@lru_cache(maxsize=1)
def politicians() -> dict[str, list[Politician]]:
    """Folded primary name -> the politicians of that name (several: "Magdalena Andersson" S and M)."""
    found: dict[str, list[Politician]] = defaultdict(list)
    for name, parties, offices, wikidata in _rows("entity_politicians.tsv"):
        found[name_key(name)].append(
            Politician(name, frozenset(filter(None, parties.split(";"))), frozenset(filter(None, offices.split(";"))), wikidata)
        )
    return dict(found)
