"""Command-line entry point. Wiring only: every command calls into a stage module."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import __version__
from pipeline.config import SHARED_CORPORA, model_path


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


@cli.group("eval")
def eval_group() -> None:
    """Accuracy figures on the dev slices carved from the shared corpora.

    \b
    Example:
      pipeline eval nlp --data-dir ../shared/corpora
    """


@eval_group.command("nlp")
@click.option("--model", type=click.Path(exists=True, path_type=Path), default=None, help="Model directory (default: the shipped one).")
@click.option("--data-dir", type=click.Path(exists=True, path_type=Path), default=None, help="Shared corpora (default: $DATA_DIR).")
def eval_nlp(model: Path | None, data_dir: Path | None) -> None:
    """NER P/R/F (overall, per label), POS, LAS, lemma accuracy, words/s, size, load time and the sample article.

    \b
    Example:
      pipeline eval nlp --data-dir ../shared/corpora
    """
    from pipeline.evaluation.nlp import evaluate_model, format_report

    click.echo(format_report(evaluate_model(model or model_path(), data_dir or SHARED_CORPORA)))


@eval_group.command("ner")
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
