"""The engine: the constructions' patterns (`data/roles/constructions.jsonl`) run as one spaCy `Matcher`
over the sentences that hold a person, each match handed on with its slots.

A pattern is a list of spaCy token patterns over the token facts (`facts.py`) and the tagger's
attributes; `slots` names each token pattern (person, title, organisation, comma, ...), and the
matcher's alignments map every matched token to its slot. The "person" slot is the first word of
a person (`role_person_start`) or the last (`role_person_end`); a match belongs to that person. A
pattern is an anchor: the construction's reader (`constructions.py`) reads the phrase from it and
may still find nothing.

The word facts `role_word` and `role_class` (`{"_": {"role_class": {"INTERSECTS": ["copulas"]}}}`) are
compiled into tests of lexeme flags (`facts.word_flag`), which the matcher reads natively instead of
calling an extension per token; the patterns are checked against spaCy's pattern schema as written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.roles import facts
from pipeline.roles.rules import constructions

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
        self.matcher = Matcher(vocab, validate=False)  # the flags are no part of spaCy's schema; checked as written below
        self.slots: dict[str, list[str]] = {}  # of the tokens the matcher reads
        self.anchored_at_end: dict[str, bool] = {}
        self.far: dict[str, str] = {}  # rule -> its wildcard's slot, where the person stands alone beyond it
        for entry in constructions():
            rule, pattern, slots = entry["id"], entry["pattern"], entry["slots"]
            if rule in disabled:
                continue
            if len(pattern) != len(slots) or PERSON not in slots:
                raise ValueError(f"construction {rule}: one slot per token pattern, one of them {PERSON!r}")
            if errors := validate_token_pattern(pattern):
                raise ValueError(f"construction {rule}: {'; '.join(errors)}")
            person = slots.index(PERSON)
            self.anchored_at_end[rule] = PERSON_END in pattern[person].get("_", {})
            beyond = person + (1 if person == 0 else -1)  # the token pattern between the person and the rest
            if len(pattern) > 2 and person in (0, len(pattern) - 1) and pattern[beyond] == WILDCARD:
                self.far[rule] = slots[beyond]
                rest = slice(2, None) if person == 0 else slice(0, -2)
                pattern, slots = pattern[rest], slots[rest]
            self.matcher.add(rule, [[_compiled(token, vocab) for token in pattern]])
            self.slots[rule] = slots

    def find(self, doc: Doc, sentences: Iterable[Span], people: Iterable[Span]) -> dict[int, dict[str, list[Match]]]:
        """Person start -> construction id -> its first match around that person (in a list)."""
        people = list(people)
        edge = {False: {p.start: p for p in people}, True: {p.end - 1: p for p in people}}
        found: dict[int, dict[str, list[Match]]] = defaultdict(dict)
        strings = doc.vocab.strings
        for sent in sentences:
            for key, start, end, alignment in self.matcher(sent, with_alignments=True):
                rule = strings[key]
                start, end = sent.start + start, sent.start + end
                for person in self._owners(rule, alignment, sent, start, end, people, edge):
                    if rule not in found[person.start]:  # the readers read from a rule's first match around a person
                        found[person.start][rule] = [Match(rule, self._slots(rule, alignment, start, end, person))]
        return found

    def _owners(self, rule, alignment, sent, start, end, people, edge) -> list[Span]:
        """The people a match belongs to. A pattern whose person stands alone beyond a bare wildcard is matched
        without them (its states would run to the sentence end): its match belongs to every person of the
        sentence on that side."""
        at_end = self.anchored_at_end[rule]
        if rule not in self.far:
            person = edge[at_end].get(start + alignment.index(self.slots[rule].index(PERSON)))
            return [] if person is None else [person]
        if at_end:  # [person end, *, the rest]
            return [p for p in people if sent.start <= p.end - 1 < start]
        return [p for p in people if end <= p.start < sent.end]  # [the rest, *, person start]

    def _slots(self, rule, alignment, start, end, person) -> dict[str, tuple[int, ...]]:
        """Slot -> the doc offsets of its tokens; the words between a far person and the match are the wildcard's."""
        tokens = [(self.slots[rule][index], start + offset) for offset, index in enumerate(alignment)]
        if rule in self.far:
            gap = self.far[rule]
            if self.anchored_at_end[rule]:
                tokens = [(PERSON, person.end - 1)] + [(gap, i) for i in range(person.end, start)] + tokens
            else:
                tokens = tokens + [(gap, i) for i in range(end, person.start)] + [(PERSON, person.start)]
        slots: dict[str, list[int]] = defaultdict(list)
        for slot, i in tokens:
            slots[slot].append(i)
        return {slot: tuple(ts) for slot, ts in slots.items()}


def _compiled(token: dict, vocab: Vocab) -> dict:
    """A token pattern with its word-fact tests read from lexeme flags (see above)."""
    extensions = dict(token.get("_", {}))
    compiled = {key: value for key, value in token.items() if key != "_"}
    if "role_word" in extensions:
        compiled[f"FLAG{facts.word_flag(vocab, 'role_word')}"] = extensions.pop("role_word")
    if "role_class" in extensions:
        classes = extensions.pop("role_class")
        if set(classes) != {"INTERSECTS"}:
            raise ValueError(f"role_class takes INTERSECTS: {token}")
        compiled[f"FLAG{facts.word_flag(vocab, 'role_class', tuple(classes['INTERSECTS']))}"] = True
    return compiled | ({"_": extensions} if extensions else {})
