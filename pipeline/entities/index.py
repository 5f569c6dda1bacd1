"""The entity tables of the SQLite index, and the queries that read them.

Kept apart from the store package, whose writer (pipeline/store/writer.py) calls `insert`, `doomed` and `recount`
inside its own write transaction, so an article's entity rows are replaced
together with its other rows. Every table is keyed by stable entity ids
(pipeline.entities.normalise.entity_id): rerunning or pruning never renumbers.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from pipeline.entities.link import link_article
from pipeline.entities.normalise import canonical_name, kind_of, name_key, title_base
from pipeline.records import (
    Analysis,
    ArticleResult,
    CleanDocument,
    Entity,
    EntityRef,
    NamedCount,
    Person,
    RoleAssertion,
    Source,
    Translation,
)
from pipeline.store.benchmark import QueryTiming, time_queries
from pipeline.store.queries import RoleFilters, _finish, _sources_column
from pipeline.store.reading import QueryResult, connect_readonly, fetch
from pipeline.store.schema import ENTITY_KINDS, EntityKind, _execute_script

log = logging.getLogger(__name__)
# The rule shown for an alias: a plain name that differs from the canonical one only by case or diacritics says so.
SHOWN_RULE = "CASE WHEN a.rule = 'name' AND a.alias <> e.name THEN 'case or diacritics' ELSE a.rule END"

SCHEMA = """
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    wikidata TEXT,
    source TEXT,
    article_count INTEGER NOT NULL DEFAULT 0,
    mention_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_name_key ON entities (name_key);
CREATE INDEX entities_name ON entities (name);
CREATE INDEX entities_kind ON entities (kind, article_count);
CREATE INDEX entities_wikidata ON entities (wikidata);

CREATE TABLE entity_articles (
    entity TEXT NOT NULL REFERENCES entities (id),
    article TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    wikidata TEXT,
    source TEXT,
    PRIMARY KEY (entity, article)
) WITHOUT ROWID;
CREATE INDEX entity_articles_article ON entity_articles (article, entity, mentions);  -- covers cooccur's join

CREATE TABLE entity_aliases (
    entity TEXT NOT NULL REFERENCES entities (id),
    alias TEXT NOT NULL,
    alias_key TEXT NOT NULL,
    rule TEXT NOT NULL,
    article TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (entity, alias, rule, article)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_article ON entity_aliases (article);
CREATE INDEX entity_aliases_alias ON entity_aliases (alias, entity);
CREATE INDEX entity_aliases_alias_key ON entity_aliases (alias_key, entity);

CREATE TABLE entity_roles (
    person TEXT NOT NULL REFERENCES entities (id),
    title TEXT,
    title_base TEXT,
    organisation TEXT REFERENCES entities (id),
    party TEXT,
    party_entity TEXT REFERENCES entities (id),
    article TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    published TEXT,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    evidence TEXT NOT NULL
);
CREATE INDEX entity_roles_person ON entity_roles (person, published);
CREATE INDEX entity_roles_article ON entity_roles (article);
CREATE INDEX entity_roles_title_base ON entity_roles (title_base);
CREATE INDEX entity_roles_organisation ON entity_roles (organisation);
CREATE INDEX entity_roles_published ON entity_roles (published);

CREATE VIEW role_history (person_id, person, wikidata, title, title_base, organisation_id, organisation, party,
                          published, article, evidence) AS
    SELECT r.person, p.name, p.wikidata, r.title, r.title_base, r.organisation, o.name, r.party,
           r.published, r.article, r.evidence
    FROM entity_roles r
    JOIN entities p ON p.id = r.person
    LEFT JOIN entities o ON o.id = r.organisation;

CREATE VIEW entity_merges (entity, kind, name, wikidata, alias, rule, articles, mentions) AS
    SELECT a.entity, e.kind, e.name, e.wikidata, a.alias, """ + SHOWN_RULE + """, COUNT(*), SUM(a.mentions)
    FROM entity_aliases a JOIN entities e ON e.id = a.entity
    GROUP BY a.entity, a.alias, a.rule;
"""


def create(connection: sqlite3.Connection) -> None:
    """The migration step: the entity tables, filled for the articles an older index already holds."""
    _execute_script(connection, SCHEMA)
    articles = [row[0] for row in connection.execute("SELECT id FROM articles")]
    if articles:
        log.info("filling the new entity tables from the %d articles the index holds", len(articles))
    touched: set[str] = set()
    for article in articles:
        touched |= insert(connection, stored_result(connection, article))
    recount(connection, touched)


def stored_result(connection: sqlite3.Connection, article: str) -> ArticleResult:
    """An article as the index holds it (text, mentions, summaries, roles): what linking needs."""
    source, published, text = connection.execute(
        "SELECT a.source, a.published, t.text FROM articles a JOIN article_texts t ON t.article = a.id WHERE a.id = ?",
        (article,),
    ).fetchone()
    text = text or ""
    mentions = [Entity(*row) for row in connection.execute(
        "SELECT text, label, start, end FROM mentions WHERE article = ? ORDER BY start", (article,))]
    people = {}
    for name, count in connection.execute("SELECT person, mentions FROM people_articles WHERE article = ?", (article,)):
        people[name] = Person(name, count)
    # Only migration 3 reads stored roles, before migration 5 adds `party_source`: every party then came from the text.
    for person, title, organisation, party, start, end, title_en, base in connection.execute(
        "SELECT person, title, organisation, party, evidence_start, evidence_end, title_en, title_base FROM roles "
        "WHERE article = ? ORDER BY evidence_start", (article,)
    ):
        people.setdefault(person, Person(person, 1)).roles.append(
            RoleAssertion(person, title, organisation, party, start, end, title_en, title_base=base))

    def named(table: str, column: str) -> list[NamedCount]:
        return [NamedCount(*row) for row in connection.execute(
            f"SELECT {column}, mentions FROM {table} WHERE article = ?", (article,))]

    analysis = Analysis(mentions, list(people.values()), named("organisations_articles", "organisation"),
                        named("places_articles", "place"))
    document = CleanDocument(article, Source(path=source), article, text or " ", published=published)
    return ArticleResult(document, analysis, Translation("", None, "skipped"), {})


def insert(db: sqlite3.Connection, result: ArticleResult) -> set[str]:
    """Write one article's entity rows; return the entity ids it names."""
    document = result.document
    analysis = link_article(document.text, result.analysis)
    per_entity: dict[str, dict] = {}
    aliases: Counter[tuple[str, str, str]] = Counter()

    def count(ref: EntityRef | None, mentions: int = 0) -> None:
        if ref is None:
            return
        entry = per_entity.setdefault(ref.id, {"ref": ref, "summary": 0, "mentions": 0})
        entry["summary"] += mentions
        if ref.wikidata and not entry["ref"].wikidata:
            entry["ref"] = ref

    summaries = (*analysis.people, *analysis.organisations, *analysis.places)
    for item in summaries:
        count(item.entity, item.mentions)
    for person in analysis.people:
        for role in person.roles:
            count(role.organisation_entity)
            count(role.party_entity)
    for mention in analysis.entities:
        if mention.entity is not None:
            count(mention.entity)
            per_entity[mention.entity.id]["mentions"] += 1
            aliases[(mention.entity.id, canonical_name(mention.text), mention.entity.rule)] += 1
    written = {(entity, alias) for entity, alias, _ in aliases}
    for item in summaries:  # a name the NER missed but the analysis counted
        if item.entity and (item.entity.id, canonical_name(item.name)) not in written:
            aliases[(item.entity.id, canonical_name(item.name), item.entity.rule)] += item.mentions

    db.executemany(
        "INSERT INTO entities (id, kind, name, name_key, wikidata, source) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO NOTHING",
        [(i, kind_of(i), e["ref"].name, name_key(e["ref"].name), e["ref"].wikidata, e["ref"].source)
         for i, e in per_entity.items()],
    )
    db.executemany(
        "INSERT INTO entity_articles (entity, article, name, mentions, wikidata, source) VALUES (?, ?, ?, ?, ?, ?)",
        [(i, document.id, e["ref"].name, max(e["summary"], e["mentions"]), e["ref"].wikidata, e["ref"].source)
         for i, e in per_entity.items()],
    )
    db.executemany(
        "INSERT INTO entity_aliases (entity, alias, alias_key, rule, article, mentions) VALUES (?, ?, ?, ?, ?, ?)",
        [(entity, alias, name_key(alias), rule, document.id, n) for (entity, alias, rule), n in aliases.items()],
    )
    db.executemany(
        "INSERT INTO entity_roles (person, title, title_base, organisation, party, party_entity, article, published, "
        "evidence_start, evidence_end, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (person.entity.id, role.title, title_base(role.title, role.title_base),
             role.organisation_entity.id if role.organisation_entity else None, role.party,
             role.party_entity.id if role.party_entity else None, document.id, document.published,
             role.start, role.end, document.text[role.start:role.end])
            for person in analysis.people if person.entity
            for role in person.roles
        ],
    )
    return set(per_entity)


def doomed(db: sqlite3.Connection) -> set[str]:
    """The entities of the articles in temp.doomed (about to be deleted): their counts change."""
    return {row[0] for row in db.execute(
        "SELECT entity FROM entity_articles WHERE article IN (SELECT id FROM temp.doomed)")}


def recount(db: sqlite3.Connection, ids: Iterable[str]) -> None:
    """Counts, the most common name, the Wikidata id for these entities; drop those no article names.

    Every name an article gives one id folds to the same key, so `name_key` never changes.
    """
    rows = [(i,) for i in ids]
    db.executemany(
        """UPDATE entities SET
            article_count = (SELECT COUNT(*) FROM entity_articles WHERE entity = id),
            mention_count = (SELECT COALESCE(SUM(mentions), 0) FROM entity_articles WHERE entity = id),
            name = COALESCE((SELECT name FROM entity_articles WHERE entity = id
                             GROUP BY name ORDER BY COUNT(*) DESC, name LIMIT 1), name),
            wikidata = (SELECT wikidata FROM entity_articles WHERE entity = id AND wikidata IS NOT NULL
                        GROUP BY wikidata ORDER BY COUNT(*) DESC, wikidata LIMIT 1),
            source = (SELECT source FROM entity_articles WHERE entity = id AND source IS NOT NULL
                      GROUP BY source ORDER BY COUNT(*) DESC, source LIMIT 1)
        WHERE id = ?""",
        rows,
    )
    db.executemany("DELETE FROM entities WHERE id = ? AND article_count = 0", rows)


# Migration 4: each name as written knows its entity, so the queries by name (orgs, places,
# cooccur) name it without counting aliases; an article's tie of one name is one index probe.
NAME_ENTITIES = """
DROP INDEX entity_aliases_article;
CREATE INDEX entity_aliases_article ON entity_aliases (article, alias, entity);
ALTER TABLE people ADD COLUMN entity TEXT;
ALTER TABLE organisations ADD COLUMN entity TEXT;
ALTER TABLE places ADD COLUMN entity TEXT;
"""


def _name_entity(kind: EntityKind) -> str:
    """SQL: the entity the table's name is tied to in most of its articles, one of the table's kind first
    (the linking may tie a one-word ORG to the person whose surname it is)."""
    return f"""(SELECT a.entity FROM entity_aliases a JOIN entities k ON k.id = a.entity
               WHERE a.alias = {kind.table}.name
               GROUP BY a.entity ORDER BY k.kind = '{kind.kind}' DESC, COUNT(DISTINCT a.article) DESC, a.entity
               LIMIT 1)"""


def add_name_entities(connection: sqlite3.Connection) -> None:
    """The migration step: the index, the columns, and every name's entity."""
    _execute_script(connection, NAME_ENTITIES)
    for kind in ENTITY_KINDS:
        connection.execute(f"UPDATE {kind.table} SET entity = {_name_entity(kind)}")


def set_name_entities(db: sqlite3.Connection, kind: EntityKind, names: Iterable[str]) -> None:
    """Recompute the entity of these names of one kind (the writer calls it for the names a batch touched)."""
    db.executemany(f"UPDATE {kind.table} SET entity = {_name_entity(kind)} WHERE name = ?", [(n,) for n in names])


# ---------------------------------------------------------------- queries (read-only)
# Each query takes :entity, a name as written, an alias or an id; the Datasette canned
# queries (pipeline/serve/) run the same SQL.

TARGET = "SELECT id FROM entities WHERE id = :entity OR name = :entity UNION SELECT entity FROM entity_aliases WHERE alias = :entity"
TARGET_FOLDED = "SELECT id FROM entities WHERE name_key = :entity UNION SELECT entity FROM entity_aliases WHERE alias_key = :entity"

ENTITIES_SQL = """
    SELECT id, kind, name, wikidata, source, article_count AS articles, mention_count AS mentions,
           (SELECT group_concat(alias, ' | ') FROM (SELECT DISTINCT alias FROM entity_aliases
             WHERE entity = e.id AND alias <> e.name ORDER BY alias)) AS aliases
    FROM entities e WHERE id IN ({target}) AND (:kind IS NULL OR kind = :kind)
    ORDER BY article_count DESC, name
    LIMIT 1000
"""
# The entity_merges view's columns, read from the table itself: SQLite does not push the filter into the view.
MERGES_SQL = """
    SELECT a.entity, e.name, e.wikidata, a.alias, """ + SHOWN_RULE + """ AS rule,
           COUNT(*) AS articles, SUM(a.mentions) AS mentions
    FROM entity_aliases a JOIN entities e ON e.id = a.entity
    WHERE a.entity IN ({target})
    GROUP BY a.entity, a.alias, a.rule
    ORDER BY a.entity, articles DESC, a.alias
"""
ROLE_HISTORY_SQL = """
    SELECT person, person_id, wikidata, title, title_base, organisation, organisation_id, party, published,
           article, evidence
    FROM role_history WHERE person_id IN ({target}) AND (coalesce(:title, '') = '' OR instr(title_base, lower(:title)) > 0)
    ORDER BY person_id, published NULLS LAST, article
"""
# The columns of `query roles` (the person and organisation by their canonical names); title_en is the
# run's, from the roles table.
PERSON_ROLES_SQL = """
    SELECT person, entity_id, person AS entity_name, wikidata, title, title_base, title_en, organisation,
           organisation_id, party, party_id, published, article, evidence_start, evidence_end, evidence {sources}
    FROM (
        SELECT p.name AS person, r.person AS entity_id, p.wikidata, r.title, r.title_base,
               (SELECT w.title_en FROM roles w WHERE w.article = r.article AND w.evidence_start = r.evidence_start
                AND w.evidence_end = r.evidence_end AND w.title IS r.title LIMIT 1) AS title_en,
               o.name AS organisation, o.name_key AS organisation_key, r.organisation AS organisation_id, r.party,
               r.party_entity AS party_id, r.published, r.article, r.evidence_start, r.evidence_end, r.evidence
        FROM entity_roles r JOIN entities p ON p.id = r.person LEFT JOIN entities o ON o.id = r.organisation
        WHERE r.person IN ({target})
    ) {where}
    ORDER BY entity_id, published NULLS LAST, article, evidence_start
"""
# CROSS JOIN fixes the join order: from the target's articles to their entities, never a scan of the link table.
COOCCUR_SQL = """
    WITH target (id) AS ({target}),
         target_articles (article) AS (SELECT DISTINCT article FROM entity_articles WHERE entity IN target)
    SELECT e.id, e.kind, e.name, e.wikidata, n.shared_articles, n.mentions
    FROM (SELECT l.entity, COUNT(*) AS shared_articles, SUM(l.mentions) AS mentions
          FROM target_articles t CROSS JOIN entity_articles l ON l.article = t.article
          WHERE l.entity NOT IN target
          GROUP BY l.entity) n
    JOIN entities e ON e.id = n.entity
    ORDER BY n.shared_articles DESC, n.mentions DESC, e.name
    LIMIT 100
"""
MENTIONS_BY_MONTH_SQL = """
    SELECT substr(a.published, 1, 7) AS month, COUNT(*) AS articles, SUM(l.mentions) AS mentions
    FROM entity_articles l JOIN articles a ON a.id = l.article
    WHERE l.entity IN ({target}) AND a.published IS NOT NULL
    GROUP BY month ORDER BY month
"""
PEOPLE_BY_ORGANISATION_SQL = """
    SELECT p.name AS person, p.id AS person_id, p.wikidata, r.title_base AS title, o.name AS organisation, r.party,
           COUNT(DISTINCT r.article) AS articles, MIN(r.published) AS first_published, MAX(r.published) AS last_published
    FROM entity_roles r JOIN entities p ON p.id = r.person JOIN entities o ON o.id = r.organisation
    WHERE r.organisation IN ({target})
    GROUP BY p.id, r.title_base, o.id, r.party
    ORDER BY articles DESC, person
"""
ROLES_BY_TITLE_SQL = """
    SELECT person, person_id, title, title_base, organisation, party, published, article, evidence
    FROM role_history WHERE instr(title_base, lower(:title)) > 0
    ORDER BY title_base, published, person
"""


def _entity_query(connection: sqlite3.Connection, sql: str, entity: str, fuzzy: bool, **params: object) -> QueryResult:
    """Run a query template on the entities ENTITY stands for, folded (case, diacritics) with --fuzzy."""
    name = canonical_name(entity)
    target, value = (TARGET_FOLDED, name_key(name)) if fuzzy else (TARGET, name)
    return fetch(connection, sql.format(target=target), {"entity": value, **params})


def query_entities(connection: sqlite3.Connection, name: str | None = None, kind: str | None = None,
                   fuzzy: bool = False) -> QueryResult:
    """Entities with id, canonical name, Wikidata id and counts; NAME may be any alias ("BRÅ", "polisens")."""
    if name:
        return _entity_query(connection, ENTITIES_SQL, name, fuzzy, kind=kind)
    return fetch(connection, ENTITIES_SQL.format(target="SELECT id FROM entities"), {"kind": kind})


def query_merges(connection: sqlite3.Connection, name: str, fuzzy: bool = False) -> QueryResult:
    """Why names are one entity: every alias of the entities NAME stands for, with its rule and counts."""
    return _entity_query(connection, MERGES_SQL, name, fuzzy)


def query_person_roles(connection: sqlite3.Connection, filters: RoleFilters, with_articles: bool = False) -> QueryResult:
    """`query roles --person`: the role history of the entities the person's name stands for, with the
    columns of `query roles` and the entity ids beside them; the other filters apply as there, except
    that --title matches the history's one form of a title ("ordförande" keeps "ordföranden")."""
    where, params = replace(filters, person=None, title=None).where()
    if filters.title:
        where = f"{where} AND " if where else "WHERE "
        where += "instr(title_base, lower(?)) > 0"
        params.append(filters.title)
    name = canonical_name(filters.person or "")
    target, value = (TARGET_FOLDED, name_key(name)) if filters.fuzzy else (TARGET, name)
    target = target.replace(":entity", "?")
    sql = PERSON_ROLES_SQL.format(target=target, where=where, sources=_sources_column(with_articles, "json_array(article)"))
    result = fetch(connection, sql, [value] * target.count("?") + params)
    return filters.note_unknown(connection, _finish(connection, result, with_articles))


def query_entity_cooccur(connection: sqlite3.Connection, name: str, fuzzy: bool = False) -> QueryResult:
    """Entities sharing articles with the entities NAME stands for, most shared articles first."""
    return _entity_query(connection, COOCCUR_SQL, name, fuzzy)


def benchmark_queries(db_path: Path, repeats: int = 5) -> dict[str, QueryTiming]:
    """Median milliseconds of each entity query: the most named organisation and place, the longest role history."""
    connection = connect_readonly(db_path)
    try:
        def most_named(kind: str) -> str:
            row = connection.execute(
                "SELECT name FROM entities WHERE kind = ? ORDER BY article_count DESC LIMIT 1", (kind,)).fetchone()
            return row[0] if row else ""

        organisation, place = most_named("organisation"), most_named("place")
        person = (connection.execute("SELECT person FROM entity_roles GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1")
                  .fetchone() or ("",))[0]  # the longest role history
        title = (connection.execute("SELECT title_base FROM entity_roles GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1")
                 .fetchone() or ("",))[0] or ""
        queries = {
            "entity_by_alias": lambda: query_entities(connection, organisation),
            "entity_by_alias_fuzzy": lambda: query_entities(connection, organisation, fuzzy=True),
            "entity_merges": lambda: query_merges(connection, organisation),
            "role_history": lambda: query_person_roles(connection, RoleFilters(person=person)),
            "entity_cooccur": lambda: query_entity_cooccur(connection, place),
            "people_by_organisation": lambda: fetch(
                connection, PEOPLE_BY_ORGANISATION_SQL.format(target=TARGET), {"entity": organisation}),
            "roles_by_title_base": lambda: fetch(connection, ROLES_BY_TITLE_SQL, {"title": title[-5:]}),
            "mentions_by_month": lambda: fetch(connection, MENTIONS_BY_MONTH_SQL.format(target=TARGET), {"entity": place}),
        }
        return time_queries(queries, repeats)
    finally:
        connection.close()
