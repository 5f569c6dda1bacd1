"""The engine: the constructions' patterns (`data/roles/constructions.jsonl`) run as one spaCy `Matcher`
over the sentences that hold a person, each match handed on with its slots.

A pattern is a list of spaCy token patterns over the token facts (`facts.py`) and the tagger's
attributes; `slots` names each token pattern (person, title, organisation, comma, ...), and the
matcher's alignments map every matched token to its slot. The "person" slot is the first word of
a person (`role_person_start`) or the last (`role_person_end`); a match belongs to that person. A
pattern is an anchor: the construction's reader (`constructions.py`) reads the phrase from it and
may still find nothing.

Two rewrites make the matcher read fewer extensions per token, with the same matches: a word-class
test on `role_class` (`{"_": {"role_class": {"INTERSECTS": ["copulas"]}}}`) becomes one pattern per
word of the classes, each testing the lower-case form (`{"LOWER": "är"}`), which the matcher reads
without a Python call; and a fact tested for a plain value (`{"_": {"role_word": true}}`) becomes a
predicate (`{"IN": [1]}`), which the matcher reads only for the tokens a pattern reaches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.roles.rules import constructions
from pipeline.word_classes import words

PERSON = "person"
PERSON_END = "role_person_end"


@dataclass(frozen=True)
class Match:
    """One match of a construction's pattern: the token offsets in the doc of each slot."""

    rule: str
    slots: dict[str, tuple[int, ...]]

    def first(self, slot: str) -> int:
        return self.slots[slot][0]


class Patterns:
    """The enabled constructions' patterns, compiled into one Matcher for a vocabulary."""

    def __init__(self, vocab: Vocab, disabled: Iterable[str] = ()) -> None:
        self.vocab = vocab
        self.matcher = Matcher(vocab)
        self.slots: dict[str, list[str]] = {}
        self.anchored_at_end: dict[str, bool] = {}
        for entry in constructions():
            if entry["id"] in disabled:
                continue
            pattern, slots = entry["pattern"], entry["slots"]
            if len(pattern) != len(slots) or PERSON not in slots:
                raise ValueError(f"construction {entry['id']}: one slot per token pattern, one of them {PERSON!r}")
            self.matcher.add(entry["id"], [list(tokens) for tokens in product(*map(_compiled, pattern))])
            self.slots[entry["id"]] = slots
            self.anchored_at_end[entry["id"]] = PERSON_END in pattern[slots.index(PERSON)].get("_", {})

    def find(self, doc: Doc, sentences: Iterable[Span], people: Iterable[Span]) -> dict[int, dict[str, list[Match]]]:
        """Person start -> construction id -> the matches around that person, in the order found."""
        people = list(people)
        owner = {False: {p.start: p.start for p in people}, True: {p.end - 1: p.start for p in people}}
        found: dict[int, dict[str, list[Match]]] = defaultdict(lambda: defaultdict(list))
        strings = doc.vocab.strings
        for sent in sentences:
            for key, start, _, alignment in self.matcher(sent, with_alignments=True):
                rule = strings[key]
                names = self.slots[rule]
                slots: dict[str, list[int]] = defaultdict(list)
                for offset, index in enumerate(alignment):
                    slots[names[index]].append(sent.start + start + offset)
                person = owner[self.anchored_at_end[rule]].get(slots[PERSON][0])
                if person is not None:
                    found[person][rule].append(Match(rule, {name: tuple(ts) for name, ts in slots.items()}))
        return found


def _compiled(token: dict) -> list[dict]:
    """A token pattern as the matcher reads it fastest (see above): one alternative per word of its classes."""
    extensions = {name: value if isinstance(value, dict) else {"IN": [int(value)]} for name, value in token.get("_", {}).items()}
    classes = extensions.pop("role_class", None)
    compiled = {key: value for key, value in token.items() if key != "_"} | ({"_": extensions} if extensions else {})
    if classes is None:
        return [compiled]
    if set(classes) != {"INTERSECTS"} or "LOWER" in token:
        raise ValueError(f"role_class takes INTERSECTS and no LOWER beside it: {token}")
    return [compiled | {"LOWER": word} for name in classes["INTERSECTS"] for word in words(name)]
