"""A Datasette plugin (`asgi_wrapper`) that refuses every write attempt with a short answer.

Any method but GET, HEAD and OPTIONS: 405. A `sql` parameter that is not one read:
403, checked by Datasette's own rule (a SELECT or WITH, no PRAGMA) and by compiling
it (EXPLAIN runs nothing) under the read-only authorizer of `pipeline query sql`,
which also catches `WITH ... DELETE`. Without it Datasette answers a POST to a
table with a 500; the index, opened `?mode=ro`, was never at risk.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs

from datasette import hookimpl
from datasette.utils import InvalidSql, validate_sql_select

from pipeline.store import connect_readonly

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@hookimpl
def asgi_wrapper(datasette):
    files = [Path(database.path) for database in datasette.databases.values() if database.path]

    def wrap(app):
        async def guarded(scope, receive, send):
            refused = refusal(scope, files) if scope["type"] == "http" else None
            if refused is None:
                await app(scope, receive, send)
            else:
                await _answer(scope, send, *refused)

        return guarded

    return wrap


def refusal(scope: dict, files: list[Path]) -> tuple[int, str] | None:
    """(status, message) for a write attempt; None for a read."""
    if scope["method"] not in READ_METHODS:
        return 405, f"{scope['method']} refused: pipeline serve is read-only; only GET and HEAD requests are answered"
    for statement in parse_qs(scope.get("query_string", b"").decode("utf-8", "replace")).get("sql", []):
        problem = sql_problem(statement, files)
        if problem:
            return 403, f"refused: pipeline serve is read-only; only one SELECT (or WITH) statement runs ({problem})"
    return None


def sql_problem(statement: str, files: list[Path]) -> str | None:
    """Why the statement is not a read, or None."""
    try:
        validate_sql_select(statement)
    except InvalidSql as error:
        return str(error)
    for path in files:
        connection = connect_readonly(path)
        try:
            connection.execute("EXPLAIN " + statement)
        except sqlite3.DatabaseError as error:  # unbound :parameters, a typo: Datasette's to answer
            if "not authorized" in str(error):
                return "the statement would change the index"
        finally:
            connection.close()
    return None


async def _answer(scope: dict, send, status: int, message: str) -> None:
    """The refusal as JSON for a .json path, plain text otherwise."""
    if scope["path"].endswith(".json"):
        body = json.dumps({"ok": False, "error": message, "status": status, "title": "Read-only"}).encode("utf-8")
        content_type = b"application/json; charset=utf-8"
    else:
        body, content_type = (message + "\n").encode("utf-8"), b"text/plain; charset=utf-8"
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    if status == 405:
        headers.append((b"allow", b"GET, HEAD"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
