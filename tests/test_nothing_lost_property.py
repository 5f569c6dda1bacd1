"""Property: whatever mix of good and bad inputs a folder holds, a run accounts for every input exactly once.

Each example is a real `pipeline run` in a child process on a folder of inputs
drawn from the kinds issue 16 found lost or fatal; the examples are few and
bounded so the test stays well under a minute.
"""

from __future__ import annotations

import codecs
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import read_articles, read_errors, run_pipeline

GOOD = [
    "Botkyrka kommun bygger en ny skola i Fittja. Skolan ska stå klar år 2026 och rymma 600 elever.\n",
    "Huddinge kommun river den gamla simhallen i Flemingsberg. En ny hall ska byggas på samma plats.\n",
    "Tullinge bibliotek öppnar igen efter renoveringen. Kommunens bibliotekschef Karin Lindqvist är nöjd.\n",
]


def jsonl(*records: object) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records).encode()


# Each kind writes its input(s) under `folder` as `name` and returns the input labels it adds.
def write_bytes(data: bytes, suffix: str = ".txt") -> Callable[[Path, str], list[str]]:
    def write(folder: Path, name: str) -> list[str]:
        path = folder / (name + suffix)
        path.write_bytes(data)
        return [str(path)]

    return write


def symlink(target: str) -> Callable[[Path, str], list[str]]:
    def write(folder: Path, name: str) -> list[str]:
        path = folder / (name + ".txt")
        path.symlink_to(folder / target if target != "self" else path)
        return [str(path)]

    return write


def fifo(folder: Path, name: str) -> list[str]:
    os.mkfifo(folder / (name + ".txt"))
    return [str(folder / (name + ".txt"))]


def records(folder: Path, name: str) -> list[str]:
    path = folder / (name + ".jsonl")
    path.write_bytes(jsonl(
        {"id": "same", "text": GOOD[0]},
        {"id": "same", "text": GOOD[1]},  # a duplicate id
        {"id": 7, "text": GOOD[2]},
        {"id": "7", "text": GOOD[1]},  # 7 and "7" are one id
        {"id": "x" * 400, "text": GOOD[1]},
        {"id": "a/b", "text": GOOD[0]},
        {"id": "a_b", "text": GOOD[0]},
        '{"id": "cut", "text": "Botkyrka',
        {"title": "no body"},
        {"id": {"nested": 1}, "text": GOOD[0]},
    ))
    return [f"{path}#L{n}" for n in range(1, 11)]


KINDS: dict[str, Callable[[Path, str], list[str]]] = {
    "good-0": write_bytes(GOOD[0].encode()),
    "good-1": write_bytes(GOOD[1].encode()),
    "good-2-utf16": write_bytes(codecs.BOM_UTF16_LE + GOOD[2].encode("utf-16-le")),
    "empty": write_bytes(b""),
    "binary": write_bytes(bytes(range(256)) * 4),
    "punctuation": write_bytes(b"!!! ... ??? ---\n;;; ,,,\n"),
    "navigation-html": write_bytes(b"<html><body><nav><a href='/'>Hem</a></nav></body></html>", ".html"),
    "unsupported": write_bytes(b"%PDF-1.4", ".pdf"),
    "malformed-json": write_bytes(b'{"text": ', ".json"),
    "dangling-link": symlink("gone.txt"),
    "link-loop": symlink("self"),
    "fifo": fifo,
    "records": records,
}


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=7))
def test_every_input_of_a_random_folder_is_accounted_for_exactly_once(kinds):
    with tempfile.TemporaryDirectory() as scratch:
        folder, out = Path(scratch) / "in", Path(scratch) / "out"
        folder.mkdir()
        expected = [label for n, kind in enumerate(kinds) for label in KINDS[kind](folder, f"{n:02d}-{kind}")]

        result = run_pipeline("run", str(folder), "--out", str(out), "-q")

        assert b"Traceback" not in result.stderr, result.stderr.decode()
        errors = read_errors(out)
        labels = [a["source"]["path"] for a in read_articles(out).values()] + [e["input"] for e in errors]
        assert Counter(labels) == Counter(expected)
        assert result.returncode == (1 if errors else 0)
        report = json.loads((out / "run.json").read_text(encoding="utf-8"))
        assert report["counts"]["failed"] == len(errors)
