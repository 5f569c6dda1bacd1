"""spaCy components that ship inside the sv_news model, and how to load it.

The components are registered through the `spacy_factories` entry point
(pyproject.toml), so `spacy.load` finds them wherever the package is installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from thinc.api import NumpyOps, set_current_ops

ABBREVIATIONS_FILE = "abbreviations.json"


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
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / ABBREVIATIONS_FILE, sorted(self.abbreviations))

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> PartyAbbreviationGuard:
        self.abbreviations = set(srsly.read_json(Path(path) / ABBREVIATIONS_FILE))
        return self


@Language.factory("party_abbreviation_guard")
def make_party_abbreviation_guard(nlp: Language, name: str) -> PartyAbbreviationGuard:
    return PartyAbbreviationGuard(name)


def load_model(path: Path) -> Language:
    """Load a pipeline for CPU inference with numpy's BLAS doing the matrix products.

    thinc multiplies through blis by default; on this project's machines
    numpy's OpenBLAS is about twice as fast for the same model. The ops are
    process-wide and must be set before the model's layers are built.
    """
    set_current_ops(NumpyOps(use_blis=False))
    return spacy.load(path)
