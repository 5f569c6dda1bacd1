"""Command-line entry point. Wiring only: every command calls into a stage module."""

from __future__ import annotations

import click

from pipeline import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pipeline")
def cli() -> None:
    """Turn news pages into structured, queryable, translated data.

    \b
    Examples:
      pipeline run corpora/ --out outputs/
      pipeline query people --org Botkyrkabyggen
    """


def main() -> None:
    cli()
