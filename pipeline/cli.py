"""Command-line entry point. Wiring only: every command calls into a stage module."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import __version__, store


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
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), default="csv", show_default=True)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_INDEX, show_default=True)
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
