"""Command-line entry point. Wiring only: every command calls into a stage module."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.config import Settings, model_path

EXAMPLES = "\b\nExamples:\n"


def configure_logging(quiet: bool) -> None:
    logging.basicConfig(
        level=logging.ERROR if quiet else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


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
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True, help="Articles per batch handed to a worker.")
@click.option("--force", is_flag=True, help="Reprocess articles even when their source and the pipeline are unchanged.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=Settings.max_input_bytes, show_default=True, help="Largest input file (or JSONL record) accepted.")
@click.option("--model", type=click.Path(path_type=Path), default=None, help="Swedish spaCy pipeline to use (default: the shipped one).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no log lines; errors still go to errors.jsonl.")
def run(inputs, out_dir, translator, translator_url, target, no_cache, workers, batch_size, force, max_bytes, model, quiet) -> None:
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
        batch_size=batch_size,
        force=force,
        quiet=quiet,
        max_input_bytes=max_bytes,
    )
    summary = run_batch(list(inputs) or ["corpora"], settings)
    click.echo(summary.line(), err=True)
    sys.exit(summary.exit_code)


@cli.group("eval")
def eval_group() -> None:
    """Accuracy figures against the shared gold data.

    \b
    Example:
      pipeline eval roles --data ../shared/corpora/roles/roles-dev.jsonl
    """


@eval_group.command("roles")
@click.option("--data", "data", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="Gold sentences in the roles-dev.jsonl format.")
def eval_roles(data: Path) -> None:
    """Score role assertions: (person, title), (person, title, organisation), party; strict and lenient.

    \b
    Example:
      PIPELINE_MODEL=pipeline/models/sv_news pipeline eval roles --data ../shared/corpora/roles/roles-dev.jsonl
    """
    from pipeline.evaluation import roles

    for line in roles.evaluate(data, roles.extract_with_model).lines():
        click.echo(line)


def main() -> None:
    cli()
