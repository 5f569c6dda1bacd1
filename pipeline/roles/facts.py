"""Token facts as spaCy extensions (`token._.role_*`), computed once per document for the sentences that
hold a person: the construction patterns (`data/roles/constructions.jsonl`) and the readers read them.

- `role_word`: a word that can end a title ("vd", "Säpochefen", "ordförande" in "vice ordförande");
- `role_class`: the word classes (`data/roles/word_classes.tsv`) the lower-case word belongs to (read
  when asked: it depends on the word alone);
- `role_in_person`, `role_person_start`, `role_person_end`: inside, first and last word of a person;
- `role_genitive`, `role_definite`: a genitive ("Tuiflys", "SKB:s"), a definite noun form;
- `role_party`: the party a word names before a name ("socialdemokraten", "S-politikern",
  "Folkpartiets"), else ""; `role_party_marker`: a party marker starts here ("(S)");
- `role_appoints`: a form of a verb of appointing ("utsågs");
- `role_known_organisation`: a name the gazetteers know as an organisation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from pipeline.roles.tokens import definiteness, is_genitive, party_marker
from pipeline.roles.words import appoints, base_name, is_role_word, lexicon, swedish_party
from pipeline.word_classes import word_classes

# name -> the value of a token the fact does not hold for; only other values are written
FACTS: dict[str, object] = {
    "role_word": False,
    "role_in_person": False,
    "role_person_start": False,
    "role_person_end": False,
    "role_genitive": False,
    "role_definite": False,
    "role_party": "",
    "role_party_marker": False,
    "role_appoints": False,
    "role_known_organisation": False,
}

@lru_cache(maxsize=1)
def classes_of() -> dict[str, tuple[str, ...]]:
    """Lower-case word -> the names of the word classes that list it."""
    classes: dict[str, list[str]] = defaultdict(list)
    for name, rows in word_classes().items():
        for word, _ in rows:
            if name not in classes[word]:
                classes[word].append(name)
    return {word: tuple(names) for word, names in classes.items()}


for _name, _default in FACTS.items():
    if not Token.has_extension(_name):
        Token.set_extension(_name, default=_default)
if not Token.has_extension("role_class"):
    Token.set_extension("role_class", getter=lambda t: classes_of().get(t.lower_, ()))


@lru_cache(maxsize=1)
def _title_ends() -> frozenset[str]:
    """The last words of the lexicon's title phrases ("vice ordförande" -> "ordförande")."""
    return frozenset(title.rsplit(" ", 1)[1] for title in lexicon().titles if " " in title)


def annotate(doc: Doc, people: Iterable[Span], sentences: Iterable[Span], known: set[str], organisations: frozenset[str]) -> None:
    """Writes the facts of every token in `sentences` (and the person facts of `people`) to the doc."""
    for person in people:
        person[0]._.role_person_start = True
        person[-1]._.role_person_end = True
        for t in person:
            t._.role_in_person = True
    title_ends = _title_ends()
    for sent in sentences:
        for t in sent:
            text, low = t.text, t.lower_
            if text[:1] == "(" and party_marker(doc, t.i)[0]:
                t._.role_party_marker = True  # "(", "S", ")" or "(S)"
            if t.is_punct:
                continue
            if is_role_word(text) or low in title_ends:
                t._.role_word = True
            if is_genitive(t):
                t._.role_genitive = True
            if definiteness(t):
                t._.role_definite = True
            party = named_party(t, known)
            if party:
                t._.role_party = party
            if appoints(t):
                t._.role_appoints = True
            if text in organisations:
                t._.role_known_organisation = True


def named_party(t: Token, known: set[str]) -> str | None:
    """The party a word names: a party word ("socialdemokraten"), a prefix ("S-politikern"), a genitive
    ("Folkpartiets")."""
    party = lexicon().party_words.get(t.lower_)
    if party is None and "-" in t.text:
        party = swedish_party(t.text.split("-")[0])
    if party is None and is_genitive(t):
        party = swedish_party(base_name(t.text, known))
    return party
