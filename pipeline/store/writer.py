"""The writer: each batch of articles replaced in one transaction, entity counts kept exact."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline.records import ArticleResult
from pipeline.stemming import stemmed
from pipeline.store.schema import BUSY_TIMEOUT_MS, ENTITY_KINDS, StoreError, canonical_name, damaged, migrate, name_key

CANONICAL = "canonical"  # the key of canonical entity ids among the touched names


def _entity_index():
    """pipeline.entities.index, imported on first use: it builds on this package."""
    from pipeline.entities import index

    return index


@dataclass(frozen=True)
class _ArticleRows:
    """Everything one article writes, computed before the write transaction opens."""

    article: tuple
    text: tuple
    stems: tuple  # the texts' Snowball stems, for the full-text index
    mentions: list[tuple]
    entities: dict[str, dict[str, int]]  # kind -> canonical name -> mentions
    roles: list[tuple]

    @classmethod
    def of(cls, result: ArticleResult) -> _ArticleRows:
        document, analysis, translation = result.document, result.analysis, result.translation
        language = document.language.code if document.language else None
        article = (
            document.id, document.source.path, document.source.url, document.title,
            document.published, document.section, language, translation.status,
        )
        text = (document.id, document.title, document.text, translation.title, translation.text)
        stems = tuple(stemmed(t) for t in text[1:])
        mentions = [(document.id, e.text, e.label, e.start, e.end) for e in analysis.entities]
        entities: dict[str, dict[str, int]] = {}
        for kind, named in (
            ("person", [(p.name, p.mentions) for p in analysis.people]),
            ("organisation", [(o.name, o.mentions) for o in analysis.organisations]),
            ("place", [(p.name, p.mentions) for p in analysis.places]),
        ):
            counts = entities.setdefault(kind, {})
            for name, mentions_count in named:
                if name.strip():
                    key = canonical_name(name)
                    counts[key] = counts.get(key, 0) + mentions_count
        roles = [
            (
                canonical_name(person.name), name_key(canonical_name(person.name)),
                role.title, name_key(role.title), role.title_en, role.title_base,
                role.organisation, name_key(role.organisation), role.party,
                document.id, role.start, role.end, document.text[role.start:role.end], document.published,
                role.party_source,
            )
            for person in analysis.people
            if person.name.strip()
            for role in person.roles
        ]
        return cls(article, text, stems, mentions, entities, roles)


class EntityIndex:
    """The writer's handle on the index: a batch of articles replaced per transaction."""

    def __init__(self, path: Path):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.entity_seconds = 0.0  # spent on the canonical-entity rows (pipeline bench: the cost of entities)
        self._connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            self._connection.execute("PRAGMA foreign_keys = ON")
            self._connection.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, safe on crash
            migrate(self._connection)
            self._connection.execute("CREATE TEMP TABLE IF NOT EXISTS doomed (id TEXT PRIMARY KEY)")
        except sqlite3.DatabaseError as error:
            self._connection.close()
            if type(error) is sqlite3.DatabaseError:  # "file is not a database", "malformed"
                raise damaged(path, error) from None
            raise
        except StoreError:
            self._connection.close()
            raise

    def upsert(self, result: ArticleResult) -> None:
        self.upsert_many([result])

    def upsert_many(self, results: Sequence[ArticleResult]) -> None:
        """Replace every row of these articles' ids, aggregates following, in one transaction.

        One transaction per batch rather than per article: each commit rewrites the
        pages it touched (full-text index, link tables), most of them shared by a batch.
        """
        with self._transaction() as db:
            touched: dict[str, set[str]] = {kind: set() for kind in (*(k.kind for k in ENTITY_KINDS), CANONICAL)}
            for result in results:
                # Deleted and inserted one by one: a batch may hold the same source twice.
                for names in (self._delete(db, [result.document.id]), self._insert(db, result)):
                    for kind, changed in names.items():
                        touched[kind] |= changed
            self._recount(db, touched)

    def prune(self, keep_ids: set[str]) -> int:
        """Remove every article whose id is not in `keep_ids`; return how many went."""
        with self._transaction() as db:
            present = [row[0] for row in db.execute("SELECT id FROM articles")]
            gone = [article_id for article_id in present if article_id not in keep_ids]
            self._recount(db, self._delete(db, gone))
        return len(gone)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> EntityIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield self._connection
        except BaseException as error:
            self._connection.execute("ROLLBACK")
            if type(error) is sqlite3.DatabaseError:  # damaged pages found while writing
                raise damaged(self.path, error) from None
            raise
        self._connection.execute("COMMIT")

    def _entities(self, step: Callable, *args: object):
        """Run one step of the entity rows (pipeline.entities.index), adding its time to `entity_seconds`."""
        started = time.perf_counter()
        try:
            return step(*args)
        finally:
            self.entity_seconds += time.perf_counter() - started

    def _delete(self, db: sqlite3.Connection, article_ids: Sequence[str]) -> dict[str, set[str]]:
        """Delete articles (children cascade); return the entity names whose counts change."""
        db.execute("DELETE FROM temp.doomed")
        db.executemany("INSERT OR IGNORE INTO temp.doomed VALUES (?)", [(i,) for i in article_ids])
        touched = {
            kind.kind: {
                row[0]
                for row in db.execute(
                    f"SELECT {kind.column} FROM {kind.links} WHERE article IN (SELECT id FROM temp.doomed)"
                )
            }
            for kind in ENTITY_KINDS
        }
        touched[CANONICAL] = self._entities(_entity_index().doomed, db)
        db.execute("DELETE FROM articles WHERE id IN (SELECT id FROM temp.doomed)")
        return touched

    def _insert(self, db: sqlite3.Connection, result: ArticleResult) -> dict[str, set[str]]:
        """Insert one article's rows; return the entity names it mentions, by kind."""
        rows = _ArticleRows.of(result)
        db.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows.article)
        docid = db.execute(
            "INSERT INTO article_texts (article, title, text, translated_title, translated_text) VALUES (?, ?, ?, ?, ?)",
            rows.text,
        ).lastrowid
        db.execute("INSERT INTO article_stems VALUES (?, ?, ?, ?, ?)", (docid, *rows.stems))
        db.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?)", rows.mentions)
        mentioned: dict[str, set[str]] = {}
        for kind in ENTITY_KINDS:
            names = rows.entities.get(kind.kind, {})
            db.executemany(
                f"INSERT INTO {kind.table} (name, name_key) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                [(name, name_key(name)) for name in names],
            )
            db.executemany(
                f"INSERT INTO {kind.links} ({kind.column}, article, mentions) VALUES (?, ?, ?)",
                [(name, result.document.id, count) for name, count in names.items()],
            )
            mentioned[kind.kind] = set(names)
        db.executemany(
            "INSERT INTO roles (person, person_key, title, title_key, title_en, title_base, organisation, "
            "organisation_key, party, article, evidence_start, evidence_end, evidence, published, party_source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows.roles,
        )
        mentioned[CANONICAL] = self._entities(_entity_index().insert, db, result)
        return mentioned

    def _recount(self, db: sqlite3.Connection, touched: dict[str, set[str]]) -> None:
        """Recompute article and mention counts and the entity of the touched names; drop names no article mentions."""
        for kind in ENTITY_KINDS:
            names = [(name,) for name in touched[kind.kind]]
            db.executemany(
                f"UPDATE {kind.table} SET "
                f"article_count = (SELECT COUNT(*) FROM {kind.links} WHERE {kind.column} = name), "
                f"mention_count = (SELECT COALESCE(SUM(mentions), 0) FROM {kind.links} WHERE {kind.column} = name) "
                "WHERE name = ?",
                names,
            )
            db.executemany(f"DELETE FROM {kind.table} WHERE name = ? AND article_count = 0", names)
            self._entities(_entity_index().set_name_entities, db, kind, touched[kind.kind])
        self._entities(_entity_index().recount, db, touched[CANONICAL])
