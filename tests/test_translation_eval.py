"""The FLORES sv->en scorer reproduces the published scores of the recorded systems,
and `pipeline eval translation` drives a backend (here a fake LibreTranslate server)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.config import SHARED_CORPORA
from pipeline.evaluation.translation import FLORES, recorded_systems, score_hypothesis_file
from tests.fake_translation_server import FakeTranslationServer

# chrF2 / BLEU as published in mt-eval/flores-sv-en/SOURCE.txt (sacrebleu 2.6 defaults)
PUBLISHED = {"google": (73.6, 50.8), "microsoft": (74.1, 52.8), "bergamot-tiny": (70.3, 47.2),
             "opusmt": (69.8, 46.8), "argos": (68.2, 45.1), "nllb": (57.5, 32.2)}

pytestmark = pytest.mark.usefixtures("shared_corpora")


def test_scorer_reproduces_the_published_scores_of_every_recorded_system():
    scored = {path.name.split(".")[1]: score_hypothesis_file(path) for path in recorded_systems()}
    assert {name: (round(s.chrf, 1), round(s.bleu, 1)) for name, s in scored.items()} == PUBLISHED
    for name, scores in scored.items():
        recorded_bleu = float((SHARED_CORPORA / FLORES / f"flores-dev.{name}.en.bleu").read_text())
        assert (scores.segments, round(scores.bleu, 1)) == (997, recorded_bleu)


def test_swedish_copied_unchanged_scores_as_published(tmp_path):
    copied = tmp_path / "copied.en"
    copied.write_text((SHARED_CORPORA / FLORES / "flores-dev.sv").read_text(encoding="utf-8"), encoding="utf-8")
    scores = score_hypothesis_file(copied)
    assert (round(scores.chrf, 1), round(scores.bleu, 1)) == (25.4, 2.6)


def test_eval_command_prints_the_google_scores():
    result = CliRunner().invoke(cli, ["eval", "translation", "--hypothesis", str(SHARED_CORPORA / FLORES / "flores-dev.google.en")])
    assert result.exit_code == 0, result.output
    assert result.output == "flores-dev.google.en: chrF2 73.6  BLEU 50.8  (997 segments)\n"


def test_eval_command_translates_flores_segments_with_fake_libretranslate_server(tmp_path):
    server = FakeTranslationServer().start()
    try:
        result = CliRunner().invoke(cli, ["eval", "translation", "--backend", "libre", "--translator-url", server.url,
                                          "--limit", "3", "--out", str(tmp_path)])
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    sources = (SHARED_CORPORA / FLORES / "flores-dev.sv").read_text(encoding="utf-8").splitlines()[:3]
    assert server.texts() == sources
    assert re.fullmatch(r"libre: chrF2 \d+\.\d  BLEU \d+\.\d  \(3 segments\)(  failed segments \d)?  \d+\.\d s\n", result.output)
