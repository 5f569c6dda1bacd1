"""Files for other tools: every table (CSV, Parquet, JSONL), and the analyst's sheet of roles (CSV or .xlsx)."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from pipeline.store.reading import QueryResult, connect_readonly
from pipeline.store.schema import INTERNAL_TABLES, StoreError

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
        if name not in INTERNAL_TABLES and not any(name == v or name.startswith(v + "_") for v in virtual)
    ]


def export_index(db_path: Path, out_dir: Path, fmt: str, bom: bool = False) -> list[Path]:
    """Write one file per table (`<table>.<fmt>`) for pandas/R users; return the paths written.

    `bom` starts each CSV with a UTF-8 byte-order mark, which Excel needs to read å, ä and ö.
    """
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
                with path.open("w", encoding=_csv_encoding(bom), newline="") as handle:
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


def _csv_encoding(bom: bool) -> str:
    return "utf-8-sig" if bom else "utf-8"


EXCEL_CELL_CHARACTERS = 32_767  # the most one .xlsx cell holds


def write_sheet(result: QueryResult, path: Path, excel: bool = False, bom: bool = False) -> None:
    """One sheet of rows: an Excel workbook (.xlsx) with `excel`, else CSV (UTF-8, with a byte-order mark if `bom`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if excel:
        _write_xlsx(path, result)
        return
    with path.open("w", encoding=_csv_encoding(bom), newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)


def _write_xlsx(path: Path, result: QueryResult) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def cell(value: object) -> object:
        if isinstance(value, str):
            return ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_CHARACTERS]
        return value

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(path.stem[:31] or "sheet")  # Excel's limit on a sheet name
    sheet.freeze_panes = "A2"
    header = []
    for name in result.columns:
        header_cell = WriteOnlyCell(sheet, value=name)
        header_cell.font = Font(bold=True)
        header.append(header_cell)
    sheet.append(header)
    for row in result.rows:
        sheet.append([cell(value) for value in row])
    workbook.save(path)
