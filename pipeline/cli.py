"""Command-line entry point. Wiring only: every command calls into a stage module."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from pipeline import __version__, store
from pipeline.config import Settings, model_path

EXAMPLES = "\b\nExamples:\n"


def configure_logging(quiet: bool) -> None:
    logging.basicConfig(
        level=logging.ERROR if quiet else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("distributed").setLevel(logging.WARNING)


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
@click.option("--translator", default="none", show_default=True, help="Backend name, an ordered fallback list (libre,google), or 'none'.")
@click.option("--translator-url", default=None, help="Base URL of a self-hosted LibreTranslate (for --translator libre).")
@click.option("--target", default="en", show_default=True, help="Target language of the translation.")
@click.option("--no-cache", is_flag=True, help="Send every text to the translator, ignoring the translation cache.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="local: this machine (a process pool when --workers > 1); dask: a dask.distributed cluster.")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786); without it --executor dask starts a LocalCluster of --workers processes.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True, help="Articles per batch handed to a worker.")
@click.option("--force", is_flag=True, help="Reprocess articles even when their source and the pipeline are unchanged.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=Settings.max_input_bytes, show_default=True, help="Largest input file (or JSONL record) accepted.")
@click.option("--model", type=click.Path(path_type=Path), default=None, help="Swedish spaCy pipeline to use (default: the shipped one).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no log lines; errors still go to errors.jsonl.")
def run(inputs, out_dir, translator, translator_url, target, no_cache, workers, executor, scheduler, batch_size, force, max_bytes, model, quiet) -> None:
    """Process articles into structured JSON.

    INPUT is a file (.txt, .html/.htm, .json, .jsonl), a folder (walked
    recursively), or - for standard input; the default is corpora/. A JSONL
    line is one article: `text` or `html` required; `id`, `title`, `url`,
    `published` optional.

    Writes OUT/articles/<id>.json, OUT/articles.jsonl, OUT/errors.jsonl and
    OUT/run.json. Unchanged articles are skipped on reruns. Exit code: 0 when
    every input succeeded, 1 when some failed (see errors.jsonl), 2 for usage
    errors.

    \b
    Examples:
      pipeline run
      pipeline run corpora/ news.jsonl --out outputs/ --workers 2
      pipeline run big.jsonl --executor dask --scheduler tcp://10.0.0.5:8786
      cat page.html | pipeline run - --out outputs/
    """
    from pipeline.batch import run as run_batch

    configure_logging(quiet)
    settings = Settings(
        out_dir=out_dir,
        model=model or model_path(),
        translators=tuple(name.strip() for name in translator.split(",") if name.strip()),
        translator_url=translator_url,
        target=target,
        use_cache=not no_cache,
        workers=workers,
        executor=executor,
        scheduler=scheduler,
        batch_size=batch_size,
        force=force,
        quiet=quiet,
        max_input_bytes=max_bytes,
    )
    summary = run_batch(list(inputs) or ["corpora"], settings)
    click.echo(summary.line(), err=True)
    sys.exit(summary.exit_code)


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
    from pipeline.config import SHARED_CORPORA

    benchmark(articles, batch_size, echo=click.echo, corpora=data_dir or SHARED_CORPORA)


def main() -> None:
    cli()


# ---------------------------------------------------------------- query / export (pipeline.store)

DEFAULT_INDEX = "outputs/entities.sqlite"


def _query_options(fuzzy: bool = True):
    """--db and --format on every query command; --fuzzy where names are matched."""

    def decorate(command):
        command = click.option(
            "--format", "fmt", type=click.Choice(["table", "json", "csv", "jsonl"]), default="table",
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
        return command

    return decorate


def _print_query(db: Path, fmt: str, run) -> None:
    try:
        connection = store.connect_readonly(db)
        try:
            click.echo(store.render(run(connection), fmt), nl=False)
        finally:
            connection.close()
    except store.StoreError as error:
        raise click.ClickException(str(error)) from None


@cli.group()
def query() -> None:
    """Query the entity index (read-only; safe while a run writes).

    \b
    Examples:
      pipeline query people --org Botkyrkabyggen --format json
      pipeline query roles --title polis
      pipeline query cooccur Fittja
    """


@query.command()
@click.option("--name", help="Person's name (exact; see --fuzzy).")
@click.option("--org", help="Organisation the role is held at (exact; see --fuzzy).")
@click.option("--role", help="Text within the role title: 'polis' finds 'kommunpolis'.")
@click.option("--party", help="Party abbreviation, e.g. M, S, KD.")
@click.option("--since", help="Published on or after this ISO date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Published on or before this ISO date (YYYY, YYYY-MM or YYYY-MM-DD).")
@_query_options()
def people(name, org, role, party, since, until, db, fmt, fuzzy) -> None:
    """People with their roles, one row per person and role.

    \b
    Example:
      pipeline query people --org Botkyrkabyggen --since 2024 --format json
    """
    _print_query(db, fmt, lambda c: store.query_people(c, name, org, role, party, since, until, fuzzy))


@query.command()
@click.option("--name", help="Organisation name (exact; see --fuzzy).")
@_query_options()
def orgs(name, db, fmt, fuzzy) -> None:
    """Organisations by the number of articles that mention them.

    \b
    Example:
      pipeline query orgs --name botkyrkabyggen --fuzzy
    """
    _print_query(db, fmt, lambda c: store.query_orgs(c, name, fuzzy))


@query.command()
@click.option("--title", help="Text within the role title: 'polis' finds 'kommunpolis'.")
@_query_options()
def roles(title, db, fmt, fuzzy) -> None:
    """Role assertions with the sentence they were read from.

    \b
    Example:
      pipeline query roles --title polis --format csv
    """
    _print_query(db, fmt, lambda c: store.query_roles(c, title, fuzzy))


@query.command()
@click.argument("name")
@_query_options()
def cooccur(name, db, fmt, fuzzy) -> None:
    """People, organisations and places that share articles with NAME, most shared first.

    \b
    Example:
      pipeline query cooccur Fittja
    """
    _print_query(db, fmt, lambda c: store.query_cooccur(c, name, fuzzy))


@query.command()
@click.argument("text")
@click.option("--limit", default=20, show_default=True, help="Most results to show.")
@_query_options(fuzzy=False)
def search(text, limit, db, fmt) -> None:
    """Full-text search over titles and texts, Swedish and translated (FTS5 syntax).

    \b
    Example:
      pipeline query search "trygghet OR otrygghet"
    """
    _print_query(db, fmt, lambda c: store.query_search(c, text, limit))


@query.command()
@click.argument("statement")
@_query_options(fuzzy=False)
def sql(statement, db, fmt) -> None:
    """Run one read-only SQL statement; writes are refused.

    \b
    Example:
      pipeline query sql "SELECT name, article_count FROM places ORDER BY 2 DESC LIMIT 5"
    """
    _print_query(db, fmt, lambda c: store.query_sql(c, statement))


@cli.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), default="csv", show_default=True,
              help="File format, one file per table.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_INDEX, show_default=True,
              help="The entity index to export.")
def export(out_dir, fmt, db) -> None:
    """Write every table of the entity index to OUT_DIR, one file per table.

    \b
    Example:
      pipeline export --format parquet exports/
    """
    try:
        for path in store.export_index(db, out_dir, fmt):
            click.echo(str(path))
    except store.StoreError as error:
        raise click.ClickException(str(error)) from None
