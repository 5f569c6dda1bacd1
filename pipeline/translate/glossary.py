"""The curated sv->en glossary of role titles, read before any backend is asked."""

from __future__ import annotations

import csv
import functools

from pipeline.config import DATA_DIR
from pipeline.word_classes import word_pairs, words

GLOSSARY_PATH = DATA_DIR / "role_glossary_sv_en.csv"

# Modifiers that translate the same in front of any title, and the inflected endings of titles:
# word classes shared with the role extractor (pipeline/data/roles/word_classes.tsv).
_TITLE_PREFIXES = {f"{sv} ": f"{en} " for sv, en in word_pairs("modifier_translations")}
_INFLECTED_ENDINGS = words("inflected_title_endings")


@functools.lru_cache(maxsize=1)
def glossary() -> dict[str, str]:
    """The curated sv->en role-title glossary (lower-case Swedish -> English)."""
    with GLOSSARY_PATH.open(encoding="utf-8", newline="") as handle:
        return {row["sv"].lower(): row["en"] for row in csv.DictReader(handle)}


def glossary_title(title: str) -> str | None:
    """English for a role title from the glossary: as written, then without a known modifier
    in front, then in its indefinite form ("generaldirektören" -> "generaldirektör")."""
    words = glossary()
    key = " ".join(title.lower().split())
    for prefix, english in _TITLE_PREFIXES.items():
        if key.startswith(prefix):
            rest = glossary_title(key[len(prefix) :])
            return english + rest if rest else None
    if key in words:
        return words[key]
    for ending in _INFLECTED_ENDINGS:
        if key.endswith(ending) and key[: -len(ending)] in words:
            return words[key[: -len(ending)]]
    return None
