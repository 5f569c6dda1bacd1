"""Token facts the role rules read: sentence bounds, capitals, names, genitives, definiteness, adjectives.

Facts are read from the tagger's features where it gives them, and from the word's shape
(the endings in the word classes) where it does not.
"""

from __future__ import annotations

import re

from spacy.attrs import IS_LOWER, IS_SPACE, ORTH, SPACY
from spacy.tokens import Doc, Span, Token

from pipeline.roles.words import (
    FUNCTION_WORDS,
    PLURAL_ENDINGS,
    WORDS,
    is_compound_title,
    is_role_word,
    is_unit,
    lexicon,
    swedish_party,
)
from pipeline.word_classes import carries_genitive_s, is_definite_form_of

PERSON_LABELS = {"PER", "PRS", "PERSON"}
ORG_LABELS = {"ORG"}
PLACE_LABELS = {"LOC", "GPE", "PLACE"}
MAX_TITLE_GAP = 4  # words between "," and a title before the name ("Den tidigare ägaren, Ken Bates")
SENTENCE_ENDS = {".", "!", "?", "…", "..."}
SENTENCE_OPENERS = {"–", "-", "”", '"', "»"}  # a capital after these starts a sentence or a quote
CLAUSE_STARTS = SENTENCE_ENDS | {":", "•", "·"}  # "skedde det: Påven Benedictus XVI", "• Cyklisten Mark Cavendish"


def token_texts(doc: Doc, attr: int = ORTH) -> list[str]:
    """Every token's text (or lower-case form with LOWER), read from spaCy's arrays: a scan over the whole
    document builds no Token objects, which cost more than the rules that read them."""
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array(attr).tolist()]


def doc_text(doc: Doc) -> str:
    """The document's text as `doc.text` gives it, built from the arrays rather than from Token objects."""
    return "".join(text + " " if space else text for text, space in zip(token_texts(doc), doc.to_array(SPACY).tolist()))


def sentences(doc: Doc, texts: list[str] | None = None) -> list[Span]:
    """Sentences by punctuation and line breaks: the rules need reliable bounds more than the parser's.
    `texts`: the tokens' texts where the caller has them (`token_texts`)."""
    out, start = [], 0
    is_space, is_lower = doc.to_array(IS_SPACE).tolist(), doc.to_array(IS_LOWER).tolist()
    for i, text in enumerate(texts or token_texts(doc)):
        if i > start and (text in SENTENCE_ENDS or is_space[i] and "\n" in text):
            if i + 1 == len(doc) or not is_lower[i + 1]:
                out.append(doc[start : i + 1])
                start = i + 1
    if start < len(doc):
        out.append(doc[start:])
    return out


def starts_sentence(t: Token) -> bool:
    """First word of a sentence or quote, where a capital says nothing about names."""
    i = t.i - 1
    while i >= 0 and t.doc[i].text in SENTENCE_OPENERS:
        i -= 1
    return i < 0 or t.doc[i].text in CLAUSE_STARTS or t.doc[i].is_space


def capitalised(t: Token) -> bool:
    return t.text[:1].isupper()


def name_part(t: Token) -> bool:
    """Capitalised, or a lower-case particle joined to a capitalised part: "al-Maleh", "el-Aziz"."""
    return capitalised(t) or "-" in t.text and t.text.rsplit("-", 1)[1][:1].isupper()


def is_name_like(t: Token) -> bool:
    """A word that can be (part of) a proper name here: capitalised mid-sentence, PROPN, or NER-tagged."""
    if t.is_punct or t.like_num:
        return False
    if t.ent_type_ and t.ent_type_ not in PERSON_LABELS:
        return True
    if t.pos_ == "PROPN":
        return True
    return capitalised(t) and not starts_sentence(t)


def is_definite_noun(t: Token) -> bool:
    if t.is_punct or capitalised(t) or not t.is_alpha or t.lower_ in FUNCTION_WORDS or t.pos_ not in ("NOUN", "PROPN", "X", ""):
        return False
    tagged = tagged_definite(t)
    if tagged is not None:
        return tagged
    return t.text.endswith(WORDS.definite_noun_endings) and not t.text.endswith(WORDS.indefinite_noun_suffixes) and len(t.text) > 4


def tagged_definite(t: Token) -> bool | None:
    """The morphologizer's definiteness, None where it gives none; a word that is its lemma plus a definite
    ending is definite whatever it says (a morphologizer called "forskaren", lemma "forskar", indefinite)."""
    definite = t.morph.get("Definite")
    if not definite:
        return None
    return "Def" in definite or is_definite_form_of(t.text, t.lemma_)


def is_genitive(t: Token) -> bool:
    """ "Tuiflys", "F-Secures", "SKB:s"."""
    text = t.text
    if text.endswith(":s"):
        return len(text) > 2
    return len(text) > 2 and carries_genitive_s(text) and (t.is_alpha or "-" in text)


def lone_organisation_word(doc: Doc, i: int) -> bool:
    """A capitalised word mid-sentence that the NER alone calls an organisation, all by itself."""
    t = doc[i]
    alone = t.ent_iob_ == "B" and (i + 1 == len(doc) or doc[i + 1].ent_iob_ != "I")
    return t.ent_type_ in ORG_LABELS and alone and t.is_alpha and capitalised(t) and not starts_sentence(t)


def in_apposition(title: Token) -> bool:
    """A title after a comma, as in "Björn Johansson, kommunpolis Botkyrka": what follows it is its organisation."""
    doc, k = title.doc, title.i - 1
    while k >= 0 and title.i - k <= MAX_TITLE_GAP and doc[k].is_lower and not doc[k].is_punct:
        k -= 1
    return k >= 0 and doc[k].text == ","


def is_finite_verb(t: Token) -> bool:
    return t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm")


def is_initial(t: Token) -> bool:
    """A middle initial: "M", "B." (spaCy keeps the full stop on a single capital)."""
    return t.text[:1].isupper() and t.text[1:] in ("", ".")


def starts_noun_phrase(t: Token) -> bool:
    """A noun, or an adjective before one: what a genitive name governs ("Williams närvaro"), unlike a verb
    the tagger calls an adjective ("Abbas betonade under")."""
    if t.pos_ == "NOUN":
        return True
    after = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return t.pos_ == "ADJ" and after is not None and after.pos_ in ("NOUN", "ADJ")


def may_be_title(t: Token) -> bool:
    """A title word where it stands: lower-case, or capitalised by the sentence or a prefix ("SD-ledamoten")."""
    return is_role_word(t.text) and (not capitalised(t) or starts_sentence(t) or "-" in t.text or is_compound_title(t.text))


def continues_name(t: Token) -> bool:
    return (
        t.text.replace("-", "").replace("'", "").isalpha()  # "Per-Erik", "O'Shannessy"
        and name_part(t)  # "al-Maleh"
        and not starts_sentence(t)
        and t.ent_type_ not in ORG_LABELS
        and not (t.ent_type_ in PERSON_LABELS and t.ent_iob_ == "B")
    )


def inside_organisation(t: Token) -> bool:
    """A word inside an ORG entity the NER started earlier ("Stockholms exploateringskontor")."""
    return t.ent_iob_ == "I" and t.ent_type_ in ORG_LABELS and t.is_alpha


def ends_organisation_name(t: Token) -> bool:
    """A lower-case noun that continues a name into an organisation's: "Botkyrka kommun", "Svenska
    ostkustfiskarnas centralförbund", "Stockholms exploateringskontor" (a compound on a name-ending or unit noun)."""
    word = t.lower_
    return t.is_lower and t.is_alpha and (word.endswith(tuple(lexicon().org_after)) or is_unit(word))


def is_adjective(t: Token) -> bool:
    """ADJ, or an adjective-shaped word the tagger called a noun or verb ("rättspolitiske"); never a word
    without letters ("—", which a tagger that never saw the dash may call an adjective)."""
    if t.pos_ == "ADJ":
        return any(c.isalpha() for c in t.text)
    hyphened = "-" in t.text and t.text.replace("-", "").isalpha()  # "ekonomisk-politiske", often tagged ADV
    nationality = t.lower_.endswith(WORDS.nationality_endings)  # "norske", which the tagger may call an adverb
    return (
        (t.pos_ in ("NOUN", "VERB", "X", "") or (hyphened or nationality) and t.pos_ == "ADV")
        and "Fin" not in t.morph.get("VerbForm")
        and len(t.text) >= 6
        and (t.is_alpha or hyphened)
        and (t.lower_.endswith(WORDS.adjective_endings) or nationality)
        and not is_role_word(t.text)
    )


def is_plural(t: Token) -> bool:
    """A plural noun: the tagger's feature, or a plural definite ending ("demokratiaktivisterna")."""
    number = t.morph.get("Number")
    if number:
        return "Plur" in number
    return t.lower_.endswith(tuple(ending for ending, _ in PLURAL_ENDINGS))


def definiteness(t: Token) -> bool:
    """Is a noun definite? The tagger's feature (`tagged_definite`), or the definite ending where it gives none."""
    tagged = tagged_definite(t)
    return tagged if tagged is not None else t.lower_.endswith(WORDS.definiteness_endings)


def is_genitive_common(t: Token, any_case: bool = False) -> bool:
    """ "klubbens", "programmets": a definite common noun in the genitive."""
    if "Def" in t.morph.get("Definite") and "Gen" in t.morph.get("Case"):
        return any_case or not capitalised(t)
    return (any_case or not capitalised(t)) and t.is_alpha and t.text.endswith(WORDS.definite_genitive_endings) and len(t.text) > 5


def join_tokens(tokens: list[Token]) -> str:
    """Tokens as written, so "trygghets- och" keeps its hyphen attached."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text if _contiguous(tokens) else " ".join(t.text for t in tokens)


def _contiguous(tokens: list[Token]) -> bool:
    return all(b.i == a.i + 1 for a, b in zip(tokens, tokens[1:], strict=False))



def is_truncated(t: Token) -> bool:
    """The first part of a compound cut at a hyphen in a coordination: "trygghets-" in "trygghets- och"."""
    return re.fullmatch(r"\w+-", t.text) is not None


def party_marker(doc: Doc, i: int, bound: int | None = None) -> tuple[str | None, int]:
    """ "(S)", "(m)" at token i, as three tokens closing before `bound` or as one -> (abbreviation, index after it)."""
    limit = len(doc) if bound is None else min(bound, len(doc))
    if i + 2 < limit and doc[i].text == "(" and doc[i + 2].text == ")":
        party = swedish_party(doc[i + 1].text)
        if party:
            return party, i + 3
    if i < len(doc) and re.fullmatch(r"\(\w{1,3}\)", doc[i].text):
        party = swedish_party(doc[i].text[1:-1])
        if party:
            return party, i + 1
    return None, i
