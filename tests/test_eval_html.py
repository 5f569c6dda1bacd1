"""`pipeline eval html` measures this stage against trafilatura's own modes; the issue's targets hold."""

from __future__ import annotations

import pytest

from pipeline.evaluation.html import SYSTEMS, evaluate_benchmark, evaluate_swedish
from tests.conftest import run_pipeline


@pytest.fixture(scope="module")
def swedish():
    return {name: summary for name, (summary, _) in evaluate_swedish().items()}


def every(count: str) -> bool:
    """A count like "35/35" that leaves none out."""
    right, total = count.split("/")
    return right == total != "0"


def test_the_swedish_set_keeps_every_lead_and_no_listed_furniture(swedish):
    ours = swedish["pipeline"]
    assert every(ours["leads_kept"]) and every(ours["non_articles_refused"]), ours
    assert ours["furniture_kept"] == 0


def test_the_swedish_set_reads_every_title_date_section_and_author(swedish):
    ours = swedish["pipeline"]
    assert all(every(ours[check]) for check in ("titles_right", "dates_right", "sections_right", "authors_right")), ours


def test_word_f1_on_the_swedish_set_beats_trafilatura_default_by_five_points(swedish):
    assert swedish["pipeline"]["mean_word_f1"] >= swedish["trafilatura default"]["mean_word_f1"] + 0.05
    assert swedish["pipeline"]["mean_word_f1"] >= swedish["trafilatura precision"]["mean_word_f1"] + 0.05


def test_trafilatura_alone_keeps_the_furniture_the_stage_removes(swedish):
    assert swedish["trafilatura default"]["furniture_kept"] > 0
    assert swedish["trafilatura precision"]["furniture_kept"] > 0


def test_eval_html_prints_both_sets_side_by_side(shared_corpora):
    result = run_pipeline("eval", "html", "--limit", "3", "--data-dir", str(shared_corpora))
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert out.splitlines()[1].split() == ["system", "word", "F1", "leads", "furniture", "kept", "titles", "dates", "sections", "authors", "refused"]
    assert "== article-extraction benchmark (3 pages)" in out
    assert all(name in out for name in SYSTEMS)


@pytest.mark.slow
def test_benchmark_pages_stay_at_or_above_the_former_figure(shared_corpora):
    results = evaluate_benchmark(shared_corpora / "html" / "article-extraction-benchmark")
    assert results["pipeline"]["pages"] == 181
    assert results["pipeline"]["mean_token_f1"] >= 0.967
    assert results["pipeline"]["mean_token_f1"] > results["trafilatura default"]["mean_token_f1"]
