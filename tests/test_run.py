"""`pipeline run` end to end, as a user runs it: real subprocess, real files."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from pipeline.output import validate
from tests.conftest import SAMPLE, read_articles, read_errors, run_pipeline

SUMMARY = re.compile(rb"(\d+) articles: (\d+) processed, (\d+) unchanged and skipped, (\d+) failed")


def summary_counts(result) -> tuple[int, ...]:
    return tuple(int(n) for n in SUMMARY.search(result.stderr).groups())


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpora")
    shutil.copy(SAMPLE, corpus)
    out = tmp_path_factory.mktemp("outputs")
    first = run_pipeline("run", str(corpus), "--out", str(out))
    return corpus, out, first


def test_sample_article_is_written_as_schema_valid_json(corpus_run):
    _, out, first = corpus_run
    assert first.returncode == 0, first.stderr
    (article,) = read_articles(out).values()
    validate(article)
    assert article["title"] == "Botkyrka höll konferens om trygghetsskapande arbete"
    assert article["published"] == "2024-02-16"
    assert article["language"]["code"] == "sv"
    assert article["id"].startswith("sha256:")


def test_rollup_errors_and_run_report_are_written(corpus_run):
    _, out, _ = corpus_run
    (line,) = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    validate(json.loads(line))
    assert read_errors(out) == []
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert report["counts"] == {"articles": 1, "processed": 1, "retranslated": 0, "skipped": 0, "failed": 0, "pruned": 0,
                                "translations": {"ok": 0, "partial": 0, "failed": 0, "skipped": 1}}
    assert {"clean", "langid", "entities", "index", "entity_rows", "output"} <= set(report["stage_seconds"])
    assert report["versions"]["pipeline"] == "0.1.0"


def test_second_run_with_nothing_changed_processes_nothing(corpus_run):
    corpus, out, first = corpus_run
    again = run_pipeline("run", str(corpus), "--out", str(out))
    assert summary_counts(first) == (1, 1, 0, 0)
    assert summary_counts(again) == (1, 0, 1, 0)
    assert len((out / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_force_reprocesses_unchanged_articles(corpus_run):
    corpus, out, _ = corpus_run
    assert summary_counts(run_pipeline("run", str(corpus), "--out", str(out), "--force")) == (1, 1, 0, 0)


def test_a_changed_article_is_processed_again(tmp_path, sample_text):
    corpus, out = tmp_path / "corpora", tmp_path / "out"
    corpus.mkdir()
    page = corpus / "page.txt"
    page.write_text(sample_text, encoding="utf-8")
    run_pipeline("run", str(corpus), "--out", str(out))
    page.write_text(sample_text.replace("I veckan", "Förra veckan"), encoding="utf-8")
    assert summary_counts(run_pipeline("run", str(corpus), "--out", str(out))) == (1, 1, 0, 0)


def test_standard_input_is_read_when_input_is_dash(tmp_path, sample_text):
    result = run_pipeline("run", "-", "--out", str(tmp_path), stdin=sample_text.encode())
    assert result.returncode == 0, result.stderr
    (article,) = read_articles(tmp_path).values()
    assert article["source"]["path"] == "<stdin>"
    assert article["section"] == "Kommun och politik"


def test_non_swedish_article_flows_and_says_which_stages_ran(tmp_path):
    page = tmp_path / "english.txt"
    page.write_text(
        "The council met on Tuesday to discuss the new school in the northern district. "
        "Parents asked for safer crossings and longer opening hours at the library.\n",
        encoding="utf-8",
    )
    run_pipeline("run", str(page), "--out", str(tmp_path / "out"))
    (article,) = read_articles(tmp_path / "out").values()
    assert article["language"]["code"] == "en"
    assert article["stages"]["nlp"] == "skipped: language is en; the entity and role model reads Swedish only"
    assert article["entities"] == []


def test_every_command_help_teaches_with_an_example():
    for command in ([], ["run"]):
        result = run_pipeline(*command, "--help")
        assert result.returncode == 0
        assert b"Examples:" in result.stdout


def test_run_keeps_the_entity_index_and_prune_drops_articles_whose_source_is_gone(tmp_path, sample_text):
    corpus, out = tmp_path / "corpora", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text(sample_text, encoding="utf-8")
    (corpus / "b.txt").write_text(sample_text.replace("I veckan", "Förra veckan"), encoding="utf-8")
    run_pipeline("run", str(corpus), "--out", str(out))
    (corpus / "b.txt").unlink()
    pruned = run_pipeline("run", str(corpus), "--out", str(out), "--prune")
    assert json.loads((out / "run.json").read_text())["counts"]["pruned"] == 1
    count = run_pipeline("query", "sql", "SELECT count(*) AS n FROM articles", "--db", str(out / "entities.sqlite"), "--format", "json")
    assert json.loads(count.stdout) == [{"n": 1}], pruned.stderr
