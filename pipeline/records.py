"""Typed records passed between stages.

Data flows one way: ingest -> clean -> langid -> nlp (+ roles) -> translate ->
output/store. Each stage takes one of these records and returns the next, so a
stage can be tested alone and shipped to any executor (they all pickle).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """Where an article came from: a file path, a URL, or both (a cached page)."""

    path: str | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        return self.url or self.path or "<unknown>"


@dataclass
class RawDocument:
    """An input as read, before cleaning.

    `id` is `sha256:<hex>` of the source bytes unless the input record gave its
    own. `content_hash` is always the hash of the bytes, so reruns can tell an
    unchanged input from a changed one.
    """

    id: str
    source: Source
    content_type: str  # "text/plain" or "text/html"
    content: str
    content_hash: str
    encoding: str = "utf-8"
    fetched_at: str | None = None
    title: str | None = None  # given by the input record; never inferred over
    published: str | None = None  # given by the input record (ISO date)


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1, or "unknown"
    confidence: float


@dataclass(frozen=True)
class ParagraphLanguage:
    """Language of one paragraph of the clean text, with its character span."""

    start: int
    end: int
    language: LanguageGuess


@dataclass
class CleanDocument:
    id: str
    source: Source
    content_hash: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    section: str | None = None
    author: str | list[str] | None = None  # one name, or a list when the byline names several
    removed: list[str] = field(default_factory=list)  # boilerplate lines, in order
    encoding: str = "utf-8"
    language: LanguageGuess | None = None
    paragraphs: list[ParagraphLanguage] = field(default_factory=list)


@dataclass(frozen=True)
class EntityRef:
    """The canonical entity a name belongs to, and why it was tied to it.

    `id` is stable across runs (derived from the kind and the folded canonical name);
    `rule` says why this name is that entity ("name", "genitive", "abbreviation",
    "surname in article", ...); `source` says where the Wikidata id came from.
    """

    id: str
    name: str
    wikidata: str | None = None
    rule: str = "name"
    source: str | None = None


@dataclass(frozen=True)
class Entity:
    """A named entity with character offsets into `CleanDocument.text`."""

    text: str
    label: str  # PERSON, ORG, PLACE, MISC
    start: int
    end: int
    entity: EntityRef | None = None  # set by the entities stage; None for MISC


@dataclass
class RoleAssertion:
    """(person, title, organisation, party) read from one stretch of text.

    `start`/`end` are the character offsets of the evidence (the clause or
    sentence the assertion was read from) in the clean text.
    """

    person: str
    title: str | None
    organisation: str | None
    party: str | None
    start: int
    end: int
    title_en: str | None = None
    title_en_source: str | None = None  # "glossary", a backend name, or None
    title_base: str | None = None  # the title's last word in base form: "huvudtränaren" -> "huvudtränare"
    organisation_entity: EntityRef | None = None  # set by the entities stage
    party_entity: EntityRef | None = None
    party_source: str | None = None  # None: the text gives the party; "riksdagen-persons": the gazetteer, as of the article's date


@dataclass
class Person:
    name: str
    mentions: int
    roles: list[RoleAssertion] = field(default_factory=list)
    entity: EntityRef | None = None  # set by the entities stage


@dataclass(frozen=True)
class NamedCount:
    """An organisation or place with the number of times it is mentioned."""

    name: str
    mentions: int
    entity: EntityRef | None = None  # set by the entities stage


@dataclass
class Analysis:
    """What the NLP stage read from a clean document."""

    entities: list[Entity] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    organisations: list[NamedCount] = field(default_factory=list)
    places: list[NamedCount] = field(default_factory=list)
    model: str | None = None  # "sv_news 0.1.0"; None when no model ran
    linked: bool = False  # the entities stage has set every EntityRef


@dataclass
class Translation:
    target: str
    backend: str | None
    status: str  # ok | partial | failed | skipped
    title: str | None = None
    text: str | None = None
    error: str | None = None
    unprotected_chunks: int = 0  # chunks retranslated without name protection
    cached_chunks: int = 0


@dataclass
class ArticleResult:
    """Everything the pipeline knows about one article; what output writes."""

    document: CleanDocument
    analysis: Analysis
    translation: Translation
    stages: dict[str, str]  # stage name -> "ok" | "skipped: <why>"
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds


@dataclass(frozen=True)
class ErrorRecord:
    """An input that produced no article, and why."""

    input: str
    stage: str
    reason: str
