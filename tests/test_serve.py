"""`pipeline serve`: Datasette on a free loopback port in a child process, spoken to over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from pipeline.store import EntityIndex
from store_sample import sample_result
from tests.conftest import REPO

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("index") / "entities.sqlite"
    with EntityIndex(db) as index:
        index.upsert(sample_result())
    port = free_port()
    log = (db.parent / "serve.log").open("wb")  # a file, not a pipe: a full pipe would stall the server
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port)],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            httpx.get(base + "/-/versions.json", timeout=2)
            break
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"pipeline serve did not start: {(db.parent / 'serve.log').read_text()[-2000:]}")
            time.sleep(0.3)
    yield base, db
    process.terminate()
    process.wait(timeout=30)
    log.close()


def test_home_page_names_the_index(server):
    base, _ = server
    page = httpx.get(base + "/", follow_redirects=True)
    assert page.status_code == 200
    assert "Swedish news entity index" in page.text


def test_listens_on_loopback_only(server):
    base, _ = server
    assert base.startswith("http://127.0.0.1:")
    versions = httpx.get(base + "/-/versions.json").json()
    assert versions["datasette"]["version"] == "0.65.5"


def test_entities_table_page_is_described_and_faceted(server):
    base, _ = server
    page = httpx.get(base + "/entities/entities")
    assert page.status_code == 200
    assert "Canonical entities across articles" in page.text
    table = httpx.get(base + "/entities/entities.json?_shape=objects&_facet=kind&kind=organisation").json()
    names = {row["name"] for row in table["rows"]}
    assert {"Brottsförebyggande rådet", "Polismyndigheten", "Botkyrkabyggen"} <= names
    assert {f["value"] for f in table["facet_results"]["kind"]["results"]} == {"organisation"}


def test_canned_query_people_by_organisation_answers_in_json(server):
    base, _ = server
    page = httpx.get(base + "/entities/people_by_organisation?entity=Botkyrkabyggen")
    assert page.status_code == 200 and "People by organisation" in page.text
    rows = httpx.get(base + "/entities/people_by_organisation.json?entity=Botkyrkabyggen&_shape=array").json()
    assert [(r["person"], r["title"], r["organisation"]) for r in rows] == [
        ("Alvaro Fuentes", "bosocial strateg", "Botkyrkabyggen")]


def test_canned_cooccurrence_takes_an_alias(server):
    base, _ = server
    rows = httpx.get(base + "/entities/cooccurrence.json?entity=BRÅ&_shape=array").json()
    assert ("org:polismyndigheten", 1) in {(r["id"], r["shared_articles"]) for r in rows}


def test_full_text_search_finds_the_article(server):
    base, _ = server
    rows = httpx.get(base + "/entities/article_texts.json?_search=rundvandring&_shape=array").json()
    assert len(rows) == 1


def test_dashboard_page_draws_the_entity_charts(server):
    base, _ = server
    page = httpx.get(base + "/-/dashboards/entity?entity=Fittja")
    assert page.status_code == 200
    assert "mentions-over-time" in page.text and "cooccurrences" in page.text


def index_state(db: Path) -> tuple[bytes, int]:
    """The index file's bytes and modification time: what a refused write must leave as it was."""
    return db.read_bytes(), db.stat().st_mtime_ns


@pytest.mark.parametrize("statement", [
    "DELETE FROM articles",
    "DROP TABLE entities",
    "UPDATE entities SET name = 'X'",
    "INSERT INTO entities (id, kind, name, name_key) VALUES ('org:x', 'organisation', 'X', 'x')",
    "ATTACH DATABASE 'elsewhere.sqlite' AS elsewhere",
    "PRAGMA user_version = 99",
    "WITH doomed AS (SELECT id FROM articles) DELETE FROM articles WHERE id IN doomed",
])
@pytest.mark.parametrize("page", ["/entities", "/entities.json", "/entities.csv"])
def test_write_sql_is_refused_with_403_and_the_index_is_unchanged(server, statement, page):
    base, db = server
    before = index_state(Path(db))
    answer = httpx.get(base + page, params={"sql": statement})
    assert answer.status_code == 403
    assert "read-only" in answer.text
    if page.endswith(".json"):
        assert answer.json()["ok"] is False
    assert index_state(Path(db)) == before


def test_a_select_still_runs_as_sql(server):
    base, _ = server
    rows = httpx.get(base + "/entities.json", params={"sql": "SELECT id FROM entities WHERE id = :id",
                                                     "id": "org:brottsforebyggande-radet", "_shape": "array"}).json()
    assert rows == [{"id": "org:brottsforebyggande-radet"}]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", [
    "/entities/entities",  # a table
    "/entities/entities.json",
    "/entities/people_by_organisation?entity=Botkyrkabyggen",  # a canned query: POST is how Datasette writes through one
    "/entities",
    "/",
])
def test_a_write_method_is_refused_with_405_and_the_index_is_unchanged(server, method, path):
    base, db = server
    before = index_state(Path(db))
    answer = httpx.request(method, base + path, data={"id": "org:x", "name": "X"})
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD"
    assert f"{method} refused: pipeline serve is read-only" in answer.text
    assert index_state(Path(db)) == before


def test_serve_without_an_index_says_how_to_make_one(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "missing.sqlite")])
    assert result.exit_code == 1
    assert "no index at" in result.output and "pipeline run" in result.output
    assert not (tmp_path / "missing.sqlite").exists()
