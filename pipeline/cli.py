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
@click.option("--urls", "urls_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="File of URLs to fetch, one per line (# comments allowed).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Skip sitemap and feed entries dated before this day (YYYY-MM-DD).")
@click.option("--offline", is_flag=True, help="Take URL inputs only from the page cache (OUT/page-cache); no network.")
@click.option("--allow-private", is_flag=True, help="Allow URLs whose host resolves to a loopback, private, link-local or reserved address.")
@click.option("--rate", "rate_per_host", type=click.FloatRange(min=0, min_open=True), default=Settings.rate_per_host, show_default=True, help="Requests per second to any one host (robots.txt Crawl-delay can slow it further).")
@click.option("--user-agent-contact", default=None, metavar="EMAIL|URL", help="Contact put in the User-Agent so site owners can reach you.")
def run(inputs, out_dir, translator, translator_url, target, no_cache, workers, executor, scheduler, batch_size, force, max_bytes, model, quiet, urls_file, since, offline, allow_private, rate_per_host, user_agent_contact) -> None:
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
      pipeline run https://www.botkyrka.se/sitemap.xml --since 2024-01-01 --user-agent-contact me@example.org
      pipeline run --urls urls.txt --rate 0.5 --out outputs/
    """
    from pipeline.batch import run as run_batch
    from pipeline.fetch import read_url_list

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
        offline=offline,
        allow_private=allow_private,
        rate_per_host=rate_per_host,
        user_agent_contact=user_agent_contact,
        since=since.date() if since else None,
    )
    listed = read_url_list(urls_file) if urls_file else []
    summary = run_batch([*inputs, *listed] or ["corpora"], settings)
    click.echo(summary.line(), err=True)
    sys.exit(summary.exit_code)


def main() -> None:
    cli()
