"""The index's schema: ordered migrations from an empty file to `SCHEMA_VERSION`.

`PRAGMA user_version` is the number of steps applied. A step is SQL, or a function
when rows must be recomputed in Python (the stems of the full-text index). Append a
step to change the schema, never edit one: an index of any earlier version is
upgraded in place when it is opened.
"""

from __future__ import annotations

import logging
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.stemming import stemmed

BUSY_TIMEOUT_MS = 10_000
log = logging.getLogger(__name__)


class StoreError(Exception):
    """A problem the user can fix: no index yet, a refused write, a malformed query."""


class IndexUnusable(StoreError):
    """The index file cannot be used at all: written by a newer pipeline, or damaged."""


def damaged(path: Path, error: sqlite3.DatabaseError) -> IndexUnusable:
    return IndexUnusable(
        f"the index {path} is damaged ({error}); move it away and run `pipeline run --force` to rebuild it"
    )


def read_failure(path: Path, error: sqlite3.Error) -> StoreError:
    """The user's view of an SQLite error met while reading the index."""
    if type(error) is sqlite3.DatabaseError:
        return damaged(path, error)
    return StoreError(f"the index {path} could not be read: {error}")


def newer_index(version: int) -> IndexUnusable:
    return IndexUnusable(
        f"the index has schema version {version}, newer than this pipeline's {SCHEMA_VERSION}: "
        "upgrade the pipeline, or use another output folder (--out) or --db"
    )


SCHEMA_V1 = """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        source TEXT,
        url TEXT,
        title TEXT,
        published TEXT,
        section TEXT,
        language TEXT,
        translation_status TEXT
    );
    CREATE INDEX articles_published ON articles (published);

    CREATE TABLE article_texts (
        docid INTEGER PRIMARY KEY,
        article TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
        title TEXT,
        text TEXT,
        translated_title TEXT,
        translated_text TEXT
    );
    CREATE VIRTUAL TABLE article_search USING fts5 (
        title, text, translated_title, translated_text,
        content = 'article_texts', content_rowid = 'docid',
        tokenize = 'unicode61 remove_diacritics 0', prefix = '3'
    );
    CREATE TRIGGER article_texts_ai AFTER INSERT ON article_texts BEGIN
        INSERT INTO article_search (rowid, title, text, translated_title, translated_text)
        VALUES (new.docid, new.title, new.text, new.translated_title, new.translated_text);
    END;
    CREATE TRIGGER article_texts_ad AFTER DELETE ON article_texts BEGIN
        INSERT INTO article_search (article_search, rowid, title, text, translated_title, translated_text)
        VALUES ('delete', old.docid, old.title, old.text, old.translated_title, old.translated_text);
    END;

    CREATE TABLE mentions (
        article TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL
    );
    CREATE INDEX mentions_article ON mentions (article);
    CREATE INDEX mentions_label_text ON mentions (label, text);

    CREATE TABLE people (
        name TEXT PRIMARY KEY,
        name_key TEXT NOT NULL,
        article_count INTEGER NOT NULL DEFAULT 0,
        mention_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX people_name_key ON people (name_key);
    CREATE TABLE organisations (
        name TEXT PRIMARY KEY,
        name_key TEXT NOT NULL,
        article_count INTEGER NOT NULL DEFAULT 0,
        mention_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX organisations_name_key ON organisations (name_key);
    CREATE TABLE places (
        name TEXT PRIMARY KEY,
        name_key TEXT NOT NULL,
        article_count INTEGER NOT NULL DEFAULT 0,
        mention_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX places_name_key ON places (name_key);

    CREATE TABLE people_articles (
        person TEXT NOT NULL REFERENCES people (name),
        article TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (person, article)
    ) WITHOUT ROWID;
    CREATE INDEX people_articles_article ON people_articles (article, person, mentions);  -- covers cooccur's join
    CREATE TABLE organisations_articles (
        organisation TEXT NOT NULL REFERENCES organisations (name),
        article TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (organisation, article)
    ) WITHOUT ROWID;
    CREATE INDEX organisations_articles_article ON organisations_articles (article, organisation, mentions);  -- covers cooccur's join
    CREATE TABLE places_articles (
        place TEXT NOT NULL REFERENCES places (name),
        article TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (place, article)
    ) WITHOUT ROWID;
    CREATE INDEX places_articles_article ON places_articles (article, place, mentions);  -- covers cooccur's join

    CREATE VIEW article_entities (article, kind, name, name_key, mentions) AS
        SELECT l.article, 'person', l.person, e.name_key, l.mentions
            FROM people_articles l JOIN people e ON e.name = l.person
        UNION ALL
        SELECT l.article, 'organisation', l.organisation, e.name_key, l.mentions
            FROM organisations_articles l JOIN organisations e ON e.name = l.organisation
        UNION ALL
        SELECT l.article, 'place', l.place, e.name_key, l.mentions
            FROM places_articles l JOIN places e ON e.name = l.place;

    CREATE TABLE roles (
        person TEXT NOT NULL REFERENCES people (name),
        person_key TEXT NOT NULL,
        title TEXT,
        title_key TEXT,
        title_en TEXT,
        organisation TEXT,
        organisation_key TEXT,
        party TEXT,
        article TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        evidence TEXT NOT NULL,
        published TEXT
    );
    CREATE INDEX roles_article ON roles (article, person);
    -- Covers `query people`: grouping by person reads this index, never the wide table rows.
    CREATE INDEX roles_person_facts ON roles (person, title, title_en, organisation, party, article, published, title_key);
    CREATE INDEX roles_person_key ON roles (person_key);
    CREATE INDEX roles_organisation ON roles (organisation);
    CREATE INDEX roles_organisation_key ON roles (organisation_key);
    CREATE INDEX roles_party ON roles (party);
    CREATE INDEX roles_published ON roles (published);
    """

# The full-text index reads Snowball stems with case and diacritics folded, so "skjutning"
# finds "skjutningar" and "osterling" finds "Österling"; the query is stemmed alike.
# `article_stems` holds the stems beside `article_texts` (same docid) as its external content.
STEMMED_SEARCH = """
    DROP TRIGGER article_texts_ai;
    DROP TRIGGER article_texts_ad;
    DROP TABLE article_search;
    CREATE TABLE article_stems (
        docid INTEGER PRIMARY KEY REFERENCES article_texts (docid) ON DELETE CASCADE,
        title TEXT,
        text TEXT,
        translated_title TEXT,
        translated_text TEXT
    );
    CREATE VIRTUAL TABLE article_search USING fts5 (
        title, text, translated_title, translated_text,
        content = 'article_stems', content_rowid = 'docid',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
    );
    CREATE TRIGGER article_stems_ai AFTER INSERT ON article_stems BEGIN
        INSERT INTO article_search (rowid, title, text, translated_title, translated_text)
        VALUES (new.docid, new.title, new.text, new.translated_title, new.translated_text);
    END;
    CREATE TRIGGER article_stems_ad AFTER DELETE ON article_stems BEGIN
        INSERT INTO article_search (article_search, rowid, title, text, translated_title, translated_text)
        VALUES ('delete', old.docid, old.title, old.text, old.translated_title, old.translated_text);
    END;
    ALTER TABLE roles ADD COLUMN title_base TEXT;
"""


def _stem_texts(rows: Iterator[tuple]) -> Iterator[tuple]:
    """(docid, title, text, translated title, translated text) -> the same with every text stemmed."""
    for docid, *texts in rows:
        yield (docid, *(stemmed(text) for text in texts))


def _stemmed_search(connection: sqlite3.Connection) -> None:
    """2: full-text search on stems; roles carry `title_base` (NULL for articles indexed before: rerun with --force)."""
    _execute_script(connection, STEMMED_SEARCH)
    count = connection.execute("SELECT COUNT(*) FROM article_texts").fetchone()[0]
    if count:  # a new index runs every migration on no rows: nothing to say
        log.info("upgrading the entity index to schema 2: stemming the text of %d articles for full-text search", count)
    rows = connection.execute("SELECT docid, title, text, translated_title, translated_text FROM article_texts")
    connection.executemany("INSERT INTO article_stems VALUES (?, ?, ?, ?, ?)", _stem_texts(rows))


def _entity_tables(connection: sqlite3.Connection) -> None:
    """3: canonical entities, their aliases and role histories (pipeline/entities/index.py), filled for existing articles."""
    from pipeline.entities import index  # imported here: it builds on this package

    index.create(connection)


def _name_entities(connection: sqlite3.Connection) -> None:
    """4: every name in people, organisations and places knows its entity; aliases indexed by article and name."""
    from pipeline.entities import index

    index.add_name_entities(connection)


# 5: a role's party may come from the politicians' gazetteer rather than the text; NULL (the text) for older rows.
PARTY_SOURCE = "ALTER TABLE roles ADD COLUMN party_source TEXT;"


# Tables behind the full-text index, left out of exports: `article_texts` holds the same texts.
INTERNAL_TABLES = frozenset({"article_stems"})

Migration = str | Callable[[sqlite3.Connection], None]
MIGRATIONS: tuple[Migration, ...] = (
    SCHEMA_V1,  # 1: articles, entities, roles, full text
    _stemmed_search,  # 2: stemmed, diacritic-folded full text; title_base
    _entity_tables,  # 3: entities across articles: ids, aliases with their rule, Wikidata ids, role histories
    _name_entities,  # 4: the entity behind each name as written, for the queries by name
    PARTY_SOURCE,  # 5: where a role's party came from: the text (NULL) or a gazetteer
)
SCHEMA_VERSION = len(MIGRATIONS)


def name_key(name: str | None) -> str | None:
    """Case- and diacritic-folded form, so "asa winfridsson" finds "Åsa Winfridsson"."""
    if name is None:
        return None
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def canonical_name(name: str) -> str:
    """The stored form of an entity name: whitespace collapsed, nothing else changed."""
    return " ".join(name.split())


@dataclass(frozen=True)
class EntityKind:
    """Where one kind of entity lives: its table, its article link table and link column, its id prefix."""

    kind: str
    table: str
    links: str
    column: str
    prefix: str  # of its canonical entity ids: "org:brottsforebyggande-radet"


ENTITY_KINDS = (
    EntityKind("person", "people", "people_articles", "person", "person"),
    EntityKind("organisation", "organisations", "organisations_articles", "organisation", "org"),
    EntityKind("place", "places", "places_articles", "place", "place"),
)


def _statements(script: str) -> Iterator[str]:
    """Split a migration into statements; `complete_statement` keeps trigger bodies whole."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete statement in migration: {pending.strip()[:60]}")


def _execute_script(connection: sqlite3.Connection, script: str) -> None:
    for statement in _statements(script):
        connection.execute(statement)


def migrate(connection: sqlite3.Connection) -> int:
    """Apply the migrations this database lacks, each in its own transaction; return the version."""
    connection.execute("PRAGMA journal_mode = WAL")
    while True:
        connection.execute("BEGIN IMMEDIATE")  # read the version under the write lock: another process may migrate
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise newer_index(version)
            if version == SCHEMA_VERSION:
                connection.execute("COMMIT")
                return version
            step = MIGRATIONS[version]
            if isinstance(step, str):
                _execute_script(connection, step)
            else:
                step(connection)
            connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


