"""The sample article through the real model, the real CLI and the real index, as a researcher uses them."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import SAMPLE, read_articles, run_pipeline

EXPECTED_ROLES = {
    "Alvaro Fuentes": [("bosocial strateg", "Botkyrkabyggen", None)],
    "Björn Johansson": [("kommunpolis", "Botkyrka", None)],
    "Åsa Winfridsson": [("trygghets- och säkerhetssamordnare", "Botkyrka kommun", None)],
    "Stina Lundgren": [("kommunstyrelsens ordförande", None, "M")],
    "Mi Sundquist": [("fastighetsutvecklare", "Kungsvåningen", None)],
}


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    corpus, out = tmp_path_factory.mktemp("corpora"), tmp_path_factory.mktemp("outputs")
    shutil.copy(SAMPLE, corpus)
    result = run_pipeline("run", str(corpus), "--out", str(out))
    assert result.returncode == 0, result.stderr
    (article,) = read_articles(out).values()
    return out, article


def query(out, *args: str):
    result = run_pipeline("query", *args, "--db", str(out / "entities.sqlite"), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sample_article_yields_exactly_the_five_people_and_their_roles(sample_run):
    _, article = sample_run
    found = {
        person["name"]: [(r["title"], r["organisation"], r["party"]) for r in person["roles"]]
        for person in article["people"]
    }
    assert found == EXPECTED_ROLES


def test_role_evidence_points_at_the_text_it_was_read_from(sample_run):
    _, article = sample_run
    fuentes = next(p for p in article["people"] if p["name"] == "Alvaro Fuentes")
    evidence = fuentes["roles"][0]["evidence"]
    assert article["text"][evidence["start"] : evidence["end"]] == evidence["text"]
    assert "Alvaro Fuentes, bosocial strateg Botkyrkabyggen" in evidence["text"]


def test_sample_article_organisations_and_places(sample_run):
    _, article = sample_run
    organisations = {o["name"] for o in article["organisations"]}
    expected = {"Botkyrka kommun", "Botkyrkabyggen", "MTR", "Länsstyrelsen", "Polisen", "Kungsvåningen", "Nobina",
                "Trafikförvaltningen Region Stockholm", "BRÅ", "Företagarna", "Stockholms handelskammare",
                "Livsmedelshandlarna", "SKR"}
    assert expected <= organisations
    assert {"Botkyrka", "Fittja", "Stockholm"} <= {p["name"] for p in article["places"]}


def test_query_people_by_organisation_finds_alvaro_fuentes(sample_run):
    out, _ = sample_run
    rows = query(out, "people", "--org", "Botkyrkabyggen")
    assert [(r["name"], r["title"]) for r in rows] == [("Alvaro Fuentes", "bosocial strateg")]


def test_query_people_by_party_finds_stina_lundgren(sample_run):
    out, _ = sample_run
    assert [r["name"] for r in query(out, "people", "--party", "M")] == ["Stina Lundgren"]


def test_query_roles_by_title_finds_the_police_officer(sample_run):
    out, _ = sample_run
    assert [r["person"] for r in query(out, "roles", "--title", "polis")] == ["Björn Johansson"]


def test_cooccurrence_with_fittja_lists_botkyrkabyggen(sample_run):
    out, _ = sample_run
    assert "Botkyrkabyggen" in {r["name"] for r in query(out, "cooccur", "Fittja")}
