"""Person-role-organisation-party extraction, as a spaCy component.

The component reads the tokens around every person the NER found, in the Swedish
constructions news uses to say who holds which role where:

- apposition after the name: "Alvaro Fuentes, bosocial strateg Botkyrkabyggen",
  "Kevin Smithen, analytiker på Macquarie Securities";
- title before the name, with a genitive organisation: "Tuiflys vd Alexander Huber",
  or after a comma: "Den tidigare ägaren, Ken Bates";
- party markers: "Tomas Eneroth (S)", "Nackas moderata kommunalråd Erik Langby";
- copular and "som" forms: "Mikael Ohlsson är koncernchef för Ikea",
  "Kent Persson tillträdde som partisekreterare", "Andersson, som ... har varit reservmålvakt",
  "Xi väntas bli Kinas näste president";
- coordinated and fused titles: "psykiatern och författaren C G Jung", "Syrianskamålvakten" (Syrianska).

Titles are recognised by a lexicon (JobTech/SSYK occupation words and curated
offices, matched whole or on compound heads) rather than by the NER, which is weak
on organisations; the NER, the tags and the gazetteers decide what an organisation is.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import asdict, dataclass, replace
from functools import cached_property, lru_cache
from typing import Callable

from spacy.lang.sv.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span, Token

from pipeline.config import DATA_DIR
from pipeline.records import Entity, NamedCount, Person, RoleAssertion

COMPONENT = "role_extractor"
PERSON_LABELS = {"PER", "PRS", "PERSON"}
ORG_LABELS = {"ORG"}
PLACE_LABELS = {"LOC", "GPE", "PLACE"}

# The component stores plain data (it survives `nlp.pipe(n_process=...)`, which msgpacks
# user data); `doc._.roles` reads it back as RoleAssertion records.
if not Doc.has_extension("role_data"):
    Doc.set_extension("role_data", default=None)
if not Doc.has_extension("roles"):
    Doc.set_extension("roles", getter=lambda doc: [RoleAssertion(**d) for d in doc._.role_data or []])
if not Doc.has_extension("role_organisations"):
    # Organisation mentions the rules found: [normalised name, start_char, end_char], NER or not.
    Doc.set_extension("role_organisations", default=None)
# What the rules worked out that `summarise` needs too: person spans and sentences as [start, end]
# token offsets, and the names the document vouches for.
for _name in ("role_people", "role_sentences", "role_known"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

ORG_PREPOSITIONS = {"på", "vid", "för", "hos", "inom", "i"}
# Titles that take their organisation after "av" ("grundare av Sendly"); after others "av" names a work
# ("regissör av filmen"), which is no organisation.
FOUNDER_TITLES = ("grundare", "grundaren", "ägare", "ägaren")
COMPLEMENT_PREPOSITIONS = {"i", "för", "på", "inom", "om", "med"}
COPULAS = {"är", "var", "blir", "blev"}
PERFECT_COPULAS = {"varit", "blivit"}  # after "har"/"hade", or alone ("har Jacobsen blivit")
INFINITIVE_COPULAS = {"vara", "bli"}  # after a finite verb: "väntas bli", "ska bli", "kommer att bli"
MAX_RELATIVE_WORDS = 12  # "som fyller 40 år i december och har varit reservmålvakt"
DETERMINERS = {"den", "det", "de", "en", "ett"}
# "en av mina favoritformgivare": one of a group of someone's that the title names. "en av de mest kända
# kungarna" and "en av världens bästa" rank rather than name a role, and give no title.
PARTITIVE_POSSESSIVES = {"mina", "dina", "sina", "hans", "hennes", "deras", "våra", "era"}
# Words no title complement or organisation contains, for when the tagger is unsure.
FUNCTION_WORDS = DETERMINERS | {"och", "eller", "samt", "som", "att", "inte", "sin", "sitt", "sina", "hans", "hennes", "deras"}
# Words that may stand between a name and "vid/på ORG" ("Monica Rosén, också hon vid ...").
INSERTED_WORDS = {"också", "även", "hon", "han", "själv", "numera", "nu", "sedan"}
DEFINITE_ENDINGS = ("nen", "en", "et", "na", "n", "t")
# Plural endings and the singular ending each replaces: "skådespelarna" -> skådespelare, "kandidater" -> kandidat,
# "aktivisterna" -> aktivist, "ministrarna" -> minister, "sångerskorna" -> sångerska.
PLURAL_ENDINGS = (("rarna", "er"), ("rna", "re"), ("erna", ""), ("arna", ""), ("orna", "a"), ("er", ""), ("or", "a"))
ADJECTIVE_ENDINGS = ("iske", "iska", "iga", "ige", "ella", "elle", "ande", "ende", "ade", "ig", "isk", "al", "är")
# Performers and makers: a name hyphened to one of these titles is a work ("JR-skådespelaren").
WORK_ROLES = (
    "skådespelare", "skådespelerska", "författare", "regissör", "sångare", "sångerska", "artist", "musiker", "kompositör",
    "programledare", "komiker", "dansare", "rappare",
)
APPOINTING_VERBS = r"(om)?(utse|utså|utnämn|välj|vald|valt|nominer)"  # stems: "X valdes till ordförande"
# Verbs of saying that stand right before "title Name" and that a weak tagger may call adjectives.
SPEECH_VERBS = {"sade", "sa", "säger", "skriver", "uppger", "menar", "anser", "berättar", "förklarar", "konstaterar"}
# Short time phrases between a copula and its predicative: "är sedan 2010 vd", "blev i går utsedd".
TIME_PREPOSITIONS = {"sedan", "i", "från", "under"}
TIME_WORDS = {
    "går", "dag", "fjol", "fjor", "år", "våras", "höstas", "somras", "vintras", "länge", "tidigare",
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december",
}
NEGATIONS = {"inte", "ej", "icke", "aldrig"}
# Nouns after a genitive that say on whose behalf, not which unit: "på Volvos vägnar", "från Saabs sida".
ON_BEHALF = {"vägnar", "räkning", "skull", "sida", "del", "begäran", "uppdrag"}
# Body nouns that a prefix makes a name of: "Arbeiderpartiet", "EU-kommissionen", "Karolinska institutet".
BODY_HEADS = ("partiet", "förbundet", "kommissionen", "institutet", "akademien", "departementet", "ministeriet")
# Common nouns for a body that point back to one already named: "Bolagets finanschef", "Klubbens ordförande".
GENERIC_BODIES = {
    "bolaget", "företaget", "koncernen", "klubben", "laget", "föreningen", "förbundet", "partiet", "kommunen",
    "regionen", "myndigheten", "banken", "skolan", "tidningen", "organisationen", "styrelsen", "landet", "staden",
    "programmet",
}
# "Om Erik Holm väljs till ordförande": an appointment that may not happen names no role.
CONDITIONALS = {"om", "ifall"}
# Ordinals that make "som X" a place in an order, not a role: "var för långsam som sista ryttare".
RANKS = {"första", "förste", "sista", "siste", "tredje", "fjärde", "femte", "ende", "enda"}
# What a genitive never stands before: a name ending in s before a verb or a conjunction is no genitive.
UNGOVERNED = {"VERB", "AUX", "ADP", "CCONJ", "SCONJ"}
# A club's abbreviation and ":are", a player of it: "HIF:aren", "AIK:arna".
CLUB_MEMBER = r"[A-ZÅÄÖ]{2,5}:are(n|na)?"
SOFT_HYPHEN = "\u00ad"  # typesetting hyphens left in web text
MAX_NAME_WORDS = 4
NAME_PARTICLES = {"von", "van", "af", "de", "der", "den", "la", "le", "al", "bin", "ibn", "di", "da"}
HEAD_MIN_PREFIX = 3  # a compound needs a real first part: "kommunikationsstrateg", not "område" on "råd"
MIN_TITLE_HEAD = 7  # a lexicon title this long is a compound head too; shorter ones ("bud", "arkare") end other words
MEDIA_ENDINGS = ("tidning", "tidningen", "tidningar", "posten", "kuriren", "dagblad", "allehanda", "bladet", "radio")
MAX_TITLE_GAP = 4  # words between "," and a title before the name ("Den tidigare ägaren, Ken Bates")


# --- data tables -------------------------------------------------------------------------------


def _rows(name: str) -> list[list[str]]:
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


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
    named_organisations: frozenset[str]  # clubs and news media, in the base form: "Djurgården", "Expressen"
    media: frozenset[str]  # the news media among them: "Aftonbladet", "Ekot"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    entries = _rows("role_lexicon.tsv") + _rows("public_offices.tsv")
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
        frozenset(name for name, _ in _rows("organisations.tsv")),
        frozenset(name for name, kind in _rows("organisations.tsv") if kind == "medium"),
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


def _party(form: str) -> str | None:
    """A Swedish party abbreviation if `form` names one, else None."""
    found = party_abbreviation(form)
    return found if found in lexicon().party_names else None


def _base_forms(word: str) -> list[str]:
    """The word and its indefinite singular candidates: "chefen" -> chefen, chefe, chef, ...;
    "skådespelarna" -> ..., skådespelare."""
    forms = [word]
    for ending in DEFINITE_ENDINGS:
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
    if re.fullmatch(CLUB_MEMBER, text):
        return text.split(":")[0]
    for form in _base_forms(text.lower()):
        start = _head_start(form)
        if start is not None:
            return text[:start]
    return None


def _head_start(form: str) -> int | None:
    """Where the longest lexicon head that ends `form` starts, after a first part of HEAD_MIN_PREFIX letters."""
    heads = lexicon().heads
    return next((k for k in range(HEAD_MIN_PREFIX, len(form) - 1) if form[k:] in heads), None)


@lru_cache(maxsize=20000)
def _role_word_kind(text: str) -> str | None:
    """ "word" for a lexicon word, "compound" for a compound on a lexicon head, else None."""
    lex = lexicon()
    if re.fullmatch(CLUB_MEMBER, text):
        return "compound"
    word = re.sub(r":(e?n|s)$", "", text.lower().replace(SOFT_HYPHEN, ""))  # "vd:n", "vd:s", "affärs\xadmannen"
    if "-" in word.strip("-"):  # "ECB-chefen", "SD-ledamoten": the part after the hyphen decides
        word = word.rsplit("-", 1)[1]
    if not word.isalpha():
        return None
    forms = _base_forms(word)
    if any(form.endswith(lex.non_roles) for form in forms):
        return None
    if any(form in lex.titles for form in forms):
        return "word"
    if any(_head_start(form) is not None for form in forms):
        return "compound"
    return None


# --- token helpers -----------------------------------------------------------------------------


SENTENCE_ENDS = {".", "!", "?", "…", "..."}
SENTENCE_OPENERS = {"–", "-", "”", '"', "»"}  # a capital after these starts a sentence or a quote
CLAUSE_STARTS = SENTENCE_ENDS | {":", "•", "·"}  # "skedde det: Påven Benedictus XVI", "• Cyklisten Mark Cavendish"
# Degree adverbs that grade an adjective inside a title: "en mycket bra författare", "hittills enda".
DEGREE_ADVERBS = {
    "mycket", "väldigt", "riktigt", "oerhört", "extremt", "ytterst", "synnerligen", "särskilt", "allra", "mest", "hittills",
}


def sentences(doc: Doc) -> list[Span]:
    """Sentences by punctuation and line breaks: the rules need reliable bounds more than the parser's."""
    out, start = [], 0
    for t in doc:
        if t.i > start and (t.text in SENTENCE_ENDS or "\n" in t.whitespace_ or t.is_space and "\n" in t.text):
            if t.i + 1 == len(doc) or not doc[t.i + 1].is_lower:
                out.append(doc[start : t.i + 1])
                start = t.i + 1
    if start < len(doc):
        out.append(doc[start:])
    return out


def _starts_sentence(t: Token) -> bool:
    """First word of a sentence or quote, where a capital says nothing about names."""
    i = t.i - 1
    while i >= 0 and t.doc[i].text in SENTENCE_OPENERS:
        i -= 1
    return i < 0 or t.doc[i].text in CLAUSE_STARTS or "\n" in t.doc[i].whitespace_ or t.doc[i].is_space


def _capitalised(t: Token) -> bool:
    return t.text[:1].isupper()


def _name_part(t: Token) -> bool:
    """Capitalised, or a lower-case particle joined to a capitalised part: "al-Maleh", "el-Aziz"."""
    return _capitalised(t) or "-" in t.text and t.text.rsplit("-", 1)[1][:1].isupper()


def _is_name_like(t: Token) -> bool:
    """A word that can be (part of) a proper name here: capitalised mid-sentence, PROPN, or NER-tagged."""
    if t.is_punct or t.like_num:
        return False
    if t.ent_type_ and t.ent_type_ not in PERSON_LABELS:
        return True
    if t.pos_ == "PROPN":
        return True
    return _capitalised(t) and not _starts_sentence(t)


def _is_definite_noun(t: Token) -> bool:
    if t.is_punct or _capitalised(t) or not t.is_alpha or t.lower_ in FUNCTION_WORDS or t.pos_ not in ("NOUN", "PROPN", "X", ""):
        return False
    definite = t.morph.get("Definite")
    if definite:
        return "Def" in definite
    return t.text.endswith(("en", "et", "na")) and not t.text.endswith("het") and len(t.text) > 4


def _is_genitive(t: Token) -> bool:
    """ "Tuiflys", "F-Secures", "SKB:s"."""
    text = t.text
    if text.endswith(":s"):
        return len(text) > 2
    return len(text) > 2 and text.endswith("s") and not text.endswith("ss") and (t.is_alpha or "-" in text)


# --- the extractor -----------------------------------------------------------------------------


@dataclass
class Reading:
    """A title phrase read from the text, with what it says about organisation and party."""

    start: int  # token offsets of the whole reading (title, organisation, markers)
    end: int
    title: str | None
    organisation: tuple[str, int, int] | None = None  # name, start_char, end_char
    party: str | None = None


class RoleExtractor:
    """Writes `doc._.roles`: a list of RoleAssertion read from the tokens around each person."""

    def __init__(self, organisations: frozenset[str] = frozenset()) -> None:
        # names known to be organisations beyond the shipped tables: the pipeline's organisation gazetteer
        self.organisations = organisations | lexicon().named_organisations

    def __call__(self, doc: Doc) -> Doc:
        people = person_spans(doc)
        names = resolve_names([person_name(p) for p in people])
        known = known_names(doc)
        in_person = {t.i for p in people for t in p}
        roles: list[RoleAssertion] = []
        orgs: list[tuple[str, int, int]] = []
        sents = sentences(doc)
        read = []
        for span in people:
            sent = next(s for s in sents if s.start <= span.start < s.end)
            read.append((span, _Reader(doc, sent, span, in_person, known, self.organisations).readings()))
        # a "person" inside an organisation another reading found is part of its name: "Hyresgästföreningen region Norr"
        named = [r.organisation[1:] for _, readings in read for r in readings if r.organisation]
        read = [(span, rs) for span, rs in read if not any(a <= span.start_char and span.end_char <= b for a, b in named)]
        for span, readings in read:
            for reading in readings:
                if reading.title is None and reading.party is None:
                    continue
                organisation = reading.organisation
                party = reading.party
                if organisation is not None:
                    orgs.append(organisation)
                    party = party or _party(organisation[0]) or _owning_party(organisation[0])
                start = min(span.start_char, doc[reading.start].idx)
                end = max(span.end_char, doc[reading.end - 1].idx + len(doc[reading.end - 1].text))
                roles.append(
                    RoleAssertion(
                        person=names[person_name(span)],
                        title=reading.title,
                        organisation=organisation[0] if organisation else None,
                        party=party,
                        start=start,
                        end=end,
                    )
                )
        doc._.role_data = [asdict(r) for r in _merge_party_only(roles)]
        doc._.role_organisations = [list(o) for o in orgs]
        doc._.role_people = [[p.start, p.end] for p in people]
        doc._.role_sentences = [[s.start, s.end] for s in sents]
        doc._.role_known = list(known)
        return doc


def _owning_party(organisation: str) -> str | None:
    """The party whose unit an organisation is: "Moderaternas valberedning" -> M."""
    first = organisation.split(" ")[0]
    return _party(first[:-1]) if " " in organisation and first.endswith("s") else None


def _merge_party_only(roles: list[RoleAssertion]) -> list[RoleAssertion]:
    """A party read apart from the title ("Tomas Eneroth (S), riksdagsledamot") joins that person's titles."""
    titled = {r.person for r in roles if r.title}
    party_of = {r.person: r.party for r in roles if r.party}
    out = []
    for r in roles:
        if r.title is None and r.person in titled:
            continue
        if r.title and r.party is None and r.person in party_of:
            r.party = party_of[r.person]
        if r not in out:
            out.append(r)
    return out


def person_spans(doc: Doc) -> list[Span]:
    """PERSON entities, trimmed of title words and lower-case words the NER swallowed."""
    spans = []
    for ent in doc.ents:
        if ent.label_ not in PERSON_LABELS:
            continue
        start, end = ent.start, ent.end
        while start < end and (not _capitalised(doc[start]) or is_role_word(doc[start].text) or doc[start].is_punct):
            start += 1
        if end - start >= 3 and _names_owner(doc[start]):
            start += 1  # "Folkpartiets Jan Björklund" taken as one name
        while end > start and (doc[end - 1].is_punct or not _name_part(doc[end - 1])):
            end -= 1
        if start < end and _is_initial(doc[start]) and start > 0 and _continues_name(doc[start - 1]):
            start -= 1  # "Ylva" + "M Andersson": the NER began at the middle initial
        while end < len(doc) and end - start < MAX_NAME_WORDS:  # "Torbjörn" + "Klingvall": the NER stopped early
            if _continues_name(doc[end]):
                end += 1
            elif (joined := _past_particles(doc, end)) > end:
                end = joined + 1  # "Casper von Koskull", "Jan van der Meer"
            else:
                break
        if start < end and not _names_organisation(doc[start:end]) and not _owns_title(doc[start:end]):
            spans.append(doc[start:end])
    taken = {t.i for s in spans for t in s}
    for t in doc:
        if t.i + 1 < len(doc) and t.i not in taken and t.i + 1 not in taken and _may_be_title(t):
            name = _name_after_title(t, taken)
            if name is not None:
                spans.append(name)  # "kammaråklagare Thomas Hertz" with the NER calling "Thomas" a place
    for t in doc:
        if t.text == "," and t.i + 1 < len(doc) and _title_follows(doc, _past_age(doc, t.i + 1)):
            end = t.i
            if end >= 3 and doc[end - 1].text == ")" and doc[end - 3].text == "(" and _party(doc[end - 2].text):
                end -= 3  # "Anneli Hulthén (S), kommunstyrelsens ordförande"
            start = end
            while start > 0 and end - start < 5 and doc[start - 1].text.replace("-", "").isalpha() and (
                _name_part(doc[start - 1]) or doc[start - 1].lower_ in NAME_PARTICLES and start - 1 > 0
            ):
                if _capitalised(doc[start - 1]) and doc[start - 1].lower_ in STOP_WORDS:
                    break  # "Enligt Sten Tolgfors, försvarsminister": a capital the sentence gave a preposition
                start -= 1
            while start < end and not _capitalised(doc[start]):
                start += 1  # a name starts with a capital: not "la Fuente"
            name = doc[start:end]
            relative = doc[t.i + 1].lower_ == "som" and len(name) == 1 and name[0].pos_ == "PROPN"  # "Hamrén, som är"
            if (2 <= len(name) <= 5 or relative) and not any(x.i in taken or x.ent_type_ in ORG_LABELS for x in name) and not _names_organisation(name):
                spans.append(name)  # "Ulf Sempert, chef för polisen i Malmö" with no PER from the NER
                taken |= {x.i for x in name}
    for t in doc:
        if t.text == "(" and t.i + 2 < len(doc) and doc[t.i + 2].text == ")" and _party(doc[t.i + 1].text):
            name = _name_before_party_marker(doc, t.i, taken)
            if name is not None:
                spans.append(name)  # "Ilmar Reepalu (S)" with the NER calling the name an organisation
                taken |= {x.i for x in name}
    spans = [s for s in spans if not any(o.start <= s.start and s.end <= o.end and len(o) > len(s) for o in spans)]
    return sorted(spans, key=lambda s: s.start)


def _names_owner(t: Token) -> bool:
    """A genitive of a party, a public body or a known organisation: "Folkpartiets", "Nackas", "Volvos"."""
    if not _is_genitive(t):
        return False
    lex = lexicon()
    base = base_name(t.text, set())
    return _party(base) is not None or base in lex.public_bodies or base in lex.named_organisations


def _name_before_party_marker(doc: Doc, bracket: int, taken: set[int]) -> Span | None:
    """Two or three capitalised words right before "(S)": a politician, whatever the NER called them, unless
    they name a party, a public body or an organisation the tables know."""
    start = bracket
    while start > 0 and bracket - start < 3 and doc[start - 1].is_alpha and _capitalised(doc[start - 1]):
        if doc[start - 1].lower_ in STOP_WORDS or doc[start - 1].i in taken or is_role_word(doc[start - 1].text):
            break
        start -= 1
    name = doc[start:bracket]
    if len(name) < 2 or any(x.i in taken for x in name) or _names_organisation(name) or _party(name.text):
        return None
    if name.text in lexicon().named_organisations or name.text in lexicon().public_bodies:
        return None
    return name


def _past_particles(doc: Doc, i: int) -> int:
    """Past a run of name particles at i to the capitalised part they join ("van der" Meer, "bin" Salman), or i."""
    j = i
    while j < len(doc) and doc[j].lower_ in NAME_PARTICLES and j - i < 3:
        j += 1
    joined = j > i and j < len(doc) and _capitalised(doc[j]) and doc[j].is_alpha and doc[j].ent_type_ not in ORG_LABELS
    return j if joined else i


def _name_after_title(title: Token, taken: set[int]) -> Span | None:
    """The name a title stands before where the NER found no person there: "kammaråklagare Thomas Hertz"
    (a place to the NER), "President Muhammad Mursi" (one organisation to it, title included), or one
    word that names no place or organisation the tables know ("prinsessan Estelle", "säkerhetsvakten Goran")."""
    doc = title.doc
    swallowed = title.ent_type_ in ORG_LABELS and title.ent_iob_ == "B"
    # "drottning Margrethe II", "profeten Muhammed": the NER calls the name alone an organisation
    lone_organisation = title.i + 1 < len(doc) and _lone_organisation_word(doc, title.i + 1) and not _in_apposition(title)
    end = title.i + 1 + lone_organisation
    while end < len(doc) and end - title.i - 1 < MAX_NAME_WORDS and end not in taken:
        t = doc[end]
        inside_title_org = swallowed and t.ent_iob_ == "I" and t.text.isalpha() and _capitalised(t)
        surname = end > title.i + 1 and _lone_organisation_word(doc, end)  # "Mi" + "Sundquist" the NER calls an organisation
        if end > title.i + 1 and (joined := _past_particles(doc, end)) > end:
            end = joined + 1  # "Abdulaziz bin Salman"
            continue
        if not (_continues_name(t) or inside_title_org or surname):
            break
        end += 1
    if end == title.i + 2 and end < len(doc) and doc[end].ent_type_ in PERSON_LABELS and doc[end].ent_iob_ == "B":
        end = next((e.end for e in doc.ents if e.start == end), end)  # "Per" + "Sandström": the NER split the name
    name = doc[title.i + 1 : end]
    if not name or _names_organisation(name):
        return None
    if len(name) >= 2:
        return name
    lex = lexicon()
    word = name[0].text
    known = {word, base_name(word, set())}
    return None if known & (lex.public_bodies.keys() | lex.named_organisations) else name


def _names_body(word: str) -> bool:
    """A compound on a body noun is that body's name ("Arbeiderpartiet", "Nobelinstitutet"); the bare noun
    ("Partiet") points back to one."""
    low = word.lower()
    return any(low.endswith(head) and len(low) - len(head) >= HEAD_MIN_PREFIX for head in BODY_HEADS)


def _base_names(prefix: str) -> list[str]:
    """The names a prefix fused into a title may stand for: past a linking s and in definite form
    ("Riksbanks" -> Riksbank, Riksbanken, ...; "Djurgårds" -> Djurgården)."""
    stems = (prefix, prefix[:-1]) if prefix.endswith("s") else (prefix,)
    return [stem + ending for stem in stems for ending in ("", "en", "n", "et")]


def _lone_organisation_word(doc: Doc, i: int) -> bool:
    """A capitalised word mid-sentence that the NER alone calls an organisation, all by itself."""
    t = doc[i]
    alone = t.ent_iob_ == "B" and (i + 1 == len(doc) or doc[i + 1].ent_iob_ != "I")
    return t.ent_type_ in ORG_LABELS and alone and t.is_alpha and _capitalised(t) and not _starts_sentence(t)


def _in_apposition(title: Token) -> bool:
    """A title after a comma, as in "Björn Johansson, kommunpolis Botkyrka": what follows it is its organisation."""
    doc, k = title.doc, title.i - 1
    while k >= 0 and title.i - k <= MAX_TITLE_GAP and doc[k].is_lower and not doc[k].is_punct:
        k -= 1
    return k >= 0 and doc[k].text == ","


def _is_finite_verb(t: Token) -> bool:
    return t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm")


def _is_initial(t: Token) -> bool:
    """A middle initial: "M", "B." (spaCy keeps the full stop on a single capital)."""
    return re.fullmatch(r"[A-ZÅÄÖ]\.?", t.text) is not None


def _owns_title(span: Span) -> bool:
    """A one-word genitive "person" before a title and a name owns the title: "Evertons försvarare Seamus
    Coleman", "F-Secures forskningsledare Mikko Hyppönen" name a club and a company the NER took for people.
    Not where the document names the same one as a person elsewhere ("Erikssons agent ... för Eriksson")."""
    doc, end = span.doc, span.end
    base = base_name(span.text, set())
    lex = lexicon()
    while end + 2 < len(doc) and (doc[end].lower_ in lex.party_words or doc[end].lower_ in lex.modifiers):
        end += 1  # "Nackas moderata kommunalråd Erik Langby"
    return (
        (len(span) == 1 or len(span) == 2 and span[0].text.isupper())  # "IFK Göteborgs mittback"
        and _is_genitive(span[-1])
        and end + 1 < len(doc)
        and _may_be_title(doc[end])
        and _capitalised(doc[end + 1])
        and not _starts_sentence(doc[end + 1])
        and not any(e.label_ in PERSON_LABELS and e[-1].text == base for e in doc.ents)
    )


def _past_age(doc: Doc, i: int) -> int:
    """Past an age in an apposition: "Anna Ek, 52, kommunalråd", "Per Ek, 61 år, kommunalråd"."""
    if i < len(doc) and doc[i].like_num:
        j = i + 1 + (i + 1 < len(doc) and doc[i + 1].lower_ == "år")
        if j < len(doc) and doc[j].text == ",":
            return j + 1
    return i


def _title_follows(doc: Doc, i: int) -> bool:
    """A lower-case title within a few words from i, with no punctuation before it; a word more after
    "som" ("som numera är expertkommentator")."""
    for t in doc[i : i + 3 + (doc[i].lower_ == "som")]:
        if t.is_punct:
            return False
        if t.is_lower and is_role_word(t.text):
            return True
    return False


def person_name(span: Span) -> str:
    """The name without a genitive s: "nye förbundskaptenen Torbjörn Klingvalls [ansats]" -> "Torbjörn Klingvall"."""
    last = span[-1]
    after = span.doc[span.end] if span.end < len(span.doc) else None
    governs = (  # "Rudy Salles har besökt", "Scott Kouns sade"
        after is not None and not after.is_punct and after.pos_ not in UNGOVERNED and after.lower_ not in SPEECH_VERBS
    )
    genitive = governs and ("Gen" in last.morph.get("Case") or after.is_lower and _starts_noun_phrase(after))
    if genitive and last.text.endswith("s") and not last.text.endswith("ss") and len(last.text) > 3:
        return span.text[:-1]
    return span.text


def _starts_noun_phrase(t: Token) -> bool:
    """A noun, or an adjective before one: what a genitive name governs ("Williams närvaro"), unlike a verb
    the tagger calls an adjective ("Abbas betonade under")."""
    if t.pos_ == "NOUN":
        return True
    after = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return t.pos_ == "ADJ" and after is not None and after.pos_ in ("NOUN", "ADJ")


def _may_be_title(t: Token) -> bool:
    """A title word where it stands: lower-case, or capitalised by the sentence or a prefix ("SD-ledamoten")."""
    return is_role_word(t.text) and (not _capitalised(t) or _starts_sentence(t) or "-" in t.text or is_compound_title(t.text))


def _continues_name(t: Token) -> bool:
    return (
        t.text.replace("-", "").replace("'", "").isalpha()  # "Per-Erik", "O'Shannessy"
        and _name_part(t)  # "al-Maleh"
        and not _starts_sentence(t)
        and t.ent_type_ not in ORG_LABELS
        and not (t.ent_type_ in PERSON_LABELS and t.ent_iob_ == "B")
    )


def _names_organisation(span: Span) -> bool:
    """A "person" the NER got wrong: "Trafikförvaltningen Region Stockholm" holds organisation words."""
    lex = lexicon()
    if any(t.lower_ in lex.org_after or t.lower_.endswith(lex.org_units) for t in span):
        return True
    return any(lex.public_bodies.get(span[i:j].text) == "ORG" for i in range(len(span)) for j in range(i + 1, len(span) + 1))


def resolve_names(names: list[str]) -> dict[str, str]:
    """Each name as written -> the fullest name in the document it refers to.

    "Fuentes" -> "Alvaro Fuentes" when exactly one fuller name ends with it; a genitive
    ("Lindströms") resolves like its base form ("Lindström").
    """
    full = {n for n in names if " " in n}
    out = {}
    for name in names:
        out[name] = name
        for candidate in (name, name[:-1]) if name.endswith("s") else (name,):
            if candidate in full:
                out[name] = candidate
                break
            longer = {f for f in full if f.endswith(" " + candidate)}
            if len(longer) == 1:
                out[name] = longer.pop()
                break
    return out


def known_names(doc: Doc) -> set[str]:
    """Names the document itself vouches for: NER entities and capitalised words, for genitive stripping."""
    known = {e.text for e in doc.ents} | {t.text for t in doc if _capitalised(t) and not _starts_sentence(t)}
    return known | set(lexicon().public_bodies)


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
    if base in known or _party(base) or not genitive.endswith(("ss", "x", "z")):
        return base
    return genitive


def normalise_organisation(name: str) -> str:
    """ "polisen i Malmö" -> "Polisen i Malmö": national bodies named by a common noun get a capital."""
    if name.split(" ")[0] in lexicon().institutions:
        return name[0].upper() + name[1:]
    return name


class _Reader:
    """Reads the role constructions around one person mention."""

    def __init__(
        self, doc: Doc, sent: Span, person: Span, in_person: set[int], known: set[str], organisations: frozenset[str]
    ) -> None:
        self.doc = doc
        self.organisations = organisations
        self.person = person
        self.sent = sent
        self.in_person = in_person
        self.known = known
        self.lex = lexicon()

    # -- the constructions

    def readings(self) -> list[Reading]:
        out = []
        before = (
            self.title_before()
            or self.title_before_comma()
            or self.title_and_organisation_before()
            or self.plural_title_before_coordination()
        )
        after_party, after = self.after_name()
        if before and after and before.title == after.title:  # "direktör X, direktör i Y": one role named twice
            before.organisation = before.organisation or after.organisation
            before.end = after.end
            after = None
        if before:
            if before.organisation is None and after is None:
                before.organisation = self.place_after_name() or self.subject_with_title(before.start)
            out.append(before)
            out += self.coordinated_title(before)
            if before.title and before.start - 1 > self.sent.start and self.doc[before.start - 1].text == ",":
                out += filter(None, [self.title_before_comma(before.start - 1)])  # "Landets högste ledare, ayatolla X"
        out += self.inverted_copular(before.start if before else self.person.start)
        if after:
            out.append(after)
            out += self.coordinated_apposition(after)
        out += self.copular() or self.fronted_som()
        if after_party:
            out.append(after_party)
        if not out or all(r.party is None for r in out):
            party = self.party_in_sentence_before()
            if party:
                out.append(party)
        return out

    def title_before(self) -> Reading | None:
        """ "Tuiflys vd Alexander Huber", "statsminister Fredrik Reinfeldt", "ECB-chefen Mario Draghi"."""
        i = self.person.start - 1
        if i < self.sent.start:
            return None
        return self.read_backward(i)

    def plural_title_before_coordination(self) -> Reading | None:
        """ "skådespelarna Tilda Swinton och John C Reilly": a plural title before a list of names is each one's."""
        d, lo = self.doc, self.sent.start
        k = self.person.start - 1
        while k - 1 >= lo and d[k].lower_ in (",", "och", "samt") and d[k - 1].i in self.in_person:
            k -= 1
            while k >= lo and d[k].i in self.in_person:
                k -= 1
        if k == self.person.start - 1 or k < lo or not _is_plural(d[k]):
            return None
        return self.read_backward(k)

    def inverted_copular(self, start: int) -> list[Reading]:
        """ "Programledare blir journalisten Natalia Kazmierska", "Ny vd för Ikea blir Jesper Brodin": a sentence
        opening with a title (and its organisation), then a copula."""
        d = self.doc
        if start - 2 < self.sent.start or d[start - 1].lower_ not in COPULAS:
            return []
        reading = self.read_backward(start - 2)
        if reading and reading.start <= self.sent.start + 1:
            return [reading]
        opening = self.read_forward(self.sent.start, apposition=False)  # "Ny vd för Ikea blir Jesper Brodin"
        return [opening] if opening and opening.end == start - 1 else []

    def coordinated_title(self, reading: Reading) -> list[Reading]:
        """ "psykiatern och författaren C G Jung": a second title coordinated with the one before the name.

        Both titles must agree in definiteness, as one person's titles do; the organisation is shared."""
        j = reading.start - 1
        if j - 1 < self.sent.start or self.doc[j].lower_ not in ("och", "samt"):
            return []
        first = self.read_backward(j - 1)
        if first is None or _definiteness(self.doc[j - 1]) != _definiteness(self.doc[reading.start]):
            return []
        first.organisation = first.organisation or reading.organisation
        reading.organisation = reading.organisation or first.organisation
        first.party = first.party or reading.party
        first.end = self.person.start
        return [first]

    def title_and_organisation_before(self) -> Reading | None:
        """ "chefen för avdelningen för diplomatisk säkerhet Eric Boswell": the organisation ends at the name."""
        for j in range(self.person.start - 3, max(self.sent.start, self.person.start - 9) - 1, -1):
            if not (_may_be_title(self.doc[j]) and self.doc[j + 1].lower_ in ORG_PREPOSITIONS):
                continue
            org = self.read_organisation(j + 2)
            if org and org[1] == self.person.start:
                reading = self.read_backward(j)
                if reading:
                    reading.organisation = reading.organisation or org[0]
                    reading.end = self.person.start
                return reading
        return None

    def title_before_comma(self, comma: int | None = None) -> Reading | None:
        """ "Den tidigare ägaren, Ken Bates,", "experten på sociala medier, Brit Stakston"; with `comma`, the
        title before that comma ("Landets högste ledare, ayatolla Ali Khamenei")."""
        comma = self.person.start - 1 if comma is None else comma
        if comma <= self.sent.start or self.doc[comma].text != ",":
            return None
        i = comma - 1
        lowest = max(self.sent.start, comma - MAX_TITLE_GAP - 1)
        while i >= lowest:
            t = self.doc[i]
            if t.is_punct or t.pos_ in ("VERB", "AUX") or t.i in self.in_person:
                return None
            # an adjective-shaped title word ("ansvarig") only where the tagger guessed on a capital
            if is_role_word(t.text) and (t.pos_ != "ADJ" or _starts_sentence(t) or not t.lower_.endswith(ADJECTIVE_ENDINGS)):
                reading = self.read_backward(i)
                if reading is None or self._apposition_of_earlier_person(reading.start):
                    return None
                tail = self.doc[i + 1 : comma]
                if tail and all(not _is_name_like(x) and not _is_definite_noun(x) for x in tail):
                    reading.title = f"{reading.title} {tail.text.lower()}"
                elif len(tail) > 1 and tail[0].lower_ in ORG_PREPOSITIONS and reading.organisation is None:
                    org = self.read_organisation(i + 2)  # "Ledaren för Södertäljenätverket, Bernard Khouri"
                    if org and org[1] == comma:
                        reading.organisation = org[0]
                return reading
            i -= 1
        return None

    def _apposition_of_earlier_person(self, start: int) -> bool:
        """ "Anna Berg, vd, Bo Ek": the title after the comma is Anna Berg's, not Bo Ek's."""
        return start - 2 >= self.sent.start and self.doc[start - 1].text == "," and self.doc[start - 2].i in self.in_person

    def after_name(self) -> tuple[Reading | None, Reading | None]:
        """Party marker and apposition after the name: "Stina Lundgren, (M) kommunstyrelsens ordförande"."""
        i = self.person.end
        party_reading = None
        party, j = self.party_marker(i)
        if party:
            party_reading = Reading(i, j, None, party=party)
            i = j
        if i < self.sent.end and self.doc[i].text == ",":
            i = self._skip_age(i + 1)
            party, j = self.party_marker(i)
            if party:
                party_reading = Reading(i, j, None, party=party)
                i = j
            reading = self.read_forward(i, apposition=True)
            if reading:
                party, j = self.party_marker(reading.end)  # "Anna Berg, kommunalråd (S)"
                if party:
                    reading.end = j
                reading.party = reading.party or party or (party_reading.party if party_reading else None)
                return None, reading
        elif i < self.sent.end and self.doc[i].is_lower and is_role_word(self.doc[i].text):
            # "säger Paula Hammerskog kommunikatör på Academedia": no comma, so only with an organisation
            reading = self.read_forward(i, apposition=True)
            if reading and reading.organisation:
                return party_reading, reading
        return party_reading, None

    def coordinated_apposition(self, reading: Reading) -> list[Reading]:
        """ "Natalia Kazmierska, känd krönikör och kulturskribent", "Anna Berg, vd och koncernchef för Ikea":
        a second title coordinated in the apposition; an organisation after the second is the first's too."""
        j = reading.end
        if j + 1 >= self.sent.end or self.doc[j].lower_ not in ("och", "samt"):
            return []
        k = j + 1
        while k + 1 < self.sent.end and self.doc[k].lower_ in INSERTED_WORDS:
            k += 1  # "tidigare vd för Saab och numera ordförande i Scania"
        second = self.read_forward(k, apposition=True)
        if second is None:
            return []
        if k == j + 1:  # one time for both: "vd och koncernchef för Ikea", not "tidigare X och numera Y"
            reading.organisation = reading.organisation or second.organisation
        second.party = second.party or reading.party
        return [second]

    def _skip_age(self, i: int) -> int:
        """ "Anna Berg, 45, vd för Ikea", "Anna Berg, 45 år, vd": past the age to the title."""
        d, hi = self.doc, self.sent.end
        if i < hi and d[i].like_num:
            j = i + 1 + (i + 1 < hi and d[i + 1].lower_ == "år")
            if j + 1 < hi and d[j].text == ",":
                return j + 1
        return i

    def copular(self) -> list[Reading]:
        """ "Mikael Ohlsson är koncernchef för Ikea", "Kent Persson tillträdde som partisekreterare",
        "Berggren började som back men gjorde sig känd som tung forward"."""
        d, i, hi = self.doc, self.person.end, self.sent.end
        som = i + (i < hi and d[i].text == ",")
        if som < hi and d[som].lower_ == "som":
            title = self._relative_copula(som)  # "Anna Berg, som är vd för Ikea", "som ... har varit reservmålvakt"
            if title is not None:
                return self._predicative(title)
        if self.person.start > self.sent.start and d[self.person.start - 1].lower_ in COPULAS and self._predicative(i):
            return self._predicative(i)  # inverted after a fronted phrase: "Inför omröstningen var Eriksson en av två kandidater"
        verb = self._past_parenthesis(i)
        conditional = self.person.start > self.sent.start and d[self.person.start - 1].lower_ in CONDITIONALS
        for after in (self._after_copula(verb), None if conditional else self._after_appointment(verb)):
            if after is not None and (found := self._predicative(after)):
                return found + self.coordinated_apposition(found[-1])  # "var partiledare för X och Ys premiärminister"
        if i + 1 < hi and d[i].lower_ == "som" and self._may_start_title(i + 1):
            return self._predicative(i + 1)  # "efterträder Hans Lindblad som statssekreterare"
        appointed = any(_appoints(t) for t in d[max(self.sent.start, self.person.start - 3) : self.person.start])
        if i + 1 < hi and d[i].lower_ == "till" and appointed:
            return self._predicative(i + 1)  # "utse den populära Wladyslaw Gomulka till ny premiärminister"
        # "som TITLE" later in the clause, with this person its first person (the subject)
        if any(t.i in self.in_person for t in d[self.sent.start : self.person.start]):
            return []
        out = []
        for t in d[i:hi]:
            if t.text in (".", ";", ":") or t.pos_ == "SCONJ" and t.lower_ != "som":
                break  # "ersätta mig om jag inte kan ... som president": another subject's clause
            if t.i in self.in_person and t.i + 1 < hi and not (d[t.i + 1].lower_ == "som" or d[t.i + 1].i in self.in_person):
                break  # "tar över John Howards post som ledare": the nearer name's title, not the subject's
            if t.lower_ == "som" and t.i + 1 < hi and d[t.i - 1].text != "," and self._may_start_title(t.i + 1):
                # not "de artister som proffstyckarna hade lyft fram": a finite verb next makes "som" a
                # relative pronoun and the noun the subject of its clause
                out += [r for r in self._predicative(t.i + 1) if not (r.end < hi and _is_finite_verb(d[r.end]))]
        return out

    def fronted_som(self) -> list[Reading]:
        """ "Som ordförande i Svenska Bankföreningen har Hans Lindvall drivit frågan": a "som" phrase fronted
        before the finite verb, with the name the subject right after it."""
        d, lo, start = self.doc, self.sent.start, self.person.start
        if start - 1 <= lo or not (d[start - 1].pos_ in ("AUX", "VERB") and _is_finite_verb(d[start - 1])):
            return []
        for k in range(lo, start - 2):
            if d[k].lower_ == "som" and not any(t.i in self.in_person for t in d[lo:start]):
                reading = self.read_forward(k + 1, apposition=False)
                if reading and reading.end == start - 1:
                    return [reading]
        return []

    def _past_parenthesis(self, i: int) -> int:
        """Past a comma-bounded insertion after the name, to the verb: "Li Li, tidigare bosatt i Sverige, var"."""
        d, hi = self.doc, self.sent.end
        if i >= hi or d[i].text != ",":
            return i
        for k in range(i + 1, min(hi, i + 1 + MAX_RELATIVE_WORDS)):
            if d[k].i in self.in_person or d[k].text in SENTENCE_ENDS:
                return i
            if d[k].text == ",":
                return k + 1
        return i

    def _may_start_title(self, k: int) -> bool:
        """After "som": no verb, unless a title word, or a modifier before one, the tagger took for a verb
        ("som back", "som tung forward"); no rank ("som sista ryttare", "som första kvinna")."""
        d = self.doc
        if d[k].lower_ in RANKS:
            return False
        if d[k].pos_ not in ("VERB", "AUX") or d[k].is_lower and is_role_word(d[k].text):
            return True
        after = d[k + 1] if k + 1 < self.sent.end else None
        return "Fin" not in d[k].morph.get("VerbForm") and after is not None and after.is_lower and is_role_word(after.text)

    def _predicative(self, k: int) -> list[Reading]:
        """A title as predicative at k; not "var spelaren som kvitterade", which identifies rather than names a role,
        nor "utsågs till årets handlare", an award."""
        if k < self.sent.end and self.doc[k].lower_ == "årets":
            return []
        reading = self.read_forward(k, apposition=False)
        if reading is None:
            return []
        d = self.doc
        if reading.end < self.sent.end and d[reading.end].i in self.in_person:
            return []  # "Ricky Gervais som terrorchefen David Brent": the title before a name is that name's
        last = d[reading.end - 1]
        if reading.organisation is None and reading.end < self.sent.end and d[reading.end].lower_ == "som" and _definiteness(last):
            return []
        return [reading]

    def _after_copula(self, k: int) -> int | None:
        """The token after a copula at k ("är", "har varit"), else None."""
        d, hi = self.doc, self.sent.end
        if k < hi and d[k].lower_ in COPULAS:
            return self._past_adverbials(k + 1)  # "är sedan 2010 vd för Telia"
        if k + 1 < hi and d[k].lower_ in ("har", "hade") and d[k + 1].lower_ in PERFECT_COPULAS:
            return k + 2
        if k < hi and d[k].lower_ in PERFECT_COPULAS:  # "har Jacobsen blivit", "efter att hon blivit"
            return k + 1
        if k + 1 < hi and d[k].pos_ in ("VERB", "AUX"):  # "Xi väntas bli Kinas näste president"
            j = k + 1
            while j < min(k + 3, hi - 1) and d[j].pos_ == "ADV" and d[j].lower_ != "att":
                j += 1  # "kommer alltid att vara"
            j += d[j].lower_ == "att"
            if j < hi and d[j].lower_ in INFINITIVE_COPULAS:
                return j + 1
        return None

    def _after_appointment(self, k: int) -> int | None:
        """Where the title after a verb of appointing and "till" starts: "valdes till ordförande",
        "har utsetts till ny vd", "ska väljas till"."""
        d, hi = self.doc, self.sent.end
        j = k
        if j < hi and (d[j].pos_ == "AUX" or d[j].lower_ in ("har", "hade") or d[j].lower_ in COPULAS):
            j = self._past_adverbials(j + 1)  # an auxiliary first: "blev i går utsedd till"
        if j + 1 < hi and _appoints(d[j]) and d[j + 1].lower_ == "till":
            return j + 2
        return None

    def _past_adverbials(self, k: int) -> int:
        """Past adverbs and short time phrases that may stand before a predicative: "sedan 2010", "i går",
        "också"; not past a negation ("är inte längre vd" names no role)."""
        d, hi = self.doc, self.sent.end
        while k < hi:
            t = d[k]
            if t.lower_ in NEGATIONS:
                break
            if t.lower_ in TIME_PREPOSITIONS and k + 1 < hi and (d[k + 1].like_num or d[k + 1].lower_ in TIME_WORDS):
                k += 2
            elif t.pos_ == "ADV" and t.is_lower and not is_role_word(t.text) and t.lower_ not in ("som", "att"):
                k += 1
            else:
                break
        return k

    def _relative_copula(self, som: int) -> int | None:
        """Where the complement of a copula in the relative clause at "som" starts, when "som" is its subject.

        The clause ends at punctuation; a subject of its own ("som Anna är chef för") makes "som" the object."""
        d = self.doc
        for k in range(som + 1, min(self.sent.end, som + 1 + MAX_RELATIVE_WORDS)):
            if d[k].is_punct or d[k].i in self.in_person or d[k].dep_.startswith("nsubj") and d[k].pos_ != "PRON":
                return None
            after = self._after_copula(k)
            if after is not None:
                return after
        return None

    def party_marker(self, i: int) -> tuple[str | None, int]:
        """ "(S)", "(m)" at token i -> (abbreviation, index after the marker)."""
        d = self.doc
        if i + 2 < self.sent.end + 1 and i + 2 < len(d) and d[i].text == "(" and d[i + 2].text == ")":
            party = _party(d[i + 1].text)
            if party:
                return party, i + 3
        if i < len(d) and re.fullmatch(r"\(\w{1,3}\)", d[i].text):
            party = _party(d[i].text[1:-1])
            if party:
                return party, i + 1
        return None, i

    def party_in_sentence_before(self) -> Reading | None:
        """ "socialdemokraten Tomas X", "S-politikern Tomas X", "Folkpartiets Jan Björklund": a party word right
        before the name."""
        i = self.person.start - 1
        if i < self.sent.start:
            return None
        t = self.doc[i]
        word = t.lower_
        party = self.lex.party_words.get(word)
        if party is None and "-" in t.text:
            party = _party(t.text.split("-")[0])
        if party is None and _is_genitive(t):
            party = _party(base_name(t.text, self.known))  # "Folkpartiets Jan Björklund"
        return Reading(i, i + 1, None, party=party) if party else None

    def place_after_name(self) -> tuple[str, int, int] | None:
        """ "Professor Monica Rosén, också hon vid pedagogiska institutionen på Göteborgs universitet"."""
        i = self.person.end
        comma = i < self.sent.end and self.doc[i].text == ","
        i += comma
        if comma and i < self.sent.end and _is_name_like(self.doc[i]):
            # "projektledaren Gustaf Schneidler, Stockholms exploateringskontor."
            org = self.read_organisation(i, must_end_clause=True)
            if org:
                return org[0]
        # "sångaren Tony Bennett på mikrobloggen Twitter": without a comma, "på" tells where, not whose
        prepositions = ("på", "vid", "hos") if comma else ("vid", "hos")
        for _ in range(3):
            if i >= self.sent.end:
                return None
            t = self.doc[i]
            if t.lower_ in prepositions:
                org = self.read_organisation(i + 1)
                return org[0] if org else None
            if t.lower_ == "på":  # "Chefredaktören Anders Kjell på Norran": a named employer, not "på mikrobloggen Twitter"
                return self._named_organisation_at(i + 1, lambda span: _capitalised(span[0]))
            if t.lower_ == "i" and not comma:
                # "ombudsman Gösta Lindebo i Svenska ostkustfiskarnas centralförbund": "i" names a member's
                # organisation only when what follows is one, not a place, a team nickname ("i Minnesotakassen")
                # or a medium the person speaks in ("säger Göran Hägglund i Aftonbladet")
                return self._named_organisation_at(i + 1, lambda span: not self._names_medium(span))
            if t.pos_ not in ("ADV", "PRON") and t.lower_ not in INSERTED_WORDS or t.is_punct:
                return None
            i += 1
        return None

    def _named_organisation_at(self, i: int, also: Callable[[Span], bool]) -> tuple[str, int, int] | None:
        """The organisation phrase at i if it names an organisation and passes `also`."""
        org = self.read_organisation(i)
        span = self.doc[i : org[1]] if org else None
        return org[0] if span and self._is_named_organisation(span) and also(span) else None

    def subject_with_title(self, start: int) -> tuple[str, int, int] | None:
        """ "Vänersborg, med nye tränaren Stefan Karlsson, vann": the organisation the sentence opens with,
        described by a "med" phrase holding the title. A place named so is its team or its council: a
        place itself holds no title."""
        d, lo = self.doc, self.sent.start
        k = start - 1
        if k <= lo or d[k].lower_ != "med":
            return None
        end = k - (d[k - 1].text == ",")
        org = self.read_organisation(lo)
        if not org or org[1] != end:
            return None
        span = d[lo:end]
        named_place = self.lex.public_bodies.get(span.text) == "PLACE" or all(t.ent_type_ in PLACE_LABELS for t in span)
        return org[0] if self._is_named_organisation(span) or named_place else None

    # -- phrase readers

    def read_backward(self, i: int) -> Reading | None:
        """A title phrase ending at token i (right before a name), read leftwards."""
        d, lex = self.doc, self.lex
        lo = self.sent.start
        head_start = None
        for n in (3, 2):  # "kommunstyrelsens ordförande", "vice ordförande"
            if i - n + 1 >= lo and d[i - n + 1 : i + 1].text.lower() in lex.titles:
                head_start = i - n + 1
                break
        if head_start is None:
            t = d[i]
            if not is_role_word(t.text) or t.i in self.in_person or t.is_punct:
                return None
            if _capitalised(t) and not (_starts_sentence(t) or "-" in t.text or t.text.isupper() or is_compound_title(t.text)):
                return None  # a capitalised word mid-sentence is a name, not a title
            head_start = i
        reading = Reading(head_start, i + 1, None)
        title_tokens = list(d[head_start : i + 1])
        head = d[i]
        if "-" in head.text.strip("-"):
            prefix = head.text.rsplit("-", 1)[0]
            party = _party(prefix)
            if party:
                reading.party = party
            elif prefix[:1].isupper() and (self._known_organisation(prefix) or not _names_work(head.text)):
                reading.organisation = (prefix, head.idx, head.idx + len(prefix))
        elif _capitalised(head) and not head.text.isupper():
            prefix = fused_prefix(head.text)  # "Säpochefen", "Expressenreportern": a name fused into the title
            name = prefix and self._fused_organisation(prefix, head)
            if name:
                reading.organisation = (name, head.idx, head.idx + len(prefix))
        else:
            reading.organisation = self._fused_listed_organisation(head)  # "vice riksbankschef": Riksbanken
        j = head_start - 1
        while j >= lo:
            t = d[j]
            low = t.lower_
            if low in lex.party_words:  # "Nackas moderata kommunalråd"
                reading.party = lex.party_words[low]
            elif j - 1 >= lo and d[j - 1 : j + 1].text.lower() in lex.modifiers:
                title_tokens[:0] = [d[j - 1], t]
                j -= 2
                continue
            elif j - 1 >= lo and t.is_lower and _is_genitive(t) and _is_genitive(d[j - 1]) and _capitalised(d[j - 1]):
                break  # "Göteborgs stads miljöchef": a genitive chain names the organisation
            elif low in lex.modifiers or (_is_adjective(t) and not _capitalised(t) and low not in SPEECH_VERBS):
                title_tokens.insert(0, t)
            else:
                break
            j -= 1
        reading.start = j + 1
        if j >= lo and d[j].lower_ == "partiets":
            reading.organisation = self.party_anaphor(j)
            reading.start = j
        elif j >= lo and d[j].text.isupper() and len(d[j].text) > 1 and d[j].text[-1] in "SXZ" and d[j].ent_type_ in ORG_LABELS:
            # "SAS koncernchef": an abbreviation ending on S takes no genitive s
            reading.organisation = (d[j].text, d[j].idx, d[j].idx + len(d[j].text))
            reading.start = j
        elif j >= lo and "-" not in head.text.strip("-") and _is_genitive(d[j]) and self._genitive_organisation(j):
            org_start = j
            while org_start - 1 >= lo and _is_name_like(d[org_start - 1]) and d[org_start - 1].i not in self.in_person:
                org_start -= 1
            words = [x.text for x in d[org_start:j]] + [base_name(d[j].text, self.known)]
            name = " ".join(words)
            reading.organisation = (name, d[org_start].idx, d[j].idx + len(d[j].text))
            reading.party = reading.party or _party(name)
            reading.start = org_start
        elif j - 1 >= lo and d[j].is_lower and _is_genitive(d[j]) and _is_genitive(d[j - 1]) and self._genitive_organisation(j - 1):
            name = f"{d[j - 1].text} {d[j].text[:-1]}"  # "Kinas utrikesministeriums talesperson": the owner stays genitive
            reading.organisation = (name, d[j - 1].idx, d[j].idx + len(d[j].text))
            reading.start = j - 1
        elif j >= lo and (body := self._genitive_body(j)):
            reading.organisation = body  # "Representanthusets förre talman"
            reading.start = j
        reading.title = " ".join(x.text for x in title_tokens).lower()
        return reading

    def _known_organisation(self, name: str) -> bool:
        """A name the document, the gazetteers, the institutions or the parties know."""
        lex = self.lex
        return (
            name in self.known
            or name in self.organisations
            or name.lower() in lex.institutions
            or name in lex.public_bodies
            or _party(name) is not None
        )

    def _genitive_body(self, j: int) -> tuple[str, int, int] | None:
        """A definite genitive common noun that names a body rather than pointing back to one: a national body
        ("polisens"), every unit of a kind ("länsstyrelsernas" -> länsstyrelserna), or, capitalised by the
        sentence, a known organisation or a named unit ("Representanthusets" -> Representanthuset)."""
        t = self.doc[j]
        if t.i in self.in_person or self._names_person(t) or not _is_genitive_common(t, any_case=True):
            return None
        base = t.text[:-1]
        low = base.lower()
        plural_unit = _is_plural(t) and any(_is_unit(form) for form in _base_forms(low)[1:])
        # capitalised by a name, not by the sentence ("Bolagets finanschef": the company already named)
        named = _capitalised(t) and (_is_unit(low) or self._known_organisation(base) and not _starts_sentence(t))
        if low in self.lex.institutions or plural_unit or named:
            return normalise_organisation(base), t.idx, t.idx + len(t.text)
        return None

    def _fused_organisation(self, prefix: str, head: Token) -> str | None:
        """The organisation a capitalised prefix fused into a title names: a known one, also past a linking s
        and in its definite form ("Riksbankschefen" -> Riksbanken, "Djurgårdsmålvakten" -> Djurgården); else
        the prefix itself where a capital mid-sentence marks it a name, no linking s hides its base form and
        no performer's title makes it a work ("Hollywoodskådespelaren")."""
        for name in _base_names(prefix):
            if _party(name):
                return self.lex.party_names[_party(name)]  # "Moderatledaren" -> Moderaterna
            if self._known_organisation(name):
                return normalise_organisation(name)
        if not _starts_sentence(head) and not prefix.endswith("s") and not _names_work(head.text):
            return normalise_organisation(prefix)
        return None

    def _fused_listed_organisation(self, head: Token) -> tuple[str, int, int] | None:
        """The gazetteer organisation a lower-case prefix names ("riksbankschef" -> Riksbanken), never a national
        body named by a common noun ("polischefen" names no organisation)."""
        prefix = fused_prefix(head.text)
        for name in _base_names(prefix.capitalize()) if prefix else ():
            if name in self.organisations and name.lower() not in self.lex.institutions:
                return name, head.idx, head.idx + len(prefix)
        return None

    def _is_named_organisation(self, span: Span) -> bool:
        """An organisation by the NER's word, its last noun ("centralförbund", "kommun") or the gazetteers; a club
        named after its town ("Luleå") only where the NER says so, as the town is meant as often."""
        return (
            any(t.ent_type_ in ORG_LABELS for t in span)
            or _ends_organisation_name(span[-1])
            or self.lex.public_bodies.get(span.text) == "ORG"
            or span.text in self.organisations and span.text not in self.lex.public_bodies
            or _party(span.text) is not None
        )

    def _names_medium(self, span: Span) -> bool:
        """A news medium or programme, or one's programme: "Aftonbladet", "SVT:s Agenda", "Borås Tidning"."""
        media = self.lex.media
        owner = base_name(span[0].text, self.known) if _is_genitive(span[0]) else span[0].text
        return span.text in media or owner in media or span[-1].lower_.endswith(MEDIA_ENDINGS)

    def _genitive_organisation(self, j: int) -> bool:
        """Is the genitive at j a named organisation or place ("Tuiflys"), not a common noun ("klubbens")?"""
        t = self.doc[j]
        if t.i in self.in_person or self._names_person(t):
            return False
        if _starts_sentence(t) and t.text[:-1].lower() in GENERIC_BODIES and t.text[:-1] not in self.known:
            return False  # "Bolagets finanschef": the company the text already named, whatever the NER says
        if _party(t.text[:-1]) or t.ent_type_ in ORG_LABELS | PLACE_LABELS:
            return True
        if _starts_sentence(t):  # capitalised anyway: a name if tagged or named so elsewhere ("Nackas" -> Nacka),
            # or if not shaped like a definite common noun ("Tuiflys vd", but "Företagets vd")
            return (
                t.pos_ == "PROPN"
                or t.text[:-1] in self.known
                or not _is_genitive_common(t, any_case=True)
                or re.search(r"[A-ZÅÄÖ]", t.text[1:]) is not None  # "EU-kommissionens"
                or _names_body(t.text[:-1])  # "Arbeiderpartiets"
            )
        return _capitalised(t)

    def _names_person(self, genitive: Token) -> bool:
        """A genitive whose base form the document names as a person: "Erikssons agent" with Eriksson a person."""
        return base_name(genitive.text, self.known) in self._person_words

    @cached_property
    def _person_words(self) -> set[str]:
        return {self.doc[i].text for i in self.in_person}

    def read_forward(self, i: int, apposition: bool) -> Reading | None:
        """A title phrase starting at token i, with its complement and organisation, read rightwards."""
        d, lex = self.doc, self.lex
        hi = self.sent.end
        if i >= hi:
            return None
        reading = Reading(i, i, None)
        if d[i].lower_ in DETERMINERS and (not apposition or d[i].lower_ in ("en", "ett")):
            i += 1  # "är en känd jurist", "Robert Hooke, en biolog från England"
            if i + 1 < hi and d[i].lower_ == "av" and (d[i + 1].lower_ in PARTITIVE_POSSESSIVES or d[i + 1].like_num):
                i += 2  # "är en av mina absoluta favoritformgivare", "var en av två kandidater"
        # genitive organisation first: "som Cullbergbalettens konstnärliga ledare"
        if i + 1 < hi and _is_genitive(d[i]) and self._genitive_organisation(i) and not is_role_word(d[i].text):
            reading.organisation = (base_name(d[i].text, self.known), d[i].idx, d[i].idx + len(d[i].text))
            i += 1
        title_tokens: list[Token] = []
        if self._head_within(i) is None:
            return None
        while i < hi:
            t = d[i]
            low = t.lower_
            if i + 1 < hi and d[i : i + 2].text.lower() in lex.titles:
                break
            if low in lex.party_words and not is_role_word(low):
                reading.party = lex.party_words[low]
            elif _is_genitive_common(t) and not title_tokens:
                # "klubbens ordförande": no named organisation, unless a party or a body ("länsstyrelsernas samordnare")
                reading.organisation = self.party_anaphor(i) or self._genitive_body(i)
            elif i + 1 < hi and d[i : i + 2].text.lower() in lex.modifiers:
                title_tokens += [t, d[i + 1]]
                i += 2
                continue
            elif low in DEGREE_ADVERBS and i + 1 < hi and _is_adjective(d[i + 1]):
                title_tokens.append(t)
            elif not is_role_word(low) and (not _capitalised(t) or _starts_sentence(t) and low in lex.modifiers) and (
                low in lex.modifiers
                or t.pos_ in ("ADJ", "NOUN", "VERB", "") and t.is_alpha and "Fin" not in t.morph.get("VerbForm")
            ):
                title_tokens.append(t)  # "bosocial strateg", even when the tagger calls "bosocial" a noun
            elif re.fullmatch(r"\w+-", t.text) or (i + 1 < hi and d[i + 1].text == "-" and t.is_alpha):
                # truncated compound in a coordination: "trygghets- och säkerhetssamordnare"
                title_tokens.append(t)
            elif t.text == "-" or (low in ("och", "eller") and title_tokens and title_tokens[-1].text.endswith("-")):
                title_tokens.append(t)
            else:
                break
            i += 1
        head_end = None
        for n in (3, 2):
            if i + n <= hi and d[i : i + n].text.lower() in lex.titles:
                head_end = i + n
                break
        if head_end is None:
            if i >= hi or not is_role_word(d[i].text) or d[i].i in self.in_person or _capitalised(d[i]) and not d[i].text.isupper():
                return None
            head_end = i + 1
        title_tokens += list(d[i:head_end])
        if reading.organisation is None and d[head_end - 1].is_lower:
            reading.organisation = self._fused_listed_organisation(d[head_end - 1])  # "Stefan Ingves, riksbankschef"
        i = head_end
        # complement that belongs to the title: "lektor i pedagogik", "ansvarig för viltvård och skadedjur"
        if i + 1 < hi and d[i].lower_ in COMPLEMENT_PREPOSITIONS and self._is_complement(i + 1):
            j = i + 1
            while j < hi and (self._is_complement(j) or d[j].lower_ in ("och", "eller") and j + 1 < hi and self._is_complement(j + 1)):
                j += 1
            title_tokens += list(d[i:j])
            i = j
        reading.title = _join(title_tokens).lower()
        party, i = self.party_marker(i)  # "kommunalråd (S) i Nacka"
        reading.party = reading.party or party
        reading.end = i
        if reading.organisation is None:
            org = None
            founder = i < hi and d[i].lower_ == "av" and d[i - 1].lower_.endswith(FOUNDER_TITLES)
            if i < hi and (d[i].lower_ in ORG_PREPOSITIONS or founder):
                org = self.read_organisation(i + 1, attached=True)
            elif i < hi and _is_name_like(d[i]) and d[i].i not in self.in_person and apposition:
                org = self.read_organisation(i)  # "bosocial strateg Botkyrkabyggen"
            elif apposition and i + 1 < hi and d[i].text == ",":
                org = self.read_organisation(i + 1, must_end_clause=True)  # "samordnare, Botkyrka kommun."
            if org:
                reading.organisation, reading.end = org
        if reading.organisation:
            reading.party = reading.party or _party(reading.organisation[0])
        if not apposition:
            reading.start = min(reading.start, self.person.start)
        return reading

    def party_anaphor(self, j: int) -> tuple[str, int, int] | None:
        """ "partiets gruppledare": the one Swedish party named earlier in the sentence, as written."""
        if self.doc[j].lower_ != "partiets":
            return None
        named = []
        for t in self.doc[self.sent.start : j]:
            for form in (t.text, t.text.split("-")[0]) if "-" in t.text else (t.text,):
                if _party(form) and (form.isupper() or form[:1].isupper() and len(form) > 3):
                    named.append((form, t.idx, t.idx + len(form)))
                    break
        return named[0] if len({_party(n[0]) for n in named}) == 1 else None

    def _head_within(self, i: int) -> int | None:
        """The first title word within a few words from i, reached over lower-case content words only."""
        d = self.doc
        for j in range(i, min(i + 1 + MAX_TITLE_GAP, self.sent.end)):
            t = d[j]
            if is_role_word(t.text) and (not _capitalised(t) or t.text.isupper()) and t.i not in self.in_person:
                return j
            if j + 1 < self.sent.end and d[j : j + 2].text.lower() in self.lex.titles:
                return j
            if t.is_punct and t.text != "-" or _capitalised(t) or t.pos_ in ("AUX", "ADP", "PRON", "SCONJ", "ADV"):
                if not (
                    t.lower_ in self.lex.modifiers
                    or d[j : j + 2].text.lower() in self.lex.modifiers  # "före detta"
                    or j > 0 and d[j - 1 : j + 1].text.lower() in self.lex.modifiers
                    or t.lower_ in self.lex.party_words
                    or t.lower_ in DEGREE_ADVERBS
                    or t.text.endswith("-")
                ):
                    return None
        return None

    def _is_complement(self, j: int) -> bool:
        t = self.doc[j]
        k = self._past_adjectives(j)
        if k > j and k < self.sent.end and _is_definite_noun(self.doc[k]):
            return False  # "talesman för ryska utrikesministeriet": an organisation, not a field
        return (
            t.is_alpha
            and not _capitalised(t)
            and not _is_definite_noun(t)
            and not _is_genitive_common(t)
            and (t.pos_ not in ("VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PRON", "DET") or self._attributive_verb(j))
            and t.lower_ not in ORG_PREPOSITIONS
            and t.lower_ not in FUNCTION_WORDS
        )

    def _past_adjectives(self, k: int) -> int:
        """Past a run of lower-case adjectives from k: "den oberoende ryska [nyhetssajten]"."""
        while k < self.sent.end and _is_adjective(self.doc[k]) and not _capitalised(self.doc[k]):
            k += 1
        return k

    def _attributive_verb(self, j: int) -> bool:
        """A non-finite "verb" before a noun is an adjective the tagger missed: "för grova brott"."""
        t = self.doc[j]
        return (
            t.pos_ == "VERB"
            and not _is_finite_verb(t)
            and j + 1 < self.sent.end
            and self.doc[j + 1].pos_ == "NOUN"
        )

    def _owned_unit(self, t: Token) -> bool:
        """A lower-case noun a genitive name owns as a unit ("fabrik", "skidanläggning"), not a title or a
        phrase of behalf ("på Volvos vägnar")."""
        return (
            t.pos_ == "NOUN"
            and t.is_lower
            and t.is_alpha
            and not is_role_word(t.text)
            and t.lower_ not in self.lex.org_not
            and t.lower_ not in ON_BEHALF
        )

    def _nominalised_adjective(self, j: int) -> bool:
        """ "de konservativa", "de gröna": a determiner and an adjective with no noun after, naming a group."""
        d, hi = self.doc, self.sent.end
        if d[j].lower_ not in ("de", "den", "det") or j + 1 >= hi or not _is_adjective(d[j + 1]) or _capitalised(d[j + 1]):
            return False
        return j + 2 >= hi or d[j + 2].pos_ not in ("NOUN", "PROPN", "ADJ")

    def read_organisation(
        self, i: int, must_end_clause: bool = False, attached: bool = False
    ) -> tuple[tuple[str, int, int], int] | None:
        """An organisation phrase at token i: "Macquarie Securities", "Botkyrka kommun", "polisen i Malmö",
        "enheten för utvärdering på Socialstyrelsen", "polisens länskommunikationscentral i Kalmar".

        `attached`: right after a title and its preposition ("talesperson för Komen Foundation"), where a
        name is the organisation even if the NER calls it a person."""
        d = self.doc
        hi = self.sent.end
        people = set() if attached else self.in_person
        if i >= hi or d[i].i in people:
            return None
        j = i
        common = unit = False
        if d[j].lower_ in ("den", "det", "de") and not self._nominalised_adjective(j):
            k = self._past_adjectives(j + 1)
            j += k < hi and _is_definite_noun(d[k])  # "den oberoende ryska nyhetssajten Novaja Rech"
        if j + 2 < hi and re.fullmatch(r"\w+-", d[j].text) and d[j + 1].lower_ in ("och", "eller"):
            j += 2  # "miljö- och byggnadsnämnden"
        j = self._past_adjectives(j)  # "pedagogiska institutionen"
        if j < hi and not _capitalised(d[j]) and _is_genitive_common(d[j]) and j + 1 < hi and d[j + 1].is_alpha:
            j += 2  # "polisens länskommunikationscentral", even where the NER calls "polisens" an organisation
            common = True
            unit = _is_unit(d[j - 1].lower_)  # "trafikkontorets tillståndsavdelning"
        elif j < hi and _is_name_like(d[j]) and d[j].i not in people and not d[j].lower_ in DETERMINERS:
            j += 1
            while j < hi and d[j].i not in people and (
                _is_name_like(d[j])
                or _ends_organisation_name(d[j])
                or _inside_organisation(d[j])
                or _is_genitive_common(d[j]) and j + 1 < hi and _ends_organisation_name(d[j + 1])  # "ostkustfiskarnas centralförbund"
            ):
                j += 1
            common = unit = d[j - 1].lower_.endswith(self.lex.org_units)  # "Trafikkontoret" takes "i Stockholms stad"
            adjective = d[i].pos_ == "ADJ" or d[i].lower_.endswith((*ADJECTIVE_ENDINGS, "ell"))
            if j == i + 1 and j < hi and adjective and d[j].is_lower and d[j].pos_ == "NOUN":
                j += 1  # "Nationell samling", "Röda korset": a name capitalised on its first word only
            if j == i + 1 and j < hi and _is_genitive(d[i]) and self._owned_unit(d[j]):
                j += 1  # "Volvos fabrik i Torslanda", "Stötens skidanläggning": a named owner's unit, kept whole
                common = unit = True
        elif j + 1 < hi and d[j].is_lower and d[j].lower_.endswith(tuple(self.lex.org_after)) and _is_name_like(d[j + 1]):
            j += 2  # "polisregion Syd"
            while j < hi and _is_name_like(d[j]) and d[j].i not in people:
                j += 1
        elif j < hi and _is_definite_noun(d[j]) and d[j].lower_ not in self.lex.org_not:
            j += 1
            common = True
            unit = j - 1 > i and _is_unit(d[j - 1].lower_)  # "ryska utrikesministeriet", not a bare "tingsrätten"
        elif j == i and self._nominalised_adjective(j):
            j += 2  # "partiledare för de konservativa"
        else:
            return None
        if common:
            # a named unit ("Trafikkontoret", "polisens länskommunikationscentral") or a national body ("polisen")
            # names one; a bare one ("kanslichef på tingsrätten") points back, unless a name or place follows
            specified = unit or d[i].lower_ in self.lex.institutions or d[i].lower_[:-1] in self.lex.institutions  # "riksdagens"
            while j < hi and _is_name_like(d[j]) and d[j].i not in people:
                j += 1  # "folkpopbandet Jar"
                specified = True
            if j + 1 < hi and d[j].lower_ == "för" and self._is_complement(j + 1):  # "enheten för utvärdering"
                specified = True
                j += 1
                while j < hi and (self._is_complement(j)):
                    j += 1
            if j + 1 < hi and d[j].lower_ in ("i", "på", "vid") and _is_name_like(d[j + 1]) and d[j + 1].i not in people:
                j += 2
                while j < hi and (_is_name_like(d[j]) or _ends_organisation_name(d[j])) and d[j].i not in people:
                    j += 1
                specified = True
            if not specified:
                return None  # "sångare i folkpopbandet": a common noun pointing back, no named organisation
        while j > i + 1 and d[j - 1].lower_ in FUNCTION_WORDS:
            j -= 1  # an entity the NER ran into "och": "Försäkring och"
        if must_end_clause and j < hi and not (d[j].is_punct or d[j].lower_ in ("och", "som")):
            return None
        span = d[i:j]
        name = span.text
        if len(span) == 1 and _is_genitive(span[0]) and not common:
            name = base_name(name, self.known)
        return (normalise_organisation(name), span.start_char, span.end_char), j


def _inside_organisation(t: Token) -> bool:
    """A word inside an ORG entity the NER started earlier ("Stockholms exploateringskontor")."""
    return t.ent_iob_ == "I" and t.ent_type_ in ORG_LABELS and t.is_alpha


def _ends_organisation_name(t: Token) -> bool:
    """A lower-case noun that continues a name into an organisation's: "Botkyrka kommun", "Svenska
    ostkustfiskarnas centralförbund", "Stockholms exploateringskontor" (a compound on a name-ending or unit noun)."""
    word = t.lower_
    return t.is_lower and t.is_alpha and (word.endswith(tuple(lexicon().org_after)) or _is_unit(word))


def _appoints(t: Token) -> bool:
    """A form of a verb of appointing: "utsåg", "utsetts", "valdes", "omvald", "utnämndes", "nominerades"."""
    return re.match(APPOINTING_VERBS, t.lower_) is not None


def _names_work(title: str) -> bool:
    """A performer's or maker's title, whose hyphenated prefix names a work rather than an employer:
    "JR-skådespelaren", "James Bond-skådespelaren" (but "ECB-chefen", "HV71-målvakten")."""
    return any(form.endswith(WORK_ROLES) for form in _base_forms(title.rsplit("-", 1)[-1].lower()))


def _is_unit(word: str) -> bool:
    """A noun naming an institution or a unit of one, definite or not: "tillståndsavdelning"."""
    units = lexicon().org_units
    return word.endswith(units) or word.endswith(tuple(_base_forms(u)[1] for u in units if len(_base_forms(u)) > 1))


def _is_adjective(t: Token) -> bool:
    """ADJ, or an adjective-shaped word the tagger called a noun or verb ("rättspolitiske")."""
    if t.pos_ == "ADJ":
        return True
    hyphened = "-" in t.text and t.text.replace("-", "").isalpha()  # "ekonomisk-politiske", often tagged ADV
    nationality = t.lower_.endswith(("ske", "ska"))  # "norske", which the tagger may call an adverb
    return (
        (t.pos_ in ("NOUN", "VERB", "X", "") or (hyphened or nationality) and t.pos_ == "ADV")
        and "Fin" not in t.morph.get("VerbForm")
        and len(t.text) >= 6
        and (t.is_alpha or hyphened)
        and (t.lower_.endswith(ADJECTIVE_ENDINGS) or nationality)
        and not is_role_word(t.text)
    )


def _is_plural(t: Token) -> bool:
    """A plural noun: the tagger's feature, or a plural definite ending ("demokratiaktivisterna")."""
    number = t.morph.get("Number")
    if number:
        return "Plur" in number
    return t.lower_.endswith(tuple(ending for ending, _ in PLURAL_ENDINGS))


def _definiteness(t: Token) -> bool:
    """Is a noun definite? The tagger's feature, or the definite ending where it gives none."""
    definite = t.morph.get("Definite")
    if definite:
        return "Def" in definite
    return t.lower_.endswith(("en", "et", "na", "n"))


def _is_genitive_common(t: Token, any_case: bool = False) -> bool:
    """ "klubbens", "programmets": a definite common noun in the genitive."""
    if "Def" in t.morph.get("Definite") and "Gen" in t.morph.get("Case"):
        return any_case or not _capitalised(t)
    return (any_case or not _capitalised(t)) and t.is_alpha and t.text.endswith(("ens", "ets", "nas", "ns")) and len(t.text) > 5


def _join(tokens: list[Token]) -> str:
    """Tokens as written, so "trygghets- och" keeps its hyphen attached."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text if _contiguous(tokens) else " ".join(t.text for t in tokens)


def _contiguous(tokens: list[Token]) -> bool:
    return all(b.i == a.i + 1 for a, b in zip(tokens, tokens[1:], strict=False))


@Language.factory(COMPONENT)
def make_role_extractor(nlp: Language, name: str) -> RoleExtractor:
    return RoleExtractor(gazetteer_organisations(nlp))


def gazetteer_organisations(nlp: Language) -> frozenset[str]:
    """The organisation names the pipeline's entity rulers match as written ("Riksbanken", "Ikea")."""
    return frozenset(
        p["pattern"]
        for _, pipe in nlp.pipeline
        if isinstance(pipe, EntityRuler)
        for p in pipe.patterns
        if p["label"] in ORG_LABELS and isinstance(p["pattern"], str)
    )


# --- document summary --------------------------------------------------------------------------

Mention = tuple[str, int, int]  # name, start_char, end_char


def summarise(doc: Doc, found: list[Entity]) -> tuple[list[Person], list[NamedCount], list[NamedCount]]:
    """People (each once, with mentions and deduplicated roles), organisations and places with mention counts.

    Organisations and places are counted by every occurrence of their normalised name in
    the text, so a name the NER found once counts where the NER missed it too.
    """
    assertions: list[RoleAssertion] = doc._.roles
    text = doc.text  # built from the tokens on every access: read it once
    spans = [doc[start:end] for start, end in doc._.role_people]
    names = resolve_names([person_name(s) for s in spans])
    mentions = Counter(names[person_name(s)] for s in spans)
    people = []
    for name, n in mentions.most_common():
        roles: list[RoleAssertion] = []
        for a in assertions:
            if a.person == name and all((a.title, a.organisation, a.party) != (r.title, r.organisation, r.party) for r in roles):
                roles.append(a)
        people.append(Person(name, n, roles))
    role_orgs: list[Mention] = [tuple(o) for o in doc._.role_organisations or []]
    known = set(doc._.role_known) | {o[0] for o in role_orgs}
    org_seeds = [m for e in join_adjacent(found, "ORG", text) for m in _split_list(e)]
    org_seeds += [(s.text, s.start_char, s.end_char) for s in _misread_people(doc)]
    org_seeds += _gazetteer_organisations(doc)
    place_names = {_base_if_known(n, known) for e in found if e.label == "PLACE" for n, _, _ in _split_list(e)}
    place_names |= {n for n, kind in lexicon().public_bodies.items() if kind == "PLACE"} & known
    # A place named as an organisation ("kommunpolis Botkyrka") is one there, and a place elsewhere.
    placed = [o for o in role_orgs if o[0] in place_names]
    org_seeds += [o for o in role_orgs if o[0] not in place_names]
    org_names = {normalise_organisation(_base_if_known(n, known)) for n, _, _ in org_seeds}
    first = placed + _occurrences(text, org_names, taken=placed)
    org_names |= {n for n, _, _ in _list_neighbours(doc, first)} - place_names
    org_mentions = placed + _occurrences(text, org_names, taken=placed)
    org_keys = {n.casefold() for n in org_names}
    place_mentions = _occurrences(text, {n for n in place_names if n.casefold() not in org_keys}, taken=org_mentions)
    return people, _counted(org_mentions), _counted(place_mentions)


def _list_neighbours(doc: Doc, orgs: list[Mention]) -> list[Mention]:
    """Capitalised items listed with a known organisation ("MTR, Nobina, BRÅ och Företagarna"): organisations too,
    and a known one the NER cut short ("Trafikförvaltningen Region Stockholm") in full."""
    starts = [t.idx for t in doc]  # the tokens starting inside each mention, found by bisection
    in_org = {i for o in orgs for i in range(bisect_left(starts, o[1]), bisect_left(starts, o[2]))}
    org_tokens = sorted(in_org)
    found = []
    for start, end in doc._.role_sentences:
        first_org = bisect_left(org_tokens, start)
        if first_org == len(org_tokens) or org_tokens[first_org] >= end:
            continue  # a list item counts only beside a known organisation in its sentence
        sent = doc[start:end]
        items, i = [], sent.start
        while i < sent.end:  # items: runs of capitalised words, separated by "," "och" "samt"
            j = i
            while j < sent.end and (j in in_org or _capitalised(doc[j]) and doc[j].is_alpha and not _starts_sentence(doc[j])):
                j += 1
            if j > i:
                items.append(doc[i:j])
                i = j
            else:
                if doc[i].text not in (",", "och", "samt"):
                    items.append(None)  # anything else ends a list
                i += 1
        for k, item in enumerate(items):
            if item is None or item[0].ent_type_ in PERSON_LABELS | PLACE_LABELS:
                continue
            known_part = [t for t in item if t.i in in_org]
            if known_part and len(known_part) < len(item) or not known_part and _in_org_list(items, k, in_org):
                found.append((item.text, item.start_char, item.end_char))
    return found


def _in_org_list(items: list, k: int, in_org: set[int]) -> bool:
    """Is item k in an unbroken list that holds an organisation?"""
    lo = hi = k
    while lo > 0 and items[lo - 1] is not None:
        lo -= 1
    while hi + 1 < len(items) and items[hi + 1] is not None:
        hi += 1
    return any(any(t.i in in_org for t in items[x]) for x in range(lo, hi + 1) if x != k)


def join_adjacent(found: list[Entity], label: str, text: str) -> list[Entity]:
    """`label` entities one space apart, as one: a unit and its parent body
    ("Trafikförvaltningen" "Region Stockholm") name one organisation."""
    joined: list[Entity] = []
    for e in sorted((e for e in found if e.label == label), key=lambda e: e.start):
        if joined and text[joined[-1].end : e.start] == " ":
            last = joined.pop()
            e = replace(last, text=f"{last.text} {e.text}", end=e.end)
        joined.append(e)
    return joined


def _split_list(e: Entity) -> list[Mention]:
    """An entity the NER ran across a list ("Stockholms handelskammare, Livsmedelshandlarna"), split."""
    out = []
    for m in re.finditer(r"[^,;]+", e.text):
        name = m.group().strip(" .:")
        if name:
            start = e.start + m.start() + m.group().index(name)
            out.append((name, start, start + len(name)))
    return out


def _misread_people(doc: Doc) -> list[Span]:
    return [e for e in doc.ents if e.label_ in PERSON_LABELS and _names_organisation(e)]


def _base_if_known(name: str, known: set[str]) -> str:
    return name[:-1] if name.endswith("s") and name[:-1] in known else name


def _occurrences(text: str, names: set[str], taken: list[Mention]) -> list[Mention]:
    """Every non-overlapping occurrence of each name (or its genitive), longest names first.

    Words after the first match in either case: "Fittja centrum" is an occurrence of "Fittja Centrum".
    """
    found: list[Mention] = []
    occupied = bytearray(len(text))  # characters already inside a mention: overlap tests stay linear
    for _, start, end in taken:
        occupied[start:end] = b"\x01" * (end - start)
    for name in sorted(names, key=lambda n: (-len(n), n)):
        head, space, rest = name[1:].partition(" ")
        if head not in text:  # every match holds this literal: a substring test spares a regex per absent name
            continue
        first = f"[{name[0]}{name[0].lower()}]" if name.split(" ")[0].lower() in lexicon().institutions else re.escape(name[0])
        later = f" (?i:{re.escape(rest)})" if space else ""
        # The literal comes first so the regex engine can skip ahead to it; the word boundary
        # before it is checked here (a leading look-behind makes every position a candidate).
        for m in re.finditer(rf"{first}{re.escape(head)}{later}s?(?!\w)", text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
                continue
            if not any(occupied[m.start() : m.end()]):
                found.append((name, m.start(), m.end()))
                occupied[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return found


def _counted(mentions: list[Mention]) -> list[NamedCount]:
    """Most mentioned first, ties by first mention: the same order in every process.

    Names that differ only in case ("Fittja Centrum", "Fittja centrum") are one, written as first mentioned.
    """
    first: dict[str, Mention] = {}
    for mention in sorted(mentions, key=lambda m: m[1]):
        first.setdefault(mention[0].casefold(), mention)
    counts = Counter(name.casefold() for name, _, _ in mentions)
    return [NamedCount(first[k][0], counts[k]) for k in sorted(counts, key=lambda k: (-counts[k], first[k][1]))]


def _gazetteer_organisations(doc: Doc) -> list[Mention]:
    """Municipalities, regions, county boards, parties and national bodies named in the text."""
    lex = lexicon()
    names = [n for n, kind in lex.public_bodies.items() if kind == "ORG"] + list(lex.party_names.values())
    text = doc.text  # built from the tokens on every access: read it once
    found = [
        (name, m.start(), m.end())
        for name in names
        if name in text  # a plain substring test first spares a regex per absent name
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    ]
    for t in doc:
        if t.lower_ in lex.institutions:
            found.append((normalise_organisation(t.lower_), t.idx, t.idx + len(t.text)))
    return found


def base_title_word(word: str) -> str:
    """A title word's indefinite singular as the lexicon knows it ("ordföranden" -> "ordförande",
    "förbundskaptenen" -> "förbundskapten"); the word as written when no form is known."""
    forms = _base_forms(word)
    known = next((form for form in forms if form in lexicon().titles), None)
    return known or next((form for form in forms if _head_start(form) is not None), word)
