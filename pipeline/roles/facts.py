"""Token facts as spaCy extensions (`token._.role_*`): the construction patterns
(`data/roles/constructions.jsonl`) and the readers read them.

Facts of the document, written once per document (`annotate`) for the sentences that hold a person:
- `role_in_person`, `role_person_start`, `role_person_end`: inside, first and last word of a person;
- `role_party`: the party a word names ("socialdemokraten", "S-politikern", "Folkpartiets"), else "";
- `role_known_organisation`: a name the gazetteers know as an organisation.

Facts of the word alone, read when asked (cached by word):
- `role_word`: a word that can end a title ("vd", "Säpochefen", "ordförande" in "vice ordförande");
- `role_class`: the word classes (`data/roles/word_classes.tsv`) the lower-case word belongs to;
- `role_genitive`, `role_definite`: a genitive ("Tuiflys", "SKB:s"), a definite noun form.

`role_word` and membership of word classes are also lexeme flags (`word_flag`), as spaCy keeps
`is_stop`: worked out once per word the vocabulary meets, and read by the matcher without a call
into Python per token.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from pipeline.roles.tokens import definiteness, is_genitive
from pipeline.roles.words import WORD_CACHE_SIZE, base_name, is_role_word, lexicon, swedish_party
from pipeline.word_classes import word_classes, words

# name -> the value of a token the fact does not hold for; only other values are written
DOCUMENT_FACTS: dict[str, object] = {
    "role_in_person": False,
    "role_person_start": False,
    "role_person_end": False,
    "role_party": "",
    "role_known_organisation": False,
}


@lru_cache(maxsize=1)
def classes_of() -> dict[str, tuple[str, ...]]:
    """Lower-case word -> the names of the word classes that list it."""
    classes: dict[str, list[str]] = defaultdict(list)
    for name, rows in word_classes().items():
        for word, _ in rows:
            if name not in classes[word]:
                classes[word].append(name)
    return {word: tuple(names) for word, names in classes.items()}


@lru_cache(maxsize=1)
def _title_ends() -> frozenset[str]:
    """The last words of the lexicon's title phrases ("vice ordförande" -> "ordförande")."""
    return frozenset(title.rsplit(" ", 1)[1] for title in lexicon().titles if " " in title)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _ends_title(text: str) -> bool:
    return is_role_word(text) or text.lower() in _title_ends()


WORD_FACTS = {
    "role_word": lambda t: _ends_title(t.text),
    "role_class": lambda t: classes_of().get(t.lower_, ()),
    "role_genitive": is_genitive,
    "role_definite": definiteness,
}

# spaCy leaves the lexeme flags FLAG19 to FLAG63 to users; these ids are the word facts' own.
FIRST_FLAG, LAST_FLAG = 40, 63


def word_flag(vocab: Vocab, fact: str, classes: tuple[str, ...] = ()) -> int:
    """The id of a lexeme flag for `role_word` or for membership of any of `classes` ("role_class"),
    set on every lexeme of `vocab` and on every lexeme it makes from now on; set once per vocabulary."""
    getter = _ends_title if fact == "role_word" else InClasses(frozenset(w for c in classes for w in words(c)))
    for flag_id in range(FIRST_FLAG, LAST_FLAG + 1):
        if vocab.lex_attr_getters.get(flag_id) == getter:
            return flag_id
        if flag_id not in vocab.lex_attr_getters:
            return vocab.add_flag(getter, flag_id=flag_id)
    raise ValueError(f"more than {LAST_FLAG - FIRST_FLAG + 1} word facts as lexeme flags")


@dataclass(frozen=True)
class InClasses:
    """A lexeme flag's getter: the lower-case word is one of `members` (equal by value, and picklable with the
    vocabulary for `nlp.pipe(n_process=...)`)."""

    members: frozenset[str]

    def __call__(self, text: str) -> bool:
        return text.lower() in self.members


for _name, _default in DOCUMENT_FACTS.items():
    if not Token.has_extension(_name):
        Token.set_extension(_name, default=_default)
for _name, _getter in WORD_FACTS.items():
    if not Token.has_extension(_name):
        Token.set_extension(_name, getter=_getter)


def annotate(doc: Doc, people: Iterable[Span], sentences: Iterable[Span], known: set[str], organisations: frozenset[str]) -> None:
    """Writes the document's facts of every token in `sentences` (and the person facts of `people`)."""
    for person in people:
        person[0]._.role_person_start = True
        person[-1]._.role_person_end = True
        for t in person:
            t._.role_in_person = True
    party_words = lexicon().party_words
    for sent in sentences:
        for t in sent:
            text = t.text
            if (t.lower_ in party_words or "-" in text or text.endswith("s")) and (party := named_party(t, known)):
                t._.role_party = party
            if text in organisations:
                t._.role_known_organisation = True


def named_party(t: Token, known: set[str]) -> str | None:
    """The party a word names: a party word ("socialdemokraten"), a prefix ("S-politikern"), a genitive
    ("Folkpartiets")."""
    party = lexicon().party_words.get(t.lower_)
    if party is None and "-" in t.text:
        party = swedish_party(t.text.split("-")[0])
    if party is None and is_genitive(t):
        party = swedish_party(base_name(t.text, known))
    return party
