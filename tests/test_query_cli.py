"""`pipeline query` and `pipeline export roles` as a user runs them: a child process on the index of a real run."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from pipeline import store
from tests.conftest import run_pipeline

# Two short news items with inflected titles, a diacritic in a name, and dates in two years.
NEWS = [
    {"id": "fittja-1", "title": "Skjutningarna i Fittja oroar", "url": "https://www.example.org/nyheter/fittja-1",
     "published": "2024-03-01",
     "text": "Oppositionsrådet Anna Andersson (S) kräver fler poliser i Fittja efter skjutningarna i helgen.\n\n"
             "Huvudtränaren Per Olsson säger att klubben ställer in träningarna i Fittja under veckan."},
    {"id": "tumba-2", "title": "Ny skola invigd i Tumba", "url": "https://www.example.org/nyheter/tumba-2",
     "published": "2023-11-20",
     "text": "Kommunalrådet Eva Österling (M) invigde på måndagen den nya skolan i Tumba.\n\n"
             "Rektorn Karin Lind på Tumba skola tackade eleverna."},
]
FITTJA = {"title": "Skjutningarna i Fittja oroar", "published": "2024-03-01",
          "source": "https://www.example.org/nyheter/fittja-1"}
DATE_ERROR = "Error: --since: {!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD (2024, 2024-02, 2024-02-16)\n"
ROLE_SHEET = [
    ["person", "entity_id", "entity_name", "wikidata", "title", "title_base", "title_en", "organisation",
     "organisation_id", "party", "party_id", "article_title", "published", "source", "evidence", "article"],
    ["Anna Andersson", "person:anna-andersson", "Anna Andersson", "", "oppositionsrådet", "oppositionsråd",
     "opposition leader in the municipal executive board", "", "", "S", "org:socialdemokraterna",
     "Skjutningarna i Fittja oroar", "2024-03-01", "https://www.example.org/nyheter/fittja-1",
     "Oppositionsrådet Anna Andersson", "fittja-1"],
    ["Eva Österling", "person:eva-osterling", "Eva Österling", "", "kommunalrådet", "kommunalråd",
     "municipal commissioner", "", "", "M", "org:moderaterna", "Ny skola invigd i Tumba", "2023-11-20",
     "https://www.example.org/nyheter/tumba-2", "Kommunalrådet Eva Österling", "tumba-2"],
    ["Karin Lind", "person:karin-lind", "Karin Lind", "", "rektorn", "rektor", "head teacher", "Tumba skola",
     "org:tumba-skola", "", "", "Ny skola invigd i Tumba", "2023-11-20", "https://www.example.org/nyheter/tumba-2",
     "Rektorn Karin Lind", "tumba-2"],
    ["Per Olsson", "person:per-olsson", "Per Olsson", "", "huvudtränaren", "huvudtränare", "", "", "", "", "",
     "Skjutningarna i Fittja oroar", "2024-03-01", "https://www.example.org/nyheter/fittja-1",
     "Huvudtränaren Per Olsson", "fittja-1"],
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """The index a real `pipeline run` writes for NEWS (the shipped model, translation off)."""
    folder = tmp_path_factory.mktemp("news")
    (folder / "news.jsonl").write_text("".join(json.dumps(n, ensure_ascii=False) + "\n" for n in NEWS), encoding="utf-8")
    result = run_pipeline("run", str(folder / "news.jsonl"), "--out", str(folder / "out"))
    assert result.returncode == 0, result.stderr.decode()
    return folder / "out" / "entities.sqlite"


def pipeline(db: Path, *args: str) -> tuple[int, str, str]:
    result = run_pipeline(*args, "--db", str(db))
    return result.returncode, result.stdout.decode(), result.stderr.decode()


def query(db: Path, *args: str) -> list[dict]:
    code, out, err = pipeline(db, "query", *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


# ------------------------------------------------------------ dates and codes


@pytest.mark.parametrize("command", [["query", "people"], ["query", "roles"], ["export", "roles", "roles.csv"]])
@pytest.mark.parametrize("value", ["junk", "13-2012", "2024-13", "2024-02-30", "24"])
def test_a_since_that_is_not_a_date_stops_with_one_line_naming_the_accepted_forms(db, command, value):
    code, out, err = pipeline(db, *command, "--since", value)
    assert (code, out, err) == (2, "", DATE_ERROR.format(value))


@pytest.mark.parametrize("args, people", [
    (["--party", "s"], ["Anna Andersson"]),
    (["--party", "S"], ["Anna Andersson"]),
    (["--party", "m", "--since", "2023", "--until", "2023"], ["Eva Österling"]),
])
def test_party_codes_match_in_any_case(db, args, people):
    assert [r["name"] for r in query(db, "people", *args)] == people


# ------------------------------------------------------------ query roles, query places, --with-articles


@pytest.mark.parametrize("args, people", [
    (["--person", "Per Olsson"], ["Per Olsson"]),
    (["--person", "eva osterling", "--fuzzy"], ["Eva Österling"]),
    (["--org", "Tumba skola"], ["Karin Lind"]),
    (["--party", "m"], ["Eva Österling"]),
    (["--since", "2024"], ["Anna Andersson", "Per Olsson"]),
    (["--until", "2023-11"], ["Eva Österling", "Karin Lind"]),
    (["--since", "2023-11-21", "--until", "2024-03-01"], ["Anna Andersson", "Per Olsson"]),
    (["--title", "råd", "--since", "2024-01"], ["Anna Andersson"]),
])
def test_query_roles_filters_by_person_organisation_party_and_dates(db, args, people):
    assert [r["person"] for r in query(db, "roles", *args)] == people


def test_query_places_lists_places_with_their_article_counts_and_dates(db):
    assert query(db, "places") == [
        {"name": "Fittja", "entity_id": "place:fittja", "entity_name": "Fittja", "wikidata": None, "articles": 1,
         "mentions": 2, "first_published": "2024-03-01", "last_published": "2024-03-01"},
        {"name": "Tumba", "entity_id": "place:tumba", "entity_name": "Tumba", "wikidata": None, "articles": 1,
         "mentions": 1, "first_published": "2023-11-20", "last_published": "2023-11-20"},
    ]


def test_with_articles_gives_each_row_the_title_date_and_url_of_its_articles(db):
    rows = query(db, "people", "--name", "Anna Andersson", "--with-articles")
    assert [(r["name"], r["sources"]) for r in rows] == [("Anna Andersson", [FITTJA])]
    assert query(db, "places", "--with-articles")[0]["sources"] == [FITTJA]
    assert query(db, "roles", "--party", "S", "--with-articles")[0]["sources"] == [FITTJA]
    assert {r["name"]: r["sources"] for r in query(db, "cooccur", "Fittja", "--with-articles")}["Per Olsson"] == [FITTJA]
    code, out, _ = pipeline(db, "query", "places", "--with-articles", "--format", "csv")
    assert (code, out) == (0, "name,entity_id,entity_name,wikidata,articles,mentions,first_published,last_published,"
                              "sources\nFittja,place:fittja,Fittja,,1,2,2024-03-01,2024-03-01,"
                              "2024-03-01 Skjutningarna i Fittja oroar <https://www.example.org/nyheter/fittja-1>\n"
                              "Tumba,place:tumba,Tumba,,1,1,2023-11-20,2023-11-20,"
                              "2023-11-20 Ny skola invigd i Tumba <https://www.example.org/nyheter/tumba-2>\n")


# ------------------------------------------------------------ names the index does not know


@pytest.mark.parametrize("args, note", [
    (["people", "--name", "Ana Andersson"], "no person named 'Ana Andersson' in the index; did you mean Anna Andersson?"),
    (["people", "--name", "eva osterling"], "no person named 'eva osterling' in the index; did you mean Eva Österling?"),
    (["roles", "--org", "Tumba skolan"], "no organisation named 'Tumba skolan' in the index; did you mean Tumba skola?"),
    (["places", "--name", "Fitja"], "no place named 'Fitja' in the index; did you mean Fittja?"),
    (["cooccur", "Fittjaa"], "no entity named 'Fittjaa' in the index; did you mean Fittja?"),
    (["orgs", "--name", "Riksdagen"], "no organisation named 'Riksdagen' in the index; nor any name near it"),
])
def test_a_name_no_article_mentions_is_reported_with_the_nearest_known_names(db, args, note):
    code, out, err = pipeline(db, "query", *args, "--format", "json")
    assert (code, json.loads(out), err) == (0, [], note + "\n")


def test_a_known_name_that_other_filters_exclude_gives_no_note(db):
    code, out, err = pipeline(db, "query", "people", "--name", "Anna Andersson", "--party", "M", "--format", "json")
    assert (code, json.loads(out), err) == (0, [], "")


# ------------------------------------------------------------ full-text search


@pytest.mark.parametrize("text, articles", [
    ("skjutning", ["fittja-1"]),  # skjutningarna
    ("osterling", ["tumba-2"]),  # Österling
    ("ÖSTERLINGS", ["tumba-2"]),
    ("skolor", ["tumba-2"]),  # skolan, skola
    ("träning", ["fittja-1"]),  # träningarna
    ('"fler polisen"', ["fittja-1"]),  # the phrase "fler poliser", stemmed word by word
    ('"polisen fler"', []),
    ("skjutningar OR skolor", ["fittja-1", "tumba-2"]),
    ("Fittja NOT skjutning", []),
    ("skjutn*", ["fittja-1"]),
    ("title: skola", ["tumba-2"]),
    ("text: oroar", []),  # only in the title
    ("NEAR(oppositionsrådet poliserna, 8)", ["fittja-1"]),
    ("NEAR(oppositionsrådet poliserna, 3)", []),
])
def test_search_matches_swedish_inflections_case_and_diacritics_and_keeps_fts_syntax(db, text, articles):
    assert sorted(r["article"] for r in query(db, "search", text)) == articles


def test_search_snippet_brackets_the_words_as_written(db):
    (row,) = query(db, "search", "skjutning")
    assert row["snippet"] == "[Skjutningarna] i Fittja oroar"
    (row,) = query(db, "search", "osterling")
    assert row["snippet"] == "Kommunalrådet Eva [Österling] (M) invigde på måndagen den nya skolan i Tumba…"


# ------------------------------------------------------------ an index of the previous schema


def write_schema_1_index(path: Path) -> None:
    """An index as the previous pipeline wrote it: schema 1, unstemmed full text, no title_base."""
    with sqlite3.connect(path) as old:
        old.executescript(store.MIGRATIONS[0])
        old.execute("PRAGMA user_version = 1")
        old.execute("INSERT INTO articles (id, title, published) VALUES ('a1', 'Skjutningar i Fittja', '2024-03-01')")
        old.execute("INSERT INTO article_texts (article, title, text) VALUES ('a1', 'Skjutningar i Fittja', "
                    "'Eva Österling (M) kommenterade skjutningen.')")
        old.execute("INSERT INTO people (name, name_key, article_count, mention_count) VALUES ('Eva Österling', 'eva osterling', 1, 1)")
        old.execute("INSERT INTO roles (person, person_key, title, party, article, evidence_start, evidence_end, evidence, "
                    "published) VALUES ('Eva Österling', 'eva osterling', 'kommunalråd', 'M', 'a1', 0, 42, "
                    "'Eva Österling (M) kommenterade skjutningen.', '2024-03-01')")
    old.close()


@pytest.mark.parametrize("opened_by", ["a query", "the writer"])
def test_an_index_of_schema_version_1_is_upgraded_in_place_when_opened(tmp_path, opened_by):
    path = tmp_path / "old.sqlite"
    write_schema_1_index(path)
    if opened_by == "the writer":
        store.EntityIndex(path).close()
    assert [r["article"] for r in query(path, "search", "osterling skjutning")] == ["a1"]
    assert [(r["person"], r["title"], r["title_base"]) for r in query(path, "roles", "--party", "m")] == [
        ("Eva Österling", "kommunalråd", None)]
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION == 5
    upgraded.close()


# ------------------------------------------------------------ export roles


def test_export_roles_writes_one_row_per_assertion_with_title_base_article_and_evidence(db, tmp_path):
    code, _, err = pipeline(db, "export", "roles", str(tmp_path / "roles.csv"))
    assert (code, err) == (0, "4 role assertions -> " + str(tmp_path / "roles.csv") + "\n")
    raw = (tmp_path / "roles.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(raw.decode("utf-8").splitlines())) == ROLE_SHEET


def test_export_roles_with_bom_starts_with_the_utf8_byte_order_mark(db, tmp_path):
    code, _, _ = pipeline(db, "export", "roles", str(tmp_path / "roles.csv"), "--bom", "--party", "m")
    raw = (tmp_path / "roles.csv").read_bytes()
    assert code == 0 and raw.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(raw.decode("utf-8-sig").splitlines())) == [ROLE_SHEET[0], ROLE_SHEET[2]]


def test_export_roles_excel_writes_a_workbook_with_the_same_rows(db, tmp_path):
    from openpyxl import load_workbook

    code, _, _ = pipeline(db, "export", "roles", str(tmp_path / "roles.xlsx"), "--excel")
    assert code == 0
    sheet = load_workbook(tmp_path / "roles.xlsx").active
    rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == ROLE_SHEET
    assert sheet.freeze_panes == "A2"


def test_export_roles_excel_to_a_csv_name_is_a_one_line_usage_error(db, tmp_path):
    code, _, err = pipeline(db, "export", "roles", str(tmp_path / "roles.csv"), "--excel")
    assert (code, err) == (2, "Error: --excel writes an Excel workbook: name the file roles.xlsx, not roles.csv\n")
    assert not (tmp_path / "roles.csv").exists()


def test_export_tables_with_bom_and_the_old_form_without_tables(db, tmp_path):
    code, out, _ = pipeline(db, "export", "--bom", str(tmp_path / "tables"))
    assert code == 0 and str(tmp_path / "tables" / "roles.csv") in out.splitlines()
    assert (tmp_path / "tables" / "people.csv").read_bytes().startswith(b"\xef\xbb\xbfname,name_key,")
    assert not (tmp_path / "tables" / "article_stems.csv").exists()
