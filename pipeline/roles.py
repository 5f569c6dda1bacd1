"""Person-role-organisation-party extraction, as a spaCy component."""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.records import Entity, NamedCount, Person, RoleAssertion

COMPONENT = "role_extractor"

if not Doc.has_extension("roles"):
    Doc.set_extension("roles", default=None)


@Language.factory(COMPONENT)
def make_role_extractor(nlp: Language, name: str) -> "RoleExtractor":
    return RoleExtractor()


class RoleExtractor:
    """Writes `doc._.roles`: a list of RoleAssertion read from the parse and entities."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.roles = []
        return doc


def _counts(found: list[Entity], label: str) -> list[NamedCount]:
    counts = Counter(entity.text for entity in found if entity.label == label)
    return [NamedCount(name, n) for name, n in counts.most_common()]


def summarise(doc: Doc, found: list[Entity]) -> tuple[list[Person], list[NamedCount], list[NamedCount]]:
    """People (with their roles), organisations and places of one document, with mention counts."""
    assertions: list[RoleAssertion] = doc._.roles or []
    people = [
        Person(c.name, c.mentions, [a for a in assertions if a.person == c.name])
        for c in _counts(found, "PERSON")
    ]
    return people, _counts(found, "ORG"), _counts(found, "PLACE")
