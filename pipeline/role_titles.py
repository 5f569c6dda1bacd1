"""A role title's base form ("huvudtränaren" -> "huvudtränare"), for sheets that group by title.

Only the title's last word inflects ("biträdande rektorn" -> "biträdande rektor"). Its
base form is the model's lemma when the role lexicon lists that lemma, else the lexicon
word it inflects, whole ("oppositionsrådet" -> oppositionsråd) or as a compound head
("huvudtränaren" -> huvud + tränare): the word less a short ending, or a word of the
same Snowball stem ("lärarna" -> lärare). A word neither knows stays as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from os.path import commonprefix

from spacy.tokens import Doc

from pipeline.records import Person, RoleAssertion
from pipeline.roles.words import HEAD_MIN_PREFIX, lexicon
from pipeline.stemming import stem

MAX_ENDING = 4  # Swedish inflectional endings: -n, -en, -et, -na, -er, -or, -arna, -erna


def with_title_bases(doc: Doc, people: Iterable[Person]) -> list[Person]:
    """The people with `title_base` filled in every titled role, read from the lemmas of its evidence."""
    return [replace(person, roles=[_with_title_base(doc, role) for role in person.roles]) for person in people]


def _with_title_base(doc: Doc, role: RoleAssertion) -> RoleAssertion:
    if not role.title:
        return role
    evidence = doc.char_span(role.start, role.end, alignment_mode="expand")
    lemmas = {t.lower_: t.lemma_.lower() for t in evidence} if evidence is not None else {}
    return replace(role, title_base=title_base(role.title, lemmas))


def title_base(title: str, lemmas: dict[str, str] | None = None) -> str:
    """The title with its last word in base form; `lemmas` maps words of the text to the model's lemmas."""
    head, space, last = title.rpartition(" ")
    # "ECB-chefen": the part after the hyphen inflects; "vd:n": the part before the colon is the base form.
    prefix, hyphen, word = last.rpartition("-")
    word = word.split(":")[0] if ":" in word else word
    if not word:
        return title
    return f"{head}{space}{prefix}{hyphen}{_base_word(word, (lemmas or {}).get(word.lower()))}"


def _base_word(word: str, lemma: str | None) -> str:
    lex = lexicon()
    if lemma and lemma in lex.titles:
        return lemma
    whole = _lexicon_form(word.lower(), lex.titles, _titles_by_stem())
    if whole:
        return whole
    for start in range(HEAD_MIN_PREFIX, len(word) - 1):  # the longest compound head first
        head = _lexicon_form(word[start:].lower(), lex.heads, _heads_by_stem())
        if head:
            return word[:start] + head
    return word


def _lexicon_form(word: str, words: frozenset[str], by_stem: dict[str, list[str]]) -> str | None:
    """The lexicon word `word` inflects: the longest one it starts with, less an ending of up to
    MAX_ENDING letters ("rektorn" -> rektor), else one of the same Snowball stem ("lärarna" -> lärare)."""
    for length in range(len(word), max(len(word) - MAX_ENDING, 1) - 1, -1):
        if word[:length] in words:
            return word[:length]
    same_stem = by_stem.get(stem(word))
    return _closest(word, same_stem) if same_stem else None


def _closest(word: str, candidates: list[str]) -> str:
    """The lexicon word sharing most letters with `word` from the start, then the shortest."""
    return min(candidates, key=lambda c: (-len(commonprefix([word, c])), len(c), c))


@lru_cache(maxsize=1)
def _titles_by_stem() -> dict[str, list[str]]:
    return _by_stem(lexicon().titles)


@lru_cache(maxsize=1)
def _heads_by_stem() -> dict[str, list[str]]:
    return _by_stem(lexicon().heads)


def _by_stem(words: Iterable[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for word in words:
        if word.isalpha():
            grouped.setdefault(stem(word), []).append(word)
    return grouped
