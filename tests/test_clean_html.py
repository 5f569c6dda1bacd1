"""Real news pages from the article-extraction benchmark come out with their title and article body."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import clean_html
from pipeline.evaluation.html import benchmark_pages, extract, token_f1
from pipeline.ingest import content_hash
from pipeline.records import RawDocument, Source

HANDFUL = 6


@pytest.fixture(scope="module")
def pages(shared_corpora):
    return list(benchmark_pages(shared_corpora / "html" / "article-extraction-benchmark", limit=HANDFUL))


def test_body_words_overlap_the_ground_truth_on_each_page(pages):
    scores = {page.name[:12]: round(token_f1(extract(page), page.expected_body), 3) for page in pages}
    assert all(score >= 0.9 for score in scores.values()), scores


def test_title_date_and_author_come_from_the_page_metadata(pages):
    wsj = pages[0]
    document = clean_html(RawDocument("p", Source(url=wsj.url), "text/html", wsj.html, content_hash(wsj.html.encode())))
    assert document.title == "Google Stadia, Microsoft xCloud, Apple Arcade: So Many Ways to Play…and Pay"
    assert document.published == "2019-11-19"
    assert document.section == "Tech"
    assert document.author == "Sarah E Needleman"


def test_swedish_html_page_drops_related_list_and_keeps_date():
    html = """<html><head><title>Ny skola i Fittja</title></head><body>
    <nav><a href="/">Öppna mobilmenyn</a><a href="/k">Kontakt</a></nav>
    <article><h1>Ny skola i Fittja</h1><p>Publicerad 16 februari 2024</p>
    <p>Botkyrka kommun bygger en ny skola i Fittja. Skolan ska stå klar år 2026 och rymma 600 elever.</p>
    <p>Bygget börjar i vår, säger Stina Lundgren, kommunstyrelsens ordförande i Botkyrka.</p>
    <h2>Andra har även läst</h2><ul><li><a href="/a">Nytt bibliotek i Tumba öppnar</a></li></ul></article>
    <footer>Botkyrka kommun, 147 85 Tumba</footer></body></html>"""
    document = clean_html(RawDocument("p", Source(url="https://www.botkyrka.se/nyheter/skola"), "text/html", html, "h"))
    assert document.title == "Ny skola i Fittja"
    assert document.published == "2024-02-16"
    assert "Botkyrka kommun bygger en ny skola i Fittja." in document.text
    assert "Nytt bibliotek" not in document.text
    assert "Öppna mobilmenyn" not in document.text


def test_municipal_page_keeps_the_section_label_beside_the_date_as_metadata():
    html = (Path(__file__).parent / "fixtures" / "kommun-nyhet.html").read_text(encoding="utf-8")
    document = clean_html(RawDocument("p", Source(url="http://127.0.0.1/nyheter/bibliotek"), "text/html", html, "h"))
    assert (document.title, document.published, document.section) == (
        "Nytt bibliotek öppnar i Tullinge centrum",
        "2024-03-12",
        "Kultur och fritid",
    )
    assert document.text.startswith("På lördag öppnar det nya biblioteket i Tullinge centrum.")
    assert document.removed == ["Nyhet"]
