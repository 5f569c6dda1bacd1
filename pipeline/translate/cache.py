"""SQLite cache of translated chunks, so a rerun sends no request for text already translated.

One file per output folder, shared by worker processes (WAL mode, busy timeout);
the connection is opened lazily in whichever process uses it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


class TranslationCache:
    """SQLite cache of chunk translations keyed by (backend, source, target, sha256 of the text)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute(
                "CREATE TABLE IF NOT EXISTS translations (backend TEXT, source TEXT, target TEXT,"
                " text_sha256 TEXT, translation TEXT, PRIMARY KEY (backend, source, target, text_sha256))"
            )
        return self._connection

    def get(self, backend: str, source: str, target: str, text: str) -> str | None:
        row = self._db().execute(
            "SELECT translation FROM translations WHERE backend=? AND source=? AND target=? AND text_sha256=?",
            (backend, source, target, _sha256(text)),
        ).fetchone()
        return row[0] if row else None

    def put(self, backend: str, source: str, target: str, text: str, translation: str) -> None:
        self._db().execute(
            "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)",
            (backend, source, target, _sha256(text), translation),
        )

    def __getstate__(self) -> dict:
        return {"path": self.path, "_connection": None}


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
