"""How fast each query kind answers on a given index (what `pipeline bench` reports)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.store import queries
from pipeline.store.reading import connect_readonly
from pipeline.store.schema import name_key
from pipeline.store.search import query_search


def benchmark_queries(db_path: Path, repeats: int = 5) -> dict[str, QueryTiming]:
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
        timed = {
            "people_by_name": lambda: queries.query_people(connection, name=person or ""),
            "people_by_name_fuzzy": lambda: queries.query_people(connection, name=name_key(person or ""), fuzzy=True),
            "people_by_org": lambda: queries.query_people(connection, org=org or ""),
            "people_by_role": lambda: queries.query_people(connection, role=(title or "")[-5:]),
            "people_by_party_since": lambda: queries.query_people(connection, party=party or "", since=since),
            "orgs": lambda: queries.query_orgs(connection, name=org or ""),
            "roles_by_title": lambda: queries.query_roles(connection, queries.RoleFilters(title=(title or "")[-5:])),
            "places": lambda: queries.query_places(connection, name=place or ""),
            "cooccur": lambda: queries.query_cooccur(connection, place or ""),
            "search": lambda: query_search(connection, word),
            "sql_count": lambda: queries.query_sql(connection, "SELECT COUNT(*) FROM articles"),
        }
        return time_queries(timed, repeats)
    finally:
        connection.close()


@dataclass(frozen=True)
class QueryTiming:
    """Median milliseconds of one query: on the clock, and of this process's CPU, which barely moves
    when other jobs share the cores (on an idle machine the two agree)."""

    wall_ms: float
    cpu_ms: float


def time_queries(queries: dict[str, Callable[[], object]], repeats: int) -> dict[str, QueryTiming]:
    """Median wall and CPU milliseconds of each query over `repeats` runs, after one that warms the page cache."""
    timings = {}
    for kind, run in queries.items():
        run()  # warm the page cache: the benchmark measures queries, not the first disk read
        wall, cpu = [], []
        for _ in range(repeats):
            started, cpu_started = time.perf_counter(), time.process_time()
            run()
            cpu.append((time.process_time() - cpu_started) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        timings[kind] = QueryTiming(round(statistics.median(wall), 3), round(statistics.median(cpu), 3))
    return timings
