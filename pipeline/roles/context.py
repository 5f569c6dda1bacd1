"""What the role readers share: the reading they build and the context of one person mention."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from pipeline.roles.words import lexicon

if TYPE_CHECKING:
    from pipeline.roles.engine import Match


@dataclass
class Reading:
    """A title phrase read from the text, with what it says about organisation and party."""

    start: int  # token offsets of the whole reading (title, organisation, markers)
    end: int
    title: str | None
    organisation: tuple[str, int, int] | None = None  # name, start_char, end_char
    party: str | None = None
    rule: str | None = None  # the id of the construction that read it
    organisation_rule: str | None = None  # the id of one that added the organisation to it


class Context:
    """What the readers of one person mention share: the document, the sentence, the people, the names known
    and the matches of the constructions' patterns around the person (construction id -> matches)."""

    def __init__(
        self,
        doc: Doc,
        sent: Span,
        person: Span,
        in_person: set[int],
        known: set[str],
        organisations: frozenset[str],
        matches: dict[str, list[Match]],
    ) -> None:
        self.doc = doc
        self.organisations = organisations
        self.person = person
        self.sent = sent
        self.in_person = in_person
        self.known = known
        self.lex = lexicon()
        self.matches = matches
