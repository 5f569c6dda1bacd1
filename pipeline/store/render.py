"""Query results as text: an aligned table, JSON, JSONL or CSV."""

from __future__ import annotations

import csv
import io
import json

from pipeline.store.reading import QueryResult

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
        writer.writerows([flat(value) for value in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "table":
        return _table(result)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _table(result: QueryResult) -> str:
    def cell(value: object) -> str:
        text = "" if value is None else " ".join(str(flat(value)).split())
        return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"

    cells = [[cell(v) for v in row] for row in result.rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(result.columns)]
    lines = [result.columns, ["-" * w for w in widths], *cells]
    return "".join("  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip() + "\n" for line in lines)


def flat(value: object) -> object:
    """A cell for CSV or a table: a `sources` list as "2024-02-16 Title <source>; ..."; anything else as it is."""
    if isinstance(value, list):
        return "; ".join(f"{s['published'] or '-'} {s['title'] or '-'} <{s['source']}>" for s in value)
    return value
