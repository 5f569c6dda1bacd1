"""Canonical entities through the real pipeline: each merge rule, Wikidata links, role histories, a merge that must not happen.

One real `pipeline run` (child process, shipped model) over the sample article and
tests/fixtures/entity-articles.jsonl, sentences written for these tests; every test
reads what that run wrote: the index through `pipeline query`, or the article JSON.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import nlp as pipeline_nlp
from pipeline.cli import cli
from pipeline.entities.link import link_article, resolve
from pipeline.entities.normalise import entity_id, title_base
from pipeline.store import SCHEMA_VERSION, EntityIndex
from tests.conftest import REPO, SAMPLE, read_articles, run_pipeline

ARTICLES = REPO / "tests" / "fixtures" / "entity-articles.jsonl"


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("outputs")
    result = run_pipeline("run", str(ARTICLES), str(SAMPLE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def query(out: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["query", *args, "--db", str(out / "entities.sqlite"), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def merges(out: Path, name: str) -> set[tuple[str, str]]:
    """(alias, rule) of every name tied to NAME's entity."""
    return {(r["alias"], r["rule"]) for r in query(out, "merges", name)}


def entity_of(out: Path, article: str, text: str) -> dict:
    """The entity the JSON of ARTICLE ties the mention TEXT to."""
    (found,) = [a for a in read_articles(out).values() if a["id"] == article]
    return next(m["entity"] for m in found["entities"] if m["text"] == text)


# ------------------------------------------------------------ one test per merge rule


def test_case_and_diacritic_variants_are_one_person(run):
    assert merges(run, "Åsa Winfridsson") == {("Åsa Winfridsson", "case or diacritics"), ("Asa Winfridsson", "name")}
    (entity,) = query(run, "entities", "--name", "asa winfridsson", "--fuzzy")
    assert (entity["id"], entity["articles"]) == ("person:asa-winfridsson", 2)


def test_genitive_and_definite_forms_are_the_organisation(run):
    assert merges(run, "Polismyndigheten") == {
        ("Polisen", "alias"), ("polisen", "alias"), ("Polisens", "genitive + alias")}
    assert entity_of(run, "bra-rapport", "Polisens") == {
        "id": "org:polismyndigheten", "name": "Polismyndigheten", "wikidata": "Q11995938",
        "rule": "genitive + alias", "source": "agencies"}


def test_an_abbreviation_and_its_full_name_are_one_agency_across_articles(run):
    assert merges(run, "BRÅ") == {
        ("Brottsförebyggande rådet", "name"), ("BRÅ", "abbreviation"), ("Brå", "abbreviation"),
        ("Brås", "genitive + abbreviation")}
    (entity,) = query(run, "entities", "--name", "BRÅ")
    assert (entity["id"], entity["name"], entity["wikidata"], entity["articles"]) == (
        "org:brottsforebyggande-radet", "Brottsförebyggande rådet", "Q10436166", 2)


def test_a_former_name_is_the_renamed_agency(run):
    assert merges(run, "MSB") == {
        ("MSB", "abbreviation"), ("Myndigheten för samhällsskydd och beredskap", "former name")}
    assert query(run, "entities", "--name", "MSB")[0]["name"] == "Myndigheten för civilt försvar"


def test_a_surname_is_the_full_name_the_same_article_gives(run):
    assert ("Berg", "surname in article") in merges(run, "Anna Berg")
    assert entity_of(run, "bandy-trupp", "Lundgren")["id"] == "person:erik-lundgren"
    assert entity_of(run, "bandy-trupp", "Lundgren")["rule"] == "surname in article"


def test_a_short_form_is_the_full_name_the_same_article_gives(run):
    assert merges(run, "Katarina Berggren") == {("Katarina Berggren", "name"), ("Katarina", "short form in article")}


def test_a_genitive_before_the_noun_it_governs_is_the_base_name(run):
    assert entity_of(run, "google-besok", "Googles") == {
        "id": "org:google", "name": "Google", "wikidata": None, "rule": "genitive", "source": None}


def test_a_party_short_name_is_the_party(run):
    assert entity_of(run, "google-besok", "Miljöpartiet") == {
        "id": "org:miljopartiet-de-grona", "name": "Miljöpartiet de gröna", "wikidata": "Q213451",
        "rule": "short name", "source": "parties"}


@pytest.mark.parametrize("name, kind, entity, rule", [
    ("Moderata samlingspartiet", "organisation", "org:moderaterna", "official name"),
    ("Rikspolisstyrelsen", "organisation", "org:polismyndigheten", "former name"),
    ("Botkyrkas", "place", "place:botkyrka", "genitive"),
    ("BRÅ:s", "organisation", "org:brottsforebyggande-radet", "genitive + abbreviation"),
    ("POLISEN", "organisation", "org:polismyndigheten", "alias"),
    ("Fittja", "place", "place:fittja", "name"),
])
def test_names_resolve_across_articles_by_gazetteer_rules(name, kind, entity, rule):
    found = resolve(name, kind)
    assert (found.id, found.rule) == (entity, rule)


def test_two_people_sharing_a_surname_are_never_merged(run):
    people = {r["id"]: r["articles"] for r in query(run, "entities", "--name", "Lundgren", "--kind", "person")}
    assert people == {"person:erik-lundgren": 2}  # "Lundgren" as written only in Erik Lundgren's article
    stina = {r["article"] for r in query(run, "roles", "--person", "Stina Lundgren")}
    erik = {r["article"] for r in query(run, "roles", "--person", "Erik Lundgren")}
    assert erik == {"bandy-trupp", "bandy-stab"} and not stina & erik
    assert len(stina) == 3


def test_the_same_full_name_is_one_entity_across_articles(run):
    rows = query(run, "cooccur", "Erik Lundgren", "--entities")
    assert query(run, "entities", "--name", "Erik Lundgren")[0]["articles"] == 2
    assert all(r["id"] != "person:erik-lundgren" for r in rows)


# ------------------------------------------------------------ Wikidata from the project's own tables


def test_a_politician_is_linked_when_the_article_gives_the_party(run):
    (entity,) = query(run, "entities", "--name", "Elisabeth Svantesson")
    assert (entity["wikidata"], entity["source"]) == ("Q4981393", "riksdagen-persons: party M")


def test_a_politician_is_linked_when_the_article_gives_the_office(run):
    (entity,) = query(run, "entities", "--name", "Ulf Kristersson")
    assert (entity["wikidata"], entity["source"]) == ("Q1780398", "riksdagen-persons: office statsminister")


def test_namesake_politicians_are_told_apart_by_party_and_unlinked_without_context(run):
    rows = {r["id"]: r["wikidata"] for r in query(run, "entities", "--name", "Magdalena Andersson")}
    assert rows == {"person:magdalena-andersson-q4935873": "Q4935873",  # the (S) one, in the budget article
                    "person:magdalena-andersson": None}  # at the cinema: no party, no office, no link


def test_parties_and_municipalities_carry_their_gazetteer_ids(run):
    moderaterna = query(run, "entities", "--name", "Moderaterna")[0]
    assert (moderaterna["id"], moderaterna["wikidata"], moderaterna["source"]) == ("org:moderaterna", "Q110843", "parties")
    botkyrka = query(run, "entities", "--name", "Botkyrka kommun")[0]
    assert (botkyrka["id"], botkyrka["source"]) == ("org:botkyrka-kommun", "scb:0127")


# ------------------------------------------------------------ role histories


def test_role_history_is_ordered_by_date_with_one_base_form_per_title(run):
    rows = query(run, "roles", "--person", "Stina Lundgren")
    assert [(r["published"], r["title"], r["title_base"], r["party"]) for r in rows] == [
        ("2024-02-16", "kommunstyrelsens ordförande", "kommunstyrelsens ordförande", "M"),
        ("2024-10-20", "ordförande", "ordförande", "M"),
        ("2025-03-10", "ordföranden", "ordförande", "M"),
    ]
    erik = query(run, "roles", "--person", "erik lundgren", "--fuzzy")
    assert [(r["title"], r["title_base"]) for r in erik] == [
        ("förbundskapten", "förbundskapten"), ("nya förbundskaptenen", "förbundskapten")]


def test_role_history_can_keep_one_title(run):
    rows = query(run, "roles", "--person", "Stina Lundgren", "--title", "ordförande")
    assert [r["published"] for r in rows] == ["2024-02-16", "2024-10-20", "2025-03-10"]
    assert query(run, "roles", "--person", "Stina Lundgren", "--title", "kommunstyrelsens")[0]["published"] == "2024-02-16"


@pytest.mark.parametrize("title, base", [
    ("ordföranden", "ordförande"),
    ("Ordförande", "ordförande"),
    ("nya förbundskaptenen", "förbundskapten"),
    ("förre statsministern", "statsminister"),
    ("vice ordföranden", "vice ordförande"),
    ("vd:n", "vd"),
    ("kommunpolis", "kommunpolis"),
])
def test_title_base_forms(title, base):
    assert title_base(title) == base


# ------------------------------------------------------------ JSON, ids, migration


def test_a_text_read_in_pieces_is_linked_after_its_pieces_are_merged(nlp, monkeypatch):
    """Long texts are parsed in pieces (pipeline.nlp.merge joins them); the entities stage links the merged whole."""
    cut = pipeline_nlp.pieces
    monkeypatch.setattr(pipeline_nlp, "pieces", lambda text: cut(text, 120))
    text = ("Kommunalrådet Eva Österling (M) invigde på måndagen den nya skolan i Tumba.\n\n"
            "Polisen i Botkyrka utreder skjutningen i Fittja, säger Eva Österling.")
    assert len(pipeline_nlp.pieces(text)) == 2
    (analysis,) = pipeline_nlp.analyse_texts(nlp, [text])
    link_article(text, analysis)
    named = [*analysis.people, *analysis.organisations, *analysis.places]
    assert named and all(item.entity is not None for item in named)
    assert all(m.entity is not None for m in analysis.entities if m.label != "MISC")
    (eva,) = [p for p in analysis.people if p.name == "Eva Österling"]
    assert (eva.mentions, eva.entity.id) == (2, "person:eva-osterling")
    assert eva.roles[0].party_entity.id == "org:moderaterna"


def test_article_json_speaks_in_entities_beside_mentions(run):
    (sample,) = [a for a in read_articles(run).values() if a["id"].startswith("sha256:")]
    people = {p["name"]: p["entity"]["id"] for p in sample["people"]}
    assert people["Stina Lundgren"] == "person:stina-lundgren"
    stina = next(p for p in sample["people"] if p["name"] == "Stina Lundgren")
    assert stina["roles"][0]["party_entity"]["id"] == "org:moderaterna"
    organisations = {o["name"]: o["entity"]["id"] for o in sample["organisations"]}
    assert organisations["SKR"] == "org:sveriges-kommuner-och-regioner"
    assert organisations["BRÅ"] == entity_id("organisation", "brottsforebyggande radet")


def test_entity_ids_survive_a_forced_rerun_and_a_prune(run, tmp_path):
    before = {r["id"] for r in query(run, "entities")}
    result = run_pipeline("run", str(ARTICLES), "--out", str(run), "--force", "--prune")
    assert result.returncode == 0, result.stderr
    after = {r["id"] for r in query(run, "entities")}
    assert after <= before and "person:erik-lundgren" in after
    assert "org:sveriges-kommuner-och-regioner" not in after  # only the pruned sample named SKR


def test_an_index_without_entity_tables_is_migrated_and_filled(run, tmp_path):
    old = tmp_path / "old.sqlite"
    with sqlite3.connect(run / "entities.sqlite") as source, sqlite3.connect(old) as copy:
        source.backup(copy)
    with sqlite3.connect(old) as connection:
        for name in ("role_history", "entity_merges"):
            connection.execute(f"DROP VIEW {name}")
        for name in ("entity_roles", "entity_aliases", "entity_articles", "entities"):
            connection.execute(f"DROP TABLE {name}")
        for name in ("people", "organisations", "places"):  # the column migration 4 adds
            connection.execute(f"ALTER TABLE {name} DROP COLUMN entity")
        connection.execute("UPDATE roles SET party = NULL WHERE party_source IS NOT NULL")  # version 2 knew none
        connection.execute("ALTER TABLE roles DROP COLUMN party_source")  # the column migration 5 adds
        connection.execute("PRAGMA user_version = 2")
    connection.close()
    EntityIndex(old).close()
    with sqlite3.connect(old) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    connection.close()
    rows = CliRunner().invoke(cli, ["query", "entities", "--name", "Brås", "--db", str(old), "--format", "json"])
    assert json.loads(rows.output)[0]["id"] == "org:brottsforebyggande-radet"
    for table in ("people", "organisations", "places"):  # migration 4 ties each name as the writer does
        with sqlite3.connect(old) as migrated, sqlite3.connect(run / "entities.sqlite") as written:
            assert migrated.execute(f"SELECT name, entity FROM {table} ORDER BY name").fetchall() == (
                written.execute(f"SELECT name, entity FROM {table} ORDER BY name").fetchall())
        migrated.close()
        written.close()


def test_entity_query_benchmark_times_every_entity_query(tmp_path):
    from pipeline.entities import index
    from store_sample import sample_result

    db = tmp_path / "entities.sqlite"
    with EntityIndex(db) as writer:
        writer.upsert(sample_result())
    timings = index.benchmark_queries(db, repeats=2)
    assert set(timings) == {"entity_by_alias", "entity_by_alias_fuzzy", "entity_merges", "role_history",
                            "entity_cooccur", "people_by_organisation", "roles_by_title_base", "mentions_by_month"}
    assert all(t.wall_ms >= 0 and t.cpu_ms >= 0 for t in timings.values())
    with EntityIndex(tmp_path / "timed.sqlite") as timed:
        timed.upsert(sample_result())
        assert timed.entity_seconds > 0  # the writer's time on entity rows, which `pipeline bench` reports
