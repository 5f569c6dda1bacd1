"""Command-line entry point. Wiring only: every command calls into a stage module."""

from __future__ import annotations

from pathlib import Path

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
