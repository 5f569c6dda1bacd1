"""Executors give identical outputs, and a run killed with SIGKILL resumes without redoing work."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO, read_articles, read_errors, run_pipeline


def without_timings(articles: dict[str, dict]) -> dict[str, dict]:
    for article in articles.values():
        article["pipeline"].pop("timings")
    return articles


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory, sample_text):
    folder = tmp_path_factory.mktemp("small")
    paragraphs = sample_text.split("\n\n")
    records = [
        {"id": f"article-{n}", "text": "\n\n".join(paragraphs[8 + n % 5 : 20 + n % 7]), "title": f"Artikel {n}"}
        for n in range(12)
    ]
    (folder / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    return folder


def test_process_pool_writes_the_same_articles_as_in_process(small_corpus, tmp_path):
    run_pipeline("run", str(small_corpus), "--out", str(tmp_path / "one"), "--batch-size", "3")
    run_pipeline("run", str(small_corpus), "--out", str(tmp_path / "two"), "--batch-size", "3", "--workers", "2")
    one, two = read_articles(tmp_path / "one"), read_articles(tmp_path / "two")
    assert len(one) == 12
    assert without_timings(one) == without_timings(two)
    assert (tmp_path / "one" / "articles.jsonl").read_text().count("\n") == 12


def test_two_worker_dask_local_cluster_writes_the_same_articles_as_in_process(small_corpus, tmp_path):
    run_pipeline("run", str(small_corpus), "--out", str(tmp_path / "local"), "--batch-size", "4")
    result = run_pipeline(
        "run", str(small_corpus), "--out", str(tmp_path / "dask"), "--batch-size", "4", "--executor", "dask", "--workers", "2"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert without_timings(read_articles(tmp_path / "local")) == without_timings(read_articles(tmp_path / "dask"))


def test_run_killed_with_sigkill_resumes_without_redoing_finished_articles(tmp_path, sample_text):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    lines = [json.dumps({"id": f"a{n:04d}", "text": f"Nummer {n}.\n\n{sample_text}"}, ensure_ascii=False) for n in range(150)]
    (corpus / "big.jsonl").write_text("\n".join(lines), encoding="utf-8")
    command = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--batch-size", "4", "--quiet"]
    child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env={**os.environ, "PIPELINE_TRANSLATOR": "none"})  # the same settings as the resumed run
    articles = out / "articles"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(articles.glob("*.json"))) < 20:
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    finished_before = {p.name for p in articles.glob("*.json")}
    assert 20 <= len(finished_before) < 150, "the kill must land half-way"
    for path in articles.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # nothing truncated

    resumed = run_pipeline("run", str(corpus), "--out", str(out), "--batch-size", "4", "--quiet")
    assert resumed.returncode == 0
    report = json.loads((out / "run.json").read_text())
    assert report["counts"]["skipped"] >= len(finished_before)
    assert report["counts"]["processed"] + report["counts"]["skipped"] == 150
    assert len(read_articles(out)) == 150
    assert read_errors(out) == []
    assert not list(articles.glob(".*.tmp"))


def test_every_article_whose_json_was_written_is_indexed_when_a_run_dies_writing_the_index(
    small_corpus, tmp_path, monkeypatch
):
    from pipeline import batch
    from pipeline.config import Settings
    from pipeline.store import EntityIndex

    recounts = []
    recount = EntityIndex._recount

    def dies_on_the_second(index, db, touched):
        recounts.append(touched)
        if len(recounts) == 2:
            raise KeyboardInterrupt  # the run is stopped inside an index transaction
        return recount(index, db, touched)

    monkeypatch.setattr(EntityIndex, "_recount", dies_on_the_second)
    settings = Settings(out_dir=tmp_path, batch_size=4, quiet=True)
    with pytest.raises(KeyboardInterrupt):
        batch.run([str(small_corpus)], settings)
    written = {json.loads(path.read_text(encoding="utf-8"))["id"] for path in (tmp_path / "articles").glob("*.json")}
    with sqlite3.connect(settings.index_path) as connection:
        indexed = {row[0] for row in connection.execute("SELECT id FROM articles")}
    assert written and written <= indexed
