"""HTML extraction quality on the article-extraction benchmark (token F1 against the ground truth)."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

from pipeline.clean import CleaningError, clean_html
from pipeline.ingest import content_hash
from pipeline.records import RawDocument, Source

TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    name: str
    html: str
    url: str | None
    expected_body: str


def token_f1(predicted: str, expected: str) -> float:
    """Bag-of-words F1, the benchmark's own measure."""
    got, want = Counter(TOKEN.findall(predicted.lower())), Counter(TOKEN.findall(expected.lower()))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def benchmark_pages(folder: Path, limit: int | None = None) -> Iterator[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for name in sorted(truth)[:limit]:
        html = gzip.decompress((folder / "html" / f"{name}.html.gz").read_bytes()).decode("utf-8", "replace")
        yield Page(name, html, truth[name].get("url"), truth[name].get("articleBody") or "")


def extract(page: Page, favor_precision: bool = True) -> str:
    raw = RawDocument(page.name, Source(url=page.url), "text/html", page.html, content_hash(page.html.encode()))
    try:
        return clean_html(raw, favor_precision=favor_precision).text
    except CleaningError:
        return ""


def evaluate(folder: Path, limit: int | None = None, favor_precision: bool = True) -> dict[str, float]:
    scores = [token_f1(extract(page, favor_precision), page.expected_body) for page in benchmark_pages(folder, limit)]
    return {"pages": len(scores), "mean_token_f1": round(mean(scores), 4), "pages_below_0.9": sum(s < 0.9 for s in scores)}
