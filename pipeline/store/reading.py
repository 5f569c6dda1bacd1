"""Read-only access: a connection that cannot change the index, and the rows a query returns."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from pipeline.store.schema import BUSY_TIMEOUT_MS, SCHEMA_VERSION, StoreError, damaged, migrate, newer_index


@dataclass(frozen=True)
class QueryResult:
    """Rows to print, and `notes` for the reader (a name no article mentions, with near names)."""

    columns: list[str]
    rows: list[tuple]
    notes: tuple[str, ...] = ()

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the index: `mode=ro` plus an authorizer that allows reads only."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no index at {path}: run `pipeline run` first, or pass --db PATH")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)) as probe:
        try:
            version = probe.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise damaged(path, error) from None
    if version > SCHEMA_VERSION:
        raise newer_index(version)
    if 0 < version < SCHEMA_VERSION:
        _upgrade(path, version)
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    connection.set_authorizer(_read_only_authorizer)
    return connection


def _upgrade(path: Path, version: int) -> None:
    """An index written by an earlier pipeline is migrated in place before it is read (version 0 is no index)."""
    try:
        with closing(sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)) as connection:
            migrate(connection)
    except sqlite3.OperationalError as error:
        raise StoreError(
            f"the index at {path} has schema version {version}; upgrading it to {SCHEMA_VERSION} "
            f"needs write access to the file ({error})"
        ) from None


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


def fetch(connection: sqlite3.Connection, sql: str, params: Sequence = ()) -> QueryResult:
    cursor = connection.execute(sql, params)
    columns = [d[0] for d in cursor.description or ()]
    return QueryResult(columns, cursor.fetchall())
