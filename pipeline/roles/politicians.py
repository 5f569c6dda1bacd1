"""The party of a known politician an article names without one, as of the article's date.

`data/politician_parties.tsv` (SWERIK riksdagen-persons) lists Riksdag members and ministers with
each party and the dates they held it. A person the article names by a full name gets the party
when exactly one politician of that name was active around the article's date (ACTIVE_MARGIN
either side of their periods) and held one party then. A surname alone never matches, and
namesakes both active then are left alone. An article without a date gets a party only for a
name that one politician bears who never changed party. The text always wins: a party the
article gives is kept, and such a filled party says where it came from (`party_source`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.config import DATA_DIR
from pipeline.records import Person, RoleAssertion

TABLE = "politician_parties.tsv"
SOURCE = "riksdagen-persons"  # the gazetteer, as `party_source` names it
ACTIVE_MARGIN = timedelta(days=365)  # a politician between two terms is still the party's


@dataclass(frozen=True)
class Period:
    party: str
    start: date
    end: date | None  # None: still held
    politician: str  # Wikidata id, else the name: who held it


def _day(written: str, last: bool) -> date:
    """An ISO date, or its year or month alone taken at its first or last day ("1998" -> 1998-12-31)."""
    parts = [int(p) for p in written.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        year, month = parts
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1) if last else date(year, month, 1)
    return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)


@lru_cache(maxsize=1)
def periods() -> dict[str, list[Period]]:
    """Party periods by full name, as the table lists them."""
    found: dict[str, list[Period]] = defaultdict(list)
    with open(DATA_DIR / TABLE, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]
    for name, party, start, end, wikidata in rows[1:]:
        found[name].append(Period(party, _day(start, last=False), _day(end, last=True) if end else None, wikidata or name))
    return dict(found)


def _covers(period: Period, day: date, margin: timedelta) -> bool:
    return period.start - margin <= day and (period.end is None or day <= period.end + margin)


def party_of(name: str, published: date | None) -> str | None:
    """The party of the one politician called `name` active around `published`; None when none or several are."""
    known = periods().get(name, [])
    if published is None:
        held = {(p.politician, p.party) for p in known}
        return held.pop()[1] if len(held) == 1 else None
    active = [p for p in known if _covers(p, published, ACTIVE_MARGIN)]
    if len({p.politician for p in active}) != 1:
        return None
    parties = {p.party for p in active if _covers(p, published, timedelta(0))} or {p.party for p in active}
    return parties.pop() if len(parties) == 1 else None


def published_day(published: str | None) -> date | None:
    """An article's `published` field as a date; None when absent or unreadable."""
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def with_gazetteer_parties(doc: Doc, people: list[Person], published: str | None) -> list[Person]:
    """The people with the gazetteer's party, as of `published`, for each politician named in full without one.

    A role without a party gets it; a politician with no role gets a party-only assertion whose
    evidence is the sentence of the first mention.
    """
    day = published_day(published)
    return [_with_party(doc, person, day) for person in people]


def _with_party(doc: Doc, person: Person, day: date | None) -> Person:
    if " " not in person.name or any(r.party for r in person.roles):
        return person
    party = party_of(person.name, day)
    if party is None:
        return person
    if person.roles:
        return replace(person, roles=[replace(role, party=party, party_source=SOURCE) for role in person.roles])
    evidence = _first_sentence(doc, person.name)
    if evidence is None:
        return person
    return replace(person, roles=[RoleAssertion(person.name, None, None, party, *evidence, party_source=SOURCE)])


def _first_sentence(doc: Doc, name: str) -> tuple[int, int] | None:
    """Character offsets of the sentence where `name` is first written in full."""
    at = doc.text.find(name)
    if at < 0:
        return None
    sentences = doc._.role_sentences or [[0, len(doc)]]
    starts = [doc[start].idx for start, _ in sentences]
    start, end = sentences[bisect_right(starts, at) - 1]
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
