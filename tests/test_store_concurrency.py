"""Readers in other processes see whole articles while a writer process keeps replacing them (WAL)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from pipeline.store import EntityIndex, connect_readonly, query_sql
from store_sample import sample_result

TESTS = Path(__file__).resolve().parent
PIPELINE = [sys.executable, "-c", "from pipeline.cli import main; main()"]
EDITS = {"bosocial strateg": "boendestrateg"}
# One snapshot of everything an upsert touches; a torn read would show missing rows or a stale count.
STATE_SQL = """
    SELECT (SELECT group_concat(DISTINCT title) FROM roles WHERE person = 'Alvaro Fuentes') AS title,
           (SELECT COUNT(*) FROM roles) AS roles,
           (SELECT COUNT(*) FROM mentions) AS mentions,
           (SELECT COUNT(*) FROM people) AS people,
           (SELECT article_count FROM people WHERE name = 'Alvaro Fuentes') AS alvaro_articles,
           (SELECT COUNT(*) FROM article_search WHERE article_search MATCH 'boendestrateg') AS search_hits
"""

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from store_sample import sample_result
    from pipeline.store import EntityIndex
    db, stop = Path(sys.argv[2]), Path(sys.argv[3])
    versions = [sample_result(), sample_result(edits={"bosocial strateg": "boendestrateg"})]
    upserts = 0
    with EntityIndex(db) as index:
        while not stop.exists():
            index.upsert(versions[upserts % 2])
            upserts += 1
    print(upserts)
""")

READER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from pipeline.store import connect_readonly, query_sql
    connection = connect_readonly(Path(sys.argv[1]))
    seen = []
    deadline = time.monotonic() + float(sys.argv[3])
    while time.monotonic() < deadline:
        seen.append(list(query_sql(connection, sys.argv[2]).rows[0]))
    print(json.dumps(seen))
""")


def state(db: Path) -> tuple:
    connection = connect_readonly(db)
    try:
        return tuple(query_sql(connection, STATE_SQL).rows[0])
    finally:
        connection.close()


def test_a_reader_process_sees_whole_articles_while_a_writer_process_upserts(tmp_path):
    db, stop = tmp_path / "entities.sqlite", tmp_path / "stop"
    with EntityIndex(db) as index:
        index.upsert(sample_result(edits=EDITS))
        edited = state(db)
        index.upsert(sample_result())
        original = state(db)
    assert original[0] == "bosocial strateg" and edited[0] == "boendestrateg"

    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(TESTS), str(db), str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # 10 s: the writer's first upsert loads the role lexicon (and spaCy with it) for title base forms, seconds on a busy machine.
        reader = subprocess.run([sys.executable, "-c", READER, str(db), STATE_SQL, "10"],
                                capture_output=True, text=True, timeout=60)
        cli_reads = [
            subprocess.run([*PIPELINE, "query", "people", "--org", "Botkyrkabyggen", "--db", str(db), "--format", "json"],
                           capture_output=True, text=True, timeout=60)
            for _ in range(3)
        ]
    finally:
        stop.touch()
        writer_out, writer_err = writer.communicate(timeout=60)
    assert writer.returncode == 0, writer_err
    assert reader.returncode == 0, reader.stderr
    seen = [tuple(row) for row in json.loads(reader.stdout)]
    assert set(seen) <= {original, edited}, set(seen) - {original, edited}
    assert set(seen) == {original, edited} and int(writer_out) > 20  # both really ran at the same time
    for read in cli_reads:
        assert read.returncode == 0, read.stderr
        rows = json.loads(read.stdout)
        assert [(r["name"], r["articles"]) for r in rows] == [("Alvaro Fuentes", 1)]
        assert rows[0]["title"] in {"bosocial strateg", "boendestrateg"}
