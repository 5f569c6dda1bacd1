"""SQLite entity index: what researchers query across articles.

One plain SQLite file (`outputs/entities.sqlite`) that the batch run keeps up to
date and that anyone can open in their own tools. WAL mode lets readers query
while a run writes; every batch of articles is replaced in one transaction, so a
reader sees an article either before or after a rerun, never half of it.

The schema is created by the ordered `MIGRATIONS`; `PRAGMA user_version` is the
number applied. Add a migration to change the schema, never edit one.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import statistics
import time
import unicodedata
from contextlib import contextmanager
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.records import ArticleResult

def _entity_tables(connection: sqlite3.Connection) -> None:
    """Canonical entities, their aliases and role histories (pipeline/entities/index.py), filled for existing articles."""
    _entity_index().create(connection)


# Each step is an SQL script or a function of the connection (a step that must read existing rows).
MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
    # 1: articles, entities, roles, full text.
    """
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
    """,
    # 2: reserved for the full-text migration of the `store` branch, which takes this place on merge.
    "",
    # 3: entities across articles: ids, aliases with their rule, Wikidata ids, role histories.
    _entity_tables,
)

SCHEMA_VERSION = len(MIGRATIONS)
BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """A problem the user can fix: no index yet, a refused write, a malformed query."""


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
    """Where one kind of entity lives: its table, its article link table and link column."""

    kind: str
    table: str
    links: str
    column: str


ENTITY_KINDS = (
    EntityKind("person", "people", "people_articles", "person"),
    EntityKind("organisation", "organisations", "organisations_articles", "organisation"),
    EntityKind("place", "places", "places_articles", "place"),
)
CANONICAL = "canonical"  # the key of canonical entity ids among the touched names


def _entity_index():
    """pipeline.entities.index, imported on first use: it builds on this module."""
    from pipeline.entities import index

    return index


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


def migrate(connection: sqlite3.Connection) -> int:
    """Apply the migrations this database lacks, each in its own transaction; return the version."""
    connection.execute("PRAGMA journal_mode = WAL")
    while True:
        connection.execute("BEGIN IMMEDIATE")  # read the version under the write lock: another process may migrate
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the index has schema version {version}, newer than this pipeline's {SCHEMA_VERSION}; "
                    "upgrade the pipeline or pass another --db"
                )
            if version == SCHEMA_VERSION:
                connection.execute("COMMIT")
                return version
            step = MIGRATIONS[version]
            if callable(step):
                step(connection)
            else:
                for statement in _statements(step):
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


@dataclass(frozen=True)
class _ArticleRows:
    """Everything one article writes, computed before the write transaction opens."""

    article: tuple
    text: tuple
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
                role.title, name_key(role.title), role.title_en,
                role.organisation, name_key(role.organisation), role.party,
                document.id, role.start, role.end, document.text[role.start:role.end], document.published,
            )
            for person in analysis.people
            if person.name.strip()
            for role in person.roles
        ]
        return cls(article, text, mentions, entities, roles)


class EntityIndex:
    """The writer's handle on the index: a batch of articles replaced per transaction."""

    def __init__(self, path: Path):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        self._connection.execute("PRAGMA foreign_keys = ON")
        self._connection.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, safe on crash
        migrate(self._connection)
        self._connection.execute("CREATE TEMP TABLE IF NOT EXISTS doomed (id TEXT PRIMARY KEY)")

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
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    @staticmethod
    def _delete(db: sqlite3.Connection, article_ids: Sequence[str]) -> dict[str, set[str]]:
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
        touched[CANONICAL] = _entity_index().doomed(db)
        db.execute("DELETE FROM articles WHERE id IN (SELECT id FROM temp.doomed)")
        return touched

    @staticmethod
    def _insert(db: sqlite3.Connection, result: ArticleResult) -> dict[str, set[str]]:
        """Insert one article's rows; return the entity names it mentions, by kind."""
        rows = _ArticleRows.of(result)
        db.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows.article)
        db.execute(
            "INSERT INTO article_texts (article, title, text, translated_title, translated_text) VALUES (?, ?, ?, ?, ?)",
            rows.text,
        )
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
            "INSERT INTO roles (person, person_key, title, title_key, title_en, organisation, "
            "organisation_key, party, article, evidence_start, evidence_end, evidence, published) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows.roles,
        )
        mentioned[CANONICAL] = _entity_index().insert(db, result)
        return mentioned

    @staticmethod
    def _recount(db: sqlite3.Connection, touched: dict[str, set[str]]) -> None:
        """Recompute article and mention counts of the touched names; drop names no article mentions."""
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
        _entity_index().recount(db, touched[CANONICAL])


# ---------------------------------------------------------------- queries (read-only)


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the index: `mode=ro` plus an authorizer that allows reads only."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no index at {path}: run `pipeline run` first, or pass --db PATH")
    connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
    )
    connection.set_authorizer(_read_only_authorizer)
    return connection


# PRAGMA stays allowed: `mode=ro` already refuses the ones that would change the file.
_READ_ACTIONS = {
    sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE,
    sqlite3.SQLITE_TRANSACTION, sqlite3.SQLITE_PRAGMA,
}


def _read_only_authorizer(action: int, table: str | None, *_: object) -> int:
    """Allow reads only; also denies what `mode=ro` lets through (temp tables, ATTACH, VACUUM INTO a new file).

    FTS5 declares its table on first use, which SQLite checks as an UPDATE of
    sqlite_master; `mode=ro` still refuses any real write to it.
    """
    if action in _READ_ACTIONS or (action == sqlite3.SQLITE_UPDATE and table == "sqlite_master"):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _run(connection: sqlite3.Connection, sql: str, params: Sequence = ()) -> QueryResult:
    cursor = connection.execute(sql, params)
    columns = [d[0] for d in cursor.description or ()]
    return QueryResult(columns, cursor.fetchall())


def _match(column: str, value: str, fuzzy: bool, contains: bool = False) -> tuple[str, str]:
    """SQL condition and parameter: exact by default, on the folded `<column>_key` with --fuzzy."""
    target, param = (f"{column}_key", name_key(value)) if fuzzy else (column, value)
    return (f"instr({target}, ?) > 0" if contains else f"{target} = ?"), param


def _date_bounds(since: str | None, until: str | None, column: str) -> list[tuple[str, str]]:
    """Inclusive ISO-date bounds that accept a year or month too: --until 2024 keeps all of 2024."""
    bounds = []
    if since:
        bounds.append((f"{column} >= ?", since))
    if until:
        bounds.append((f"substr({column}, 1, {len(until)}) <= ?", until))
    return bounds


def _where(conditions: Iterable[tuple[str, object]]) -> tuple[str, list]:
    conditions = list(conditions)
    if not conditions:
        return "", []
    return "WHERE " + " AND ".join(sql for sql, _ in conditions), [param for _, param in conditions]


def query_people(
    connection: sqlite3.Connection,
    name: str | None = None,
    org: str | None = None,
    role: str | None = None,
    party: str | None = None,
    since: str | None = None,
    until: str | None = None,
    fuzzy: bool = False,
) -> QueryResult:
    """One row per person and role (people never given a role: one row with no title)."""
    role_conditions = []
    if org:
        role_conditions.append(_match("organisation", org, fuzzy))
    if role:
        role_conditions.append(_match("title", role, fuzzy, contains=True))
    if party:
        role_conditions.append(("party = ?", party))
    conditions = ([_match("person", name, fuzzy)] if name else []) + role_conditions
    conditions += _date_bounds(since, until, "published")
    where, params = _where(conditions)
    # People mentioned without a role can only match when no role filter is given.
    roleless = "" if role_conditions else """
            UNION ALL
            SELECT l.person, p.name_key, NULL, NULL, NULL, NULL, NULL, NULL, l.article, a.published
            FROM people_articles l
            JOIN people p ON p.name = l.person
            JOIN articles a ON a.id = l.article
            WHERE NOT EXISTS (SELECT 1 FROM roles r WHERE r.article = l.article AND r.person = l.person)"""
    sql = f"""
        WITH facts AS (
            SELECT person, person_key, title, title_key, title_en, organisation, organisation_key, party,
                   article, published
            FROM roles{roleless}
        )
        SELECT person AS name, title, title_en, organisation, party,
               COUNT(DISTINCT article) AS articles,
               MIN(published) AS first_published, MAX(published) AS last_published
        FROM facts {where}
        GROUP BY person, title, title_en, organisation, party
        ORDER BY person, articles DESC, title NULLS LAST, organisation
    """
    return _run(connection, sql, params)


def query_orgs(connection: sqlite3.Connection, name: str | None = None, fuzzy: bool = False) -> QueryResult:
    """Organisations by how many articles mention them, with how many people hold a role there."""
    where, params = _where([_match("name", name, fuzzy)] if name else [])
    sql = f"""
        SELECT name, article_count AS articles, mention_count AS mentions,
               (SELECT COUNT(DISTINCT person) FROM roles r WHERE r.organisation = o.name) AS people_with_roles
        FROM organisations o {where}
        ORDER BY article_count DESC, name
    """
    return _run(connection, sql, params)


def query_roles(connection: sqlite3.Connection, title: str | None = None, fuzzy: bool = False) -> QueryResult:
    """Every role assertion, with its evidence text; --title matches a substring ("polis" finds "kommunpolis")."""
    where, params = _where([_match("title", title, fuzzy, contains=True)] if title else [])
    sql = f"""
        SELECT person, title, title_en, organisation, party, published, article,
               evidence_start, evidence_end, evidence
        FROM roles {where}
        ORDER BY person, published, article, evidence_start
    """
    return _run(connection, sql, params)


def query_cooccur(connection: sqlite3.Connection, name: str, fuzzy: bool = False) -> QueryResult:
    """Entities sharing articles with NAME (any kind), most shared articles first.

    CROSS JOIN fixes the join order: from NAME's few articles to their entities,
    never a scan of a whole link table.
    """
    condition, param = _match("name", name, fuzzy)
    targets = " UNION ALL ".join(
        f"SELECT '{k.kind}', name FROM {k.table} WHERE {condition}" for k in ENTITY_KINDS
    )
    target_articles = " UNION ".join(
        f"SELECT article FROM {k.links} WHERE {k.column} IN (SELECT name FROM target_names WHERE kind = '{k.kind}')"
        for k in ENTITY_KINDS
    )
    neighbours = " UNION ALL ".join(
        f"""SELECT '{k.kind}' AS kind, l.{k.column} AS name, COUNT(*) AS shared_articles, SUM(l.mentions) AS mentions
            FROM target_articles t CROSS JOIN {k.links} l ON l.article = t.article
            WHERE l.{k.column} NOT IN (SELECT name FROM target_names WHERE kind = '{k.kind}')
            GROUP BY l.{k.column}"""
        for k in ENTITY_KINDS
    )
    sql = f"""
        WITH target_names (kind, name) AS ({targets}),
             target_articles (article) AS ({target_articles})
        {neighbours}
        ORDER BY shared_articles DESC, mentions DESC, name
    """
    return _run(connection, sql, [param] * len(ENTITY_KINDS))


def query_search(connection: sqlite3.Connection, text: str, limit: int = 20) -> QueryResult:
    """Full-text search over Swedish and translated title and text, best matches first.

    FTS5 syntax works ("phrase", OR, NOT, prefix*); text that is not valid FTS5
    syntax (a hyphen, a stray quote) is searched as plain words instead.
    """
    sql = """
        SELECT a.id AS article, a.title, a.published,
               snippet(article_search, -1, '[', ']', '…', 12) AS snippet,
               round(bm25(article_search), 3) AS score
        FROM article_search
        JOIN article_texts t ON t.docid = article_search.rowid
        JOIN articles a ON a.id = t.article
        WHERE article_search MATCH ?
        ORDER BY rank LIMIT ?
    """
    try:
        return _run(connection, sql, (text, limit))
    except sqlite3.OperationalError:
        pass  # not FTS5 syntax ("trygghets- och" reads as a column filter): search the words themselves
    words = " ".join('"' + word.replace('"', '""') + '"' for word in text.split())
    return _run(connection, sql, (words, limit)) if words else QueryResult([], [])


def query_sql(connection: sqlite3.Connection, sql: str) -> QueryResult:
    """Any single read-only statement; writes are refused and leave the index as it was."""
    try:
        return _run(connection, sql)
    except sqlite3.DatabaseError as error:
        message = str(error)
        if "authoriz" in message or "readonly" in message:
            raise StoreError(
                f"refused: `query sql` is read-only; only SELECT (and read-only PRAGMA) statements run ({message})"
            ) from None
        raise StoreError(f"SQL error: {message}") from None
    except sqlite3.ProgrammingError as error:
        raise StoreError(f"SQL error: {error}") from None


# ---------------------------------------------------------------- output formats

FORMATS = ("table", "json", "csv", "jsonl")
TABLE_CELL_WIDTH = 72  # fits an article id (sha256:<64 hex>); json/csv/jsonl carry full values


def render(result: QueryResult, fmt: str) -> str:
    """The result as text in one of `FORMATS` (table: aligned columns, long cells shortened)."""
    if fmt == "json":
        return json.dumps(result.records(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in result.records())
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return buffer.getvalue()
    if fmt == "table":
        return _table(result)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _table(result: QueryResult) -> str:
    def cell(value: object) -> str:
        text = "" if value is None else " ".join(str(value).split())
        return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"

    cells = [[cell(v) for v in row] for row in result.rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(result.columns)]
    lines = [result.columns, ["-" * w for w in widths], *cells]
    return "".join("  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip() + "\n" for line in lines)


# ---------------------------------------------------------------- export

EXPORT_FORMATS = ("csv", "parquet", "jsonl")
_EXPORT_BATCH_ROWS = 10_000


def public_tables(connection: sqlite3.Connection) -> list[str]:
    """Tables a researcher exports: all but SQLite's own and the full-text index internals."""
    virtual = [
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
    ]
    return [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
        if not any(name == v or name.startswith(v + "_") for v in virtual)
    ]


def export_index(db_path: Path, out_dir: Path, fmt: str) -> list[Path]:
    """Write one file per table (`<table>.<fmt>`) for pandas/R users; return the paths written."""
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    connection = connect_readonly(db_path)
    try:
        connection.execute("BEGIN")  # one snapshot across all tables, even while a run writes
        written = []
        for table in public_tables(connection):
            path = out_dir / f"{table}.{fmt}"
            cursor = connection.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            batches = iter(lambda: cursor.fetchmany(_EXPORT_BATCH_ROWS), [])
            if fmt == "parquet":
                _write_parquet(path, columns, _arrow_types(connection, table), batches)
            else:
                with path.open("w", encoding="utf-8", newline="") as handle:
                    if fmt == "csv":
                        writer = csv.writer(handle, lineterminator="\n")
                        writer.writerow(columns)
                        for batch in batches:
                            writer.writerows(batch)
                    else:
                        for batch in batches:
                            handle.writelines(
                                json.dumps(dict(zip(columns, row)), ensure_ascii=False) + "\n" for row in batch
                            )
            written.append(path)
        connection.execute("COMMIT")
        return written
    finally:
        connection.close()


def _arrow_types(connection: sqlite3.Connection, table: str) -> list:
    """Arrow types from the declared SQLite column types, so all-null columns keep a real type."""
    import pyarrow as pa

    by_affinity = {"INTEGER": pa.int64(), "REAL": pa.float64()}
    return [by_affinity.get(row[2].upper(), pa.string()) for row in connection.execute(f'PRAGMA table_info("{table}")')]


def _write_parquet(path: Path, columns: list[str], types: list, batches: Iterable[list[tuple]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(list(zip(columns, types)))
    with pq.ParquetWriter(path, schema) as writer:
        writer.write_table(schema.empty_table())
        for batch in batches:
            arrays = [pa.array([row[i] for row in batch], type=t) for i, t in enumerate(types)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))


# ---------------------------------------------------------------- benchmark


def benchmark_queries(db_path: Path, repeats: int = 5) -> dict[str, float]:
    """Median milliseconds per query kind, with arguments drawn from the index (its most common values)."""
    connection = connect_readonly(db_path)
    try:

        def most_common(sql: str) -> str | None:
            row = connection.execute(sql).fetchone()
            return row[0] if row else None

        org = most_common(
            "SELECT organisation FROM roles WHERE organisation IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1"
        )
        party = most_common("SELECT party FROM roles WHERE party IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1")
        title = most_common("SELECT title FROM roles WHERE title IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1")
        person = most_common("SELECT name FROM people ORDER BY article_count DESC LIMIT 1")
        place = most_common("SELECT name FROM places ORDER BY article_count DESC LIMIT 1")
        since = most_common("SELECT published FROM articles WHERE published IS NOT NULL ORDER BY published LIMIT 1")
        word = (most_common("SELECT title FROM articles WHERE title IS NOT NULL LIMIT 1") or "a").split()[0]
        queries = {
            "people_by_name": lambda: query_people(connection, name=person or ""),
            "people_by_name_fuzzy": lambda: query_people(connection, name=name_key(person or ""), fuzzy=True),
            "people_by_org": lambda: query_people(connection, org=org or ""),
            "people_by_role": lambda: query_people(connection, role=(title or "")[-5:]),
            "people_by_party_since": lambda: query_people(connection, party=party or "", since=since),
            "orgs": lambda: query_orgs(connection, name=org or ""),
            "roles_by_title": lambda: query_roles(connection, title=(title or "")[-5:]),
            "cooccur": lambda: query_cooccur(connection, place or ""),
            "search": lambda: query_search(connection, word),
            "sql_count": lambda: query_sql(connection, "SELECT COUNT(*) FROM articles"),
        }
        return time_queries(queries, repeats)
    finally:
        connection.close()


def time_queries(queries: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median milliseconds of each query over `repeats` runs, after one run that warms the page cache."""
    timings = {}
    for kind, run in queries.items():
        run()  # warm the page cache: the benchmark measures queries, not the first disk read
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            run()
            samples.append((time.perf_counter() - started) * 1000)
        timings[kind] = round(statistics.median(samples), 3)
    return timings
