"""The role extractor's words: the word classes and lexicons under `pipeline/data/`, and what a word is.

Every Swedish word the rules use lives in a data file: the word classes (copulas, time words,
endings, ...) in `data/roles/word_classes.tsv`, read by `pipeline.word_classes`; titles and modifiers
in `role_lexicon.tsv` and `public_offices.tsv`; parties, organisations and public bodies in their
own tables. This module reads them once; the other modules ask it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from spacy.tokens import Token

from pipeline.config import DATA_DIR
from pipeline.word_classes import carries_genitive_s, word_classes, word_pairs, words

SOFT_HYPHEN = "\u00ad"  # typesetting hyphens left in web text
HEAD_MIN_PREFIX = 3  # a compound needs a real first part: "kommunikationsstrateg", not "område" on "råd"
MIN_TITLE_HEAD = 7  # a lexicon title this long is a compound head too; shorter ones end other words
CLUB_ABBREVIATION_LENGTH = range(2, 6)  # "HIF:aren", "AIK:arna"
# Words whose facts are kept once worked out: a news stream of a million words holds about this many.
WORD_CACHE_SIZE = 2**17
# The title tables, each word<TAB>kind[<TAB>...]: the occupation lists, the curated offices, and the
# titles Almedalen organisers write that both lack (scripts/build_almedalen_titles.py).
TITLE_TABLES = ("role_lexicon.tsv", "public_offices.tsv", "roles/almedalen_titles.tsv")
# The organisation tables, each name<TAB>kind[<TAB>...]: clubs and media compiled for the project, and
# the organisations Almedalen organisers write that the gazetteers lack (scripts/build_almedalen_tables.py).
ORGANISATION_TABLES = ("organisations.tsv", "roles/almedalen_organisations.tsv")


def _rows(name: str) -> list[list[str]]:
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


# The word classes by name, each a tuple in file order: WORDS.copulas -> ("är", "var", "blir", "blev").
WORDS = SimpleNamespace(**{name: words(name) for name in word_classes()})
FUNCTION_WORDS = frozenset(WORDS.determiners + WORDS.function_words)  # no title complement or organisation holds one
NAME_ADJECTIVE_ENDINGS = WORDS.adjective_endings + WORDS.name_adjective_endings
PLURAL_ENDINGS = word_pairs("plural_endings")  # ending -> the singular ending it replaces


@dataclass(frozen=True)
class Lexicon:
    titles: frozenset[str]  # whole words and phrases
    heads: frozenset[str]  # also matched as the last part of a compound
    modifiers: frozenset[str]
    non_roles: tuple[str, ...]  # words, and compound ends, that look like roles but are not
    party_forms: dict[str, str]  # name or abbreviation as written -> abbreviation
    party_words: dict[str, str]  # lower-case adjectives and member nouns -> abbreviation
    party_names: dict[str, str]  # abbreviation -> Swedish name
    org_after: frozenset[str]  # "kommun" in "Botkyrka kommun"
    org_units: tuple[str, ...]  # "kontoret", "polisen": a definite institution noun that can take a place
    org_not: frozenset[str]  # "måndagen": a definite noun after a preposition that is no organisation
    institutions: frozenset[str]
    public_bodies: dict[str, str]  # name -> ORG | PLACE
    named_organisations: frozenset[str]  # clubs, news media and other bodies, in the base form: "Djurgården", "Expressen"
    media: frozenset[str]  # the news media among them: "Aftonbladet", "Ekot"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    entries = [row[:2] for table in TITLE_TABLES for row in _rows(table)]
    titles = {w for w, kind in entries if kind in ("title", "head")}
    # heads, and longer single-word titles: "generalguvernör" on "guvernör"
    heads = {w for w, kind in entries if kind == "head" or kind == "title" and w.isalpha() and len(w) >= MIN_TITLE_HEAD}
    modifiers = {w for w, kind in entries if kind == "modifier"}
    party_forms, party_names = {}, {}
    for abbrev, name, forms in _rows("parties.tsv")[1:]:
        party_names[abbrev] = name
        for form in forms.split(";"):
            party_forms[form] = abbrev
    party_words = {w: a for w, a in _rows("party_words.tsv")[1:]}
    org_words = _rows("org_words.tsv")
    organisations = [row[:2] for table in ORGANISATION_TABLES for row in _rows(table)]
    return Lexicon(
        frozenset(titles),
        frozenset(heads),
        frozenset(modifiers),
        tuple(w for w, kind in entries if kind == "not"),
        party_forms,
        party_words,
        party_names,
        frozenset(w for w, kind in org_words if kind == "after"),
        tuple(w for w, kind in org_words if kind == "unit"),
        frozenset(w for w, kind in org_words if kind == "not"),
        frozenset(w for (w,) in _rows("institutions.txt")),
        {name: kind for name, kind in _rows("public_bodies.tsv")},
        frozenset(name for name, _ in organisations),
        frozenset(name for name, kind in organisations if kind == "medium"),
    )


def party_abbreviation(form: str | None) -> str | None:
    """The current abbreviation for a party name, abbreviation (any case) or party word; else as given."""
    if not form:
        return None
    lex = lexicon()
    for candidate in (form, form.upper(), form.capitalize()):
        if candidate in lex.party_forms:
            return lex.party_forms[candidate]
    return lex.party_words.get(form.lower(), form)


def swedish_party(form: str) -> str | None:
    """A Swedish party abbreviation if `form` names one, else None."""
    found = party_abbreviation(form)
    return found if found in lexicon().party_names else None


def base_forms(word: str) -> list[str]:
    """The word and its indefinite singular candidates: "chefen" -> chefen, chefe, chef, ...;
    "skådespelarna" -> ..., skådespelare."""
    forms = [word]
    for ending in WORDS.definite_endings:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            forms.append(word[: -len(ending)])
    for ending, singular in PLURAL_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            forms.append(word[: -len(ending)] + singular)
    return forms


def is_role_word(text: str) -> bool:
    """A title word: a lexicon word or a compound on a lexicon head, in any definite form."""
    return _role_word_kind(text) is not None


def is_compound_title(text: str) -> bool:
    """A title built on a head ("Säpochefen"): capitalised mid-sentence, still no name."""
    return _role_word_kind(text) == "compound"


def fused_prefix(text: str) -> str | None:
    """The part of a compound title before its lexicon head, as written: "Säpochefen" -> "Säpo"."""
    if _role_word_kind(text) != "compound":
        return None
    if is_club_member(text):
        return text.split(":")[0]
    for form in base_forms(text.lower()):
        start = _head_start(form)
        if start is not None:
            return text[:start]
    return None


def _head_start(form: str) -> int | None:
    """Where the longest lexicon head that ends `form` starts, after a first part of HEAD_MIN_PREFIX letters."""
    heads = lexicon().heads
    return next((k for k in range(HEAD_MIN_PREFIX, len(form) - 1) if form[k:] in heads), None)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _role_word_kind(text: str) -> str | None:
    """ "word" for a lexicon word, "compound" for a compound on a lexicon head, else None."""
    lex = lexicon()
    if is_club_member(text):
        return "compound"
    word = _strip_colon_ending(text.lower().replace(SOFT_HYPHEN, ""))  # "vd:n", "vd:s", "affärs\xadmannen"
    if "-" in word.strip("-"):  # "ECB-chefen", "SD-ledamoten": the part after the hyphen decides
        word = word.rsplit("-", 1)[1]
    if not word.isalpha():
        return None
    forms = base_forms(word)
    if any(form.endswith(lex.non_roles) for form in forms):
        return None
    if any(form in lex.titles for form in forms):
        return "word"
    if any(_head_start(form) is not None for form in forms) or any(_fellow_occupation(form) for form in forms):
        return "compound"
    return None


def _fellow_occupation(form: str) -> bool:
    """A relational noun on an occupation: "forskarkollega" (forskar(e) + kollega), not "partikollega"."""
    for head in WORDS.relational_heads:
        occupation = form[: -len(head)]
        if form.endswith(head) and len(occupation) >= HEAD_MIN_PREFIX:
            return any(_role_word_kind(occupation + linker) for linker in ("", *WORDS.occupation_linkers))
    return False


def names_body(word: str) -> bool:
    """A compound on a body noun is that body's name ("Arbeiderpartiet", "Nobelinstitutet"); the bare noun
    ("Partiet") points back to one."""
    low = word.lower()
    return any(low.endswith(head) and len(low) - len(head) >= HEAD_MIN_PREFIX for head in WORDS.body_heads)


def base_names(prefix: str) -> list[str]:
    """The names a prefix fused into a title may stand for: past a linking s and in definite form
    ("Riksbanks" -> Riksbank, Riksbanken, ...; "Djurgårds" -> Djurgården)."""
    stems = (prefix, prefix[:-1]) if prefix.endswith("s") else (prefix,)
    return [stem + ending for stem in stems for ending in WORDS.name_endings]


def appoints(t: Token) -> bool:
    """A form of a verb of appointing: "utsåg", "utsetts", "valdes", "omvald", "utnämndes", "nominerades"."""
    word = t.lower_
    return word.startswith(WORDS.appointing_stems) or any(
        word.startswith(prefix) and word[len(prefix) :].startswith(WORDS.appointing_stems) for prefix in WORDS.appointing_prefixes
    )


def names_work(title: str) -> bool:
    """A performer's or maker's title, whose hyphenated prefix names a work rather than an employer:
    "JR-skådespelaren", "James Bond-skådespelaren" (but "ECB-chefen", "HV71-målvakten")."""
    return any(form.endswith(WORDS.work_roles) for form in base_forms(title.rsplit("-", 1)[-1].lower()))


def is_unit(word: str) -> bool:
    """A noun naming an institution or a unit of one, definite or not: "tillståndsavdelning"."""
    units = lexicon().org_units
    return word.endswith(units) or word.endswith(tuple(base_forms(u)[1] for u in units if len(base_forms(u)) > 1))


def base_name(genitive: str, known: set[str]) -> str:
    """ "Kungsvåningens" -> "Kungsvåningen", "SKB:s" -> "SKB": the genitive s stripped.

    A name the gazetteers or the clubs list hold as written ends on its own s and takes no other
    ("Brynäs målvakt", "räddningschef i Borås"); a base form the document, the gazetteers or the
    parties know is taken as is; otherwise the s is stripped unless the word cannot carry a
    genitive s ("Mars", "Fox").
    """
    if genitive.endswith(":s"):
        return genitive[:-2]
    if genitive in lexicon().public_bodies or genitive in lexicon().named_organisations:
        return genitive
    base = genitive[:-1] if genitive.endswith("s") else genitive
    if base in known or swedish_party(base) or carries_genitive_s(genitive):
        return base
    return genitive


def normalise_organisation(name: str) -> str:
    """ "polisen i Malmö" -> "Polisen i Malmö": national bodies named by a common noun get a capital."""
    if name.split(" ")[0] in lexicon().institutions:
        return name[0].upper() + name[1:]
    return name


def is_club_member(text: str) -> bool:
    """A club's abbreviation and ":are", a player of it: "HIF:aren", "AIK:arna"."""
    club, colon, ending = text.partition(":")
    return bool(colon) and len(club) in CLUB_ABBREVIATION_LENGTH and club.isalpha() and club.isupper() and ending in WORDS.club_member_endings


def _strip_colon_ending(word: str) -> str:
    """ "vd:n" -> "vd", "vd:s" -> "vd": an abbreviation's inflection after a colon."""
    return next((word[: -len(e)] for e in WORDS.colon_endings if word.endswith(e)), word)
