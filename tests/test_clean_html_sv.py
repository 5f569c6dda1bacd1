"""Swedish web pages come out as their readers see the article: lead first, site furniture gone, metadata true.

Every page of the Swedish set (tests/fixtures/html-sv: municipal Sitevision
pages, regions, polisen.se, krisinformation.se, national and local papers,
sports, debate; a few in English, Norwegian and Danish) is cleaned and compared
with what its NAME.json says should come out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import clean_html, clean_or_error
from pipeline.clean.bylines import author_names
from pipeline.evaluation.html import furniture_kept, swedish_pages
from pipeline.ingest import content_hash
from pipeline.records import CleanDocument, ErrorRecord, RawDocument, Source
from tests.conftest import read_articles, read_errors, run_pipeline

PAGES = swedish_pages()
ARTICLES = [page for page in PAGES if page.is_article]
NOT_ARTICLES = [page for page in PAGES if not page.is_article]


def raw_page(page) -> RawDocument:
    return RawDocument(page.name, Source(url=page.expected["url"]), "text/html", page.html, content_hash(page.html.encode()))


@pytest.fixture(scope="module")
def cleaned() -> dict[str, CleanDocument]:
    return {page.name: clean_html(raw_page(page)) for page in ARTICLES}


def authors(document: CleanDocument) -> list[str]:
    return document.author if isinstance(document.author, list) else [document.author] if document.author else []


def test_the_set_has_thirty_pages_or_more_in_several_languages():
    assert len(PAGES) >= 30
    assert {page.expected.get("language", "sv") for page in PAGES} == {"sv", "en", "no", "da"}


@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.name)
def test_the_article_text_is_exactly_what_the_page_says(page, cleaned):
    assert cleaned[page.name].text == page.expected["text"]


@pytest.mark.parametrize("page", [p for p in ARTICLES if p.expected["lead"]], ids=lambda page: page.name)
def test_the_lead_paragraph_comes_first(page, cleaned):
    assert cleaned[page.name].text.split("\n\n")[0] == page.expected["lead"]


@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.name)
def test_no_listed_site_furniture_is_kept(page, cleaned):
    assert furniture_kept(cleaned[page.name].text, page.expected["furniture"]) == []


@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.name)
def test_title_date_section_and_authors_are_the_pages_own(page, cleaned):
    document = cleaned[page.name]
    assert (document.title, document.published, document.section, authors(document)) == (
        page.expected["title"],
        page.expected["published"],
        page.expected["section"],
        page.expected["authors"],
    )


@pytest.mark.parametrize("page", NOT_ARTICLES, ids=lambda page: page.name)
def test_a_page_without_an_article_is_refused_with_the_reason(page):
    result = clean_or_error(raw_page(page))
    assert isinstance(result, ErrorRecord)
    assert (result.input, result.stage) == (page.expected["url"], "clean")
    assert page.expected["reason"] in result.reason


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<html><body><article><p>Hem</p><p>Kontakt</p><p>Press</p></article></body></html>",
         "no article text: the page holds only navigation and labels ('Press')"),
        ("<html><body><article><div>Hem Kontakt Kontaktcenter Politiker Press Lämna synpunkter Om webbplatsen Kakor</div></article></body></html>",
         "no article text: the page holds only navigation and labels ('Hem Kontakt Kontaktcenter Politiker Press Lämna synpunkter Om webbplatsen Kakor')"),
        ("<html><body><div id='content'><span><a href='/'>Hem</a></span><span><a href='/kontakt'>Kontakt</a></span></div></body></html>",
         "no article text: trafilatura found no main text in the HTML"),
        ("<html><head><title>404 - Page not found</title></head><body><h1>Oops</h1><p>We could not find the page you were looking for. It may have moved.</p></body></html>",
         "an error page, not an article: '404 - Page not found'"),
        ("<html><head><title>Hittade inte sidan</title></head><body><h1>Sidan finns inte</h1><p>Sidan du letar efter har tagits bort eller flyttats till en ny adress.</p></body></html>",
         "an error page, not an article: 'Hittade inte sidan'"),
    ],
)
def test_menus_and_error_pages_are_not_articles(html, reason):
    assert clean_or_error(RawDocument("p", Source(path="p.html"), "text/html", html, "h")) == ErrorRecord("p.html", "clean", reason)


def test_the_404_page_is_named_by_its_heading():
    page = next(p for p in NOT_ARTICLES if p.name == "fel-404")
    assert clean_or_error(raw_page(page)).reason == "an error page, not an article: 'Sidan kunde inte hittas - Huddinge kommun'"


def test_several_authors_are_a_list_and_one_author_a_string(cleaned):
    assert cleaned["sport-fotboll-speltips"].author == ["Jonas Persson", "Sofia Karlsson"]
    assert cleaned["riks-dn-sverige"].author == "Lisa Berg"
    assert cleaned["kommun-vagarbete"].author is None


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Av Lisa Berg; Reporter", ["Lisa Berg"]),
        ("Johanna Strand johanna.strand@gp.se", ["Johanna Strand"]),
        ("Johanna Strand johanna strand se", ["Johanna Strand"]),
        ("Av Mattias Ek", ["Mattias Ek"]),
        ("Av Karin Hedberg, Text; Anders Lund, Foto", ["Karin Hedberg", "Anders Lund"]),
        ("Av Jonas Persson och Sofia Karlsson", ["Jonas Persson", "Sofia Karlsson"]),
        ("Av Karin Ekdahl (S), Magnus Höög (M) och Sofia Lind (C)", ["Karin Ekdahl", "Magnus Höög", "Sofia Lind"]),
        ("Text: Emma Lind", ["Emma Lind"]),
        ("Av: Anna Svensson/TT", ["Anna Svensson", "TT"]),
        ("By;Paul O'Sullivan; and ;Ingrid Berg", ["Paul O'Sullivan", "Ingrid Berg"]),
        ("Sarah E. Needleman", ["Sarah E. Needleman"]),
        ("Ola Nordmann;Journalist", ["Ola Nordmann"]),
        ("Reporter", []),
        ("Publicerad 3 juni 2025", []),
    ],
)
def test_a_byline_gives_clean_author_names(byline, names):
    assert author_names([byline]) == names


def test_the_publishers_name_in_a_byline_is_not_an_author():
    assert author_names(["Radio Sweden"], not_authors=["Radio Sweden", "Sveriges Radio"]) == []


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Läs mer: Öppettider för stadens bibliotek", False),
        ("Läs också: Elbilsförsäljningen minskar för första gången", False),
        ("Speltips: Edsbyn–Sandviken på lördag. Vi tror på hemmaseger, odds 2.30 hos vår partner. 18+ | Spela ansvarsfullt | Stödlinjen.se", False),
        ("Sidansvarig: Kommunikationsenheten", False),
        ("Senast uppdaterad: 12 mars 2025", False),
        ("Hjälpte informationen dig?", False),
        ("Detta är en debattartikel. Åsikterna i texten är skribentens egna.", False),
        ("Mer information om bygget läser du på kommunens webbplats.", True),
        ("Han läste mer än någon annan i klassen.", True),
    ],
)
def test_swedish_furniture_lines_go_and_body_lines_stay(line, kept):
    body = "Kommunen bygger om Storgatan under våren, och trafiken leds om under hela arbetet."
    html = f"<html><body><article><h1>Storgatan byggs om</h1><p>{body}</p><p>{line}</p><p>{body}</p></article></body></html>"
    text = clean_html(RawDocument("p", Source(), "text/html", html, "h")).text
    assert (line in text) is kept


def test_a_run_sends_error_and_navigation_pages_to_errors_jsonl_and_keeps_the_article(tmp_path):
    folder, out = tmp_path / "pages", tmp_path / "out"
    folder.mkdir()
    for page in PAGES:
        if page.name in {"fel-404", "fel-navigering", "sport-fotboll-speltips"}:
            (folder / f"{page.name}.html").write_text(page.html, encoding="utf-8")
    result = run_pipeline("run", str(folder), "--out", str(out), "--quiet")
    assert result.returncode == 1, result.stderr.decode()
    errors = {Path(e["input"]).name: (e["stage"], e["reason"]) for e in read_errors(out)}
    assert errors == {
        "fel-404.html": ("clean", "an error page, not an article: 'Sidan kunde inte hittas - Huddinge kommun'"),
        "fel-navigering.html": ("clean", "no article text: trafilatura found no main text in the HTML"),
    }
    (article,) = read_articles(out).values()
    assert (article["title"], article["section"], article["author"]) == (
        "Malmö FF vände och vann mot AIK", "Allsvenskan", ["Jonas Persson", "Sofia Karlsson"]
    )
    assert "Speltips" not in article["text"]
