"""Command-line entry point. Wiring only: every command calls into a stage module."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from pipeline import __version__, store
from pipeline.config import SHARED_CORPORA, Settings, model_path



EXIT_LOCKED = 3  # another run holds the output folder (see --wait)
EXIT_INDEX_UNUSABLE = 4  # the entity index is damaged or from a newer pipeline


class OutputInUse(click.ClickException):
    exit_code = EXIT_LOCKED


class UnusableIndex(click.ClickException):
    exit_code = EXIT_INDEX_UNUSABLE


def store_failure(error: store.StoreError) -> click.ClickException:
    """The one-line error a store problem gives; an unusable index has its own exit code."""
    return UnusableIndex(str(error)) if isinstance(error, store.IndexUnusable) else click.ClickException(str(error))


@contextmanager
def index_errors(db: Path) -> Iterator[None]:
    """Store and SQLite errors met while reading the index `db`, as one-line CLI errors."""
    try:
        yield
    except sqlite3.Error as error:
        raise store_failure(store.read_failure(db, error)) from None
    except store.StoreError as error:
        raise store_failure(error) from None


class SettingsError(click.ClickException):
    """A usage error said in one line (`Error: ...`), exit code 2."""

    exit_code = 2


TRANSLATOR_HELP = (
    "Backend: google (the default; sends each article's title and text to Google's free web endpoint, a third party), "
    "microsoft, deepl, mymemory, libre (also online services), local (a model on this machine, see --translator-model), "
    "an ordered fallback list (libre,google), or none."
)


def translator_options(command):
    """--translator-url and --translator-model, on every command that translates."""
    command = click.option(
        "--translator-model", type=click.Path(path_type=Path), default=None, envvar="PIPELINE_TRANSLATOR_MODEL",
        help="Model for --translator local: an Argos Translate .argosmodel package or a model folder "
             "(needs pip install 'pipeline[local-mt]'). Env: PIPELINE_TRANSLATOR_MODEL.",
    )(command)
    return click.option("--translator-url", default=None, help="Base URL of a self-hosted LibreTranslate (for --translator libre).")(command)


def checked_translation(settings: Settings) -> Settings:
    """The settings, once every translator they name can work; else exit 2 with one line."""
    from pipeline.translate import BackendChoiceError, check_settings

    try:
        check_settings(settings)
    except BackendChoiceError as error:
        raise SettingsError(str(error)) from None
    return settings


def configure_logging(quiet: bool) -> None:
    logging.basicConfig(
        level=logging.ERROR if quiet else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("distributed").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request drowns the progress bar


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="pipeline")
def cli() -> None:
    """Turn news pages into structured, queryable, translated data.

    \b
    Stages: ingest -> clean -> language -> entities and roles (Swedish model)
            -> translation -> JSON per article, JSONL roll-up, SQLite entity index.

    \b
    Examples:
      pipeline run                                # corpora/ -> outputs/
      pipeline run articles.jsonl --out results/ --translator none
      pipeline run --help                         # every option of a command
    """


@cli.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"), show_default=True, help="Output folder.")
@click.option("--translator", default="google", show_default=True, envvar="PIPELINE_TRANSLATOR", help=TRANSLATOR_HELP + " Env: PIPELINE_TRANSLATOR.")
@translator_options
@click.option("--target", default="en", show_default=True, help="Target language of the translation.")
@click.option("--no-cache", is_flag=True, help="Send every text to the translator, ignoring the translation cache.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="local: this machine (a process pool when --workers > 1); dask: a dask.distributed cluster.")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786); without it --executor dask starts a LocalCluster of --workers processes.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True, help="Articles per batch handed to a worker.")
@click.option("--force", is_flag=True, help="Reprocess articles even when their source and the pipeline are unchanged.")
@click.option("--wait", "wait_for_lock", is_flag=True, help="If another run is writing to --out, wait for it to finish instead of exiting with code 3.")
@click.option("--prune", is_flag=True, help="Remove from the entity index the articles whose source is not among this run's inputs.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=Settings.max_input_bytes, show_default=True, help="Largest input file (or JSONL record) accepted.")
@click.option("--model", type=click.Path(path_type=Path), default=None, help="Swedish spaCy pipeline to use (default: the shipped one).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no log lines; errors still go to errors.jsonl.")
@click.option("--urls", "urls_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="File of URLs to fetch, one per line (# comments allowed).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Skip sitemap and feed entries dated before this day (YYYY-MM-DD).")
@click.option("--offline", is_flag=True, help="Take URL inputs only from the page cache (OUT/page-cache); no network.")
@click.option("--allow-private", is_flag=True, help="Allow URLs whose host resolves to a loopback, private, link-local or reserved address.")
@click.option("--rate", "rate_per_host", type=click.FloatRange(min=0, min_open=True), default=Settings.rate_per_host, show_default=True, help="Requests per second to any one host (robots.txt Crawl-delay can slow it further).")
@click.option("--user-agent-contact", default=None, metavar="EMAIL|URL", help="Contact put in the User-Agent so site owners can reach you.")
@click.option("--fetch-timeout", type=click.FloatRange(min=0, min_open=True), default=Settings.fetch_timeout_s, show_default=True, metavar="SECONDS", help="Wall-clock limit of one page request, however slowly the server sends.")
@click.option("--translate-timeout", type=click.FloatRange(min=0, min_open=True), default=Settings.translate_timeout_s, show_default=True, metavar="SECONDS", help="Wall-clock limit of one translation request (each article has a budget of 120 s in all).")
def run(inputs, out_dir, translator, translator_url, translator_model, target, no_cache, workers, executor, scheduler, batch_size, force, wait_for_lock, prune, max_bytes, model, quiet, urls_file, since, offline, allow_private, rate_per_host, user_agent_contact, fetch_timeout, translate_timeout) -> None:
    """Process articles into structured JSON.

    INPUT is a file (.txt, .html/.htm, .json, .jsonl), a folder (walked
    recursively), - for standard input, or an http(s) URL; the default is
    corpora/. A JSONL line is one article: `text` or `html` required; `id`,
    `title`, `url`, `published` optional.

    A URL may be a page, a sitemap.xml (or sitemap index) or an RSS/Atom
    feed; listings expand to the pages they name. Pages are fetched politely
    (robots.txt, --rate per host, retries with backoff) and kept raw in
    OUT/page-cache, so a rerun asks only whether they changed and --offline
    works without a network.

    Translation is on by default, with Google's free web endpoint: the title
    and text of every article go to Google. --translator none keeps
    everything on this machine; --translator local translates on it with a
    downloaded model. The last line counts the translations ok, partial,
    failed and skipped (also in OUT/run.json); a failed translation leaves the
    article untranslated and does not change the exit code.

    Writes OUT/articles/<id>.json, OUT/articles.jsonl, OUT/errors.jsonl and
    OUT/run.json. A rerun redoes only what changed: unchanged articles are
    skipped, and only translated again when the translation settings changed
    or it failed last time. One run at a time per OUT (see --wait).

    \b
    Exit codes: 0 every input succeeded
                1 some inputs failed (each has a line in errors.jsonl)
                2 usage error (a translator that cannot work among them,
                  said before any article is read)
                3 another run holds OUT (its pid is named; see --wait)
                4 the entity index is damaged or from a newer pipeline

    \b
    Examples:
      pipeline run
      pipeline run corpora/ news.jsonl --out outputs/ --workers 2
      pipeline run big.jsonl --executor dask --scheduler tcp://10.0.0.5:8786
      cat page.html | pipeline run - --out outputs/
      pipeline run https://www.botkyrka.se/sitemap.xml --since 2024-01-01 --user-agent-contact me@example.org
      pipeline run --urls urls.txt --rate 0.5 --out outputs/
      pipeline run --translator local --translator-model translate-sv_en.argosmodel
    """
    configure_logging(quiet)
    settings = Settings(
        out_dir=out_dir,
        model=model or model_path(),
        translators=_translators(translator),
        translator_url=translator_url,
        translator_model=translator_model,
        target=target,
        use_cache=not no_cache,
        workers=workers,
        executor=executor,
        scheduler=scheduler,
        batch_size=batch_size,
        force=force,
        wait_for_lock=wait_for_lock,
        prune=prune,
        quiet=quiet,
        max_input_bytes=max_bytes,
        offline=offline,
        allow_private=allow_private,
        rate_per_host=rate_per_host,
        user_agent_contact=user_agent_contact,
        since=since.date() if since else None,
        fetch_timeout_s=fetch_timeout,
        translate_timeout_s=translate_timeout,
    )
    checked_translation(settings)
    from pipeline.batch import run as run_batch
    from pipeline.fetch import read_url_list
    from pipeline.lock import OutputLocked

    listed = read_url_list(urls_file) if urls_file else []
    try:
        summary = run_batch([*inputs, *listed] or ["corpora"], settings)
    except OutputLocked as error:
        raise OutputInUse(str(error)) from None
    except store.StoreError as error:
        raise store_failure(error) from None
    click.echo(summary.line(), err=True)
    sys.exit(summary.exit_code)


def _translators(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


@cli.command()
@click.argument("source", type=click.File("r", encoding="utf-8"), metavar="FILE|-")
@click.option("--translator", default="google", show_default=True, help=TRANSLATOR_HELP)
@translator_options
@click.option("--target", default="en", show_default=True, help="Target language.")
@click.option("--source-language", default="sv", show_default=True, help="Language of a plain-text input (an article JSON carries its own).")
@click.option("--no-cache", is_flag=True, help="Send every text to the translator, ignoring the translation cache.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"), show_default=True, help="Folder holding translation-cache.sqlite.")
def translate(source, translator, translator_url, translator_model, target, source_language, no_cache, out_dir) -> None:
    """Translate a text, or an article JSON written by `pipeline run`, on its own.

    A plain text prints its translation; an article JSON prints the article
    with `translation` and each role's `title_en` filled in. The outcome
    (ok, partial, failed, skipped, and how many chunks came from the cache)
    goes to stderr; exit code 1 when failed, 2 when the translator cannot
    work (unknown, no URL, no key, no usable model).

    \b
    Examples:
      echo "Kommunen bygger en ny skola i Fittja." | pipeline translate -
      pipeline translate outputs/articles/<id>.json --translator libre,google --translator-url http://localhost:5000
      pipeline translate notes.txt --translator local --translator-model ~/models/opus-mt-sv-en
    """
    import json

    from pipeline.translate import Translator, translate_article_json

    settings = checked_translation(Settings(out_dir=out_dir, translators=_translators(translator), translator_url=translator_url,
                                            translator_model=translator_model, target=target, use_cache=not no_cache))
    translator_ = Translator(settings)
    text = source.read()
    try:
        article = json.loads(text)
    except json.JSONDecodeError:
        article = None
    if isinstance(article, dict) and "text" in article:
        article, outcome = translate_article_json(article, translator_)
        click.echo(json.dumps(article, ensure_ascii=False, indent=2))
    else:
        outcome = translator_.translate_text(text, source=source_language)
        if outcome.text is not None:
            click.echo(outcome.text, nl=not outcome.text.endswith("\n"))
    cached = f"; {outcome.cached_chunks} chunks from the cache" if outcome.cached_chunks else ""
    click.echo(f"translation {outcome.status} ({outcome.backend}{cached}){': ' + outcome.error if outcome.error else ''}", err=True)
    sys.exit(1 if outcome.status == "failed" else 0)


@cli.group(name="eval")
def evaluate() -> None:
    """Accuracy figures on held-out data (what `make eval` prints).

    \b
    Examples:
      pipeline eval html
      pipeline eval all
    """


@evaluate.command(name="html")
@click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, help="The shared corpora (default: ../shared/corpora or $DATA_DIR).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N benchmark pages.")
@click.option("--pages", "pages_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="A set of NAME.html pages with NAME.json expectations (default: the Swedish set, tests/fixtures/html-sv).")
@click.option("--details", is_flag=True, help="List every check each system failed on the Swedish set, page by page.")
def eval_html(data_dir, limit, pages_dir, details) -> None:
    """HTML cleaning against trafilatura's default and precision modes, on two page sets.

    The Swedish set (municipal, agency, news, sports and debate pages with what
    should come out of each): word F1, leads kept, listed site furniture kept,
    title, date, section and authors right, pages without an article refused.
    The article-extraction benchmark (181 pages): mean token F1.

    \b
    Examples:
      pipeline eval html
      pipeline eval html --details --limit 20
    """
    from pipeline.evaluation import html

    swedish_set = pages_dir or html.SWEDISH_SET
    if html.swedish_pages(swedish_set):
        click.echo(f"== Swedish set ({swedish_set})")
        for line in html.swedish_report(html.evaluate_swedish(swedish_set), details):
            click.echo(line)
    else:
        click.echo(f"== Swedish set: no NAME.html + NAME.json pages at {swedish_set} (give --pages DIR)")
    folder = (data_dir or SHARED_CORPORA) / "html" / "article-extraction-benchmark"
    if not folder.is_dir():
        click.echo(f"== article-extraction benchmark: not found at {folder} (set --data-dir or DATA_DIR)")
        return
    total = min(limit or len(list((folder / "html").glob("*.html.gz"))), len(list((folder / "html").glob("*.html.gz"))))
    with click.progressbar(length=total, label="benchmark pages", file=sys.stderr) as bar:
        results = html.evaluate_benchmark(folder, limit, on_page=lambda: bar.update(1))
    click.echo(f"== article-extraction benchmark ({total} pages)")
    for line in html.benchmark_report(results):
        click.echo(line)


@evaluate.command("roles")
@click.option("--data", "data", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Gold sentences in the roles-dev.jsonl format (default: roles/roles-dev.jsonl in the shared corpora).")
@click.option("--lines", "lines", default=None, metavar="FIRST-LAST",
              help="Score only these lines of the file (1-based, inclusive), e.g. 52-101.")
@click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, help="The shared corpora (default: ../shared/corpora or $DATA_DIR).")
@click.option("--by-rule", is_flag=True,
              help="Per construction (pipeline/data/roles/constructions.jsonl): how often it fired and its precision, "
              "on the development sets (roles-dev lines 1-51 and tests/fixtures/roles-*.jsonl) or on --data.")
def eval_roles(data, lines, data_dir, by_rule) -> None:
    """Score role assertions: (person, title), (person, title, organisation), party; strict and lenient.

    Without --data, scores the whole of roles-dev.jsonl, then its development half
    (lines 1-51, read while writing the rules) and its held-out half (lines 52-101,
    never read: the figure that says how the rules do on unseen text).

    \b
    Examples:
      pipeline eval roles
      pipeline eval roles --data ../shared/corpora/roles/roles-dev.jsonl --lines 52-101
      PIPELINE_MODEL=/path/to/sv_news pipeline eval roles
      pipeline eval roles --by-rule
    """
    from pipeline.config import SHARED_CORPORA
    from pipeline.evaluation import roles

    if lines is not None:
        first, _, last = lines.partition("-")
        if not (first.isdigit() and last.isdigit() and 0 < int(first) <= int(last)):
            raise click.BadParameter("expected FIRST-LAST, e.g. 52-101", param_hint="--lines")
        parts = [(f"lines {lines}", (int(first), int(last)))]
    elif data is None:
        parts = [("whole file", None)] + [
            (f"{half} half, lines {first}-{last}", (first, last))
            for half, (first, last) in (("development", roles.DEVELOPMENT_LINES), ("held-out", roles.HELD_OUT_LINES))
        ]
    else:
        parts = [("whole file", None)]
    if by_rule:
        sets = [(data, parts[0][1])] if data else roles.development_sets((data_dir or SHARED_CORPORA) / "roles" / "roles-dev.jsonl")
        click.echo("sets: " + ", ".join(f"{path.name}" + (f" lines {part[0]}-{part[1]}" if part else "") for path, part in sets))
        for line in roles.rule_lines(roles.evaluate_by_rule(sets, roles.extract_tagged_with_model)):
            click.echo(line)
        return
    data = data or (data_dir or SHARED_CORPORA) / "roles" / "roles-dev.jsonl"
    scores = roles.evaluate_parts(data, roles.extract_with_model, [part for _, part in parts])
    for (title, _), part_scores in zip(parts, scores):
        if len(parts) > 1:
            click.echo(f"-- {title}")
        for line in part_scores.lines():
            click.echo(line)


@evaluate.command("translation")
@click.option("--backend", default=None, help="Translate FLORES dev sv with this backend (or fallback list) and score it.")
@click.option("--hypothesis", "hypotheses", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Score a recorded output file instead (repeatable).")
@click.option("--recorded", is_flag=True, help="Score every recorded system output in the FLORES folder.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True, help="Segments to translate with --backend.")
@click.option("--names", is_flag=True, help="With --backend: count the names that come back as written, sent as placeholders and in clear.")
@translator_options
@click.option("--no-cache", is_flag=True, help="Send every segment to the backend, ignoring the translation cache.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"), show_default=True, help="Folder holding translation-cache.sqlite.")
@click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, help="Shared corpora folder (default: $DATA_DIR or ../shared/corpora).")
def eval_translation(backend, hypotheses, recorded, limit, names, translator_url, translator_model, no_cache, out_dir, data_dir) -> None:
    """chrF2 and BLEU (sacrebleu defaults) on FLORES-101 dev sv->en.

    \b
    Examples:
      pipeline eval translation --recorded              # reproduces google 73.6 / 50.8, ...
      pipeline eval translation --hypothesis my-system.en
      pipeline eval translation --backend google --limit 50
      pipeline eval translation --backend libre --translator-url http://localhost:5000
      pipeline eval translation --backend local --translator-model translate-sv_en.argosmodel --limit 200
      pipeline eval translation --backend local --names --limit 300
    """
    from pipeline.evaluation import translation as evaluation

    data_dir = data_dir or SHARED_CORPORA
    files = [*hypotheses, *(evaluation.recorded_systems(data_dir) if recorded else [])]
    if not files and not backend:
        raise click.UsageError("give --backend, --hypothesis FILE or --recorded")
    for path in files:
        click.echo(evaluation.score_hypothesis_file(path, data_dir).line())
    if backend:
        settings = checked_translation(Settings(out_dir=out_dir, translators=_translators(backend), translator_url=translator_url,
                                                translator_model=translator_model, use_cache=not no_cache))
        click.echo(evaluation.evaluate_backend(settings, limit, data_dir).line())
        if names:
            click.echo(evaluation.name_survival(settings, limit, data_dir).line())


@evaluate.command("all")
@click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, help="The shared corpora (default: ../shared/corpora or $DATA_DIR).")
@click.pass_context
def eval_all(ctx, data_dir) -> None:
    """Every accuracy figure: Swedish model, role extraction, HTML extraction, translation scorer.

    \b
    Example:
      pipeline eval all --data-dir ../shared/corpora
    """
    steps = [
        ("Swedish model (NER, POS, LAS, lemmas, speed) on the dev slices", eval_nlp, {"model": None}),
        ("role extraction on roles-dev.jsonl", eval_roles, {"data": None, "lines": None}),
        ("HTML cleaning on the Swedish set and the article-extraction benchmark", eval_html, {"limit": None, "pages_dir": None, "details": False}),
        ("translation scorer on the recorded FLORES systems", eval_translation,
         {"backend": None, "hypotheses": (), "recorded": True, "limit": 100, "names": False, "translator_url": None, "translator_model": None, "no_cache": False, "out_dir": Path("outputs")}),
    ]
    for title, command, arguments in steps:
        click.echo(f"== {title}")
        ctx.invoke(command, data_dir=data_dir, **arguments)


@cli.command()
@click.option("--articles", type=click.IntRange(min=2), default=1000, show_default=True, help="Articles in the benchmark corpus.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True)
@click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, help="The shared corpora (default: ../shared/corpora or $DATA_DIR).")
def bench(articles, batch_size, data_dir) -> None:
    """Measure throughput: the full pipeline against bare nlp.pipe on the same texts.

    Builds a corpus from the NER corpus sentences (300-800 word articles plus
    the sample), runs the pipeline with translation off on 1 and 2 workers and
    on half the corpus, and prints articles/s, words/s, peak memory, time per
    stage, and the line `pipeline/bare ratio: X.XX`.

    \b
    Examples:
      pipeline bench
      pipeline bench --articles 200
    """
    from pipeline.bench import benchmark

    benchmark(articles, batch_size, echo=click.echo, corpora=data_dir or SHARED_CORPORA)


def main() -> None:
    # One BLAS thread per process: --workers decides how many cores a run uses, and a worker
    # whose matrix products spread over every core only fights its siblings for them.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    cli()


# ---------------------------------------------------------------- query / export (pipeline.store)

DEFAULT_INDEX = "outputs/entities.sqlite"


def _usage_error(ctx: click.Context, message: str) -> None:
    """A usage error in one line (no usage block): exit 2."""
    click.echo(f"Error: {message}", err=True)
    ctx.exit(2)


class _DateBound(click.ParamType):
    """--since/--until: YYYY, YYYY-MM or YYYY-MM-DD; anything else stops with one line and exit 2."""

    name = "DATE"

    def convert(self, value, param, ctx):
        try:
            return store.date_bound(value)
        except store.StoreError as error:
            _usage_error(ctx, f"{param.opts[0]}: {error}")


def _since_until(command):
    command = click.option("--until", type=_DateBound(), help="Published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD; inclusive).")(command)
    return click.option("--since", type=_DateBound(), help="Published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")(command)


def _query_options(fuzzy: bool = True, articles: bool = True):
    """--db and --format on every query command; --fuzzy where names are matched; --with-articles where rows have articles."""

    def decorate(command):
        command = click.option(
            "--format", "fmt", type=click.Choice(["table", "json", "csv", "jsonl"], case_sensitive=False), default="table",
            show_default=True, help="Output format.",
        )(command)
        command = click.option(
            "--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_INDEX, show_default=True,
            help="The entity index to read.",
        )(command)
        if fuzzy:
            command = click.option(
                "--fuzzy", is_flag=True, help="Match names and titles case- and diacritic-insensitively.",
            )(command)
        if articles:
            command = click.option(
                "--with-articles", is_flag=True,
                help="Add a `sources` column: each row's articles (date, title, URL or file).",
            )(command)
        return command

    return decorate


def _print_query(db: Path, fmt: str, run) -> None:
    with index_errors(db):
        connection = store.connect_readonly(db)
        try:
            result = run(connection)
        finally:
            connection.close()
    click.echo(store.render(result, fmt.lower()), nl=False)
    for note in result.notes:
        click.echo(note, err=True)


@cli.group()
def query() -> None:
    """Query the entity index (read-only; safe while a run writes).

    Rows about people, organisations and places carry the canonical entity
    (entity_id, entity_name, wikidata) beside the name as written. A name that
    no article mentions is reported on stderr with the nearest known names.

    \b
    Examples:
      pipeline query people --org Botkyrkabyggen --format json
      pipeline query roles --party m --since 2024-01 --with-articles
      pipeline query places --format csv
      pipeline query cooccur Fittja
      pipeline query search skjutning
    """


@query.command()
@click.option("--name", help="Person's name (exact; see --fuzzy).")
@click.option("--org", help="Organisation the role is held at (exact; see --fuzzy).")
@click.option("--role", help="Text within the role title: 'polis' finds 'kommunpolis'.")
@click.option("--party", help="Party abbreviation in any case, e.g. M, s, KD.")
@_since_until
@_query_options()
def people(name, org, role, party, since, until, db, fmt, fuzzy, with_articles) -> None:
    """People with their roles, one row per person and role.

    \b
    Examples:
      pipeline query people --org Botkyrkabyggen --since 2024 --format json
      pipeline query people --party m --with-articles --format csv
    """
    _print_query(db, fmt, lambda c: store.query_people(c, name, org, role, party, since, until, fuzzy, with_articles))


@query.command()
@click.option("--name", help="Organisation name (exact; see --fuzzy).")
@_query_options()
def orgs(name, db, fmt, fuzzy, with_articles) -> None:
    """Organisations by the number of articles that mention them.

    \b
    Example:
      pipeline query orgs --name botkyrkabyggen --fuzzy
    """
    _print_query(db, fmt, lambda c: store.query_orgs(c, name, fuzzy, with_articles))


@query.command()
@click.option("--name", help="Place name (exact; see --fuzzy).")
@_query_options()
def places(name, db, fmt, fuzzy, with_articles) -> None:
    """Places by the number of articles that mention them, with the first and last date.

    \b
    Example:
      pipeline query places --name fittja --fuzzy --with-articles
    """
    _print_query(db, fmt, lambda c: store.query_places(c, name, fuzzy, with_articles))


def _role_filters(person_help: str):
    """The filters `query roles` and `export roles` share."""

    def add(command):
        command = _since_until(command)
        for option in (
            click.option("--party", help="Party abbreviation in any case, e.g. M, s, KD."),
            click.option("--org", help="Organisation the role is held at (exact; see --fuzzy)."),
            click.option("--person", help=person_help),
            click.option("--title", help="Text within the role title: 'polis' finds 'kommunpolis'."),
        ):
            command = option(command)
        return command

    return add


@query.command()
@_role_filters("One person's role history across articles, oldest first, with entity ids: the entity the name "
               "(or any alias, or an entity id) stands for; with it --title matches the title's base form.")
@_query_options()
def roles(title, person, org, party, since, until, db, fmt, fuzzy, with_articles) -> None:
    """Role assertions with the sentence they were read from.

    \b
    Examples:
      pipeline query roles --title polis --format csv
      pipeline query roles --org Botkyrkabyggen --since 2024 --until 2024-06
      pipeline query roles --person "Stina Lundgren"
    """
    from pipeline.entities import index

    filters = store.RoleFilters(title, person, org, party, since, until, fuzzy)
    run = index.query_person_roles if person else store.query_roles
    _print_query(db, fmt, lambda c: run(c, filters, with_articles))


@query.command()
@click.argument("name")
@click.option("--entities", "by_entity", is_flag=True,
              help="Match NAME as an entity (any alias: 'BRÅ', 'polisens') and list entities with ids and Wikidata ids.")
@_query_options()
def cooccur(name, by_entity, db, fmt, fuzzy, with_articles) -> None:
    """People, organisations and places that share articles with NAME, most shared first.

    \b
    Examples:
      pipeline query cooccur Fittja
      pipeline query cooccur BRÅ --entities
    """
    from pipeline.entities import index

    if by_entity:
        if with_articles:
            raise click.UsageError("--with-articles lists the articles of names; it does not combine with --entities")
        _print_query(db, fmt, lambda c: index.query_entity_cooccur(c, name, fuzzy))
    else:
        _print_query(db, fmt, lambda c: store.query_cooccur(c, name, fuzzy, with_articles))


@query.command()
@click.option("--name", help="A name as written, any alias ('BRÅ', 'polisens', 'Lundgren') or an entity id.")
@click.option("--kind", type=click.Choice(["person", "organisation", "place"]), help="Only entities of this kind.")
@_query_options(articles=False)
def entities(name, kind, db, fmt, fuzzy) -> None:
    """Canonical entities: id, name, Wikidata id, counts and the other names they go by.

    \b
    Examples:
      pipeline query entities --kind organisation
      pipeline query entities --name BRÅ
    """
    from pipeline.entities import index

    _print_query(db, fmt, lambda c: index.query_entities(c, name, kind, fuzzy))


@query.command()
@click.argument("name")
@_query_options(articles=False)
def merges(name, db, fmt, fuzzy) -> None:
    """Why names are one entity: each alias of NAME's entity with the rule that tied it.

    \b
    Example:
      pipeline query merges Polismyndigheten
    """
    from pipeline.entities import index

    _print_query(db, fmt, lambda c: index.query_merges(c, name, fuzzy))


@query.command()
@click.argument("text")
@click.option("--limit", default=20, show_default=True, help="Most results to show.")
@_query_options(fuzzy=False, articles=False)
def search(text, limit, db, fmt) -> None:
    """Full-text search over titles and texts, Swedish and translated (FTS5 syntax).

    Words are matched on their Swedish Snowball stem, ignoring case and
    diacritics: 'skjutning' finds 'skjutningar', 'osterling' finds 'Österling'.
    "phrases", OR, NOT, NEAR() and prefix* work; a prefix matches the start of
    a stem, so write its shortest form (skjutn*).

    \b
    Example:
      pipeline query search "trygghet OR otrygghet"
    """
    _print_query(db, fmt, lambda c: store.query_search(c, text, limit))


@query.command()
@click.argument("statement")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=store.SQL_TIME_LIMIT_S, show_default=True, metavar="SECONDS", help="Stop a statement still running after this long.")
@_query_options(fuzzy=False, articles=False)
def sql(statement, timeout, db, fmt) -> None:
    """Run one read-only SQL statement; writes are refused, and a statement running past --timeout is stopped.

    \b
    Example:
      pipeline query sql "SELECT name, article_count FROM places ORDER BY 2 DESC LIMIT 5"
    """
    _print_query(db, fmt, lambda c: store.query_sql(c, statement, timeout))


@cli.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_INDEX, show_default=True,
              help="The entity index to browse.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback makes the index reachable from other machines.")
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True, help="Port to listen on.")
def serve(db, host, port) -> None:
    """Browse the entity index in Datasette, read-only.

    Tables and columns are described, facets set (label, party, organisation,
    date), full-text search on the article texts, canned queries for people by
    organisation, roles by title, co-occurrence and role histories, and a
    dashboard of an entity's mentions over time and strongest co-occurrences
    (/-/dashboards/entity). Datasette reads through read-only connections:
    no request can change the index, and a running batch's new articles show.
    A write attempt is refused: 405 for POST, PUT, PATCH or DELETE, 403 for
    SQL that is not one read (INSERT, DROP, ATTACH, ...).

    \b
    Examples:
      pipeline serve
      pipeline serve --db results/entities.sqlite --port 8080
    """
    from pipeline.serve import serve as run_server

    with index_errors(db):
        code = run_server(db, host, port)
    sys.exit(code)


class _TablesByDefault(click.Group):
    """`pipeline export OUT_DIR` still means `pipeline export tables OUT_DIR`."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["tables", *args]
        return super().parse_args(ctx, args)


@cli.group(cls=_TablesByDefault)
def export() -> None:
    """Write the entity index to files: every table, or the sheet of roles.

    \b
    Examples:
      pipeline export tables --format parquet exports/    # also: pipeline export exports/
      pipeline export roles roles.xlsx --excel
      pipeline export roles roles.csv --bom --org "Botkyrka kommun"
    """


_DB_OPTION = click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_INDEX,
                          show_default=True, help="The entity index to export.")
_BOM_OPTION = click.option("--bom", is_flag=True, help="Start each CSV with a UTF-8 byte-order mark, so Excel reads å, ä, ö.")


@export.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"], case_sensitive=False), default="csv",
              show_default=True, help="File format, one file per table.")
@_BOM_OPTION
@_DB_OPTION
def tables(out_dir, fmt, bom, db) -> None:
    """Write every table of the entity index to OUT_DIR, one file per table.

    \b
    Example:
      pipeline export tables --format parquet exports/
    """
    with index_errors(db):
        for path in store.export_index(db, out_dir, fmt.lower(), bom):
            click.echo(str(path))


@export.command(name="roles")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--excel", is_flag=True, help="Write an Excel workbook (OUT must end in .xlsx) instead of CSV.")
@_BOM_OPTION
@_role_filters("Person's name (exact; see --fuzzy).")
@click.option("--fuzzy", is_flag=True, help="Match names and titles case- and diacritic-insensitively.")
@_DB_OPTION
@click.pass_context
def export_roles(ctx, out, excel, bom, title, person, org, party, since, until, fuzzy, db) -> None:
    """The analyst's sheet: one row per role assertion, written to OUT.

    Columns: person, entity_id, entity_name, wikidata (the person's
    canonical entity), title (as written), title_base (base form, from the
    model's lemma or the role lexicon), title_en, organisation,
    organisation_id, party, party_id, article_title, published, source (URL,
    else file), evidence (the sentence), article (id).

    \b
    Examples:
      pipeline export roles roles.xlsx --excel
      pipeline export roles roles.csv --bom --since 2024
    """
    if excel and out.suffix.lower() != ".xlsx":
        _usage_error(ctx, f"--excel writes an Excel workbook: name the file {out.with_suffix('.xlsx').name}, not {out.name}")
    with index_errors(db):
        connection = store.connect_readonly(db)
        try:
            sheet = store.role_sheet(connection, store.RoleFilters(title, person, org, party, since, until, fuzzy))
        finally:
            connection.close()
        store.write_sheet(sheet, out, excel, bom)
    for note in sheet.notes:
        click.echo(note, err=True)
    click.echo(f"{len(sheet.rows)} role assertions -> {out}", err=True)


@evaluate.command("nlp")
@click.option("--model", type=click.Path(exists=True, path_type=Path), default=None, help="Model directory (default: the shipped one).")
@click.option("--data-dir", type=click.Path(exists=True, path_type=Path), default=None, help="Shared corpora (default: $DATA_DIR).")
def eval_nlp(model: Path | None, data_dir: Path | None) -> None:
    """NER P/R/F (overall, per label) on each corpus's dev slice (klintan, UNER Talbanken, NorNE-sv) and on
    the sentences written for this project, POS, LAS, lemma accuracy, words/s, size, load time, the sample article.

    \b
    Example:
      pipeline eval nlp --data-dir ../shared/corpora
    """
    from pipeline.evaluation.nlp import evaluate_model, format_report

    click.echo(format_report(evaluate_model(model or model_path(), data_dir or SHARED_CORPORA)))


@evaluate.command("ner")
@click.option("--data", required=True, type=click.Path(exists=True, path_type=Path), help="IO/IOB/CoNLL token-per-line file or .spacy file.")
@click.option("--model", type=click.Path(exists=True, path_type=Path), default=None, help="Model directory (default: the shipped one).")
def eval_ner(data: Path, model: Path | None) -> None:
    """Entity precision, recall and F1, overall and per label, on a gold file.

    \b
    Example:
      pipeline eval ner --data ../shared/corpora/ner/klintan/train_corpus.txt
    """
    from pipeline.evaluation.nlp import evaluate_ner_file, format_ner

    click.echo("\n".join(format_ner(evaluate_ner_file(model or model_path(), data))))
