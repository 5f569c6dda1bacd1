"""The entity index: upserts, aggregates, and the `pipeline query` / `export` commands on the sample article."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import store
from pipeline.cli import cli
from pipeline.store import EntityIndex
from store_sample import SAMPLE_ID, sample_result, sample_text

TABLES = ["article_texts", "articles", "entities", "entity_aliases", "entity_articles", "entity_roles", "mentions",
          "organisations", "organisations_articles", "people", "people_articles", "places", "places_articles", "roles"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "entities.sqlite"
    with EntityIndex(path) as index:
        index.upsert(sample_result())
    return path


def query(db: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["query", *args, "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def row_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return {t: connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def dump(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


# ------------------------------------------------------------ the queries the issue names


def test_people_at_botkyrkabyggen_is_alvaro_fuentes_the_bosocial_strateg(db):
    assert query(db, "people", "--org", "Botkyrkabyggen") == [
        {"name": "Alvaro Fuentes", "entity_id": "person:alvaro-fuentes", "entity_name": "Alvaro Fuentes",
         "wikidata": None, "title": "bosocial strateg", "title_en": "social housing strategist",
         "organisation": "Botkyrkabyggen", "organisation_id": "org:botkyrkabyggen", "party": None, "party_id": None,
         "articles": 1,
         "first_published": "2024-02-16", "last_published": "2024-02-16"},
    ]


def test_people_of_party_m_is_stina_lundgren(db):
    rows = query(db, "people", "--party", "M")
    assert [(r["name"], r["title"], r["party"]) for r in rows] == [
        ("Stina Lundgren", "kommunstyrelsens ordförande", "M")
    ]


def test_roles_title_polis_finds_bjorn_johansson_the_kommunpolis_with_his_sentence(db):
    rows = query(db, "roles", "--title", "polis")
    assert [(r["person"], r["title"], r["organisation"]) for r in rows] == [
        ("Björn Johansson", "kommunpolis", "Botkyrka")
    ]
    text = sample_text()
    assert rows[0]["evidence"] == text[rows[0]["evidence_start"]:rows[0]["evidence_end"]]
    assert rows[0]["evidence"].startswith("Alvaro Fuentes, bosocial strateg Botkyrkabyggen tillsammans med Björn")


def test_people_role_filter_matches_within_the_title(db):
    assert [r["name"] for r in query(db, "people", "--role", "samordnare")] == ["Åsa Winfridsson"]


def test_cooccur_fittja_lists_botkyrkabyggen_and_not_fittja_itself(db):
    rows = query(db, "cooccur", "Fittja")
    found = {(r["kind"], r["name"]) for r in rows}
    assert ("organisation", "Botkyrkabyggen") in found
    assert ("person", "Alvaro Fuentes") in found
    assert ("place", "Fittja") not in found
    assert all(r["shared_articles"] == 1 for r in rows)


def test_cooccur_ranks_by_shared_articles(tmp_path):
    path = tmp_path / "entities.sqlite"
    with EntityIndex(path) as index:
        index.upsert(sample_result())
        # A second article that mentions only Fittja and Botkyrkabyggen.
        index.upsert(sample_result(text="Botkyrkabyggen renoverar i Fittja.", article_id="sha256:second"))
    rows = query(path, "cooccur", "Fittja")
    assert (rows[0]["name"], rows[0]["shared_articles"]) == ("Botkyrkabyggen", 2)
    assert all(r["shared_articles"] == 1 for r in rows[1:])


def test_names_match_exactly_by_default_and_folded_with_fuzzy(db):
    assert query(db, "people", "--name", "asa winfridsson") == []
    rows = query(db, "people", "--name", "asa winfridsson", "--fuzzy")
    assert [(r["name"], r["title"]) for r in rows] == [("Åsa Winfridsson", "trygghets- och säkerhetssamordnare")]
    assert [r["name"] for r in query(db, "orgs", "--name", "BRA", "--fuzzy")] == ["BRÅ"]
    assert [r["name"] for r in query(db, "people", "--org", "kungsvaningen", "--fuzzy")] == ["Mi Sundquist"]


def test_since_and_until_accept_a_year_or_a_full_date(db):
    assert [r["name"] for r in query(db, "people", "--party", "M", "--since", "2024", "--until", "2024")] == [
        "Stina Lundgren"
    ]
    assert query(db, "people", "--party", "M", "--since", "2024-02-17") == []
    assert query(db, "people", "--party", "M", "--until", "2023") == []


def test_people_without_a_role_are_listed_with_no_title(tmp_path):
    path = tmp_path / "entities.sqlite"
    with EntityIndex(path) as index:
        index.upsert(sample_result(text="Mi Sundquist visade Fittja.", article_id="sha256:short"))
    assert query(path, "people") == [
        {"name": "Mi Sundquist", "entity_id": "person:mi-sundquist", "entity_name": "Mi Sundquist", "wikidata": None,
         "title": None, "title_en": None, "organisation": None, "organisation_id": None, "party": None,
         "party_id": None, "articles": 1, "first_published": "2024-02-16", "last_published": "2024-02-16"},
    ]


def test_orgs_are_ranked_with_article_and_mention_counts(db):
    rows = query(db, "orgs", "--name", "Botkyrkabyggen")
    assert rows == [{"name": "Botkyrkabyggen", "entity_id": "org:botkyrkabyggen", "entity_name": "Botkyrkabyggen",
                     "wikidata": None, "articles": 1, "mentions": 4, "people_with_roles": 1}]
    assert len(query(db, "orgs")) == 13


# ------------------------------------------------------------ every row about a name names its entity


@pytest.mark.parametrize("args, expected", [
    # An abbreviation and a definite form, rows as written, each with the agency it stands for.
    (["orgs", "--name", "BRÅ"], [("BRÅ", "org:brottsforebyggande-radet", "Brottsförebyggande rådet", "Q10436166")]),
    (["orgs", "--name", "polisen"], [("polisen", "org:polismyndigheten", "Polismyndigheten", "Q11995938")]),
    (["orgs", "--name", "SKR"], [("SKR", "org:sveriges-kommuner-och-regioner", "Sveriges Kommuner och Regioner", None)]),
    (["people", "--name", "Åsa Winfridsson"],
     [("Åsa Winfridsson", "person:asa-winfridsson", "Åsa Winfridsson", None)]),
    (["places", "--name", "Fittja"], [("Fittja", "place:fittja", "Fittja", None)]),
])
def test_people_orgs_and_places_rows_carry_entity_id_canonical_name_and_wikidata(db, args, expected):
    assert [(r["name"], r["entity_id"], r["entity_name"], r["wikidata"]) for r in query(db, *args)] == expected


def test_cooccur_rows_carry_the_entity_of_each_name(db):
    rows = {r["name"]: (r["entity_id"], r["entity_name"], r["wikidata"]) for r in query(db, "cooccur", "Fittja")}
    assert rows["BRÅ"] == ("org:brottsforebyggande-radet", "Brottsförebyggande rådet", "Q10436166")
    assert rows["Alvaro Fuentes"] == ("person:alvaro-fuentes", "Alvaro Fuentes", None)


@pytest.mark.parametrize("args, expected", [
    (["--title", "polis"], [("Björn Johansson", "person:bjorn-johansson", "Björn Johansson", None, "Botkyrka",
                             "org:botkyrka", None, None)]),
    (["--party", "m"], [("Stina Lundgren", "person:stina-lundgren", "Stina Lundgren", None, None, None, "M",
                         "org:moderaterna")]),
])
def test_role_rows_carry_the_person_organisation_and_party_entities(db, args, expected):
    assert [(r["person"], r["entity_id"], r["entity_name"], r["wikidata"], r["organisation"], r["organisation_id"],
             r["party"], r["party_id"]) for r in query(db, "roles", *args)] == expected


def test_entity_columns_come_in_csv_and_the_role_sheet_too(db, tmp_path):
    as_csv = CliRunner().invoke(cli, ["query", "orgs", "--name", "BRÅ", "--db", str(db), "--format", "csv"]).output
    assert as_csv == ("name,entity_id,entity_name,wikidata,articles,mentions,people_with_roles\n"
                      "BRÅ,org:brottsforebyggande-radet,Brottsförebyggande rådet,Q10436166,1,2,0\n")
    result = CliRunner().invoke(cli, ["export", "roles", str(tmp_path / "roles.csv"), "--party", "M", "--db", str(db)])
    assert result.exit_code == 0, result.output
    (sheet,) = list(csv.DictReader((tmp_path / "roles.csv").read_text(encoding="utf-8").splitlines()))
    assert (sheet["person"], sheet["entity_id"], sheet["entity_name"], sheet["wikidata"]) == (
        "Stina Lundgren", "person:stina-lundgren", "Stina Lundgren", "")


def test_search_finds_swedish_and_translated_text(db):
    swedish = query(db, "search", "rundvandring")
    assert [r["article"] for r in swedish] == [SAMPLE_ID]
    assert "[rundvandring]" in swedish[0]["snippet"]
    assert [r["article"] for r in query(db, "search", "Multicultural")] == [SAMPLE_ID]
    assert query(db, "search", "tunnelbana") == []


def test_search_text_that_is_not_fts_syntax_is_searched_as_words(db):
    assert [r["article"] for r in query(db, "search", "trygghets- säkerhetssamordnare")] == [SAMPLE_ID]


# ------------------------------------------------------------ output formats


def test_table_format_aligns_columns(db):
    result = CliRunner().invoke(cli, ["query", "people", "--party", "M", "--db", str(db)])
    assert result.exit_code == 0, result.output
    header, rule, row = result.output.splitlines()
    assert header.split() == ["name", "entity_id", "entity_name", "wikidata", "title", "title_en", "organisation",
                              "organisation_id", "party", "party_id", "articles", "first_published", "last_published"]
    assert row.startswith("Stina Lundgren  person:stina-lundgren  Stina Lundgren  " + " " * len("wikidata  ")
                          + "kommunstyrelsens ordförande  chair of the municipal executive board")
    assert [len(cell) for cell in rule.split("  ")] == [len("Stina Lundgren"), len("person:stina-lundgren"),
                                                        len("Stina Lundgren"), len("wikidata"),
                                                        len("kommunstyrelsens ordförande"),
                                                        len("chair of the municipal executive board"),
                                                        len("organisation"), len("organisation_id"), len("party"),
                                                        len("org:moderaterna"), len("articles"), len("first_published"),
                                                        len("last_published")]
    assert row.index("2024-02-16") == header.index("first_published")


def test_csv_and_jsonl_formats_carry_the_same_rows(db):
    as_csv = CliRunner().invoke(cli, ["query", "roles", "--db", str(db), "--format", "csv"]).output
    as_jsonl = CliRunner().invoke(cli, ["query", "roles", "--db", str(db), "--format", "jsonl"]).output
    csv_rows = list(csv.DictReader(as_csv.splitlines(keepends=True)))
    jsonl_rows = [json.loads(line) for line in as_jsonl.splitlines()]
    assert len(csv_rows) == len(jsonl_rows) == 6
    assert [r["person"] for r in csv_rows] == [r["person"] for r in jsonl_rows]
    assert csv_rows[-1]["evidence"] == jsonl_rows[-1]["evidence"]


def test_query_without_an_index_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(cli, ["query", "people", "--db", str(tmp_path / "missing.sqlite")])
    assert result.exit_code == 1
    assert "no index at" in result.output and "pipeline run" in result.output
    assert not (tmp_path / "missing.sqlite").exists()


# ------------------------------------------------------------ read-only SQL


@pytest.mark.parametrize("statement", [
    "UPDATE people SET name = 'X'",
    "DROP TABLE roles",
    "DELETE FROM articles",
    "INSERT INTO places (name, name_key) VALUES ('Mars', 'mars')",
    "CREATE TABLE notes (x)",
    "PRAGMA user_version = 99",
    "ATTACH 'other.sqlite' AS other",
    "VACUUM INTO 'copy.sqlite'",
])
def test_query_sql_refuses_writes_and_leaves_the_index_unchanged(db, statement, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = dump(db)
    result = CliRunner().invoke(cli, ["query", "sql", statement, "--db", str(db)])
    assert result.exit_code == 1
    assert "refused: `query sql` is read-only" in result.output
    assert dump(db) == before
    assert not (tmp_path / "other.sqlite").exists() and not (tmp_path / "copy.sqlite").exists()


def test_query_sql_runs_selects(db):
    rows = query(db, "sql", "SELECT name, article_count FROM places ORDER BY name")
    assert rows == [{"name": "Botkyrka", "article_count": 1}, {"name": "Fittja", "article_count": 1},
                    {"name": "Stockholm", "article_count": 1}]


def test_query_sql_reports_a_malformed_statement_as_an_error(db):
    result = CliRunner().invoke(cli, ["query", "sql", "SELEC name FROM people", "--db", str(db)])
    assert result.exit_code == 1
    assert "SQL error" in result.output


# ------------------------------------------------------------ upsert and prune


def test_upserting_the_same_article_twice_changes_no_row_counts(db):
    before = row_counts(db)
    with EntityIndex(db) as index:
        index.upsert(sample_result())
        index.upsert(sample_result())
    assert row_counts(db) == before
    assert before["people"] == 5 and before["roles"] == 6 and before["articles"] == 1


def test_changing_the_article_text_replaces_its_rows(db):
    changed = sample_result(edits={"bosocial strateg": "boendestrateg",
                                   "Kungsvåningens fastighetsutvecklare Mi Sundquist": "Kungsvåningens fastighetsutvecklare"})
    with EntityIndex(db) as index:
        index.upsert(changed)
    assert [(r["name"], r["title"]) for r in query(db, "people", "--org", "Botkyrkabyggen")] == [
        ("Alvaro Fuentes", "boendestrateg")]
    assert query(db, "people", "--name", "Mi Sundquist") == []  # gone from the text, gone from the index
    assert row_counts(db) == {
        "article_texts": 1, "articles": 1, "mentions": len(changed.analysis.entities), "organisations": 13,
        "organisations_articles": 13, "people": 4, "people_articles": 4, "places": 3, "places_articles": 3, "roles": 5,
        "entities": 22, "entity_aliases": 20, "entity_articles": 22, "entity_roles": 5}
    assert query(db, "search", "boendestrateg")[0]["article"] == SAMPLE_ID
    assert query(db, "search", "bosocial") == []
    text = changed.document.text
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT text FROM article_texts").fetchall() == [(text,)]
        spans = connection.execute("SELECT text, start, end FROM mentions").fetchall()
        evidence = connection.execute("SELECT evidence_start, evidence_end FROM roles WHERE person = 'Stina Lundgren'").fetchone()
    assert len(spans) == len(changed.analysis.entities)
    assert all(text[start:end] == mention for mention, start, end in spans)
    assert text[slice(*evidence)].startswith("Dessa frågor stod i centrum när Stina Lundgren, (M)")


def test_entity_counts_follow_upserts_and_prunes(tmp_path):
    path = tmp_path / "entities.sqlite"
    with EntityIndex(path) as index:
        index.upsert(sample_result())
        index.upsert(sample_result(text="Botkyrkabyggen bygger i Fittja. Fittja växer.", article_id="sha256:b"))
        assert query(path, "sql", "SELECT article_count, mention_count FROM organisations WHERE name = 'Botkyrkabyggen'") == [
            {"article_count": 2, "mention_count": 5}]
        assert index.prune({"sha256:b"}) == 1
        assert index.prune({"sha256:b"}) == 0
    assert query(path, "sql", "SELECT name, article_count, mention_count FROM places") == [
        {"name": "Fittja", "article_count": 1, "mention_count": 2}]
    assert query(path, "sql", "SELECT name, article_count, mention_count FROM organisations") == [
        {"name": "Botkyrkabyggen", "article_count": 1, "mention_count": 1}]
    counts = row_counts(path)
    assert (counts["articles"], counts["people"], counts["roles"], counts["mentions"]) == (1, 0, 0, 3)


def test_a_batch_upserted_in_one_transaction_gives_the_same_index_as_one_upsert_each(tmp_path):
    batch = [
        sample_result(text="Botkyrkabyggen bygger i Fittja. Fittja växer.", article_id="sha256:b"),
        sample_result(),
        sample_result(edits={"bosocial strateg": "boendestrateg"}),  # the same id again: the later version wins
    ]
    with EntityIndex(tmp_path / "each.sqlite") as index:
        for result in batch:
            index.upsert(result)
    with EntityIndex(tmp_path / "batch.sqlite") as index:
        index.upsert_many(batch)
    assert dump(tmp_path / "batch.sqlite") == dump(tmp_path / "each.sqlite")
    assert row_counts(tmp_path / "batch.sqlite")["articles"] == 2


def test_a_failed_batch_upsert_leaves_every_previous_row(db):
    before = dump(db)
    broken = sample_result()
    broken.analysis.people[0].roles[0].start = None  # violates NOT NULL on evidence_start
    with EntityIndex(db) as index, pytest.raises(sqlite3.IntegrityError):
        index.upsert_many([sample_result(text="Fittja växer.", article_id="sha256:new"), broken])
    assert dump(db) == before


def test_a_failed_upsert_leaves_the_previous_rows(db, monkeypatch):
    before = dump(db)
    broken = sample_result()
    broken.analysis.people[0].roles[0].start = None  # violates NOT NULL on evidence_start
    with EntityIndex(db) as index, pytest.raises(sqlite3.IntegrityError):
        index.upsert(broken)
    assert dump(db) == before


# ------------------------------------------------------------ schema


def test_index_is_created_in_wal_mode_at_the_latest_schema_version(db):
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION == len(store.MIGRATIONS)
    EntityIndex(db).close()  # reopening migrates nothing and keeps the rows
    assert row_counts(db)["articles"] == 1


def test_an_index_from_a_newer_pipeline_is_refused(db):
    with sqlite3.connect(db) as connection:
        connection.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    with pytest.raises(store.StoreError, match="newer than this pipeline"):
        EntityIndex(db)


# ------------------------------------------------------------ export and benchmark


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_writes_one_file_per_table(db, tmp_path, fmt):
    out = tmp_path / "export"
    result = CliRunner().invoke(cli, ["export", "--format", fmt, "--db", str(db), str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [f"{t}.{fmt}" for t in TABLES]
    counts = row_counts(db)
    for table in TABLES:
        path = out / f"{table}.{fmt}"
        if fmt == "csv":
            rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
        elif fmt == "jsonl":
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        else:
            import pyarrow.parquet as pq

            rows = pq.read_table(path).to_pylist()
        assert len(rows) == counts[table], table
    if fmt == "parquet":
        import pyarrow.parquet as pq

        roles = pq.read_table(out / "roles.parquet")
        assert str(roles.schema.field("evidence_start").type) == "int64"
        assert str(roles.schema.field("party").type) == "string"
        assert "Stina Lundgren" in roles.column("person").to_pylist()


def test_benchmark_reports_milliseconds_for_every_query_kind(db):
    timings = store.benchmark_queries(db, repeats=2)
    assert set(timings) == {"people_by_name", "people_by_name_fuzzy", "people_by_org", "people_by_role",
                            "people_by_party_since", "orgs", "places", "roles_by_title", "cooccur", "search", "sql_count"}
    assert all(t.wall_ms >= 0 and t.cpu_ms >= 0 for t in timings.values())


def test_a_role_history_has_the_columns_of_query_roles(db):
    (plain,) = query(db, "roles", "--party", "M")
    (history,) = query(db, "roles", "--person", "Stina Lundgren")
    assert list(history) == list(plain)
    assert (history["entity_id"], history["party_id"]) == (plain["entity_id"], plain["party_id"]) == (
        "person:stina-lundgren", "org:moderaterna")
