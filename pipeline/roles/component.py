"""The role extractor as a spaCy component: `role_extractor`, saved inside the sv_news model.

It finds the people in a document (`people.person_spans`), writes the token facts of their sentences
(`facts.annotate`), runs the constructions' patterns over them once (`engine.Patterns`), hands each
person's matches to the readers (`constructions.Constructions`) and writes plain data to the doc,
which survives `nlp.pipe(n_process=...)`; `doc._.roles` reads it back as RoleAssertion records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.model_components import read_names, write_names
from pipeline.records import RoleAssertion
from pipeline.roles import facts
from pipeline.roles.constructions import Constructions
from pipeline.roles.engine import Patterns
from pipeline.roles.people import known_names, person_name, person_spans, resolve_names
from pipeline.roles.rules import CONSTRUCTIONS, rule_ids
from pipeline.roles.tokens import ORG_LABELS, sentences, token_texts
from pipeline.roles.words import lexicon, swedish_party

COMPONENT = "role_extractor"
ORGANISATIONS_FILE = "organisations.json"

if not Doc.has_extension("role_data"):
    Doc.set_extension("role_data", default=None)
if not Doc.has_extension("roles"):
    Doc.set_extension("roles", getter=lambda doc: [RoleAssertion(**d) for d in doc._.role_data or []])
if not Doc.has_extension("role_organisations"):
    # Organisation mentions the rules found: [normalised name, start_char, end_char], NER or not.
    Doc.set_extension("role_organisations", default=None)
# What the rules worked out that `summarise` needs too: person spans and sentences as [start, end]
# token offsets, and the names the document vouches for.
# `role_rules`: the constructions that read each of `role_data`, by id.
for _name in ("role_people", "role_sentences", "role_known", "role_rules"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class RoleExtractor:
    """Writes `doc._.roles`: a list of RoleAssertion read from the tokens around each person.

    `disabled` names constructions (ids in data/roles/constructions.jsonl) the extractor skips; with `vocab`
    their patterns are compiled at once, else for the first document's vocabulary.
    It saves the organisation names the pipeline's gazetteer knows with the model, so a loaded
    model reads the same organisations as the one it was assembled from.
    """

    def __init__(
        self, name: str = COMPONENT, organisations: Iterable[str] = (), disabled: Iterable[str] = (), vocab: Vocab | None = None
    ) -> None:
        self.name = name
        unknown = set(disabled) - set(rule_ids())
        if unknown:
            raise ValueError(f"{name}: no construction with the id {', '.join(sorted(unknown))}; see {CONSTRUCTIONS}")
        self.disabled = frozenset(disabled)
        self.gazetteer = frozenset(organisations)
        self._organisations: tuple[frozenset[str], frozenset[str]] | None = None
        self._patterns: Patterns | None = None
        if vocab is not None:
            self.patterns(vocab)  # compiled with the pipeline, so its first document pays nothing for it

    @property
    def organisations(self) -> frozenset[str]:
        """Names known to be organisations: the pipeline's gazetteer and the shipped tables (joined once)."""
        if self._organisations is None or self._organisations[0] is not self.gazetteer:
            self._organisations = (self.gazetteer, self.gazetteer | lexicon().named_organisations)
        return self._organisations[1]

    def patterns(self, vocab: Vocab) -> Patterns:
        """The enabled constructions' patterns, compiled once for the documents' vocabulary."""
        if self._patterns is None or self._patterns.vocab is not vocab:
            self._patterns = Patterns(vocab, self.disabled)
        return self._patterns

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Takes the organisation names from the pipeline's entity rulers (initialised before this)."""
        if nlp is not None:
            self.gazetteer = gazetteer_organisations(nlp)

    def __call__(self, doc: Doc) -> Doc:
        texts = token_texts(doc)  # read once: a scan over Token objects costs more than the rules
        people = person_spans(doc, texts)
        names = resolve_names([person_name(p) for p in people])
        known = known_names(doc, texts)
        in_person = {t.i for p in people for t in p}
        roles: list[tuple[RoleAssertion, list[str]]] = []
        orgs: list[tuple[str, int, int]] = []
        sents = sentences(doc, texts)
        organisations = self.organisations
        sent_of = {span.start: next(s for s in sents if s.start <= span.start < s.end) for span in people}
        held = _sentences_holding(sents, people)
        facts.annotate(doc, people, held, known, organisations)
        matches = self.patterns(doc.vocab).find(doc, held, people)
        read = []
        for span in people:
            reader = Constructions(doc, sent_of[span.start], span, in_person, known, organisations, matches.get(span.start, {}))
            read.append((span, reader.readings()))
        # a "person" inside an organisation another reading found is part of its name: "Hyresgästföreningen region Norr"
        named = [r.organisation[1:] for _, readings in read for r in readings if r.organisation]
        read = [(span, rs) for span, rs in read if not any(a <= span.start_char and span.end_char <= b for a, b in named)]
        for span, readings in read:
            for reading in readings:
                if reading.title is None and reading.party is None:
                    continue
                organisation = reading.organisation
                party = reading.party
                if organisation is not None:
                    orgs.append(organisation)
                    party = party or swedish_party(organisation[0]) or _owning_party(organisation[0])
                start = min(span.start_char, doc[reading.start].idx)
                end = max(span.end_char, doc[reading.end - 1].idx + len(doc[reading.end - 1].text))
                assertion = RoleAssertion(
                    person=names[person_name(span)],
                    title=reading.title,
                    organisation=organisation[0] if organisation else None,
                    party=party,
                    start=start,
                    end=end,
                )
                roles.append((assertion, [rule for rule in (reading.rule, reading.organisation_rule) if rule]))
        merged = _merge_party_only(roles)
        doc._.role_data = [asdict(r) for r, _ in merged]
        doc._.role_rules = [rules for _, rules in merged]
        doc._.role_organisations = [list(o) for o in orgs]
        doc._.role_people = [[p.start, p.end] for p in people]
        doc._.role_sentences = [[s.start, s.end] for s in sents]
        doc._.role_known = list(known)
        return doc

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        write_names(path, ORGANISATIONS_FILE, self.gazetteer)

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> RoleExtractor:
        self.gazetteer = frozenset(read_names(path, ORGANISATIONS_FILE))
        return self


def _sentences_holding(sents: list[Span], people: list[Span]) -> list[Span]:
    """The sentences a person starts or ends in, in order."""
    edges = {p.start for p in people} | {p.end - 1 for p in people}
    return [s for s in sents if any(s.start <= i < s.end for i in edges)]


def _owning_party(organisation: str) -> str | None:
    """The party whose unit an organisation is: "Moderaternas valberedning" -> M."""
    first = organisation.split(" ")[0]
    return swedish_party(first[:-1]) if " " in organisation and first.endswith("s") else None


def _merge_party_only(roles: list[tuple[RoleAssertion, list[str]]]) -> list[tuple[RoleAssertion, list[str]]]:
    """A party read apart from the title ("Tomas Eneroth (S), riksdagsledamot") joins that person's titles."""
    titled = {r.person for r, _ in roles if r.title}
    party_of = {r.person: r.party for r, _ in roles if r.party}
    out: list[tuple[RoleAssertion, list[str]]] = []
    for r, rules in roles:
        if r.title is None and r.person in titled:
            continue
        if r.title and r.party is None and r.person in party_of:
            r.party = party_of[r.person]
        if all(r != kept for kept, _ in out):
            out.append((r, rules))
    return out


@Language.factory(COMPONENT, default_config={"disabled": []})
def make_role_extractor(nlp: Language, name: str, disabled: list[str]) -> RoleExtractor:
    """The role extractor; `disabled`: construction ids to skip (`[components.role_extractor] disabled = [...]`)."""
    return RoleExtractor(name, gazetteer_organisations(nlp), disabled, nlp.vocab)


def gazetteer_organisations(nlp: Language) -> frozenset[str]:
    """The organisation names the pipeline's entity rulers match as written ("Riksbanken", "Ikea")."""
    return frozenset(
        p["pattern"]
        for _, pipe in nlp.pipeline
        if isinstance(pipe, EntityRuler)
        for p in pipe.patterns
        if p["label"] in ORG_LABELS and isinstance(p["pattern"], str)
    )
