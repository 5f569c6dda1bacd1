"""The role extractor grown from real data: titles and organisations from the Almedalen speaker lines,
and the party of a politician named without one, from the Riksdag gazetteer as of the article's date.

The speaker lines quoted are real ones (Almedalsveckan 2021-2023, civictechsweden/almedalsdata, CC0),
so are the klintan sentences (Webbnyheter 2012, CC BY 4.0); where none holds a construction, a sentence
written for this project stands in ("our sentence"). The dated article is written for this test around
real politicians and run through the real CLI.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline.config import DATA_DIR
from pipeline.roles.politicians import SOURCE, party_of
from pipeline.roles.words import is_role_word
from tests.conftest import REPO, read_articles, run_pipeline



def _first_column(table: str) -> list[str]:
    lines = (DATA_DIR / "roles" / table).read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line and not line.startswith("#")]


ALMEDALEN_TITLES = _first_column("almedalen_titles.tsv")
ALMEDALEN_ORGANISATIONS = _first_column("almedalen_organisations.tsv")


def test_the_almedalen_table_adds_titles_the_lexicon_lacked():
    assert len(ALMEDALEN_TITLES) == 16
    assert {"direktor", "föreläsare", "suppleant", "universitetsadjunkt", "opinionsbildare"} <= set(ALMEDALEN_TITLES)


@pytest.mark.parametrize("title", ALMEDALEN_TITLES)
def test_every_almedalen_title_is_a_role_word_in_its_definite_form_too(title):
    assert is_role_word(title)
    assert is_role_word(title + ("n" if title.endswith(("e", "a")) else "en"))


@pytest.mark.parametrize("line, found", [
    ("Kerstin Enlund, direktor, Betaniastiftelsen", ("Kerstin Enlund", "direktor", "Betaniastiftelsen", None)),
    ("Carl-Gustav Hedenby, opinionsbildare, Svensk Jobbdemokrati",
     ("Carl-Gustav Hedenby", "opinionsbildare", "Svensk Jobbdemokrati", None)),
    ("Ingela Berglund, patientföreträdare", ("Ingela Berglund", "patientföreträdare", None, None)),
    ("Ulla-Carin Carlsson-Lindkvist, utbildare, fd ridande polis, Säker Häst",
     ("Ulla-Carin Carlsson-Lindkvist", "utbildare", None, None)),
])
def test_a_real_almedalen_speaker_line_yields_its_title(nlp, line, found):
    assert {(r.person, r.title, r.organisation, r.party) for r in nlp(line)._.roles} == {found}


def test_the_almedalen_organisations_are_names_the_tables_lacked_and_no_person_or_party():
    assert len(ALMEDALEN_ORGANISATIONS) == 332
    assert {"Lantmännen", "Naturskyddsföreningen", "Fryshuset", "Rädda Barnen", "Timbro"} <= set(ALMEDALEN_ORGANISATIONS)
    assert not {"Axel Johnson", "Einar Mattsson", "Moderaterna", "Skanska", "Polismyndigheten"} & set(ALMEDALEN_ORGANISATIONS)


@pytest.mark.parametrize("text, found, source", [
    ("Lantmännens koncernchef Magnus Kagevik tror på högre priser.",
     ("Magnus Kagevik", "koncernchef", "Lantmännen", None), "our sentence: a known name's genitive opening a sentence"),
    ("Naturskyddsföreningens ordförande Johanna Sandahl kritiserar beslutet.",
     ("Johanna Sandahl", "ordförande", "Naturskyddsföreningen", None), "our sentence"),
    ("Åke Persson, fyrverkeriexpert vid Brandskyddsföreningen skulle gärna se att polisen ingrep oftare.",
     ("Åke Persson", "fyrverkeriexpert", "Brandskyddsföreningen", None), "klintan train_corpus.txt sentence index 113"),
])
def test_an_almedalen_organisation_is_read_as_the_employer(nlp, text, found, source):
    assert {(r.person, r.title, r.organisation, r.party) for r in nlp(text)._.roles} == {found}, source


@pytest.mark.parametrize("word, title", [
    ("forskarkollega", True),  # "sin forskarkollega Brian Kobilka": a fellow researcher
    ("forskarkollegan", True),
    ("journalistkollegor", True),
    ("kollegan", False),  # "kollegan Damien Hirst": a relation, no role
    ("partikollega", False),  # a party is no occupation
    ("reklambyråkollegor", False),
])
def test_a_relational_noun_is_a_title_only_on_an_occupation(word, title):
    assert is_role_word(word) is title


@pytest.mark.parametrize("name, published, party", [
    ("Magdalena Andersson", date(2022, 5, 1), "S"),  # the Social Democrat, minister since 2014
    ("Magdalena Andersson", date(2008, 5, 1), "M"),  # her namesake, a Moderate member 2003-2012
    ("Magdalena Andersson", date(2013, 10, 15), None),  # both active within a year: namesakes left alone
    ("Magdalena Andersson", None, None),  # no date: two politicians bear the name
    ("Ulf Kristersson", None, "M"),  # no date: one politician who never changed party
    ("Ylva Johansson", date(2020, 1, 1), "S"),
    ("Ylva Johansson", date(1990, 1, 1), "V"),
    ("Ylva Johansson", None, None),  # no date: she changed party
    ("Amineh Kakabaveh", date(2015, 1, 1), "V"),
    ("Amineh Kakabaveh", date(2021, 6, 1), None),  # left V in 2019, an independent since
    ("Stefan Löfven", date(1980, 1, 1), None),  # not active then
    ("Andersson", date(2022, 5, 1), None),  # a surname alone is nobody
])
def test_the_party_of_a_politician_as_of_a_date(name, published, party):
    assert party_of(name, published) == party


@pytest.mark.slow
@pytest.mark.parametrize("script, out, tables", [
    ("build_almedalen_tables.py", ".", ["roles/almedalen_titles.tsv", "roles/almedalen_organisations.tsv"]),
    ("build_politician_parties.py", "politician_parties.tsv", ["politician_parties.tsv"]),
])
def test_the_build_script_derives_the_committed_tables(shared_corpora, nlp, tmp_path, script, out, tables):
    subprocess.run([sys.executable, str(REPO / "scripts" / script), "--out", str(tmp_path / out)], check=True, capture_output=True)
    for table in tables:
        assert (tmp_path / Path(table).name).read_text(encoding="utf-8") == (DATA_DIR / table).read_text(encoding="utf-8")


ARTICLE = """Budgeten håller, säger statsministern

20 april 2022

Magdalena Andersson sa på onsdagen att budgeten håller. Hon fick medhåll av justitieminister Morgan Johansson, som lovade polisen mer pengar.

Andersson vill också se fler poliser i Malmö, sa hon.
"""


def test_a_dated_article_gives_politicians_named_without_a_party_their_party_then(nlp, tmp_path: Path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "budget.txt").write_text(ARTICLE, encoding="utf-8")
    result = run_pipeline("run", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr.decode()
    (article,) = read_articles(tmp_path / "out").values()
    assert article["published"] == "2022-04-20"
    roles = {
        (p["name"], r["title"], r["party"], r["party_source"], r["evidence"]["text"])
        for p in article["people"] for r in p["roles"]
    }
    assert roles == {
        ("Magdalena Andersson", None, "S", SOURCE, "Magdalena Andersson sa på onsdagen att budgeten håller."),
        ("Morgan Johansson", "justitieminister", "S", SOURCE, "justitieminister Morgan Johansson"),
    }
