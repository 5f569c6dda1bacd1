"""The engine: the constructions' patterns (`data/roles/constructions.jsonl`) run as one spaCy `Matcher`
over the sentences that hold a person, each match handed on with its slots.

A pattern is a list of spaCy token patterns over the token facts (`facts.py`) and the tagger's
attributes; `slots` names each token pattern (person, title, organisation, comma, ...), and the
matcher's alignments map every matched token to its slot. The "person" slot is the first word of
a person (`role_person_start`) or the last (`role_person_end`); a match belongs to that person. A
pattern is an anchor: the construction's reader (`constructions.py`) reads the phrase from it and
may still find nothing.

A word-class test on `role_class` (`{"_": {"role_class": {"INTERSECTS": ["copulas"]}}}`) is compiled
into the same test on the lower-case form (`{"LOWER": {"IN": ["är", ...]}}`), which spares the matcher
an extension read per token.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.roles.rules import constructions
from pipeline.word_classes import words

PERSON = "person"
PERSON_END = "role_person_end"
WILDCARD = {"OP": "*"}


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
        self.slots: dict[str, list[str]] = {}  # of the tokens the matcher reads
        self.anchored_at_end: dict[str, bool] = {}
        self.far: dict[str, str] = {}  # rule -> its wildcard's slot, where the person stands alone beyond it
        for entry in constructions():
            rule, pattern, slots = entry["id"], entry["pattern"], entry["slots"]
            if rule in disabled:
                continue
            if len(pattern) != len(slots) or PERSON not in slots:
                raise ValueError(f"construction {rule}: one slot per token pattern, one of them {PERSON!r}")
            person = slots.index(PERSON)
            self.anchored_at_end[rule] = PERSON_END in pattern[person].get("_", {})
            beyond = person + (1 if person == 0 else -1)  # the token pattern between the person and the rest
            if len(pattern) > 2 and person in (0, len(pattern) - 1) and pattern[beyond] == WILDCARD:
                self.far[rule] = slots[beyond]
                rest = slice(2, None) if person == 0 else slice(0, -2)
                pattern, slots = pattern[rest], slots[rest]
            self.matcher.add(rule, [[_compiled(token) for token in pattern]])
            self.slots[rule] = slots

    def find(self, doc: Doc, sentences: Iterable[Span], people: Iterable[Span]) -> dict[int, dict[str, list[Match]]]:
        """Person start -> construction id -> its first match around that person (in a list)."""
        people = list(people)
        owner = {False: {p.start: p.start for p in people}, True: {p.end - 1: p.start for p in people}}
        found: dict[int, dict[str, list[Match]]] = defaultdict(lambda: defaultdict(list))
        strings = doc.vocab.strings
        for sent in sentences:
            for key, start, end, alignment in self.matcher(sent, with_alignments=True):
                rule = strings[key]
                tokens = [(self.slots[rule][index], sent.start + start + offset) for offset, index in enumerate(alignment)]
                for person, slots in self._around(rule, tokens, sent, sent.start + start, sent.start + end, people, owner):
                    if rule not in found[person]:  # the readers read from a rule's first match around a person
                        found[person][rule].append(Match(rule, slots))
        return found

    def _around(self, rule, tokens, sent, start, end, people, owner) -> Iterable[tuple[int, dict[str, tuple[int, ...]]]]:
        """(person start, slots) for each person a match belongs to. A pattern whose person stands alone beyond
        a bare wildcard is matched without them (its states would run to the sentence end): its match
        belongs to every person of the sentence on that side, with the words between as the wildcard's."""
        if rule not in self.far:
            person = owner[self.anchored_at_end[rule]].get(next(i for slot, i in tokens if slot == PERSON))
            return [] if person is None else [(person, _slots(tokens))]
        gap = self.far[rule]
        if self.anchored_at_end[rule]:  # [person end, *, the rest]
            before = [p for p in people if sent.start <= p.end - 1 < start]
            return [(p.start, _slots([(PERSON, p.end - 1)] + [(gap, i) for i in range(p.end, start)] + tokens)) for p in before]
        after = [p for p in people if end <= p.start < sent.end]  # [the rest, *, person start]
        return [(p.start, _slots(tokens + [(gap, i) for i in range(end, p.start)] + [(PERSON, p.start)])) for p in after]


def _slots(tokens: list[tuple[str, int]]) -> dict[str, tuple[int, ...]]:
    slots: dict[str, list[int]] = defaultdict(list)
    for slot, i in tokens:
        slots[slot].append(i)
    return {slot: tuple(ts) for slot, ts in slots.items()}


def _compiled(token: dict) -> dict:
    """A token pattern with its word-class test read from the lower-case form (see above)."""
    extensions = dict(token.get("_", {}))
    classes = extensions.pop("role_class", None)
    if classes is None:
        return token
    if set(classes) != {"INTERSECTS"} or "LOWER" in token:
        raise ValueError(f"role_class takes INTERSECTS and no LOWER beside it: {token}")
    compiled = {key: value for key, value in token.items() if key != "_"} | ({"_": extensions} if extensions else {})
    return compiled | {"LOWER": {"IN": [word for name in classes["INTERSECTS"] for word in words(name)]}}
