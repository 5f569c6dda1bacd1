"""Name keys, stable entity ids, genitives and the one form of a title in a role history.

An entity's id is derived from its kind and its folded name key, never from a
row number, so a rerun, a `--prune` or a rebuilt index gives every entity the
same id again.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.word_classes import carries_genitive_s, words
from pipeline.store import canonical_name, name_key  # noqa: F401  (re-exported: the one folding rule)
from pipeline.store.schema import ENTITY_KINDS

KIND_PREFIXES = {k.kind: k.prefix for k in ENTITY_KINDS}
LABEL_KINDS = {"PERSON": "person", "ORG": "organisation", "PLACE": "place"}
MIN_GENITIVE_BASE = 2  # "EU:s" -> "EU"; "Os" is no genitive of "O"


def entity_id(kind: str, key: str) -> str:
    """ "org:brottsforebyggande-radet": the kind and the folded name, punctuation runs as one hyphen."""
    slug = re.sub(r"[^\w]+", "-", key).strip("-") or "-"
    return f"{KIND_PREFIXES[kind]}:{slug}"


def kind_of(entity: str) -> str:
    """The kind an entity id names: "org:mtr" -> "organisation"."""
    prefix = entity.split(":", 1)[0]
    return next(kind for kind, p in KIND_PREFIXES.items() if p == prefix)


def genitive_base(name: str) -> str | None:
    """The name a genitive is formed from ("SKB:s" -> "SKB", "Botkyrkas" -> "Botkyrka"), or None.

    A word on -ss, -x or -z takes no genitive s ("Mars", "Fox"); whether the base is a
    real name is for the caller to judge.
    """
    if name.endswith(":s") and len(name) - 2 >= MIN_GENITIVE_BASE:
        return name[:-2]
    if carries_genitive_s(name) and len(name) - 1 >= MIN_GENITIVE_BASE:
        return name[:-1]
    return None


@lru_cache(maxsize=1)
def _dating_modifiers() -> tuple[tuple[str, ...], ...]:
    """Words that date a title without changing it ("nya", "förre"), as word tuples, longest first."""
    return tuple(sorted((tuple(m.split()) for m in words("dating_modifiers")), key=len, reverse=True))


@lru_cache(maxsize=20000)
def title_base(title: str | None, base: str | None = None) -> str | None:
    """One form per title of a role history: the title's base form, lower case, dating modifiers dropped.

    "Ordföranden" and "ordförande" -> "ordförande"; "nya förbundskaptenen" -> "förbundskapten".
    The base form is `base` when the run gave one (read with the model's lemmas), else
    pipeline.role_titles' reading of the title alone; a word it does not know stays as written.
    """
    from pipeline.role_titles import title_base as base_form  # loads the role lexicon: only when asked

    if not title:
        return title
    kept = (base or base_form(title)).lower().split()
    while modifier := next((m for m in _dating_modifiers() if tuple(kept[: len(m)]) == m and len(kept) > len(m)), None):
        kept = kept[len(modifier):]
    return " ".join(kept)
