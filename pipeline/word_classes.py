"""The Swedish word classes the role extractor, the role scorer and the translator share.

They live in one data file, `data/roles/word_classes.tsv` (class<TAB>word[<TAB>value]), read here
without spaCy so that any stage can ask for them.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from pipeline.config import DATA_DIR

WORD_CLASSES = DATA_DIR / "roles" / "word_classes.tsv"


@lru_cache(maxsize=1)
def word_classes() -> dict[str, tuple[tuple[str, str], ...]]:
    """Class name -> its (word, value) rows in file order; the value is empty where a class has none."""
    classes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with open(WORD_CLASSES, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, word, *value = line.rstrip("\n").split("\t")
                classes[name].append((word, value[0] if value else ""))
    return {name: tuple(rows) for name, rows in classes.items()}


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """The words of a class, in file order (endings are tried in that order); built once per class, as
    per-token tests (`carries_genitive_s`) ask for them."""
    return tuple(word for word, _ in word_classes()[name])


def word_pairs(name: str) -> tuple[tuple[str, str], ...]:
    """The (word, value) rows of a class: plural ending -> singular ending, modifier -> translation."""
    return word_classes()[name]


def carries_genitive_s(word: str) -> bool:
    """The word ends in a genitive s ("Volvos", "Lindströms"); not "Cross", whose base takes none."""
    return word.endswith("s") and not word[:-1].endswith(words("no_genitive_s_endings"))


def is_definite_form_of(word: str, lemma: str) -> bool:
    """The word is its lemma plus a definite ending ("forskaren" of "forskar", "Kungsvåningen" of
    "Kungsvåning"), whatever a morphologizer says of it."""
    return word.startswith(lemma) and word[len(lemma):] in words("definite_endings")
