"""ArticleResult -> the JSON contract: one file per article, a JSONL roll-up, run and error reports.

Every write goes to a temporary file in the target folder and is renamed into
place, so a run killed at any moment leaves either the old file or the new one,
never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from jsonschema import Draft202012Validator

from pipeline import __version__
from pipeline.records import (
    Analysis,
    ArticleResult,
    CleanDocument,
    Entity,
    EntityRef,
    ErrorRecord,
    LanguageGuess,
    NamedCount,
    ParagraphLanguage,
    Person,
    RoleAssertion,
    Source,
    Translation,
)

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "article.schema.json"
UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9_.-]")
FILENAME_PREFIX_CHARS = 60  # of the id itself, for people reading the folder; the hash makes the name unique


@contextmanager
def atomic_writer(path: Path) -> Iterator[TextIO]:
    """A text file that appears at `path` only once it is completely written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, text: str) -> None:
    with atomic_writer(path) as file:
        file.write(text)


def dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def article_filename(article_id: str) -> str:
    """`sha256:ab12…` -> `ab12….json`; any other id -> `<its first characters, escaped>-<hash of the id>.json`.

    Two ids never share a file (`a/b` and `a_b` differ in their hash), and a name
    stays under 100 bytes however long the id is. A content id is its own hash.
    """
    digest = article_id.removeprefix("sha256:")
    if article_id.startswith("sha256:") and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest):
        return digest + ".json"
    readable = UNSAFE_FILENAME.sub("_", article_id[:FILENAME_PREFIX_CHARS]).lstrip(".")
    return f"{readable}-{hashlib.sha256(article_id.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}.json"


def _ref(ref: EntityRef | None) -> dict | None:
    return asdict(ref) if ref else None


def _read_ref(ref: dict | None) -> EntityRef | None:
    return EntityRef(**ref) if ref else None


def _role(role: RoleAssertion, text: str) -> dict:
    return {
        "title": role.title,
        "title_base": role.title_base,
        "title_en": role.title_en,
        "title_en_source": role.title_en_source,
        "organisation": role.organisation,
        "organisation_entity": _ref(role.organisation_entity),
        "party": role.party,
        "party_entity": _ref(role.party_entity),
        "party_source": role.party_source,
        "evidence": {"start": role.start, "end": role.end, "text": text[role.start : role.end]},
    }


def article_json(result: ArticleResult) -> dict:
    document, analysis = result.document, result.analysis
    language = document.language
    return {
        "id": document.id,
        "source": {"path": document.source.path, "url": document.source.url},
        "title": document.title,
        "published": document.published,
        "section": document.section,
        "author": document.author,
        "language": {"code": language.code, "confidence": language.confidence} if language else None,
        "paragraph_languages": [
            {"start": p.start, "end": p.end, "code": p.language.code, "confidence": p.language.confidence}
            for p in document.paragraphs
        ],
        "text": document.text,
        "removed_boilerplate": document.removed,
        "entities": [asdict(entity) for entity in analysis.entities],
        "people": [
            {"name": p.name, "mentions": p.mentions, "entity": _ref(p.entity), "roles": [_role(r, document.text) for r in p.roles]}
            for p in analysis.people
        ],
        "organisations": [asdict(o) for o in analysis.organisations],
        "places": [asdict(p) for p in analysis.places],
        "translation": {
            key: value
            for key, value in asdict(result.translation).items()
            if key in {"target", "backend", "status", "title", "text", "error", "unprotected_chunks"}
        },
        "stages": result.stages,
        "pipeline": {
            "version": __version__,
            "model": analysis.model,
            "content_hash": document.content_hash,
            "encoding": document.encoding,
            "timings": {stage: round(seconds, 6) for stage, seconds in result.timings.items()},
        },
    }


def result_from_json(article: dict) -> ArticleResult:
    """The records an article JSON was written from: the inverse of `article_json`."""
    language = article.get("language")
    document = CleanDocument(
        id=article["id"],
        source=Source(**article["source"]),
        content_hash=article["pipeline"].get("content_hash", ""),
        text=article["text"],
        title=article.get("title"),
        published=article.get("published"),
        section=article.get("section"),
        author=article.get("author"),
        removed=list(article.get("removed_boilerplate", [])),
        encoding=article["pipeline"].get("encoding", "utf-8"),
        language=LanguageGuess(language["code"], language["confidence"]) if language else None,
        paragraphs=[
            ParagraphLanguage(p["start"], p["end"], LanguageGuess(p["code"], p["confidence"]))
            for p in article.get("paragraph_languages", [])
        ],
    )
    people = [
        Person(person["name"], person["mentions"], [
            RoleAssertion(
                person["name"], role["title"], role["organisation"], role["party"],
                role["evidence"]["start"], role["evidence"]["end"], role.get("title_en"), role.get("title_en_source"),
                role.get("title_base"),
                _read_ref(role.get("organisation_entity")), _read_ref(role.get("party_entity")),
                role.get("party_source"),
            )
            for role in person["roles"]
        ], _read_ref(person.get("entity")))
        for person in article["people"]
    ]

    def named(item: dict) -> NamedCount:
        return NamedCount(item["name"], item["mentions"], _read_ref(item.get("entity")))

    summaries = [*article["people"], *article["organisations"], *article["places"]]
    analysis = Analysis(
        entities=[Entity(**{**entity, "entity": _read_ref(entity.get("entity"))}) for entity in article["entities"]],
        people=people,
        organisations=[named(o) for o in article["organisations"]],
        places=[named(p) for p in article["places"]],
        model=article["pipeline"].get("model"),
        linked=all("entity" in item for item in summaries + article["entities"]),  # written by the entities stage
    )
    translation = Translation(**article["translation"])
    return ArticleResult(document, analysis, translation, dict(article.get("stages", {})), dict(article["pipeline"].get("timings", {})))


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def validate(article: dict) -> None:
    """Raise jsonschema.ValidationError when `article` breaks the published contract."""
    validator().validate(article)


class OutputFolder:
    """The files of one output folder: articles/, articles.jsonl, errors.jsonl, run.json."""

    def __init__(self, root: Path):
        self.root = root
        self.articles = root / "articles"

    def remove_stale_temporaries(self) -> int:
        """Temporary files left by a killed run; the files they were meant to replace are intact."""
        stale = [*self.root.glob(".*.tmp"), *self.articles.glob(".*.tmp")]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def article_path(self, article_id: str) -> Path:
        return self.articles / article_filename(article_id)

    def write_article(self, article: dict) -> Path:
        path = self.article_path(article["id"])
        atomic_write(path, dumps(article))
        return path

    def read_article(self, article_id: str) -> dict | None:
        try:
            return json.loads(self.article_path(article_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def write_rollup(self, article_ids: Iterable[str]) -> int:
        """articles.jsonl: one compact line per article of this run, in input order."""
        count = 0
        with atomic_writer(self.root / "articles.jsonl") as rollup:
            for article_id in dict.fromkeys(article_ids):
                article = self.read_article(article_id)
                if article is not None:
                    rollup.write(json.dumps(article, ensure_ascii=False) + "\n")
                    count += 1
        return count

    def write_errors(self, errors: Iterable[ErrorRecord]) -> None:
        with atomic_writer(self.root / "errors.jsonl") as file:
            file.writelines(json.dumps(asdict(e), ensure_ascii=False) + "\n" for e in errors)

    def write_run_report(self, report: dict) -> None:
        atomic_write(self.root / "run.json", dumps(report))
