"""Command-line entry point. Wiring only: every command calls into a stage module."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from pipeline import __version__, store
from pipeline.config import SHARED_CORPORA, Settings, model_path



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
@click.option("--translator", default="google", show_default=True, envvar="PIPELINE_TRANSLATOR", help="Backend (google, microsoft, deepl, mymemory, libre), an ordered fallback list (libre,google), or 'none'. Env: PIPELINE_TRANSLATOR.")
@click.option("--translator-url", default=None, help="Base URL of a self-hosted LibreTranslate (for --translator libre).")
@click.option("--target", default="en", show_default=True, help="Target language of the translation.")
@click.option("--no-cache", is_flag=True, help="Send every text to the translator, ignoring the translation cache.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="local: this machine (a process pool when --workers > 1); dask: a dask.distributed cluster.")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786); without it --executor dask starts a LocalCluster of --workers processes.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True, help="Articles per batch handed to a worker.")
@click.option("--force", is_flag=True, help="Reprocess articles even when their source and the pipeline are unchanged.")
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
def run(inputs, out_dir, translator, translator_url, target, no_cache, workers, executor, scheduler, batch_size, force, prune, max_bytes, model, quiet, urls_file, since, offline, allow_private, rate_per_host, user_agent_contact) -> None:
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
        translators=_translators(translator),
        translator_url=translator_url,
        target=target,
        use_cache=not no_cache,
        workers=workers,
        executor=executor,
        scheduler=scheduler,
        batch_size=batch_size,
        force=force,
        prune=prune,
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


def _translators(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


@cli.command()
@click.argument("source", type=click.File("r", encoding="utf-8"), metavar="FILE|-")
@click.option("--translator", default="google", show_default=True, help="Backend name, an ordered fallback list (libre,google), or 'none'.")
@click.option("--translator-url", default=None, help="Base URL of a self-hosted LibreTranslate (for --translator libre).")
@click.option("--target", default="en", show_default=True, help="Target language.")
@click.option("--source-language", default="sv", show_default=True, help="Language of a plain-text input (an article JSON carries its own).")
@click.option("--no-cache", is_flag=True, help="Send every text to the translator, ignoring the translation cache.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"), show_default=True, help="Folder holding translation-cache.sqlite.")
def translate(source, translator, translator_url, target, source_language, no_cache, out_dir) -> None:
    """Translate a text, or an article JSON written by `pipeline run`, on its own.

    A plain text prints its translation; an article JSON prints the article
    with `translation` and each role's `title_en` filled in. The outcome
    (ok, partial, failed, skipped) goes to stderr; exit code 1 when failed.

    \b
    Examples:
      echo "Kommunen bygger en ny skola i Fittja." | pipeline translate -
      pipeline translate outputs/articles/<id>.json --translator libre,google --translator-url http://localhost:5000
    """
    import json

    from pipeline.translate import Translator, translate_article_json

    settings = Settings(out_dir=out_dir, translators=_translators(translator), translator_url=translator_url, target=target, use_cache=not no_cache)
    translator_ = Translator(settings)
    text = source.read()
    try:
        article = json.loads(text)
    except json.JSONDecodeError:
        article = None
    if isinstance(article, dict) and "text" in article:
        article = translate_article_json(article, translator_)
        click.echo(json.dumps(article, ensure_ascii=False, indent=2))
        outcome = article["translation"]
    else:
        result = translator_.translate_text(text, source=source_language)
        if result.text is not None:
            click.echo(result.text, nl=not result.text.endswith("\n"))
        outcome = {"status": result.status, "backend": result.backend, "error": result.error}
    click.echo(f"translation {outcome['status']} ({outcome['backend']}){': ' + outcome['error'] if outcome['error'] else ''}", err=True)
    sys.exit(1 if outcome["status"] == "failed" else 0)


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
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N pages.")
def eval_html(data_dir, limit) -> None:
    """Token F1 of HTML extraction on the article-extraction benchmark, both trafilatura modes.

    \b
    Examples:
      pipeline eval html --limit 20
    """
    from pipeline.evaluation.html import evaluate as evaluate_html

    folder = (data_dir or SHARED_CORPORA) / "html" / "article-extraction-benchmark"
    for label, precision in (("favor_precision (used)", True), ("default", False)):
        figures = evaluate_html(folder, limit, favor_precision=precision)
        click.echo(f"html extraction, {label}: mean token F1 {figures['mean_token_f1']:.4f} on {figures['pages']} pages, {figures['pages_below_0.9']} below 0.9")


@evaluate.command("roles")
@click.option("--data", "data", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Gold sentences in the roles-dev.jsonl format (default: roles/roles-dev.jsonl in the shared corpora).")
@click.option("--lines", "lines", default=None, metavar="FIRST-LAST",
              help="Score only these lines of the file (1-based, inclusive), e.g. 52-101.")
@click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, help="The shared corpora (default: ../shared/corpora or $DATA_DIR).")
def eval_roles(data, lines, data_dir) -> None:
    """Score role assertions: (person, title), (person, title, organisation), party; strict and lenient.

    Without --data, scores the whole of roles-dev.jsonl, then its development half
    (lines 1-51, read while writing the rules) and its held-out half (lines 52-101,
    never read: the figure that says how the rules do on unseen text).

    \b
    Examples:
      pipeline eval roles
      pipeline eval roles --data ../shared/corpora/roles/roles-dev.jsonl --lines 52-101
      PIPELINE_MODEL=/path/to/sv_news pipeline eval roles
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
@click.option("--translator-url", default=None, help="Base URL of a self-hosted LibreTranslate (for --backend libre).")
@click.option("--no-cache", is_flag=True, help="Send every segment to the backend, ignoring the translation cache.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"), show_default=True, help="Folder holding translation-cache.sqlite.")
@click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, help="Shared corpora folder (default: $DATA_DIR or ../shared/corpora).")
def eval_translation(backend, hypotheses, recorded, limit, translator_url, no_cache, out_dir, data_dir) -> None:
    """chrF2 and BLEU (sacrebleu defaults) on FLORES-101 dev sv->en.

    \b
    Examples:
      pipeline eval translation --recorded              # reproduces google 73.6 / 50.8, ...
      pipeline eval translation --hypothesis my-system.en
      pipeline eval translation --backend google --limit 50
      pipeline eval translation --backend libre --translator-url http://localhost:5000
    """
    from pipeline.evaluation import translation as evaluation

    data_dir = data_dir or SHARED_CORPORA
    files = [*hypotheses, *(evaluation.recorded_systems(data_dir) if recorded else [])]
    if not files and not backend:
        raise click.UsageError("give --backend, --hypothesis FILE or --recorded")
    for path in files:
        click.echo(evaluation.score_hypothesis_file(path, data_dir).line())
    if backend:
        settings = Settings(out_dir=out_dir, translators=_translators(backend), translator_url=translator_url, use_cache=not no_cache)
        click.echo(evaluation.evaluate_backend(settings, limit, data_dir).line())


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
        ("HTML extraction on the article-extraction benchmark", eval_html, {"limit": None}),
        ("translation scorer on the recorded FLORES systems", eval_translation,
         {"backend": None, "hypotheses": (), "recorded": True, "limit": 100, "translator_url": None, "no_cache": False, "out_dir": Path("outputs")}),
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
@click.option("--person", help="One person's role history across articles, oldest first: the entity NAME (or any "
                               "alias, or an entity id) stands for, titles with their base form.")
@_query_options()
def roles(title, person, db, fmt, fuzzy) -> None:
    """Role assertions with the sentence they were read from.

    \b
    Examples:
      pipeline query roles --title polis --format csv
      pipeline query roles --person "Stina Lundgren"
    """
    from pipeline.entities import index

    if person:
        _print_query(db, fmt, lambda c: index.query_role_history(c, person, fuzzy, title))
    else:
        _print_query(db, fmt, lambda c: store.query_roles(c, title, fuzzy))


@query.command()
@click.argument("name")
@click.option("--entities", "by_entity", is_flag=True,
              help="Match NAME as an entity (any alias: 'BRÅ', 'polisens') and list entities with ids and Wikidata ids.")
@_query_options()
def cooccur(name, by_entity, db, fmt, fuzzy) -> None:
    """People, organisations and places that share articles with NAME, most shared first.

    \b
    Examples:
      pipeline query cooccur Fittja
      pipeline query cooccur BRÅ --entities
    """
    from pipeline.entities import index

    run = index.query_entity_cooccur if by_entity else store.query_cooccur
    _print_query(db, fmt, lambda c: run(c, name, fuzzy))


@query.command()
@click.option("--name", help="A name as written, any alias ('BRÅ', 'polisens', 'Lundgren') or an entity id.")
@click.option("--kind", type=click.Choice(["person", "organisation", "place"]), help="Only entities of this kind.")
@_query_options()
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
@_query_options()
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

    \b
    Examples:
      pipeline serve
      pipeline serve --db results/entities.sqlite --port 8080
    """
    from pipeline.serve import serve as run_server

    try:
        sys.exit(run_server(db, host, port))
    except store.StoreError as error:
        raise click.ClickException(str(error)) from None


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


@evaluate.command("nlp")
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
