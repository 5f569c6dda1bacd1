"""SQLite entity index: what researchers query across articles.

One plain SQLite file (`outputs/entities.sqlite`) that the batch run keeps up to
date and that anyone can open in their own tools. WAL mode lets readers query
while a run writes; every batch of articles is replaced in one transaction, so a
reader sees an article either before or after a rerun, never half of it.

Modules: `schema` (migrations), `writer` (EntityIndex), `reading` (read-only
connections), `queries` and `search` (the `pipeline query` commands), `render`
(output formats), `export` (files for other tools), `benchmark`.
"""

from pipeline.store.benchmark import benchmark_queries
from pipeline.store.export import EXPORT_FORMATS, export_index, public_tables, write_sheet
from pipeline.store.queries import (
    DATE_FORMS,
    SQL_TIME_LIMIT_S,
    RoleFilters,
    date_bound,
    near_names,
    query_cooccur,
    query_orgs,
    query_people,
    query_places,
    query_roles,
    query_sql,
    role_sheet,
)
from pipeline.store.reading import QueryResult, connect_readonly
from pipeline.store.render import FORMATS, render
from pipeline.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    IndexUnusable,
    StoreError,
    canonical_name,
    migrate,
    name_key,
    read_failure,
)
from pipeline.store.search import query_search
from pipeline.store.writer import EntityIndex

__all__ = [
    "DATE_FORMS", "EXPORT_FORMATS", "FORMATS", "MIGRATIONS", "SCHEMA_VERSION", "SQL_TIME_LIMIT_S", "EntityIndex",
    "IndexUnusable", "QueryResult", "RoleFilters", "read_failure",
    "StoreError", "benchmark_queries", "canonical_name", "connect_readonly", "date_bound", "export_index",
    "migrate", "name_key", "near_names", "public_tables", "query_cooccur", "query_orgs", "query_people",
    "query_places", "query_roles", "query_search", "query_sql", "render", "role_sheet", "write_sheet",
]
