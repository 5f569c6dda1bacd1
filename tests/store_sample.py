"""The sample article as an ArticleResult built by hand, for the entity index tests.

Offsets come from the real clean text (found with `str.find` / regex), so a
changed text yields correctly moved spans. Importable from a subprocess too
(the concurrency test's writer) with `tests/` on sys.path.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pipeline.records import (
    Analysis,
    ArticleResult,
    CleanDocument,
    Entity,
    LanguageGuess,
    NamedCount,
    Person,
    RoleAssertion,
    Source,
    Translation,
)

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "botkyrka-trygghetskonferens-2024-02-16.txt"
SAMPLE_ID = "sha256:" + hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
TITLE = "Botkyrka höll konferens om trygghetsskapande arbete"
# Lines clean.py drops as boilerplate or lifts out as metadata (DESIGN.md).
NOT_TEXT = {"Translate", "Telefon", "Kontakt", "Öppna mobilmenyn", "Nyhet", "Andra har även läst",
            "16 februari 2024", "Kommun och politik"}

# (person, title, title_en, organisation, party, a phrase inside the evidence sentence)
ROLES = [
    ("Alvaro Fuentes", "bosocial strateg", "social housing strategist", "Botkyrkabyggen", None,
     "Alvaro Fuentes, bosocial strateg Botkyrkabyggen"),
    ("Alvaro Fuentes", "bosocial strateg", "social housing strategist", "Botkyrkabyggen", None,
     "Alvaro Fuentes, bosocial strateg på Botkyrkabyggen"),
    ("Björn Johansson", "kommunpolis", "community police officer", "Botkyrka", None,
     "Björn Johansson, kommunpolis Botkyrka"),
    ("Åsa Winfridsson", "trygghets- och säkerhetssamordnare", "safety and security coordinator",
     "Botkyrka kommun", None, "Åsa Winfridsson, trygghets- och säkerhetssamordnare, Botkyrka kommun"),
    ("Stina Lundgren", "kommunstyrelsens ordförande", "chair of the municipal executive board", None, "M",
     "Stina Lundgren, (M) kommunstyrelsens ordförande"),
    ("Mi Sundquist", "fastighetsutvecklare", "property developer", "Kungsvåningen", None,
     "Kungsvåningens fastighetsutvecklare Mi Sundquist"),
]
ORGANISATIONS = ["Botkyrka kommun", "Botkyrkabyggen", "MTR", "Länsstyrelsen", "polisen", "Kungsvåningen",
                 "Nobina", "Trafikförvaltningen Region Stockholm", "BRÅ", "Företagarna",
                 "Stockholms handelskammare", "Livsmedelshandlarna", "SKR"]
PLACES = ["Fittja", "Botkyrka", "Stockholm"]
TRANSLATED_TITLE = "Botkyrka held a conference on safety-building work"
TRANSLATED_TEXT = (
    "This week Botkyrka municipality, together with MTR and the County Administrative Board, invited "
    "to a conference on cooperation in safety-building work. The conference took place at the "
    "Multicultural Centre in Fittja."
)


def sample_text() -> str:
    """The clean text: the sample's paragraphs without boilerplate and metadata lines."""
    paragraphs = [p.strip() for p in SAMPLE.read_text(encoding="utf-8").split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p and p not in NOT_TEXT)


def occurrences(text: str, name: str) -> list[tuple[int, int]]:
    """Spans of `name` as a whole word (Botkyrka, not the Botkyrka in Botkyrkabyggen)."""
    return [m.span() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]


def sentence_around(text: str, phrase: str) -> tuple[int, int] | None:
    """The sentence (or caption line) that holds `phrase`, as the role's evidence span."""
    at = text.find(phrase)
    if at < 0:
        return None
    for match in re.finditer(r"[^.!?\n]+[.!?]?", text):
        if match.start() <= at < match.end():
            return match.start() + (len(match.group()) - len(match.group().lstrip())), match.end()
    return None


def sample_result(text: str | None = None, article_id: str = SAMPLE_ID, published: str = "2024-02-16",
                  title: str = TITLE, edits: dict[str, str] | None = None) -> ArticleResult:
    """The sample article's result, or that of a changed article.

    `text` replaces the whole text (roles whose phrase is gone disappear);
    `edits` rewrites words in the text and in the role titles alike, as a
    rerun of an edited article would read them.
    """
    text = sample_text() if text is None else text

    def edited(value: str | None) -> str | None:
        for old, new in (edits or {}).items():
            value = value.replace(old, new) if value else value
        return value

    text = edited(text)
    entities: list[Entity] = []
    people: list[Person] = []
    for person in dict.fromkeys(r[0] for r in ROLES):
        spans = occurrences(text, person)
        if not spans:
            continue
        entities += [Entity(person, "PERSON", s, e) for s, e in spans]
        roles = []
        for name, role_title, title_en, organisation, party, phrase in ROLES:
            evidence = sentence_around(text, edited(phrase)) if name == person else None
            if evidence:
                roles.append(RoleAssertion(person, edited(role_title), organisation, party, *evidence,
                                           title_en=title_en, title_en_source="glossary"))
        people.append(Person(person, len(spans), roles))

    def named(names: list[str], label: str) -> list[NamedCount]:
        counts = []
        for name in names:
            spans = occurrences(text, name)
            entities.extend(Entity(name, label, s, e) for s, e in spans)
            if spans:
                counts.append(NamedCount(name, len(spans)))
        return counts

    organisations = named(ORGANISATIONS, "ORG")
    places = named(PLACES, "PLACE")
    entities.sort(key=lambda e: (e.start, e.end))
    document = CleanDocument(
        id=article_id,
        source=Source(path=str(Path("corpora") / SAMPLE.name)),
        content_hash=article_id,
        text=text,
        title=title,
        published=published,
        section="Kommun och politik",
        language=LanguageGuess("sv", 0.99),
    )
    return ArticleResult(
        document=document,
        analysis=Analysis(entities, people, organisations, places, model="hand-built fixture"),
        translation=Translation("en", "hand-written", "ok", TRANSLATED_TITLE, TRANSLATED_TEXT),
        stages={},
    )
