"""The `pipeline query` questions, as SQL over the index (read-only connections)."""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from pipeline.store.reading import QueryResult, fetch
from pipeline.store.schema import ENTITY_KINDS, EntityKind, StoreError, name_key

DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD (2024, 2024-02, 2024-02-16)"
_DATE_FORMATS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
NEAR_NAMES = 3


def date_bound(value: str) -> str:
    """`value` if it is a real year, month or day in ISO form; else a StoreError naming the accepted forms."""
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
        try:
            datetime.strptime(value, _DATE_FORMATS[len(value)])
            return value
        except ValueError:
            pass
    raise StoreError(f"{value!r} is not a date; use {DATE_FORMS}")


def _match(column: str, value: str, fuzzy: bool, contains: bool = False) -> tuple[str, str]:
    """SQL condition and parameter: exact by default, on the folded `<column>_key` with --fuzzy."""
    target, param = (f"{column}_key", name_key(value)) if fuzzy else (column, value)
    return (f"instr({target}, ?) > 0" if contains else f"{target} = ?"), param


def _party(party: str) -> tuple[str, str]:
    """Party codes in any case: --party m finds M."""
    return "party = ? COLLATE NOCASE", party


def _date_bounds(since: str | None, until: str | None, column: str) -> list[tuple[str, str]]:
    """Inclusive ISO-date bounds that accept a year or month too: --until 2024 keeps all of 2024."""
    bounds = []
    if since:
        bounds.append((f"{column} >= ?", date_bound(since)))
    if until:
        bounds.append((f"substr({column}, 1, {len(until)}) <= ?", date_bound(until)))
    return bounds


def _where(conditions: Iterable[tuple[str, object]]) -> tuple[str, list]:
    conditions = list(conditions)
    if not conditions:
        return "", []
    return "WHERE " + " AND ".join(sql for sql, _ in conditions), [param for _, param in conditions]


def _sources_column(with_articles: bool, expression: str) -> str:
    """The `sources` column (article ids as a JSON array, replaced by `_with_sources`), when asked for."""
    return f", {expression} AS sources" if with_articles else ""


# ---------------------------------------------------------------- the entities behind names
# entity_aliases (pipeline/entities/index.py) holds one row per name, entity and article: how
# the article tied the name as written to its canonical entity.


PEOPLE = next(k for k in ENTITY_KINDS if k.kind == "person")


def _entity_in_article(kind: EntityKind, name: str, article: str) -> str:
    """SQL: the entity of this kind that the article ties the name to; `name` and `article` are qualified
    columns of the outer query (a bare `name` or `article` would read the subquery's own). The kind is
    the id's prefix, so the probe stays in the index (article, alias, entity)."""
    return (f"(SELECT a.entity FROM entity_aliases a WHERE a.article = {article} AND a.alias = {name} "
            f"AND a.entity > '{kind.prefix}:' AND a.entity < '{kind.prefix};' LIMIT 1)")


# The role's own row in entity_roles: the same sentence, title and person.
_ENTITY_ROLE = """(SELECT er.{column} FROM entity_roles er WHERE er.article = r.article
    AND er.evidence_start = r.evidence_start AND er.evidence_end = r.evidence_end
    AND er.title IS r.title AND er.person = r.entity)"""
# The roles a filter selects, each with the entities of its person, organisation and party.
_ROLES_WITH_ENTITIES = """
    SELECT r.*, """ + _ENTITY_ROLE.format(column="organisation") + """ AS organisation_id,
           """ + _ENTITY_ROLE.format(column="party_entity") + """ AS party_id
    FROM (SELECT *, """ + _entity_in_article(PEOPLE, "roles.person", "roles.article") + """ AS entity FROM roles {where}) r
"""


# The columns every row about a person, organisation or place carries, from `LEFT JOIN entities e`.
ENTITY_COLUMNS = "e.id AS entity_id, e.name AS entity_name, e.wikidata"


def query_people(
    connection: sqlite3.Connection,
    name: str | None = None,
    org: str | None = None,
    role: str | None = None,
    party: str | None = None,
    since: str | None = None,
    until: str | None = None,
    fuzzy: bool = False,
    with_articles: bool = False,
) -> QueryResult:
    """One row per person and role (people never given a role: one row with no title)."""
    role_conditions = []
    if org:
        role_conditions.append(_match("organisation", org, fuzzy))
    if role:
        role_conditions.append(_match("title", role, fuzzy, contains=True))
    if party:
        role_conditions.append(_party(party))
    conditions = ([_match("person", name, fuzzy)] if name else []) + role_conditions
    conditions += _date_bounds(since, until, "published")
    where, params = _where(conditions)
    # People mentioned without a role can only match when no role filter is given.
    roleless = "" if role_conditions else f"""
            UNION ALL
            SELECT l.person, p.name_key, NULL, NULL, NULL, NULL, NULL, NULL, l.article, a.published,
                   {_entity_in_article(PEOPLE, "l.person", "l.article")}, NULL, NULL
            FROM people_articles l
            JOIN people p ON p.name = l.person
            JOIN articles a ON a.id = l.article
            WHERE NOT EXISTS (SELECT 1 FROM roles r WHERE r.article = l.article AND r.person = l.person)"""
    sql = f"""
        WITH facts AS (
            SELECT person, person_key, title, title_key, title_en, organisation, organisation_key, party,
                   article, published, entity, organisation_id, party_id
            FROM ({_ROLES_WITH_ENTITIES.format(where="")}){roleless}
        ),
        grouped AS (
            SELECT person, entity, title, title_en, organisation, organisation_id, party, party_id,
                   COUNT(DISTINCT article) AS articles,
                   MIN(published) AS first_published, MAX(published) AS last_published
                   {_sources_column(with_articles, "json_group_array(DISTINCT article)")}
            FROM facts {where}
            GROUP BY person, entity, title, title_en, organisation, organisation_id, party, party_id
        )
        SELECT g.person AS name, {ENTITY_COLUMNS}, g.title, g.title_en, g.organisation, g.organisation_id, g.party,
               g.party_id, g.articles, g.first_published, g.last_published{", g.sources" if with_articles else ""}
        FROM grouped g LEFT JOIN entities e ON e.id = g.entity
        ORDER BY g.person, g.articles DESC, g.title NULLS LAST, g.organisation, e.id
    """
    result = _finish(connection, fetch(connection, sql, params), with_articles)
    return _note_unknown(connection, result, fuzzy, person=name, organisation=org)


def query_orgs(
    connection: sqlite3.Connection, name: str | None = None, fuzzy: bool = False, with_articles: bool = False
) -> QueryResult:
    """Organisations by how many articles mention them, with how many people hold a role there."""
    where, params = _where([_match("name", name, fuzzy)] if name else [])
    sources = "(SELECT json_group_array(article) FROM organisations_articles WHERE organisation = o.name)"
    sql = f"""
        SELECT o.name, {ENTITY_COLUMNS}, o.article_count AS articles, o.mention_count AS mentions,
               (SELECT COUNT(DISTINCT person) FROM roles r WHERE r.organisation = o.name) AS people_with_roles
               {_sources_column(with_articles, sources)}
        FROM (SELECT * FROM organisations {where}) o
        LEFT JOIN entities e ON e.id = o.entity
        ORDER BY o.article_count DESC, o.name
    """
    result = _finish(connection, fetch(connection, sql, params), with_articles)
    return _note_unknown(connection, result, fuzzy, organisation=name)


def query_places(
    connection: sqlite3.Connection, name: str | None = None, fuzzy: bool = False, with_articles: bool = False
) -> QueryResult:
    """Places by how many articles mention them, with the first and last of those articles' dates."""
    where, params = _where([_match("p.name", name, fuzzy)] if name else [])
    sql = f"""
        SELECT p.name, {ENTITY_COLUMNS}, p.articles, p.mentions, p.first_published, p.last_published
               {", p.sources" if with_articles else ""}
        FROM (
            SELECT p.name, p.article_count AS articles, p.mention_count AS mentions,
                   MIN(a.published) AS first_published, MAX(a.published) AS last_published, p.entity
                   {_sources_column(with_articles, "json_group_array(l.article)")}
            FROM places p
            JOIN places_articles l ON l.place = p.name
            JOIN articles a ON a.id = l.article
            {where}
            GROUP BY p.name
        ) p
        LEFT JOIN entities e ON e.id = p.entity
        ORDER BY p.articles DESC, p.name
    """
    result = _finish(connection, fetch(connection, sql, params), with_articles)
    return _note_unknown(connection, result, fuzzy, place=name)


@dataclass(frozen=True)
class RoleFilters:
    """What `query roles` and `export roles` select by: names exact (folded with `fuzzy`), title a substring."""

    title: str | None = None
    person: str | None = None
    org: str | None = None
    party: str | None = None
    since: str | None = None
    until: str | None = None
    fuzzy: bool = False

    def where(self) -> tuple[str, list]:
        conditions = [_match("person", self.person, self.fuzzy)] if self.person else []
        conditions += [_match("organisation", self.org, self.fuzzy)] if self.org else []
        conditions += [_match("title", self.title, self.fuzzy, contains=True)] if self.title else []
        conditions += [_party(self.party)] if self.party else []
        return _where(conditions + _date_bounds(self.since, self.until, "published"))

    def note_unknown(self, connection: sqlite3.Connection, result: QueryResult) -> QueryResult:
        return _note_unknown(connection, result, self.fuzzy, person=self.person, organisation=self.org)


def query_roles(
    connection: sqlite3.Connection, filters: RoleFilters = RoleFilters(), with_articles: bool = False
) -> QueryResult:
    """Every role assertion, with its evidence text; --title matches a substring ("polis" finds "kommunpolis")."""
    where, params = filters.where()
    sql = f"""
        SELECT r.person, {ENTITY_COLUMNS}, r.title, r.title_base, r.title_en, r.organisation, r.organisation_id,
               r.party, r.party_id, r.published, r.article, r.evidence_start, r.evidence_end, r.evidence
               {_sources_column(with_articles, "json_array(r.article)")}
        FROM ({_ROLES_WITH_ENTITIES.format(where=where)}) r
        LEFT JOIN entities e ON e.id = r.entity
        ORDER BY r.person, r.published, r.article, r.evidence_start
    """
    return filters.note_unknown(connection, _finish(connection, fetch(connection, sql, params), with_articles))


def role_sheet(connection: sqlite3.Connection, filters: RoleFilters = RoleFilters()) -> QueryResult:
    """The analyst's sheet: one row per role assertion, with its article's title, date and source, and the evidence."""
    where, params = filters.where()
    sql = f"""
        SELECT r.person, {ENTITY_COLUMNS}, r.title, r.title_base, r.title_en, r.organisation, r.organisation_id,
               r.party, r.party_id, a.title AS article_title, r.published, COALESCE(a.url, a.source) AS source, r.evidence,
               r.article
        FROM ({_ROLES_WITH_ENTITIES.format(where=where)}) r
        JOIN articles a ON a.id = r.article
        LEFT JOIN entities e ON e.id = r.entity
        ORDER BY r.person, r.published, r.article, r.evidence_start
    """
    return filters.note_unknown(connection, fetch(connection, sql, params))


def query_cooccur(
    connection: sqlite3.Connection, name: str, fuzzy: bool = False, with_articles: bool = False
) -> QueryResult:
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
        f"""SELECT '{k.kind}' AS kind, l.{k.column} AS name, COUNT(*) AS shared_articles, SUM(l.mentions) AS mentions,
                   (SELECT entity FROM {k.table} WHERE name = l.{k.column}) AS entity
                   {_sources_column(with_articles, "json_group_array(l.article)")}
            FROM target_articles t CROSS JOIN {k.links} l ON l.article = t.article
            WHERE l.{k.column} NOT IN (SELECT name FROM target_names WHERE kind = '{k.kind}')
            GROUP BY l.{k.column}"""
        for k in ENTITY_KINDS
    )
    sql = f"""
        WITH target_names (kind, name) AS ({targets}),
             target_articles (article) AS ({target_articles})
        SELECT n.kind, n.name, {ENTITY_COLUMNS}, n.shared_articles, n.mentions{", n.sources" if with_articles else ""}
        FROM ({neighbours}) n
        LEFT JOIN entities e ON e.id = n.entity
        ORDER BY n.shared_articles DESC, n.mentions DESC, n.name
    """
    result = _finish(connection, fetch(connection, sql, [param] * len(ENTITY_KINDS)), with_articles)
    return _note_unknown(connection, result, fuzzy, entity=name)


SQL_TIME_LIMIT_S = 30.0
PROGRESS_CHECK_STEPS = 10_000  # SQLite virtual-machine steps between looks at the clock


def query_sql(connection: sqlite3.Connection, sql: str, time_limit_s: float = SQL_TIME_LIMIT_S) -> QueryResult:
    """Any single read-only statement; writes are refused and leave the index as it was.

    A statement still running after `time_limit_s` (a recursive CTE without end)
    is interrupted.
    """
    deadline = time.monotonic() + time_limit_s
    connection.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_CHECK_STEPS)
    try:
        return fetch(connection, sql)
    except sqlite3.DatabaseError as error:
        message = str(error)
        if message == "interrupted" and time.monotonic() > deadline:
            raise StoreError(
                f"stopped after {time_limit_s:g} s: the statement ran past the time limit; "
                "narrow it (a LIMIT, a WHERE) or raise --timeout"
            ) from None
        if "authoriz" in message or "readonly" in message:
            raise StoreError(
                f"refused: `query sql` is read-only; only SELECT (and read-only PRAGMA) statements run ({message})"
            ) from None
        raise StoreError(f"SQL error: {message}") from None
    except sqlite3.ProgrammingError as error:
        raise StoreError(f"SQL error: {error}") from None


# ---------------------------------------------------------------- the articles behind each row


def _finish(connection: sqlite3.Connection, result: QueryResult, with_articles: bool) -> QueryResult:
    return _with_sources(connection, result) if with_articles else result


def _with_sources(connection: sqlite3.Connection, result: QueryResult) -> QueryResult:
    """Replace the `sources` column's article ids by each article's title, date and source (URL, else path)."""
    at = result.columns.index("sources")
    ids_per_row = [json.loads(row[at]) for row in result.rows]
    wanted = sorted({article for ids in ids_per_row for article in ids})
    articles = {}
    for first in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
        chunk = wanted[first : first + 500]
        articles.update(
            (article, {"title": title, "published": published, "source": source})
            for article, title, published, source in connection.execute(
                f"SELECT id, title, published, COALESCE(url, source) FROM articles WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
        )
    rows = [
        (*row[:at], sorted((articles[a] for a in ids), key=lambda s: (s["published"] or "", s["title"] or "")), *row[at + 1 :])
        for row, ids in zip(result.rows, ids_per_row)
    ]
    return replace(result, rows=rows)


# ---------------------------------------------------------------- names no article mentions

# kind -> (name, name_key) of every name of that kind the index knows
_KNOWN_NAMES = {
    "person": "SELECT name, name_key FROM people",
    "organisation": "SELECT name, name_key FROM organisations "
    "UNION SELECT organisation, organisation_key FROM roles WHERE organisation IS NOT NULL",
    "place": "SELECT name, name_key FROM places",
}
_KNOWN_NAMES["entity"] = " UNION ".join(_KNOWN_NAMES.values())


def _note_unknown(connection: sqlite3.Connection, result: QueryResult, fuzzy: bool, **names: str | None) -> QueryResult:
    """When nothing matched, a note for each given name the index does not know, with the nearest names it does."""
    if result.rows:
        return result
    notes = tuple(
        note for kind, name in names.items() if name and (note := _unknown_name(connection, kind, name, fuzzy))
    )
    return replace(result, notes=notes)


def _unknown_name(connection: sqlite3.Connection, kind: str, name: str, fuzzy: bool) -> str | None:
    known = _KNOWN_NAMES[kind]
    column, value = ("name_key", name_key(name)) if fuzzy else ("name", name)
    if connection.execute(f"SELECT 1 FROM ({known}) WHERE {column} = ? LIMIT 1", (value,)).fetchone():
        return None
    near = near_names(name, connection.execute(known).fetchall())
    found = f"did you mean {', '.join(near)}?" if near else "nor any name near it"
    return f"no {kind} named {name!r} in the index; {found}"


def near_names(name: str, known: list[tuple[str, str]], count: int = NEAR_NAMES) -> list[str]:
    """The known names nearest `name`, compared case- and diacritic-folded: close spellings, then names containing it."""
    key = name_key(name)
    by_key: dict[str, str] = {}
    for known_name, known_key in sorted(known):
        by_key.setdefault(known_key, known_name)
    close = difflib.get_close_matches(key, list(by_key), n=count, cutoff=0.6)
    containing = sorted(k for k in by_key if len(key) >= 3 and key in k and k not in close)
    return [by_key[k] for k in (close + containing)[:count]]
