"""Tie every name of an article to a canonical entity, each tie with its rule.

Across articles a name merges with another only on evidence: the same folded name
(case and diacritics), a gazetteer alias (an abbreviation, a former name, a curated
alias), or the genitive of one of these. Inside one article a surname or short
form also merges with the one full name the article gives. A bare surname is never
merged across articles: "Lundgren" alone stays its own entity.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.entities.gazetteer import Known, Politician, known_names, politicians
from pipeline.entities.normalise import (
    LABEL_KINDS,
    canonical_name,
    entity_id,
    genitive_base,
    name_key,
    title_base,
)
from pipeline.records import Analysis, Entity, EntityRef, Person

GOVERNED_WORD = re.compile(r"\s+[a-zåäöé]")  # a genitive stands before the lower-case noun it governs
POLITICIANS_SOURCE = "riksdagen-persons"


def _rule(first: str, then: str) -> str:
    """Two steps of one tie: "genitive" then "alias" -> "genitive + alias"."""
    return first if then == "name" else then if first == "name" else f"{first} + {then}"


def _known_ref(hit: Known, written: str, rule: str | None = None) -> EntityRef:
    if rule is None:
        rule = hit.rule if hit.rule != "gazetteer name" else "name" if written == hit.canonical else "case or diacritics"
    return EntityRef(entity_id(hit.kind, name_key(hit.canonical)), hit.canonical, hit.wikidata, rule, hit.source)


def resolve(name: str, kind: str) -> EntityRef:
    """One name of one kind -> its entity: a gazetteer name or alias, the genitive of one, or the name itself."""
    name = canonical_name(name)
    known = known_names()
    hit = known.get((kind, name_key(name)))
    if hit:
        return _known_ref(hit, name)
    base = genitive_base(name)
    hit = known.get((kind, name_key(base))) if base else None
    if hit:
        return _known_ref(hit, base, _rule("genitive", _known_ref(hit, base).rule))
    return EntityRef(entity_id(kind, name_key(name)), name)


def politician(person: Person) -> Politician | None:
    """The one politician of this full name whom the article's party or office for the person fits.

    A party the article gives that the politician never had rules them out; with no
    party and no office in the article, nobody is linked, however rare the name. A party
    the roles took from the gazetteer itself (`party_source`) is no evidence of the article's.
    """
    candidates = politicians().get(name_key(person.name), [])
    parties = _parties_in_text(person)
    titles = {title_base(r.title, r.title_base) for r in person.roles if r.title}
    fitting = [
        p for p in candidates
        if (parties & p.parties or titles & p.offices) and not (parties and not parties & p.parties)
    ]
    return fitting[0] if len(fitting) == 1 else None


def _parties_in_text(person: Person) -> set[str]:
    return {r.party for r in person.roles if r.party and r.party_source is None}


def _person_ref(person: Person) -> EntityRef:
    ref = resolve(person.name, "person")
    found = politician(person)
    if found is None:
        return ref
    parties = sorted(_parties_in_text(person) & found.parties)
    evidence = f"party {', '.join(parties)}" if parties else "office " + ", ".join(
        sorted({title_base(r.title, r.title_base) for r in person.roles if r.title} & found.offices))
    namesakes = len(politicians()[name_key(person.name)]) > 1
    # Namesakes in the gazetteer: the Wikidata id keeps the linked one apart from the others.
    entity = f"{ref.id}-{found.wikidata.lower()}" if namesakes else ref.id
    return EntityRef(entity, ref.name, found.wikidata, ref.rule, f"{POLITICIANS_SOURCE}: {evidence}")


class ArticleEntities:
    """The entities one article names, by folded name, for tying its other names to them."""

    def __init__(self, full_named: list[Person]):
        self.full_names = {name_key(canonical_name(p.name)): p.entity for p in full_named}
        self.named: dict[tuple[str | None, str], EntityRef] = {}  # (kind, key), and (None, key) for any kind

    def add(self, kind: str, name: str, ref: EntityRef) -> None:
        key = name_key(canonical_name(name))
        self.named.setdefault((kind, key), ref)
        self.named.setdefault((None, key), ref)  # "Trafikförvaltningen Region Stockholm" read as a person

    def resolve(self, name: str, kind: str) -> EntityRef:
        """A summary name: one word that is the surname of one person of the article is that person
        (the NER's "Lundgren vill", "säger Berg"), whatever the label; else `resolve`."""
        name = canonical_name(name)
        if " " not in name:
            for written, rule in ((name, "name"), (genitive_base(name), "genitive")):
                ref = self._in_full_name(written)
                if ref:
                    return replace(ref, rule=_rule(rule, ref.rule))
        return resolve(name, kind)

    def mention(self, entity: Entity, text: str) -> EntityRef | None:
        kind = LABEL_KINDS.get(entity.label)
        if kind is None:
            return None
        name = canonical_name(entity.text)
        base = genitive_base(name)
        for written, rule in ((name, "name"), (base, "genitive")):
            ref = written and (self.named.get((kind, name_key(written))) or self.named.get((None, name_key(written))))
            if ref:
                return replace(ref, rule=_rule(rule, ref.rule))
        ref = self.resolve(name, kind)
        if ref.wikidata is None and base and ref.source is None and ref.rule == "name" and GOVERNED_WORD.match(text, entity.end):
            return replace(resolve(base, kind), rule="genitive")  # "Googles vd"
        return ref

    def _in_full_name(self, written: str | None) -> EntityRef | None:
        """The one full name of the article that ends on (a surname) or starts with (a short form) `written`."""
        if not written:
            return None
        key = name_key(written)
        for rule, fits in (("surname in article", lambda full: full.endswith(" " + key)),
                           ("short form in article", lambda full: full.startswith(key + " "))):
            matches = {ref.id: ref for full, ref in self.full_names.items() if fits(full)}
            if len(matches) == 1:
                return replace(next(iter(matches.values())), rule=rule)
        return None


def link_article(text: str, analysis: Analysis) -> Analysis:
    """Set the EntityRef of every person, organisation, place, role and mention of one article."""
    if analysis.linked:
        return analysis
    full, single = [p for p in analysis.people if " " in p.name.strip()], [p for p in analysis.people if " " not in p.name.strip()]
    for person in full:
        person.entity = _person_ref(person)
    article = ArticleEntities(full)
    for person in single:  # "säger Katarina" beside Katarina Berggren: the short form of her name
        person.entity = article.resolve(person.name, "person")
    analysis.organisations = [replace(o, entity=article.resolve(o.name, "organisation")) for o in analysis.organisations]
    analysis.places = [replace(p, entity=article.resolve(p.name, "place")) for p in analysis.places]
    for kind, named in (("person", analysis.people), ("organisation", analysis.organisations), ("place", analysis.places)):
        for item in named:
            article.add(kind, item.name, item.entity)
    organisations = {name_key(canonical_name(o.name)): o.entity for o in analysis.organisations}
    for person in analysis.people:
        for role in person.roles:
            if role.organisation:
                known = organisations.get(name_key(canonical_name(role.organisation)))
                role.organisation_entity = known or resolve(role.organisation, "organisation")
            if role.party:
                role.party_entity = resolve(role.party, "organisation")
    analysis.entities = [replace(e, entity=article.mention(e, text)) for e in analysis.entities]
    analysis.linked = True
    return analysis
