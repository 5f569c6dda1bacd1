"""Load the shipped Swedish spaCy pipeline and read entities and roles from it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import model_components, roles
from pipeline.records import Analysis, Entity

# The one place where model labels meet the output contract.
LABEL_MAP = {
    "PER": "PERSON",
    "PRS": "PERSON",
    "PERSON": "PERSON",
    "ORG": "ORG",
    "LOC": "PLACE",
    "GPE": "PLACE",
    "PLACE": "PLACE",
    "MISC": "MISC",
}


class ModelNotInstalled(RuntimeError):
    """No trained Swedish pipeline at the configured path."""


@lru_cache(maxsize=2)
def load(path: Path) -> Language:
    """Load the pipeline once per process; a model saved without the role extractor (a fold's) gets one last."""
    if not (Path(path) / "config.cfg").is_file():
        raise ModelNotInstalled(f"no Swedish spaCy model installed at {path} (run `make model`)")
    nlp = model_components.load_model(path)
    if roles.COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(roles.COMPONENT, last=True)
    return nlp


def model_name(nlp: Language) -> str:
    """"sv_news 0.1.0": the package name spaCy would give the model, and its version."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')} {nlp.meta.get('version', '')}".strip()


def entities(doc: Doc) -> list[Entity]:
    return [
        Entity(ent.text, LABEL_MAP.get(ent.label_, ent.label_), ent.start_char, ent.end_char)
        for ent in doc.ents
    ]


def analyse(doc: Doc, model: str) -> Analysis:
    found = entities(doc)
    people, organisations, places = roles.summarise(doc, found)
    return Analysis(entities=found, people=people, organisations=organisations, places=places, model=model)


def analyse_texts(nlp: Language, texts: Iterable[str], batch_size: int = 64, n_process: int = 1) -> Iterator[Analysis]:
    name = model_name(nlp)
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        yield analyse(doc, name)
