"""HTML extraction quality: this stage against trafilatura's default and precision modes, in one run.

Two page sets. The article-extraction benchmark (181 pages, MIT) scores body
text by token F1 against its ground truth. The Swedish development set
(`tests/fixtures/html-sv/`: pages shaped like Swedish municipal, agency, news,
sports and debate pages, each `NAME.html` with `NAME.json` holding what should
come out) adds explicit checks: the lead paragraph kept, the listed site
furniture dropped, title, date, section and authors right, pages without an
article refused.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

from trafilatura.utils import load_html

from pipeline.clean import CleaningError, clean_html
from pipeline.clean.html import extract_with_trafilatura
from pipeline.clean.lines import squeezed
from pipeline.ingest import content_hash
from pipeline.records import RawDocument, Source

TOKEN = re.compile(r"\w+")
SWEDISH_SET = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "html-sv"


@dataclass(frozen=True)
class Page:
    name: str
    html: str
    url: str | None
    expected_body: str


@dataclass(frozen=True)
class Extraction:
    """What one system made of a page; `text` None when it refused the page."""

    text: str | None
    title: str | None = None
    published: str | None = None
    section: str | None = None
    authors: tuple[str, ...] = ()


System = Callable[[str, "str | None"], Extraction]


def token_f1(predicted: str, expected: str) -> float:
    """Bag-of-words F1, the benchmark's own measure."""
    got, want = Counter(TOKEN.findall(predicted.lower())), Counter(TOKEN.findall(expected.lower()))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def pipeline_system(html: str, url: str | None) -> Extraction:
    """This stage, as `pipeline run` cleans a page."""
    raw = RawDocument("page", Source(url=url), "text/html", html, content_hash(html.encode("utf-8", "replace")))
    try:
        document = clean_html(raw)
    except CleaningError:
        return Extraction(None)
    authors = document.author if isinstance(document.author, list) else [document.author] if document.author else []
    return Extraction(document.text, document.title, document.published, document.section, tuple(authors))


def trafilatura_system(favor_precision: bool) -> System:
    """trafilatura alone in one of its modes, its metadata read as it gives it."""

    def extract(html: str, url: str | None) -> Extraction:
        tree = load_html(html)
        document = extract_with_trafilatura(tree, url, favor_precision, prune=False) if tree is not None else None
        if document is None or not (document.text or "").strip():
            return Extraction(None)
        categories = [c for c in (document.categories or []) if c]
        authors = [a.strip() for a in (document.author or "").split(";") if a.strip()]
        return Extraction(document.text, document.title, document.date, categories[0] if categories else None, tuple(authors))

    return extract


SYSTEMS: dict[str, System] = {
    "pipeline": pipeline_system,
    "trafilatura default": trafilatura_system(favor_precision=False),
    "trafilatura precision": trafilatura_system(favor_precision=True),
}


def benchmark_pages(folder: Path, limit: int | None = None) -> Iterator[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for name in sorted(truth)[:limit]:
        html = gzip.decompress((folder / "html" / f"{name}.html.gz").read_bytes()).decode("utf-8", "replace")
        yield Page(name, html, truth[name].get("url"), truth[name].get("articleBody") or "")


def extract(page: Page) -> str:
    """This stage's text for a benchmark page ('' when it refuses the page)."""
    return pipeline_system(page.html, page.url).text or ""


def evaluate_benchmark(
    folder: Path, limit: int | None = None, systems: dict[str, System] = SYSTEMS, on_page: Callable[[], None] = lambda: None
) -> dict[str, dict]:
    """Mean token F1 per system on the benchmark pages; `on_page` is called after each page (progress)."""
    scores: dict[str, list[float]] = {name: [] for name in systems}
    for page in benchmark_pages(folder, limit):
        for name, system in systems.items():
            scores[name].append(token_f1(system(page.html, page.url).text or "", page.expected_body))
        on_page()
    return {
        name: {"pages": len(s), "mean_token_f1": round(mean(s), 4), "pages_below_0.9": sum(x < 0.9 for x in s)}
        for name, s in scores.items()
    }


@dataclass(frozen=True)
class SwedishPage:
    name: str
    html: str
    expected: dict

    @property
    def is_article(self) -> bool:
        return self.expected.get("article", True)


def swedish_pages(folder: Path = SWEDISH_SET) -> list[SwedishPage]:
    """Every NAME.html of the folder that has its NAME.json beside it."""
    return [
        SwedishPage(path.stem, path.with_suffix(".html").read_text(encoding="utf-8"), json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(folder.glob("*.json"))
        if path.with_suffix(".html").is_file()
    ]


def furniture_kept(text: str, furniture: list[str]) -> list[str]:
    """The listed furniture snippets that occur in the text as whole words."""
    return [snippet for snippet in furniture if re.search(rf"(?<!\w){re.escape(snippet)}(?!\w)", text)]


@dataclass
class PageScore:
    """One system on one page of the Swedish set."""

    name: str
    word_f1: float | None = None  # None on a page without an article
    lead_kept: bool | None = None
    furniture: list[str] = field(default_factory=list)
    title_right: bool | None = None
    date_right: bool | None = None
    section_right: bool | None = None
    authors_right: bool | None = None
    refused_right: bool | None = None  # on a page without an article: was it refused

    def failures(self) -> list[str]:
        checks = {
            "lead dropped": self.lead_kept, "title wrong": self.title_right, "date wrong": self.date_right,
            "section wrong": self.section_right, "authors wrong": self.authors_right, "not refused": self.refused_right,
        }
        return [label for label, ok in checks.items() if ok is False] + [f"kept {snippet!r}" for snippet in self.furniture]


def score_page(page: SwedishPage, system: System) -> PageScore:
    expected = page.expected
    got = system(page.html, expected.get("url"))
    if not page.is_article:
        return PageScore(page.name, refused_right=got.text is None)
    text = got.text or ""
    return PageScore(
        page.name,
        word_f1=token_f1(text, expected["text"]),
        lead_kept=None if expected.get("lead") is None else squeezed(expected["lead"]) in squeezed(text),
        furniture=furniture_kept(text, expected.get("furniture", [])),
        title_right=got.title == expected["title"],
        date_right=None if expected.get("published") is None else got.published == expected["published"],
        section_right=None if expected.get("section") is None else got.section == expected["section"],
        authors_right=list(got.authors) == expected.get("authors", []),
    )


def summarise(scores: list[PageScore]) -> dict[str, object]:
    def count(attribute: str) -> str:
        values = [getattr(s, attribute) for s in scores if getattr(s, attribute) is not None]
        return f"{sum(values)}/{len(values)}"

    f1s = [s.word_f1 for s in scores if s.word_f1 is not None]
    return {
        "pages": len(scores),
        "mean_word_f1": round(mean(f1s), 4) if f1s else 0.0,
        "leads_kept": count("lead_kept"),
        "furniture_kept": sum(len(s.furniture) for s in scores),
        "titles_right": count("title_right"),
        "dates_right": count("date_right"),
        "sections_right": count("section_right"),
        "authors_right": count("authors_right"),
        "non_articles_refused": count("refused_right"),
    }


def evaluate_swedish(folder: Path = SWEDISH_SET, systems: dict[str, System] = SYSTEMS) -> dict[str, tuple[dict, list[PageScore]]]:
    """Per system: the summary over the Swedish set and each page's score."""
    pages = swedish_pages(folder)
    results = {}
    for name, system in systems.items():
        scores = [score_page(page, system) for page in pages]
        results[name] = (summarise(scores), scores)
    return results


SWEDISH_COLUMNS = {
    "mean_word_f1": "word F1", "leads_kept": "leads", "furniture_kept": "furniture kept", "titles_right": "titles",
    "dates_right": "dates", "sections_right": "sections", "authors_right": "authors", "non_articles_refused": "refused",
}


def table(rows: list[list[str]]) -> list[str]:
    """Rows as aligned text columns, the first row the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]


def swedish_report(results: dict[str, tuple[dict, list[PageScore]]], details: bool = False) -> list[str]:
    """The side-by-side table for the Swedish set; with `details`, every check a system failed, by page."""
    rows = [["system", *SWEDISH_COLUMNS.values()]]
    for name, (summary, _) in results.items():
        rows.append([name, *(f"{summary[key]:.4f}" if key == "mean_word_f1" else str(summary[key]) for key in SWEDISH_COLUMNS)])
    lines = table(rows)
    for name, (_, scores) in results.items() if details else ():
        lines += [f"  {name} on {score.name}: {'; '.join(score.failures())}" for score in scores if score.failures()]
    return lines


def benchmark_report(results: dict[str, dict]) -> list[str]:
    rows = [["system", "mean token F1", "pages below 0.9"]]
    rows += [[name, f"{figures['mean_token_f1']:.4f}", str(figures["pages_below_0.9"])] for name, figures in results.items()]
    return table(rows)
