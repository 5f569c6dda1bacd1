"""Throughput benchmark: the full pipeline against bare `nlp.pipe` on the same texts.

The corpus is real Swedish news text: the NER corpus sentences grouped into
articles of 300-800 words, plus the sample article. The entity-index queries
(the name-based ones and the canonical-entity ones) are timed on ten copies of the run's articles (10,000 with the default size). Each pipeline run is a
real `pipeline run` subprocess, so its timings and peak memory are what users
get; the bare run loads the same model here and pipes the same clean texts.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline import nlp, roles
from pipeline.config import SHARED_CORPORA, model_path
from pipeline.evaluation.corpora import KLINTAN, read_tagged_sentences, sentence_spaces
from pipeline.output import result_from_json
from pipeline.entities import index as entity_index
from pipeline.store import EntityIndex, benchmark_queries

SAMPLE = Path("samples/botkyrka-trygghetskonferens-2024-02-16.txt")
INDEX_ARTICLES = 10_000
LARGEST_ARTICLE_CHARS = 1_200_000  # past spaCy's max_length of 1,000,000, which once killed a run
WORKER_MEMORY_LIMIT_MB = 1024
QUERY_TARGET_MS = 100  # every query on the 10,000-article index
ENTITY_SHARE_TARGET = 0.10  # entity building, of the pipeline's time
ROLE_SHARE_TARGET = 0.05  # the role component, of the bare NLP CPU time
RATIO_TARGET = 1.25  # the whole pipeline's time over bare `nlp.pipe` on the same texts


@dataclass(frozen=True)
class RunFigures:
    articles: int
    words: int
    seconds: float
    stage_seconds: dict[str, float]
    peak_rss_mb: float
    cpu_seconds: float  # the whole `pipeline run` process, start-up and model loading included

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds


def detokenise(words: list[str]) -> str:
    return "".join(word + (" " if space else "") for word, space in zip(words, sentence_spaces(words)))


def news_sentences(corpora: Path) -> list[str]:
    return [detokenise(s.words) for s in read_tagged_sentences(corpora / KLINTAN)]


def build_long_article(sentences: list[str], chars: int) -> dict:
    """One article of at least `chars` characters: the corpus sentences in turn, ten to a paragraph."""
    paragraphs, size, n = [], 0, 0
    while size < chars:
        paragraph = " ".join(sentences[(n + k) % len(sentences)] for k in range(10))
        paragraphs.append(paragraph)
        size, n = size + len(paragraph) + 2, n + 10
    return {"id": "largest", "title": "Den längsta artikeln", "text": "\n\n".join(paragraphs)}


def build_corpus(corpora: Path, articles: int, seed: int = 0) -> list[dict]:
    """`articles` JSONL records of 300-800 words in paragraphs of 3-6 sentences, plus the sample page."""
    sentences = news_sentences(corpora)
    rng = random.Random(seed)
    order: list[int] = []
    records = [{"id": "sample", "text": (corpora / SAMPLE).read_text(encoding="utf-8")}]
    for number in range(articles - 1):
        target, words, paragraphs, paragraph = rng.randint(300, 800), 0, [], []
        paragraph_length = rng.randint(3, 6)
        while words < target:
            if not order:
                order = rng.sample(range(len(sentences)), len(sentences))
            sentence = sentences[order.pop()]
            paragraph.append(sentence)
            words += len(sentence.split())
            if len(paragraph) >= paragraph_length:
                paragraphs.append(" ".join(paragraph))
                paragraph, paragraph_length = [], rng.randint(3, 6)
        paragraphs.append(" ".join(paragraph))
        records.append({"id": f"bench-{number:05d}", "title": f"Artikel {number}", "text": "\n\n".join(p for p in paragraphs if p)})
    return records


def write_jsonl(records: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def run_pipeline(corpus: Path, out: Path, workers: int, batch_size: int) -> RunFigures:
    command = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--translator", "none",
               "--workers", str(workers), "--batch-size", str(batch_size), "--force", "--quiet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    finished = subprocess.run(command, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if finished.returncode != 0:
        raise RuntimeError(f"benchmark run failed ({finished.returncode}): {finished.stderr[-2000:]}")
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    texts = clean_texts(out)
    return RunFigures(
        articles=report["counts"]["processed"],
        words=sum(len(t.split()) for t in texts),
        seconds=report["seconds"],
        stage_seconds=report["stage_seconds"],
        peak_rss_mb=report["peak_rss_mb"]["per_worker"],
        cpu_seconds=after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
    )


def clean_texts(out: Path) -> list[str]:
    with (out / "articles.jsonl").open(encoding="utf-8") as rollup:
        return [json.loads(line)["text"] for line in rollup]


def read_results(out: Path) -> list:
    """The run's articles as records, read back from its JSON roll-up."""
    with (out / "articles.jsonl").open(encoding="utf-8") as rollup:
        return [result_from_json(json.loads(line)) for line in rollup]


def build_index(out: Path, copies: int, path: Path) -> int:
    """An entity index of `copies` x the run's articles (ids made distinct), as a larger corpus would give."""
    count = 0
    with EntityIndex(path) as index:
        results = read_results(out)
        for copy in range(copies):
            index.upsert_many([replace(r, document=replace(r.document, id=f"{r.document.id}/{copy}")) for r in results])
            count += len(results)
    return count


def time_bare_pipe(texts: list[str], batch_size: int) -> tuple[float, float, dict[str, float]]:
    """Wall and CPU seconds of piping `texts` (CPU time barely moves when another job shares the cores), and
    the CPU seconds of those spent in the role component and in the document summary."""
    model = nlp.load(model_path())
    extractor = model.get_pipe(roles.COMPONENT)
    started, cpu_started = time.perf_counter(), time.process_time()
    role_cpu = {"role_extractor": 0.0, "summary": 0.0}
    for doc in model.pipe(texts, batch_size=batch_size, disable=[roles.COMPONENT]):
        role_started = time.process_time()
        extractor(doc)
        summary_started = time.process_time()
        roles.summarise(doc, nlp.entities(doc))
        role_cpu["role_extractor"] += summary_started - role_started
        role_cpu["summary"] += time.process_time() - summary_started
    return time.perf_counter() - started, time.process_time() - cpu_started, role_cpu


def benchmark(articles: int, batch_size: int = 32, echo: Callable[[str], None] = print, corpora: Path = SHARED_CORPORA) -> dict:
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as scratch:
        root = Path(scratch)
        records = build_corpus(corpora, articles)
        full = write_jsonl(records, root / "corpus.jsonl")
        half = write_jsonl(records[: len(records) // 2], root / "half.jsonl")
        echo(f"corpus: {len(records)} articles, {sum(len(r['text'].split()) for r in records)} words")

        one = run_pipeline(full, root / "one", workers=1, batch_size=batch_size)
        bare, bare_cpu, role_cpu = time_bare_pipe(clean_texts(root / "one"), batch_size)
        two = run_pipeline(full, root / "two", workers=2, batch_size=batch_size)
        halved = run_pipeline(half, root / "half", workers=1, batch_size=batch_size)
        largest = write_jsonl([build_long_article(news_sentences(corpora), LARGEST_ARTICLE_CHARS)], root / "largest.jsonl")
        longest = run_pipeline(largest, root / "largest", workers=1, batch_size=batch_size)
        # Linking (the run's "entities" stage) and writing the entity rows of the index ("entity_rows").
        entity_seconds = one.stage_seconds.get("entities", 0.0) + one.stage_seconds.get("entity_rows", 0.0)
        indexed = build_index(root / "one", max(1, INDEX_ARTICLES // one.articles), root / "index.sqlite")
        query_ms = {**benchmark_queries(root / "index.sqlite"), **entity_index.benchmark_queries(root / "index.sqlite")}

    figures = {
        "articles": one.articles,
        "words": one.words,
        "articles_per_second": one.articles / one.seconds,
        "words_per_second": one.words_per_second,
        "bare_words_per_second": one.words / bare,
        "pipeline_bare_ratio": one.seconds / bare,
        "pipeline_bare_cpu_ratio": one.cpu_seconds / bare_cpu,
        "role_share_of_nlp_cpu": {part: seconds / bare_cpu for part, seconds in role_cpu.items()},
        "speedup_2_workers": one.seconds / two.seconds,
        "cost_of_2x_articles": one.seconds / halved.seconds,
        "peak_rss_mb_1_worker": one.peak_rss_mb,
        "peak_rss_mb_2_workers": two.peak_rss_mb,
        "peak_rss_mb_largest_article": longest.peak_rss_mb,
        "stage_seconds": one.stage_seconds,
        "entity_seconds": entity_seconds,
        "entity_share": entity_seconds / one.seconds,
        "indexed_articles": indexed,
        "query_ms": {kind: {"wall": t.wall_ms, "cpu": t.cpu_ms} for kind, t in query_ms.items()},
    }
    echo(f"1 worker:  {one.articles / one.seconds:.1f} articles/s, {one.words_per_second:,.0f} words/s, {one.seconds:.1f} s")
    echo(f"bare nlp.pipe on the same texts: {one.words / bare:,.0f} words/s, {bare:.1f} s")
    echo(f"pipeline/bare ratio: {figures['pipeline_bare_ratio']:.2f}, {verdict(figures['pipeline_bare_ratio'], RATIO_TARGET)} "
         f"the {RATIO_TARGET} target")
    echo(f"CPU time: pipeline {one.cpu_seconds:.1f} s (the whole process, start-up included), bare {bare_cpu:.1f} s, "
         f"ratio {figures['pipeline_bare_cpu_ratio']:.2f}")
    shares = figures["role_share_of_nlp_cpu"]
    echo("share of the bare NLP CPU time: " + ", ".join(f"{part} {share:.1%}" for part, share in shares.items())
         + f"; role_extractor {verdict(shares['role_extractor'], ROLE_SHARE_TARGET)} the {ROLE_SHARE_TARGET:.0%} target")
    echo(f"2 workers: {two.words_per_second:,.0f} words/s, {two.seconds:.1f} s, speed-up {figures['speedup_2_workers']:.2f}x")
    echo(f"2x the articles takes {figures['cost_of_2x_articles']:.2f}x the time")
    echo(f"peak RSS per worker: {one.peak_rss_mb:.0f} MB (1 worker), {two.peak_rss_mb:.0f} MB (2 workers)")
    echo(f"peak RSS with the largest article ({LARGEST_ARTICLE_CHARS:,} characters, {longest.words:,} words, "
         f"{longest.seconds:.0f} s): {longest.peak_rss_mb:.0f} MB, {verdict(longest.peak_rss_mb, WORKER_MEMORY_LIMIT_MB)} "
         f"the {WORKER_MEMORY_LIMIT_MB} MB per worker")
    echo("time per stage (1 worker): " + ", ".join(f"{k} {v:.1f} s" for k, v in one.stage_seconds.items()))
    echo(f"entity building (linking stage + entity rows of the index): {entity_seconds:.2f} s, "
         f"{100 * figures['entity_share']:.1f}% of the pipeline's {one.seconds:.1f} s, "
         f"{verdict(figures['entity_share'], ENTITY_SHARE_TARGET)} the {ENTITY_SHARE_TARGET:.0%} target")
    echo(f"queries on an index of {indexed} articles (median ms, wall / CPU): "
         + ", ".join(f"{k} {t.wall_ms:.1f} / {t.cpu_ms:.1f}" for k, t in query_ms.items()))
    slowest = max(query_ms, key=lambda k: query_ms[k].wall_ms)
    echo(f"slowest query: {slowest}, {query_ms[slowest].wall_ms:.1f} ms ({query_ms[slowest].cpu_ms:.1f} ms CPU), "
         f"{verdict(query_ms[slowest].wall_ms, QUERY_TARGET_MS)} the {QUERY_TARGET_MS} ms target")
    return figures


def verdict(value: float, target: float) -> str:
    """Whether a figure is "within" a ceiling the project set itself or "OVER" it, as the printed lines say."""
    return "within" if value <= target else "OVER"
