"""`pipeline serve`: the entity index in Datasette, read-only, described and with canned queries.

Datasette reads the index through `?mode=ro` connections, so SQLite refuses every
write, and no canned query writes; on top, the plugin `pipeline.serve.read_only`
answers every write attempt with a refusal before Datasette sees it: 405 for a
method other than GET or HEAD, 403 for SQL that is not a read. A run may go on
writing meanwhile and its finished batches show. The canned
queries run the same SQL as `pipeline query` (pipeline/entities/index.py); the
dashboard (datasette-dashboards, Vega-Lite bundled with it) draws an entity's
mentions over time and its strongest co-occurrences.
"""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path

from datasette.cli import cli as datasette_cli
from datasette.plugins import pm

from pipeline.config import DATA_DIR
from pipeline.entities import index
from pipeline.serve import read_only
from pipeline.store import SCHEMA_VERSION, EntityIndex, connect_readonly

log = logging.getLogger(__name__)
SQL_TIME_LIMIT_MS = 3000


def canned_queries() -> dict[str, dict]:
    """The README's questions as Datasette canned queries, each a form with its parameter."""
    def entity(sql: str, title: str, description: str) -> dict:
        return {"sql": sql.format(target=index.TARGET).strip(), "title": title, "description": description}

    return {
        "people_by_organisation": entity(
            index.PEOPLE_BY_ORGANISATION_SQL, "People by organisation",
            "Who holds a role at an organisation: give its name, any alias (BRÅ, polisen) or its entity id."),
        "roles_by_title": {
            "sql": index.ROLES_BY_TITLE_SQL.strip(), "title": "Roles by title",
            "description": "Roles whose title (base form) contains the text: 'polis' finds kommunpolis, polischef."},
        "cooccurrence": entity(
            index.COOCCUR_SQL, "Co-occurrence of an entity",
            "Entities that share articles with the entity, most shared articles first."),
        "role_history": entity(
            index.ROLE_HISTORY_SQL, "Role history of a person",
            "A person's roles across articles, oldest first (name, alias or entity id); title: text within the "
            "title's base form, or empty for every role."),
        "entity_merges": entity(
            index.MERGES_SQL, "Why names are one entity", "Every alias of the entity with the rule that tied it."),
        "mentions_by_month": entity(
            index.MENTIONS_BY_MONTH_SQL, "Mentions of an entity by month", "Articles and mentions per month."),
    }


def dashboard(database: str, default_entity: str | None) -> dict:
    """One dashboard: an entity's mentions over time and its strongest co-occurrences, as Vega-Lite charts."""
    def sql(template: str) -> str:
        return " ".join(template.format(target=index.TARGET).split())

    return {
        "entity": {
            "title": "An entity over time and in company",
            "description": "Type a name, an alias or an entity id.",
            "filters": {"entity": {"name": "Entity", "type": "text", **({"default": default_entity} if default_entity else {})}},
            "layout": [["mentions-over-time", "cooccurrences"]],
            "charts": {
                "mentions-over-time": {
                    "title": "Mentions by month", "db": database, "library": "vega-lite",
                    "query": sql(index.MENTIONS_BY_MONTH_SQL),
                    "display": {
                        "mark": {"type": "bar", "tooltip": True},
                        "encoding": {
                            "x": {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": "month"},
                            "y": {"field": "mentions", "type": "quantitative"},
                        },
                    },
                },
                "cooccurrences": {
                    "title": "Strongest co-occurrences", "db": database, "library": "vega-lite",
                    "query": sql(index.COOCCUR_SQL).replace("LIMIT 100", "LIMIT 15"),
                    "display": {
                        "mark": {"type": "bar", "tooltip": True},
                        "encoding": {
                            "y": {"field": "name", "type": "nominal", "sort": "-x", "title": None},
                            "x": {"field": "shared_articles", "type": "quantitative", "title": "shared articles"},
                            "color": {"field": "kind", "type": "nominal"},
                        },
                    },
                },
            },
        }
    }


def metadata(database: str, default_entity: str | None = None) -> dict:
    """Datasette metadata: descriptions and facets (pipeline/data/datasette_metadata.json), canned queries, dashboard."""
    described = json.loads((DATA_DIR / "datasette_metadata.json").read_text(encoding="utf-8"))
    tables = described["databases"].pop("entities")
    described["databases"][database] = {**tables, "queries": canned_queries()}
    described["plugins"] = {"datasette-dashboards": dashboard(database, default_entity)}
    return described


def _most_named_entity(db: Path) -> str | None:
    connection = connect_readonly(db)
    try:
        row = connection.execute("SELECT name FROM entities ORDER BY article_count DESC, name LIMIT 1").fetchone()
        return row[0] if row else None
    finally:
        connection.close()


def _ensure_current_schema(db: Path) -> None:
    """An index written by an older pipeline is migrated once, before it is opened read-only."""
    connection = connect_readonly(db)  # also says how to make an index when there is none
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    finally:
        connection.close()
    if version < SCHEMA_VERSION:
        log.info("migrating %s from schema version %d to %d before serving it", db, version, SCHEMA_VERSION)
        EntityIndex(db).close()


def serve(db: Path, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Run Datasette on the index until interrupted; return its exit status."""
    _ensure_current_schema(db)
    with tempfile.TemporaryDirectory(prefix="pipeline-serve-") as scratch:
        described = Path(scratch) / "metadata.json"
        described.write_text(json.dumps(metadata(Path(db).stem, _most_named_entity(db)), ensure_ascii=False), encoding="utf-8")
        arguments = [
            "serve", str(db), "--host", host, "--port", str(port),
            "--metadata", str(described), "--setting", "sql_time_limit_ms", str(SQL_TIME_LIMIT_MS),
        ]
        # In this process, so that a signal to `pipeline serve` stops Datasette (uvicorn shuts down on SIGTERM).
        pm.register(read_only)
        try:
            datasette_cli.main(arguments, prog_name="datasette")
        except SystemExit as finished:
            return finished.code if isinstance(finished.code, int) else 0
        except KeyboardInterrupt:
            pass
        finally:
            pm.unregister(read_only)
        return 0
