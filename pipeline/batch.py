"""The batch run: ingest -> clean -> langid -> nlp (+ roles) -> entities -> translate -> output.

The main process streams inputs, skips what is already done, and writes every
result; the stage work itself happens in `process_batch`, a plain function over
a list of documents, so an executor (in-process, a process pool, a Dask
cluster) only decides where batches run.
"""

from __future__ import annotations

import logging
import platform
import resource
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version as package_version
from itertools import chain

from tqdm import tqdm

from pipeline import __version__, langid, nlp
from pipeline.clean import RepeatedLines, clean_or_error
from pipeline.config import Settings
from pipeline.entities.link import link_article
from pipeline.executors import make_executor, ordered_map
from pipeline.fetch import FetchedUrls, options_from_settings
from pipeline.ingest import InputLimits, is_url, iter_local_documents, source_group
from pipeline.lock import output_lock
from pipeline.output import OutputFolder, article_json, result_from_json
from pipeline.records import Analysis, ArticleResult, CleanDocument, ErrorRecord, RawDocument
from pipeline.store import EntityIndex
from pipeline.translate import Translator, down_hint

log = logging.getLogger(__name__)
NLP_LANGUAGE = "sv"
PROGRESS_MIN_DOCUMENTS = 5
TRANSLATION_STATUSES = ("ok", "partial", "failed", "skipped")


@dataclass
class RunSummary:
    articles: int = 0  # inputs that are articles in the output folder after this run
    processed: int = 0
    retranslated: int = 0  # unchanged articles whose translation alone was redone
    skipped: int = 0  # unchanged since the last run
    failed: int = 0
    pruned: int = 0  # articles removed from the index because their source is gone
    seconds: float = 0.0
    stage_seconds: Counter[str] = field(default_factory=Counter)
    translations: Counter[str] = field(default_factory=Counter)  # status of each processed article's translation

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def line(self) -> str:
        again = f", {self.retranslated} translated again" if self.retranslated else ""
        return (
            f"{self.articles} articles: {self.processed} processed, {self.skipped} unchanged and skipped, "
            f"{self.failed} failed (see errors.jsonl){again} in {self.seconds:.1f} s; "
            f"translations: {', '.join(f'{self.translations[s]} {s}' for s in TRANSLATION_STATUSES)}"
        )


@dataclass(frozen=True)
class WorkItem:
    """One document to process, with the boilerplate lines its source group repeats.

    With `previous` (the article as last written) only its translation is redone.
    """

    raw: RawDocument
    repeated: frozenset[str]
    previous: dict | None = None


def translation_settings(settings: Settings) -> dict:
    """What a translation depends on besides the text; a change means translating again."""
    return {"backends": list(settings.translators), "target": settings.target, "url": settings.translator_url}


def wordless(document: CleanDocument) -> ErrorRecord | None:
    """Text with no letter at all (punctuation, digits, symbols) is no article."""
    if any(ch.isalpha() for ch in document.text):
        return None
    return ErrorRecord(document.source.label, "clean", "no words in the text: only punctuation, digits or symbols")


class _Worker:
    """Per-process state: the model and translator are loaded once, not per batch."""

    _instances: dict[Settings, "_Worker"] = {}

    def __init__(self, settings: Settings):
        self.settings = settings
        try:
            self.nlp = nlp.load(settings.model)
            self.model_name = nlp.model_name(self.nlp)
            self.nlp_missing = None
        except nlp.ModelNotInstalled as error:
            self.nlp, self.model_name, self.nlp_missing = None, None, str(error)
        self.translator = Translator(settings)

    @classmethod
    def for_settings(cls, settings: Settings) -> "_Worker":
        if settings not in cls._instances:
            cls._instances[settings] = cls(settings)
        return cls._instances[settings]

    def nlp_skip_reason(self, document: CleanDocument) -> str | None:
        code = document.language.code if document.language else "unknown"
        if code != NLP_LANGUAGE:
            return f"skipped: language is {code}; the entity and role model reads Swedish only"
        if self.nlp is None:
            return f"skipped: {self.nlp_missing}"
        return None

    def translated(self, result: ArticleResult) -> ArticleResult:
        """`result` with its translation (and its roles' English titles) done now."""
        started = time.perf_counter()
        translation = self.translator.translate_article(result.document, result.analysis)
        result.timings["translate"] = time.perf_counter() - started
        result.translation = translation
        result.stages["translate"] = "ok" if translation.status in ("ok", "partial") else f"{translation.status}: {translation.error}"
        return result

    def retranslate(self, article: dict) -> ArticleResult:
        """An article written before, translated again; its cleaning and NLP are kept as they were."""
        return self.translated(result_from_json(article))


def process_batch(items: list[WorkItem], settings: Settings) -> list[ArticleResult | ErrorRecord]:
    """Run every stage after ingest on a batch of documents, results in item order; the unit an executor schedules."""
    worker = _Worker.for_settings(settings)
    results: list[ArticleResult | ErrorRecord | None] = [None] * len(items)
    fresh: list[tuple[int, CleanDocument, float]] = []  # position, document, seconds spent cleaning
    for position, item in enumerate(items):
        if item.previous is not None:
            results[position] = worker.retranslate(item.previous)
            continue
        started = time.perf_counter()
        cleaned = clean_or_error(item.raw, item.repeated)
        if isinstance(cleaned, CleanDocument):
            cleaned = wordless(cleaned) or cleaned
        if isinstance(cleaned, ErrorRecord):
            results[position] = cleaned
            continue
        fresh.append((position, cleaned, time.perf_counter() - started))

    started = time.perf_counter()
    identified = langid.identify_all([document for _, document, _ in fresh])  # the whole batch at once: see langid
    langid_share = (time.perf_counter() - started) / max(1, len(identified))
    prepared = [(document, {"clean": seconds, "langid": langid_share}) for document, (_, _, seconds) in zip(identified, fresh)]

    skipped = [worker.nlp_skip_reason(document) for document, _ in prepared]
    to_parse = [i for i, reason in enumerate(skipped) if reason is None]
    analyses: dict[int, Analysis] = {}
    if to_parse:
        started = time.perf_counter()
        texts = (prepared[i][0].text for i in to_parse)
        dates = [prepared[i][0].published for i in to_parse]
        for i, analysis in zip(to_parse, nlp.analyse_texts(worker.nlp, texts, batch_size=settings.batch_size, published=dates)):
            analyses[i] = analysis
        share = (time.perf_counter() - started) / len(to_parse)
        for i in to_parse:
            prepared[i][1]["nlp"] = share

    for i, ((document, timings), (position, _, _)) in enumerate(zip(prepared, fresh)):
        analysis = analyses.get(i, Analysis(model=worker.model_name))
        started = time.perf_counter()
        link_article(document.text, analysis)
        timings["entities"] = time.perf_counter() - started
        stages = {"clean": "ok", "langid": "ok", "nlp": skipped[i] or "ok"}
        stages["roles"] = stages["nlp"]
        results[position] = worker.translated(ArticleResult(document, analysis, None, stages, timings))
    return results


def batched(items: Iterable[WorkItem], size: int) -> Iterator[list[WorkItem]]:
    batch: list[WorkItem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class BatchRun:
    """One `pipeline run`: decides what needs work, hands batches to an executor, writes results."""

    def __init__(self, inputs: list[str], settings: Settings):
        self.inputs = inputs
        self.settings = settings
        self.limits = InputLimits(settings.max_input_bytes)
        self.output = OutputFolder(settings.out_dir)
        self.summary = RunSummary()
        self.errors: list[ErrorRecord] = []
        self.article_ids: list[str] = []
        self.first_inputs: dict[str, tuple[str, str]] = {}  # id -> (input, content hash) of its first input
        self.translate_only: set[str] = set()
        self.model_name: str | None = None
        self.told_translation_down = False
        urls = [item for item in inputs if is_url(item)]
        self.fetched = (
            FetchedUrls(urls, options_from_settings(settings), show_progress=not settings.quiet) if urls else None
        )

    def documents(self) -> Iterator[RawDocument | ErrorRecord]:
        local = iter_local_documents(self.inputs, self.limits)
        return chain(local, self.fetched) if self.fetched else local

    def profile_repetition(self) -> tuple[RepeatedLines, int]:
        """First pass: which short lines recur across documents of one source, and how many inputs there are."""
        repeated, count = RepeatedLines(), 0
        for item in self.documents():
            count += 1
            if isinstance(item, RawDocument):
                repeated.add(source_group(item), item)
        return repeated, count

    def work(self, repeated: RepeatedLines, progress: tqdm) -> Iterator[WorkItem]:
        """Second pass: documents that need processing; errors, duplicates and unchanged articles are settled here."""
        for item in self.documents():
            if isinstance(item, RawDocument):
                item = self.duplicate(item) or item
            if isinstance(item, ErrorRecord):
                self.fail(item)
                progress.update()
                continue
            previous = None if self.settings.force else self.output.read_article(item.id)
            redo = rerun_stages(previous, item.content_hash, self.settings, self.model_name)
            if redo is None:
                self.summary.skipped += 1
                self.article_ids.append(item.id)
                progress.update()
            elif redo == "translate":
                self.translate_only.add(item.id)
                yield WorkItem(item, frozenset(), previous)
            else:
                yield WorkItem(item, repeated.for_group(source_group(item)))

    def duplicate(self, raw: RawDocument) -> ErrorRecord | None:
        """An input whose id an earlier input of this run already has; the first one is kept."""
        if raw.id not in self.first_inputs:
            self.first_inputs[raw.id] = (raw.source.label, raw.content_hash)
            return None
        label, content_hash = self.first_inputs[raw.id]
        if content_hash == raw.content_hash:
            reason = f"duplicate of {label}: the same content (id {raw.id}); only the first is kept"
        else:
            reason = f"duplicate id {raw.id!r}: {label} has it already, with other content; ids must be unique, only the first is kept"
        return ErrorRecord(raw.source.label, "ingest", reason)

    def fail(self, error: ErrorRecord) -> None:
        log.warning("%s: %s failed: %s", error.input, error.stage, error.reason)
        self.errors.append(error)
        self.summary.failed += 1

    def record(self, results: list[ArticleResult | ErrorRecord]) -> None:
        """Index a batch's articles in one transaction, then write their JSON.

        In this order a run killed in between leaves no article whose JSON is
        current but whose index rows are missing: the resumed run redoes them.
        """
        articles = []
        for result in results:
            if isinstance(result, ErrorRecord):
                self.fail(result)
            else:
                articles.append(result)
        started = time.perf_counter()
        self.index.upsert_many(articles)
        index_share = (time.perf_counter() - started) / max(1, len(articles))
        for result in articles:
            started = time.perf_counter()
            article = article_json(result)
            article["pipeline"]["translation_settings"] = translation_settings(self.settings)
            try:
                self.output.write_article(article)
            except OSError as error:  # a full disk, a folder made read-only: this article's JSON is missing
                self.fail(ErrorRecord(result.document.source.label, "output", f"cannot write its JSON: {error.strerror or error}"))
                continue
            result.timings["output"] = time.perf_counter() - started
            result.timings["index"] = index_share
            self.summary.stage_seconds.update(result.timings)
            if result.document.id in self.translate_only:
                self.summary.retranslated += 1
            else:
                self.summary.processed += 1
            self.summary.translations[result.translation.status] += 1
            self.article_ids.append(result.document.id)
            self.tell_if_translation_down(result)

    def tell_if_translation_down(self, result: ArticleResult) -> None:
        """The first article whose translation failed on a backend that is down gets one warning line."""
        hint = None if self.told_translation_down else down_hint(result.translation)
        if hint:
            log.warning("%s", hint)
            self.told_translation_down = True

    def recover(self, batch: list[WorkItem], error: Exception) -> list[ArticleResult | ErrorRecord]:
        """A batch that raised (a worker died, a bug): each document again on its own, so one cannot sink the rest."""
        log.warning("a batch of %d failed (%s); retrying its documents one by one", len(batch), describe(error))
        results: list[ArticleResult | ErrorRecord] = []
        for item in batch:
            try:
                results += self.executor.submit(process_batch, [item], self.settings).result()
            except Exception as failure:  # noqa: BLE001 - recorded as this input's error
                results.append(ErrorRecord(item.raw.source.label, "worker", f"processing failed twice: {describe(failure)}"))
        return results

    def execute(self) -> RunSummary:
        """The run, holding the output folder's lock (see `pipeline.lock`) from start to end."""
        with output_lock(self.settings.out_dir, wait=self.settings.wait_for_lock):
            return self._execute()

    def _execute(self) -> RunSummary:
        started = time.perf_counter()
        started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        if stale := self.output.remove_stale_temporaries():
            log.info("removed %d temporary files left by an interrupted run", stale)
        with EntityIndex(self.settings.index_path) as self.index:
            repeated, total = self.profile_repetition()
            worker = _Worker.for_settings(self.settings)
            self.model_name = worker.model_name
            if worker.nlp_missing:
                log.warning("%s; articles are written with empty entity lists", worker.nlp_missing)
            with tqdm(
                total=total,
                unit="doc",
                desc="articles",
                disable=self.settings.quiet or total < PROGRESS_MIN_DOCUMENTS,
            ) as progress:
                self.executor = make_executor(self.settings.executor, self.settings.workers, self.settings.scheduler)
                try:
                    batches = batched(self.work(repeated, progress), self.settings.batch_size)
                    for results in ordered_map(self.executor, process_batch, batches, self.settings, self.recover):
                        self.record(results)
                        progress.update(len(results))
                finally:
                    self.executor.close()
            if self.settings.prune:
                self.summary.pruned = self.index.prune(set(self.article_ids))
        self.summary.articles = self.output.write_rollup(self.article_ids)
        self.output.write_errors(self.errors)
        self.summary.seconds = time.perf_counter() - started
        self.output.write_run_report(self.report(started_at))
        return self.summary

    def report(self, started_at: str) -> dict:
        worker = _Worker.for_settings(self.settings)
        return {
            "started": started_at,
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "inputs": self.inputs,
            "counts": {
                "articles": self.summary.articles,
                "processed": self.summary.processed,
                "retranslated": self.summary.retranslated,
                "skipped": self.summary.skipped,
                "failed": self.summary.failed,
                "pruned": self.summary.pruned,
                "translations": {status: self.summary.translations[status] for status in TRANSLATION_STATUSES},
            },
            "pages": dict(self.fetched.counts) if self.fetched else {},
            "seconds": round(self.summary.seconds, 3),
            "stage_seconds": {stage: round(s, 3) for stage, s in sorted(self.summary.stage_seconds.items())},
            "peak_rss_mb": peak_rss_mb(self.settings.workers > 1 or self.settings.executor == "dask"),
            "model": worker.model_name or worker.nlp_missing,
            "versions": {
                "pipeline": __version__,
                "python": platform.python_version(),
                **{name: package_version(name) for name in ("spacy", "trafilatura", "langdetect", "deep-translator")},
            },
            "settings": {
                "translators": list(self.settings.translators),
                "translator_model": str(self.settings.translator_model) if self.settings.translator_model else None,
                "target": self.settings.target,
                "workers": self.settings.workers,
                "executor": self.settings.executor,
                "force": self.settings.force,
            },
        }


def rerun_stages(previous: dict | None, content_hash: str, settings: Settings, model: str | None) -> str | None:
    """What an input needs on this run: "all" stages, "translate" only, or None (its article is current).

    Everything is redone when there is no article yet, or its source bytes, the
    pipeline version or the model changed; the translation alone when its
    settings (backends, target, server) changed or it did not succeed last time.
    """
    if previous is None:
        return "all"
    written = previous.get("pipeline", {})
    if (written.get("content_hash"), written.get("version"), written.get("model")) != (content_hash, __version__, model):
        return "all"
    if written.get("translation_settings") != translation_settings(settings):
        return "translate"
    if previous.get("translation", {}).get("status") in ("failed", "partial"):
        return "translate"
    return None


def describe(error: BaseException) -> str:
    if isinstance(error, BrokenProcessPool):
        return "its worker process died (killed, or out of memory)"
    return f"{type(error).__name__}: {error}"


def peak_rss_mb(in_child_processes: bool) -> dict[str, float]:
    """Peak resident memory of this process and of the largest finished worker process."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"main": round(own, 1), "per_worker": round(children if in_child_processes else own, 1)}


def run(inputs: list[str], settings: Settings) -> RunSummary:
    return BatchRun(inputs, settings).execute()
