"""spaCy components that ship inside the sv_news model, and how to load it.

The components are registered through the `spacy_factories` entry point
(pyproject.toml), so `spacy.load` finds them wherever the package is installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import numpy
import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.vectors import Mode, Vectors
from thinc.api import NumpyOps, set_current_ops

from pipeline.word_classes import is_definite_form_of, words

ABBREVIATIONS_FILE = "abbreviations.json"
# Words whose floret vector a loaded model keeps: 100 floats each, 20 MB in all.
CACHED_WORD_VECTORS = 50_000
GIVEN_NAMES_FILE = "given_names.json"
# Entity labels the NER gives unfamiliar full names instead of PER.
RELABELLED_AS_PERSON = {"ORG", "LOC", "MISC"}


def write_names(path: Path, file: str, names: Iterable[str]) -> None:
    """What a component that knows a set of names saves in its folder: the names, sorted, as JSON."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    srsly.write_json(path / file, sorted(names))


def read_names(path: Path, file: str) -> set[str]:
    return set(srsly.read_json(Path(path) / file))


class PartyAbbreviationGuard:
    """Drops entities that are a party abbreviation in brackets, as in "Stina Lundgren (M)".

    The bracketed letter marks a politician's party; role extraction reads it
    as such, and it must never surface as an organisation or other entity.
    """

    def __init__(self, name: str, abbreviations: Iterable[str] = ()):
        self.name = name
        self.abbreviations = set(abbreviations)

    def initialize(self, get_examples=None, *, nlp: Language | None = None, abbreviations: Iterable[str] = ()) -> None:
        self.abbreviations = set(abbreviations)

    def is_bracketed_abbreviation(self, ent: Span) -> bool:
        doc = ent.doc
        return (
            ent.text in self.abbreviations
            and ent.start > 0
            and ent.end < len(doc)
            and doc[ent.start - 1].text == "("
            and doc[ent.end].text == ")"
        )

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = [ent for ent in doc.ents if not self.is_bracketed_abbreviation(ent)]
        return doc

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        write_names(path, ABBREVIATIONS_FILE, self.abbreviations)

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> PartyAbbreviationGuard:
        self.abbreviations = read_names(path, ABBREVIATIONS_FILE)
        return self


@Language.factory("party_abbreviation_guard")
def make_party_abbreviation_guard(nlp: Language, name: str) -> PartyAbbreviationGuard:
    return PartyAbbreviationGuard(name)


class GivenNamePersons:
    """Mends the people the NER gets partly right, with the given names the training data knows:

    - a two- or three-word title-case ORG/LOC/MISC entity whose first word is a given name becomes PER;
    - a known given name and a title-case word after it that the NER left out become PER;
    - a PER the NER began late takes the given name right before it ("Gunhild" Westman);
    - a person the NER split at a middle initial ("Carl-Johan" F. "Lind") becomes one;
    - a one-word PER that is a definite common noun becomes ORG ("Kungsvåningen beslutade").

    The NER, trained on a few thousand news sentences, often labels unfamiliar
    full names ("Hillary Clinton", "Bruce Springsteen") ORG or MISC; a first
    word known as a given name is the stronger evidence. The names come from the
    training part of the NER corpus, a curated list and SCB's name statistics
    (training/gazetteer_patterns.py).
    """

    def __init__(self, name: str, given_names: Iterable[str] = ()):
        self.name = name
        self.given_names = set(given_names)

    def initialize(self, get_examples=None, *, nlp: Language | None = None, given_names: Iterable[str] = ()) -> None:
        self.given_names = set(given_names)

    def is_person(self, ent: Span) -> bool:
        return (
            ent.label_ in RELABELLED_AS_PERSON
            and 2 <= len(ent) <= 3
            and ent[0].text in self.given_names
            and all(token.text.istitle() for token in ent)
        )

    def __call__(self, doc: Doc) -> Doc:
        ents = [Span(doc, e.start, e.end, label="PER") if self.is_person(e) else e for e in doc.ents]
        ents = [Span(doc, e.start, e.end, label="ORG") if names_body(e) else e for e in ents]
        doc.ents = join_at_initials(self.with_given_names(sorted(ents + self.unlabelled_names(doc, ents))))
        return doc

    def is_given_name(self, token: Token) -> bool:
        """A name the component knows, a proper noun that does not end as a definite noun ("Socialdemokraten",
        which a tagger may call a proper noun, names a party member), or capitalised parts joined by hyphens
        ("K-G", which the tagger may call a common noun)."""
        parts = token.text.split("-")
        shaped = all(part.istitle() and part.isalpha() for part in parts)
        proper_noun = token.pos_ == "PROPN" and not token.text.endswith(words("definite_noun_endings"))
        return shaped and (token.text in self.given_names or proper_noun or len(parts) > 1)

    def with_given_names(self, ents: list[Span]) -> list[Span]:
        """A PER the NER began late takes the given name outside any entity right before it, with a middle
        initial between if there is one: "Gunhild" Westman, "Per-Olof" Strand, "Carl-Johan F." Lind."""
        taken = {i for e in ents for i in range(e.start, e.end)}
        out = []
        for ent in ents:
            start = ent.start
            if ent.label_ == "PER" and start > 0 and start - 1 not in taken and is_middle_initial(ent.doc[start - 1].text):
                start -= 1
            if ent.label_ == "PER" and start > 0 and start - 1 not in taken and self.is_given_name(ent.doc[start - 1]):
                out.append(Span(ent.doc, start - 1, ent.end, label="PER"))
            else:
                out.append(ent)
        return out

    def unlabelled_names(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A known given name and a title-case word after it, neither in an entity, that the NER left out
        ("Bradley Wiggins, den förste brittiske cyklist")."""
        taken = {i for e in ents for i in range(e.start, e.end)}
        names = []
        for i in range(len(doc) - 1):
            if (
                doc[i].text in self.given_names
                and doc[i + 1].text.istitle()
                and doc[i + 1].is_alpha
                and not {i, i + 1} & taken
            ):
                names.append(Span(doc, i, i + 2, label="PER"))
                taken.update((i, i + 1))
        return names

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        write_names(path, GIVEN_NAMES_FILE, self.given_names)

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> GivenNamePersons:
        self.given_names = read_names(path, GIVEN_NAMES_FILE)
        return self


def names_body(ent: Span) -> bool:
    """A one-word PER that the tagger and the lemmatizer both read as a definite common noun names a body,
    not a person: "Kungsvåningen beslutade" (lemma "Kungsvåning"), "Länstyrelsen". The tagger alone also
    calls unfamiliar surnames definite nouns ("Jacobsen", lemma "Jacobsen"; "Berggren", lemma "berggr").
    A definite noun in the genitive names a body on the tagger's word alone ("Cullbergbalettens konstnärliga
    ledare", whatever its lemma): of the one-word names on -ens or -ets in the NER's training text, 3 of 49
    are people."""
    word = ent[0]
    if not (ent.label_ == "PER" and len(ent) == 1 and word.pos_ == "NOUN" and "Def" in word.morph.get("Definite")):
        return False
    return is_definite_form_of(word.text, word.lemma_) or word.text.endswith(words("definite_genitive_endings"))


def is_middle_initial(text: str) -> bool:
    """One capital, with or without its full stop: "F.", "M"."""
    return len(text.rstrip(".")) == 1 and text[0].isupper() and len(text) <= 2


def join_at_initials(ents: list[Span]) -> list[Span]:
    """PER, a middle initial outside any entity, PER -> one PER: the NER, trained mostly on names
    without initials, may stop at "F." in "Carl-Johan F. Lind" and start again after it."""
    out: list[Span] = []
    for ent in ents:
        last = out[-1] if out else None
        if (
            last is not None
            and last.label_ == ent.label_ == "PER"
            and ent.start == last.end + 1
            and is_middle_initial(ent.doc[last.end].text)
        ):
            out[-1] = Span(ent.doc, last.start, ent.end, label="PER")
        else:
            out.append(ent)
    return out


@Language.factory("given_name_persons")
def make_given_name_persons(nlp: Language, name: str) -> GivenNamePersons:
    return GivenNamePersons(name)


class PlaceLedNames:
    """Relabels as LOC a PER or ORG entity that reads as a place, and keeps a place to its name.

    - A name whose first word the same document names as a place on its own:
      the NER reads two title-case words as a full name ("Fittja Centrum",
      "Fittja Light"), but a place is no given name; and one word ("välkomna
      till Fittja") is the place the document names, unless it is the surname
      of a full name there ("Anna Berg ... Berg").
    - A person of one or two words right after "i" ("i São Paulo"): in the NER's
      training text 448 of the 509 entities after "i" are places and most of
      the 12 people are genitives ("i Carrs bok"), which keep their label.
    - An organisation of one title-case word right after "i" ("i Fittja"), unless
      it ends as a definite noun, as a body's name does ("i Socialdemokraterna",
      "i EU-parlamentet"): of the one-word names after "i" in the NER's training
      text, 388 are places and 14 organisations. Its other one-word mentions in
      the document are the same place ("Fittja presenterades").
    """

    def __init__(self, name: str):
        self.name = name

    def is_place(self, ent: Span, places: set[str], surnames: set[str]) -> bool:
        if ent.label_ == "ORG":
            return len(ent) == 1 and (ent.text in places or is_place_after_in(ent))
        if ent.label_ != "PER":
            return False
        return len(ent) <= 2 and after_in(ent) or ent[0].text in places and (len(ent) > 1 or ent.text not in surnames)

    def __call__(self, doc: Doc) -> Doc:
        places = {ent.text for ent in doc.ents if len(ent) == 1 and (ent.label_ == "LOC" or is_place_after_in(ent))}
        surnames = {ent[-1].text for ent in doc.ents if ent.label_ == "PER" and len(ent) > 1}
        ents = [Span(doc, ent.start, ent.end, label="LOC") if self.is_place(ent, places, surnames) else ent for ent in doc.ents]
        doc.ents = [without_leading_adjectives(ent) for ent in ents]
        return doc


def without_leading_adjectives(ent: Span) -> Span:
    """A place without the lower-case adjectives before its name: "nordvästra Stockholm" is Stockholm, the
    name a reader looks up and a translator keeps; "nordvästra" is translated. (klintan's annotation takes
    the direction in, "södra Sverige", in 17 of its 73 longer places.)"""
    if ent.label_ != "LOC":
        return ent
    start = ent.start
    while start < ent.end - 1 and ent.doc[start].is_lower and ent.doc[start].pos_ == "ADJ":
        start += 1
    return ent if start == ent.start else Span(ent.doc, start, ent.end, label="LOC")


def is_place_after_in(ent: Span) -> bool:
    """One title-case ORG word after "i" that does not end as a definite noun: "i Fittja", not "i Moderaterna"."""
    return (
        ent.label_ == "ORG"
        and len(ent) == 1
        and after_in(ent)
        and ent.text.istitle()
        and not ent.text.endswith(words("definite_noun_endings"))
    )


def after_in(ent: Span) -> bool:
    """Right after "i" and no genitive ("i Carrs bok" names a person's book)."""
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ == "i" and not ent[-1].text.endswith("s")


@Language.factory("place_led_names")
def make_place_led_names(nlp: Language, name: str) -> PlaceLedNames:
    return PlaceLedNames(name)


class CachedFloretVectors(Vectors):
    """A floret table that computes each word's vector once per process.

    floret builds a word's vector from the rows of its hashed character n-grams,
    and spaCy does so again for every token of every batch: a twentieth of the
    whole pipeline's time. A word's vector depends on the word alone, so the
    first one computed is kept and every later batch reads the same numbers from
    the kept table. It holds up to `capacity` words; a batch whose new words do
    not fit empties it and starts it afresh, so a long run's memory stays bounded
    and its frequent words are soon kept again.
    """

    def __init__(self, table: Vectors, capacity: int = CACHED_WORD_VECTORS):
        super().__init__(
            strings=table.strings, data=table.data, name=table.name, mode=Mode.floret, minn=table.minn,
            maxn=table.maxn, hash_count=table.hash_count, hash_seed=table.hash_seed, bow=table.bow,
            eow=table.eow, attr=table.attr,
        )
        self.kept_rows: dict[int, int] = {}
        self.kept = numpy.zeros((capacity, table.data.shape[1]), dtype=table.data.dtype)

    def get_batch(self, keys) -> numpy.ndarray:
        keys = [int(key) for key in keys]
        if not any(keys):  # only empty strings: spaCy's own answer
            return super().get_batch(keys)
        new = list({key for key in keys if key not in self.kept_rows})
        if len(self.kept_rows) + len(new) > len(self.kept):
            self.kept_rows.clear()
            new = list(set(keys))
            if len(new) > len(self.kept):
                return super().get_batch(keys)
        if new:
            start = len(self.kept_rows)
            self.kept[start : start + len(new)] = super().get_batch(new)
            self.kept_rows.update((key, start + i) for i, key in enumerate(new))
        return self.kept[[self.kept_rows[key] for key in keys]]


def load_model(path: Path) -> Language:
    """Load a pipeline for CPU inference with numpy's BLAS doing the matrix products and a floret table
    that keeps the word vectors it computed (`CachedFloretVectors`).

    thinc multiplies through blis by default; on this project's machines
    numpy's OpenBLAS is about twice as fast for the same model. The ops are
    process-wide and must be set before the model's layers are built.
    """
    set_current_ops(NumpyOps(use_blis=False))
    nlp = spacy.load(path)
    if isinstance(nlp.vocab.vectors, Vectors) and nlp.vocab.vectors.mode == Mode.floret:
        nlp.vocab.vectors = CachedFloretVectors(nlp.vocab.vectors)
    return nlp
