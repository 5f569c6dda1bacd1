"""Shared fixtures: the sample article, the shared corpora, and the CLI run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import nlp as pipeline_nlp
from pipeline.config import SHARED_CORPORA, model_path
from pipeline.output import validate

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "botkyrka-trygghetskonferens-2024-02-16.txt"


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    """The shared corpora beside the checkout; a clone without them skips the tests that read them."""
    if not SHARED_CORPORA.is_dir():
        pytest.skip(f"needs the shared corpora at {SHARED_CORPORA} (absent; set DATA_DIR to use another folder)")
    return SHARED_CORPORA


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nlp():
    """The shipped model with the role extractor, loaded once for the whole session."""
    try:
        return pipeline_nlp.load(model_path())
    except pipeline_nlp.ModelNotInstalled as missing:
        pytest.skip(str(missing))


def run_pipeline(*args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real `pipeline` command in a child process, as a user would run it (translation off unless asked)."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd or REPO,
        env={**os.environ, "PIPELINE_TRANSLATOR": "none", **(env or {})},
        timeout=600,
    )


def read_articles(out: Path) -> dict[str, dict]:
    """Every article a run wrote, each checked against the published JSON Schema."""
    articles = {}
    for path in sorted((out / "articles").glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        validate(article)
        articles[article["id"]] = article
    return articles


def read_errors(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
