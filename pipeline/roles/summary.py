"""The document summary: people with their mentions and roles, organisations and places with counts."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from spacy.attrs import IDX, LOWER
from spacy.tokens import Doc, Span

from pipeline.records import Entity, NamedCount, Person, RoleAssertion
from pipeline.roles.people import names_organisation, person_name, resolve_names
from pipeline.roles.tokens import PERSON_LABELS, PLACE_LABELS, capitalised, doc_text, starts_sentence, token_texts
from pipeline.roles.words import WORDS, lexicon, normalise_organisation


Mention = tuple[str, int, int]  # name, start_char, end_char


def summarise(doc: Doc, found: list[Entity]) -> tuple[list[Person], list[NamedCount], list[NamedCount]]:
    """People (each once, with mentions and deduplicated roles), organisations and places with mention counts.

    Organisations and places are counted by every occurrence of their normalised name in
    the text, so a name the NER found once counts where the NER missed it too. A "person" with
    no role named only by one word that names a place or organisation elsewhere in the text
    ("Matchen spelades i Molde. Molde vann.") is that place or organisation, not a person.
    """
    assertions: list[RoleAssertion] = doc._.roles
    text = doc_text(doc)
    spans = [doc[start:end] for start, end in doc._.role_people]
    names = resolve_names([person_name(s) for s in spans])
    mentions = Counter(names[person_name(s)] for s in spans)
    people = []
    for name, n in mentions.most_common():
        roles: list[RoleAssertion] = []
        for a in assertions:
            if a.person == name and all((a.title, a.organisation, a.party) != (r.title, r.organisation, r.party) for r in roles):
                roles.append(a)
        people.append(Person(name, n, roles))
    role_orgs: list[Mention] = [tuple(o) for o in doc._.role_organisations or []]
    known = set(doc._.role_known) | {o[0] for o in role_orgs}
    org_seeds = [m for e in join_adjacent(found, "ORG", text) for m in _split_list(e)]
    org_seeds += [(s.text, s.start_char, s.end_char) for s in _misread_people(doc)]
    org_seeds += _gazetteer_organisations(doc, text)
    place_names = {_base_if_known(n, known) for e in found if e.label == "PLACE" for n, _, _ in _split_list(e)}
    place_names |= {n for n, kind in lexicon().public_bodies.items() if kind == "PLACE"} & known
    # A place named as an organisation ("kommunpolis Botkyrka") is one there, and a place elsewhere.
    placed = [o for o in role_orgs if o[0] in place_names]
    org_seeds += [o for o in role_orgs if o[0] not in place_names]
    org_names = {normalise_organisation(_base_if_known(n, known)) for n, _, _ in org_seeds}
    first = placed + _occurrences(text, org_names, taken=placed)
    org_names |= {n for n, _, _ in _list_neighbours(doc, first)} - place_names
    org_mentions = placed + _occurrences(text, org_names, taken=placed)
    org_keys = {n.casefold() for n in org_names}
    place_mentions = _occurrences(text, {n for n in place_names if n.casefold() not in org_keys}, taken=org_mentions)
    named_elsewhere = {_base_if_known(n, known) for e in found if e.label in ("PLACE", "ORG") for n, _, _ in _split_list(e)}
    named_elsewhere |= {o[0] for o in role_orgs}
    people = [p for p in people if p.roles or " " in p.name or p.name not in named_elsewhere]
    return people, _counted(org_mentions), _counted(place_mentions)


def _list_neighbours(doc: Doc, orgs: list[Mention]) -> list[Mention]:
    """Capitalised items listed with a known organisation ("MTR, Nobina, BRÅ och Företagarna"): organisations too,
    and a known one the NER cut short ("Trafikförvaltningen Region Stockholm") in full."""
    starts = doc.to_array(IDX).tolist()  # the tokens starting inside each mention, found by bisection
    in_org = {i for o in orgs for i in range(bisect_left(starts, o[1]), bisect_left(starts, o[2]))}
    org_tokens = sorted(in_org)
    found = []
    for start, end in doc._.role_sentences:
        first_org = bisect_left(org_tokens, start)
        if first_org == len(org_tokens) or org_tokens[first_org] >= end:
            continue  # a list item counts only beside a known organisation in its sentence
        sent = doc[start:end]
        items, i = [], sent.start
        while i < sent.end:  # items: runs of capitalised words, separated by "," "och" "samt"
            j = i
            while j < sent.end and (j in in_org or capitalised(doc[j]) and doc[j].is_alpha and not starts_sentence(doc[j])):
                j += 1
            if j > i:
                items.append(doc[i:j])
                i = j
            else:
                if doc[i].text != "," and doc[i].text not in WORDS.coordinators:
                    items.append(None)  # anything else ends a list
                i += 1
        for k, item in enumerate(items):
            if item is None or item[0].ent_type_ in PERSON_LABELS | PLACE_LABELS:
                continue
            known_part = [t for t in item if t.i in in_org]
            if known_part and len(known_part) < len(item) or not known_part and _in_org_list(items, k, in_org):
                found.append((item.text, item.start_char, item.end_char))
    return found


def _in_org_list(items: list, k: int, in_org: set[int]) -> bool:
    """Is item k in an unbroken list that holds an organisation?"""
    lo = hi = k
    while lo > 0 and items[lo - 1] is not None:
        lo -= 1
    while hi + 1 < len(items) and items[hi + 1] is not None:
        hi += 1
    return any(any(t.i in in_org for t in items[x]) for x in range(lo, hi + 1) if x != k)


def join_adjacent(found: list[Entity], label: str, text: str) -> list[Entity]:
    """`label` entities one space apart, as one: a unit and its parent body
    ("Trafikförvaltningen" "Region Stockholm") name one organisation."""
    joined: list[Entity] = []
    for e in sorted((e for e in found if e.label == label), key=lambda e: e.start):
        if joined and text[joined[-1].end : e.start] == " ":
            last = joined.pop()
            e = replace(last, text=f"{last.text} {e.text}", end=e.end)
        joined.append(e)
    return joined


def _split_list(e: Entity) -> list[Mention]:
    """An entity the NER ran across a list ("Stockholms handelskammare, Livsmedelshandlarna"), split."""
    out = []
    for m in re.finditer(r"[^,;]+", e.text):
        name = m.group().strip(" .:")
        if name:
            start = e.start + m.start() + m.group().index(name)
            out.append((name, start, start + len(name)))
    return out


def _misread_people(doc: Doc) -> list[Span]:
    return [e for e in doc.ents if e.label_ in PERSON_LABELS and names_organisation(e)]


def _base_if_known(name: str, known: set[str]) -> str:
    return name[:-1] if name.endswith("s") and name[:-1] in known else name


def _occurrences(text: str, names: set[str], taken: list[Mention]) -> list[Mention]:
    """Every non-overlapping occurrence of each name (or its genitive), longest names first.

    Words after the first match in either case: "Fittja centrum" is an occurrence of "Fittja Centrum".
    """
    found: list[Mention] = []
    occupied = bytearray(len(text))  # characters already inside a mention: overlap tests stay linear
    for _, start, end in taken:
        occupied[start:end] = b"\x01" * (end - start)
    for name in sorted(names, key=lambda n: (-len(n), n)):
        if name[1:].partition(" ")[0] not in text:  # every match holds this literal: a substring test spares a regex
            continue
        for m in _occurrence_pattern(name).finditer(text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
                continue
            if not any(occupied[m.start() : m.end()]):
                found.append((name, m.start(), m.end()))
                occupied[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return found


@lru_cache(maxsize=4096)
def _occurrence_pattern(name: str) -> re.Pattern:
    """A name, or its genitive, with the words after the first in either case; a national body's first
    letter in either case. The literal comes first so the regex engine can skip ahead to it; the word
    boundary before it is checked by the caller (a leading look-behind makes every position a candidate)."""
    head, space, rest = name[1:].partition(" ")
    first = f"[{name[0]}{name[0].lower()}]" if name.split(" ")[0].lower() in lexicon().institutions else re.escape(name[0])
    later = f" (?i:{re.escape(rest)})" if space else ""
    return re.compile(rf"{first}{re.escape(head)}{later}s?(?!\w)")


def _counted(mentions: list[Mention]) -> list[NamedCount]:
    """Most mentioned first, ties by first mention: the same order in every process.

    Names that differ only in case ("Fittja Centrum", "Fittja centrum") are one, written as first mentioned.
    """
    first: dict[str, Mention] = {}
    for mention in sorted(mentions, key=lambda m: m[1]):
        first.setdefault(mention[0].casefold(), mention)
    counts = Counter(name.casefold() for name, _, _ in mentions)
    return [NamedCount(first[k][0], counts[k]) for k in sorted(counts, key=lambda k: (-counts[k], first[k][1]))]


def _gazetteer_organisations(doc: Doc, text: str) -> list[Mention]:
    """Municipalities, regions, county boards, parties and national bodies named in the text."""
    lex = lexicon()
    found = [
        (name, m.start(), m.end())
        for name, pattern in _gazetteer_patterns()
        if name in text  # a plain substring test first spares a regex per absent name
        for m in pattern.finditer(text)
    ]
    for lower, start in zip(token_texts(doc, LOWER), doc.to_array(IDX).tolist()):
        if lower in lex.institutions:
            found.append((normalise_organisation(lower), start, start + len(lower)))
    return found


@lru_cache(maxsize=1)
def _gazetteer_patterns() -> list[tuple[str, re.Pattern]]:
    """The organisations of the gazetteers and the parties' names, each as a whole-word pattern."""
    lex = lexicon()
    names = [n for n, kind in lex.public_bodies.items() if kind == "ORG"] + list(lex.party_names.values())
    return [(name, re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")) for name in names]
