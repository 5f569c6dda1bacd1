"""Every bad input kind yields one errors.jsonl record naming it, while good inputs still produce articles."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLE, read_articles, read_errors, run_pipeline

GOOD_TEXT = "Botkyrka kommun bygger en ny skola i Fittja. Skolan ska stå klar år 2026 och rymma 600 elever.\n"


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes("Räksmörgås på Söder är godare än någon annanstans i Göteborg, säger Åsa.\n".encode("cp1252"))
    (folder / "huge.txt").write_text(GOOD_TEXT * 400, encoding="utf-8")
    (folder / "empty.html").write_text("<html><body><nav><a href='/'>Hem</a></nav></body></html>", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    records = [
        json.dumps({"id": "jsonl-good", "text": GOOD_TEXT, "title": "Ny skola"}, ensure_ascii=False),
        '{"id": "no-body", "title": "Bara rubrik"}',
        '{"id": "half-written", "text": "Botkyrka kommun bygg',
    ]
    (folder / "records.jsonl").write_text("\n".join(records), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    result = run_pipeline("run", str(folder), "--out", str(out), "--max-bytes", "20000", "--quiet")
    return folder, out, result


def errors_by_input(out, folder):
    return {e["input"].replace(str(folder) + "/", ""): (e["stage"], e["reason"]) for e in read_errors(out)}


def test_each_bad_input_has_one_error_record_with_its_reason(mixed_run):
    folder, out, _ = mixed_run
    assert errors_by_input(out, folder) == {
        "binary.txt": ("ingest", "binary or undecodable bytes: not UTF-8 and no text encoding detected"),
        "empty.html": ("clean", "no article text left after removing boilerplate"),
        "empty.txt": ("ingest", "empty input"),
        "huge.txt": ("ingest", "file is 38800 bytes, over the limit of 20000 (--max-bytes)"),
        "notes.pdf": ("ingest", "unsupported file type .pdf: expected .txt, .html, .htm, .json or .jsonl"),
        "records.jsonl#L2": ("ingest", "the JSON article has no `text` or `html`"),
        "records.jsonl#L3": ("ingest", "malformed JSON on line 3: Unterminated string starting at at column 32"),
    }


def test_good_inputs_still_become_articles_and_exit_code_says_some_failed(mixed_run):
    folder, out, result = mixed_run
    assert result.returncode == 1
    sources = sorted(a["source"]["path"].replace(str(folder) + "/", "") for a in read_articles(out).values())
    assert sources == ["good.txt", "latin1.txt", "records.jsonl#L1"]


def test_wrongly_encoded_bytes_are_decoded_by_the_detector_and_say_so(mixed_run):
    folder, out, _ = mixed_run
    latin1 = next(a for a in read_articles(out).values() if a["source"]["path"].endswith("latin1.txt"))
    assert latin1["text"].startswith("Räksmörgås på Söder")
    assert latin1["pipeline"]["encoding"].endswith("(detected)")


def test_jsonl_record_keeps_its_own_id_and_title(mixed_run):
    _, out, _ = mixed_run
    article = read_articles(out)["jsonl-good"]
    assert article["title"] == "Ny skola"
    assert article["text"] == GOOD_TEXT.strip()


def test_every_input_is_either_an_article_or_an_error(mixed_run):
    folder, out, _ = mixed_run
    inputs = len(list(folder.iterdir())) - 1 + 3  # records.jsonl holds three inputs
    assert len(read_articles(out)) + len(read_errors(out)) == inputs


def test_usage_error_exits_with_2(tmp_path):
    result = run_pipeline("run", str(SAMPLE), "--workers", "0", "--out", str(tmp_path))
    assert result.returncode == 2
    assert b"--workers" in result.stderr
