"""Nothing lost, nothing crashes: each hostile input or fault of issue 16 ends in an article or a record.

Every case runs the real `pipeline` command in a child process; servers listen on 127.0.0.1.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.lock import output_lock
from pipeline.nlp import pieces
from pipeline.output import article_filename
from tests.conftest import REPO, SAMPLE, read_articles, read_errors, run_pipeline
from tests.fake_translation_server import FakeTranslationServer

SCHOOL = "Botkyrka kommun bygger en ny skola i Fittja. Skolan ska stå klar år 2026 och rymma 600 elever.\n"
HALL = "Huddinge kommun river den gamla simhallen i Flemingsberg. En ny hall ska byggas på samma plats.\n"
LIBRARY = "Tullinge bibliotek öppnar igen efter renoveringen. Kommunens bibliotekschef Karin Lindqvist är nöjd.\n"
PARK = "Parken vid Alby sjö får nya lekplatser i sommar. Arbetet börjar i maj och kostar fyra miljoner kronor.\n"
# Long words keep a million characters cheap to parse: the test is about length, not tokens.
COMPOUNDS = " ".join([
    "Kommunfullmäktigesammanträdesprotokollsjusteringarna", "bostadsförsörjningsprogrammetsgenomförandeplanerna",
    "samhällsbyggnadsförvaltningensplaneringsavdelningen", "trygghetsskapandeverksamhetensuppföljningsrapporter.",
])


def no_traceback(result: subprocess.CompletedProcess) -> bool:
    return b"Traceback" not in result.stderr


def lines_of(stderr: bytes) -> list[str]:
    return [line for line in stderr.decode().splitlines() if line.strip()]


# ---------------------------------------------------------------- 1. long texts


def test_a_text_over_a_million_characters_is_one_article_with_exact_offsets(tmp_path):
    filler = "\n\n".join(" ".join([COMPOUNDS] * 40) for _ in range(120))
    text = f"Botkyrka kommun bygger en ny skola i Fittja.\n\n{filler}\n\nSkolan i Fittja invigs av Botkyrka kommun.\n"
    assert len(text) > 1_000_000
    page = tmp_path / "rapport.txt"
    page.write_text(text, encoding="utf-8")

    result = run_pipeline("run", str(page), "--out", str(tmp_path / "out"), "-q")

    assert result.returncode == 0, result.stderr
    (article,) = read_articles(tmp_path / "out").values()
    assert len(article["text"]) > 1_000_000
    assert all(article["text"][e["start"] : e["end"]] == e["text"] for e in article["entities"])
    last = article["entities"][-1]
    assert (last["text"], last["start"] > 1_000_000) == ("Botkyrka kommun", True)
    assert json.loads((tmp_path / "out" / "run.json").read_text())["counts"]["processed"] == 1


# ---------------------------------------------------------------- 2, 3. ids


@pytest.fixture(scope="module")
def colliding_ids(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ids")
    long_id = "rapport-" + "x" * 300
    records = [
        {"id": "a/b", "text": SCHOOL},
        {"id": "a_b", "text": HALL},
        {"id": 12, "text": LIBRARY},
        {"id": "12", "text": PARK},
        {"id": long_id, "text": PARK},
        {"id": "a/b", "text": SCHOOL},
        {"id": [1], "text": PARK},
    ]
    (folder / "news.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    (folder / "copy1.txt").write_text(SCHOOL + HALL, encoding="utf-8")
    (folder / "copy2.txt").write_text(SCHOOL + HALL, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    first = run_pipeline("run", str(folder), "--out", str(out), "-q")
    again = run_pipeline("run", str(folder), "--out", str(out), "-q")
    return folder, out, long_id, first, again


def test_distinct_ids_are_distinct_articles_and_a_long_id_is_kept_whole(colliding_ids):
    folder, out, long_id, first, _ = colliding_ids
    assert first.returncode == 1, first.stderr
    articles = read_articles(out)
    copy_id = next(i for i in articles if i.startswith("sha256:"))
    assert set(articles) == {"a/b", "a_b", "12", long_id, copy_id}
    assert articles["a_b"]["text"] == HALL.strip()
    assert articles["12"]["text"] == LIBRARY.strip()
    assert all(len(path.name) < 100 for path in (out / "articles").iterdir())


def test_a_true_duplicate_is_reported_as_such_and_the_first_input_kept(colliding_ids):
    folder, out, _, _, _ = colliding_ids
    news = f"{folder}/news.jsonl"
    copy_id = next(i for i in read_articles(out) if i.startswith("sha256:"))
    assert {(e["input"], e["reason"]) for e in read_errors(out)} == {
        (f"{news}#L4", f"duplicate id '12': {news}#L3 has it already, with other content; ids must be unique, only the first is kept"),
        (f"{news}#L6", f"duplicate of {news}#L1: the same content (id a/b); only the first is kept"),
        (f"{news}#L7", "`id` must be a string or an integer, not [1]"),
        (f"{folder}/copy2.txt", f"duplicate of {folder}/copy1.txt: the same content (id {copy_id}); only the first is kept"),
    }


def test_a_rerun_skips_every_article_and_reports_the_same_duplicates(colliding_ids):
    _, out, _, first, again = colliding_ids
    assert again.returncode == 1 and no_traceback(again)
    assert "5 articles: 0 processed, 5 unchanged and skipped, 4 failed" in again.stderr.decode()
    assert len(read_errors(out)) == 4


# ---------------------------------------------------------------- 4. unusable index, dying workers


def write_damaged_index(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 4000)


def write_newer_index(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")


INDEX_COMMANDS = [
    ["run", str(SAMPLE)],
    ["query", "people"],
    ["query", "orgs"],
    ["query", "roles"],
    ["query", "cooccur", "Fittja"],
    ["query", "search", "skola"],
    ["query", "sql", "SELECT 1"],
    ["export", "EXPORTS"],
]


@pytest.mark.parametrize("write, says", [(write_damaged_index, "is damaged"), (write_newer_index, "newer than this pipeline's")])
@pytest.mark.parametrize("command", INDEX_COMMANDS, ids=lambda c: " ".join(c[:2]).replace(str(SAMPLE), "sample"))
def test_an_unusable_index_is_a_one_line_error_with_exit_code_4(tmp_path, command, write, says):
    out = tmp_path / "out"
    out.mkdir()
    write(out / "entities.sqlite")
    target = ["--out", str(out)] if command[0] == "run" else ["--db", str(out / "entities.sqlite")]
    command = [str(tmp_path / "exports") if part == "EXPORTS" else part for part in command]

    result = run_pipeline(*command, *target)

    assert result.returncode == 4, result.stderr
    (line,) = [line for line in lines_of(result.stderr) if line.startswith("Error:")]
    assert says in line and no_traceback(result)


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def test_a_worker_process_that_dies_loses_no_article(tmp_path, sample_text):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for n in range(24):
        (corpus / f"page-{n:02d}.txt").write_text(sample_text.replace("I veckan", f"Vecka {n + 1}"), encoding="utf-8")
    command = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--workers", "2", "--batch-size", "2"]
    process = subprocess.Popen(command, cwd=REPO, env={**os.environ, "PIPELINE_TRANSLATOR": "none"},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not children_of(process.pid) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    time.sleep(1.0)  # a batch is under way in the worker
    os.kill(children_of(process.pid)[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=300)

    assert process.returncode == 0, stderr
    assert b"Traceback" not in stderr
    assert b"its worker process died" in stderr
    assert len(read_articles(out)) == 24 and read_errors(out) == []
    assert json.loads((out / "run.json").read_text())["counts"]["processed"] == 24


# ---------------------------------------------------------------- 5. slow-drip servers


class DripServer:
    """Pages on 127.0.0.1 whose headers come at once and whose body comes one byte every 0.3 s."""

    def __init__(self) -> None:
        stopping = self.stopping = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                if self.path == "/robots.txt":
                    self.send_error(404)
                    return
                body = b"<html><body><p>" + SCHOOL.encode() * 20 + b"</p></body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    for byte in body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        if stopping.wait(0.3):
                            return
                except (BrokenPipeError, ConnectionResetError):
                    return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


def test_a_page_dripping_one_byte_at_a_time_fails_at_the_wall_clock_deadline(tmp_path):
    server = DripServer()
    try:
        started = time.monotonic()
        result = run_pipeline("run", server.url("/nyheter/1"), "--out", str(tmp_path), "--allow-private",
                              "--rate", "100", "--fetch-timeout", "1", "-q")
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    assert result.returncode == 1, result.stderr
    (error,) = read_errors(tmp_path)
    assert (error["stage"], error["reason"]) == ("fetch", "timed out (ReadTimeout) after 4 attempts")
    assert elapsed < 40  # four attempts of at most 1 s, backoff 1 + 2 + 4 s, and start-up


def test_a_translator_dripping_its_reply_fails_at_the_wall_clock_deadline(tmp_path):
    server = FakeTranslationServer().start()
    server.default = "drip"
    try:
        started = time.monotonic()
        result = run_pipeline("run", str(SAMPLE), "--out", str(tmp_path), "--translator", "libre",
                              "--translator-url", server.url, "--translate-timeout", "1", "-q")
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    (article,) = read_articles(tmp_path).values()
    assert article["translation"]["status"] == "failed"
    assert "timeout" in article["translation"]["error"]
    assert elapsed < 40  # three 1 s requests and 1 + 2 s of backoff trip the breaker; the rest fail at once


# ---------------------------------------------------------------- 6. one run per output folder


def test_a_second_run_on_one_output_folder_names_the_holder_and_exits_3(tmp_path):
    out = tmp_path / "out"
    with output_lock(out):
        result = run_pipeline("run", str(SAMPLE), "--out", str(out))
    assert result.returncode == 3
    (line,) = [line for line in lines_of(result.stderr) if line.startswith("Error:")]
    assert f"is in use by another run (pid {os.getpid()} on " in line and "--wait" in line
    assert not (out / "articles").exists()


def test_with_wait_a_second_run_queues_behind_the_first(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", str(SAMPLE), "--out", str(out), "--wait", "-q"]
    with output_lock(out):
        process = subprocess.Popen(command, cwd=REPO, env={**os.environ, "PIPELINE_TRANSLATOR": "none"},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(6)
        assert process.poll() is None  # still waiting for the lock
        assert not (out / "articles").exists()
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    assert len(read_articles(out)) == 1


# ---------------------------------------------------------------- 7. reruns redo what changed


@pytest.fixture
def translator():
    server = FakeTranslationServer().start()
    yield server
    server.stop()


def run_translated(out: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    return run_pipeline("run", str(SAMPLE), "--out", str(out), "--translator", "libre", "--translator-url", url,
                        "--translate-timeout", "2", *extra)


def test_a_failed_translation_is_retried_on_rerun_without_redoing_the_nlp(tmp_path, translator):
    out = tmp_path / "out"
    offline = run_translated(out, "http://127.0.0.1:9")  # the discard port: nothing listens
    (before,) = read_articles(out).values()
    assert before["translation"]["status"] == "failed"

    rerun = run_translated(out, translator.url)

    (after,) = read_articles(out).values()
    assert "0 processed, 0 unchanged and skipped, 0 failed (see errors.jsonl), 1 translated again" in rerun.stderr.decode()
    assert after["translation"]["status"] == "ok" and translator.requests
    assert after["pipeline"]["timings"]["nlp"] == before["pipeline"]["timings"]["nlp"]  # not parsed again
    assert (after["entities"], after["text"]) == (before["entities"], before["text"])
    assert offline.returncode == rerun.returncode == 0


def test_a_changed_target_translates_again_and_an_unchanged_rerun_sends_nothing(tmp_path, translator):
    out = tmp_path / "out"
    run_translated(out, translator.url)
    sent = len(translator.requests)
    to_german = run_translated(out, translator.url, "--target", "de")
    assert "1 translated again" in to_german.stderr.decode()
    assert {r.target for r in translator.requests[sent:]} == {"de"}
    sent = len(translator.requests)
    unchanged = run_translated(out, translator.url, "--target", "de")
    assert "0 processed, 1 unchanged and skipped" in unchanged.stderr.decode()
    assert len(translator.requests) == sent


def test_a_rejected_reply_is_never_cached(tmp_path, translator):
    out = tmp_path / "out"
    translator.default = "echo"  # the Swedish sent back: rejected as identical to the source
    run_translated(out, translator.url)
    (rejected,) = read_articles(out).values()
    assert rejected["translation"]["status"] == "failed"
    with sqlite3.connect(out / "translation-cache.sqlite") as cache:
        tables = [row[0] for row in cache.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert all(cache.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0 for table in tables)

    translator.default = "translate"
    run_translated(out, translator.url)
    (translated,) = read_articles(out).values()
    assert translated["translation"]["status"] == "ok"
    assert translated["translation"]["text"].startswith("In the week")


# ---------------------------------------------------------------- 8. what a folder walk meets


@pytest.fixture(scope="module")
def odd_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("odd")
    (folder / "good.txt").write_text(SCHOOL, encoding="utf-8")
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + HALL.encode("utf-16-le"))
    (folder / "utf16-be.txt").write_bytes(codecs.BOM_UTF16_BE + LIBRARY.encode("utf-16-be"))
    (folder / "punctuation.txt").write_text("!!! ... ??? --- *** ,,, ;;;\n!?!?\n", encoding="utf-8")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "loop-a").symlink_to(folder / "loop-b")
    (folder / "loop-b").symlink_to(folder / "loop-a")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)
    (folder / "sub" / "park.txt").write_text(PARK, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    out = tmp_path_factory.mktemp("out")
    return folder, out, run_pipeline("run", str(folder), "--out", str(out), "-q")


def test_every_entry_a_folder_walk_meets_is_an_article_or_an_error_record(odd_folder):
    folder, out, result = odd_folder
    assert result.returncode == 1 and no_traceback(result)
    assert {e["input"].removeprefix(f"{folder}/"): e["reason"] for e in read_errors(out)} == {
        "dangling.txt": f"dangling symbolic link: its target {folder}/gone.txt does not exist",
        "loop-a": "symbolic link loop: following the links never reaches a file",
        "loop-b": "symbolic link loop: following the links never reaches a file",
        "sub/up": "symbolic link loop: it leads back into a folder being read",
        "pipe.txt": "not a regular file (a device, socket or pipe)",
        "punctuation.txt": "no words in the text: only punctuation, digits or symbols",
    }


def test_utf16_with_a_byte_order_mark_is_read_as_text(odd_folder):
    folder, out, _ = odd_folder
    by_source = {a["source"]["path"].removeprefix(f"{folder}/"): a for a in read_articles(out).values()}
    assert set(by_source) == {"good.txt", "utf16.txt", "utf16-be.txt", "sub/park.txt"}
    assert (by_source["utf16.txt"]["text"], by_source["utf16.txt"]["pipeline"]["encoding"]) == (HALL.strip(), "utf-16")
    assert by_source["utf16-be.txt"]["text"] == LIBRARY.strip()


def test_a_folder_that_cannot_be_read_is_an_error_record(tmp_path):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text(SCHOOL, encoding="utf-8")
    (folder / "locked" / "hidden.txt").write_text(HALL, encoding="utf-8")
    (folder / "locked").chmod(0)
    out = tmp_path / "out"
    prefix = []
    if os.geteuid() == 0:  # root reads any folder: run the pipeline without the capabilities that allow it
        if not shutil.which("setpriv"):
            pytest.skip("running as root and setpriv is missing, so no folder is unreadable")
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "-q"],
        cwd=REPO, env={**os.environ, "PIPELINE_TRANSLATOR": "none"}, capture_output=True, timeout=300,
    )
    (folder / "locked").chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert read_errors(out) == [{"input": str(folder / "locked"), "stage": "ingest", "reason": "cannot read folder: Permission denied"}]
    assert len(read_articles(out)) == 1


# ---------------------------------------------------------------- 9. bounded costs


def test_a_page_of_many_short_lines_cleans_in_bounded_time(tmp_path):
    words = ["kommun", "skola", "Fittja", "hus", "väg", "park", "Botkyrka", "bygger"]
    lines = [" ".join(words[(n + k) % 8] for k in range(1 + n % 4)) for n in range(44_000)]
    lines[22_000] = "Botkyrka kommun bygger en ny skola i Fittja."
    page = tmp_path / "menu.txt"
    page.write_text("\n".join(lines) + "\nSkolan i Fittja blir klar år 2026.\n", encoding="utf-8")
    assert page.stat().st_size > 600_000

    result = run_pipeline("run", str(page), "--out", str(tmp_path / "out"), "-q")

    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "out" / "run.json").read_text())["stage_seconds"]["clean"] < 5


def test_a_query_that_never_ends_is_stopped_at_its_time_limit(tmp_path):
    run_pipeline("run", str(SAMPLE), "--out", str(tmp_path))
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
    started = time.monotonic()
    result = run_pipeline("query", "sql", endless, "--db", str(tmp_path / "entities.sqlite"), "--timeout", "1")
    assert time.monotonic() - started < 20
    assert result.returncode == 1 and no_traceback(result)
    assert lines_of(result.stderr) == [
        "Error: stopped after 1 s: the statement ran past the time limit; narrow it (a LIMIT, a WHERE) or raise --timeout"
    ]


# ---------------------------------------------------------------- the rules behind them


@pytest.mark.parametrize("article_id, filename", [
    ("sha256:" + "ab" * 32, "ab" * 32 + ".json"),
    ("a/b", "a_b-c14cddc033f64b9d.json"),
    ("a_b", "a_b-648fa9b31bc7ff7e.json"),
    ("12", "12-6b51d431df5d7f14.json"),
    ("../../etc/passwd", "_.._etc_passwd-3754d6cb3a38e118.json"),
    ("x" * 300, "x" * 60 + "-0d4e2ca9e9cbced7.json"),
])
def test_an_article_file_name_is_short_safe_and_unique_to_its_id(article_id, filename):
    assert article_filename(article_id) == filename


@pytest.mark.parametrize("text, limit, cuts", [
    ("kort text", 50, [0]),
    ("a" * 30 + "\n\n" + "b" * 30, 50, [0, 32]),  # at the paragraph break
    ("a" * 30 + "\n" + "b" * 30, 50, [0, 31]),  # else a line break
    ("a" * 30 + " " + "b" * 30, 50, [0, 31]),  # else a space
    ("a" * 120, 50, [0, 50, 100]),  # else at the limit
])
def test_a_long_text_is_cut_into_pieces_that_cover_it_exactly(text, limit, cuts):
    found = pieces(text, limit)
    assert [offset for offset, _ in found] == cuts
    assert "".join(piece for _, piece in found) == text
    assert all(len(piece) <= limit for _, piece in found)
