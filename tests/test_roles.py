"""Role extraction on real sentences: roles-dev.jsonl lines 1-51 (the development slice), the sample
article, the issue's examples, and Webbnyheter 2012 sentences from the klintan NER corpus outside
roles-dev. Where the real sets hold a construction too rarely, a sentence written for this project
around the issue's examples stands in ("our sentence"). Needs the Swedish model:
`pipeline.nlp.load(model_path())`.

Most cases are one table, tests/fixtures/role-sentences.jsonl: per sentence, the behaviour it shows,
what the extractor finds there (person, title, organisation, party) and where the sentence comes
from. The tests below it replay NER errors, check names, the CLI and multiprocessing."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipeline import nlp as pipeline_nlp
from pipeline.records import Entity
from pipeline.roles import base_name, join_adjacent, resolve_names
from tests.conftest import REPO

SENTENCES = [json.loads(line) for line in (REPO / "tests" / "fixtures" / "role-sentences.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def roles(nlp):
    def read(text: str) -> set[tuple]:
        return {(r.person, r.title, r.organisation, r.party) for r in nlp(text)._.roles}

    return read


@pytest.mark.parametrize("case", SENTENCES, ids=[case["behaviour"].replace(" ", "_") for case in SENTENCES])
def test_the_roles_each_sentence_of_the_table_shows(roles, case):
    assert roles(case["text"]) == {tuple(found) for found in case["finds"]}, case["source"]


def test_a_name_the_ner_missed_is_read_from_the_apposition(nlp):
    doc = nlp.make_doc("Det bekräftar Ulf Sempert, chef för polisen i Malmö.")
    for name, component in nlp.pipeline:
        if name not in ("ner", "role_extractor"):
            doc = component(doc)
    doc = nlp.get_pipe("role_extractor")(doc)  # the NER left out: no entities at all
    assert [(r.person, r.title, r.organisation) for r in doc._.roles] == [("Ulf Sempert", "chef", "Polisen i Malmö")]


def test_surnames_resolve_to_the_full_name_once_in_the_document():
    assert resolve_names(["Alvaro Fuentes", "Fuentes", "Anna Berg", "Bergs", "Berg"]) == {
        "Alvaro Fuentes": "Alvaro Fuentes",
        "Fuentes": "Alvaro Fuentes",
        "Anna Berg": "Anna Berg",
        "Bergs": "Anna Berg",
        "Berg": "Anna Berg",
    }


def test_a_given_name_alone_resolves_to_the_one_full_name_it_starts():
    assert resolve_names(["Bradley Wiggins", "Bradley", "Anna Berg", "Anna Lind", "Anna"]) == {
        "Bradley Wiggins": "Bradley Wiggins",
        "Bradley": "Bradley Wiggins",  # "kan nu kalla sig Sir Bradley"
        "Anna Berg": "Anna Berg",
        "Anna Lind": "Anna Lind",
        "Anna": "Anna",  # two full names start with it: nobody
    }


def test_organisations_one_space_apart_are_one_organisation():
    text = "MTR, Trafikförvaltningen Region Stockholm, BRÅ"
    found = [Entity(n, "ORG", text.index(n), text.index(n) + len(n)) for n in ("MTR", "Trafikförvaltningen", "Region Stockholm", "BRÅ")]
    assert [e.text for e in join_adjacent(found, "ORG", text)] == ["MTR", "Trafikförvaltningen Region Stockholm", "BRÅ"]


def test_sample_article_yields_its_five_people_and_roles(nlp, sample_text):
    text = sample_text[sample_text.index("Botkyrka höll konferens") :]
    analysis = pipeline_nlp.analyse(nlp(text), "model")
    people = {
        p.name: [(r.title, r.organisation, r.party) for r in p.roles] for p in analysis.people
    }
    assert people == {
        "Alvaro Fuentes": [("bosocial strateg", "Botkyrkabyggen", None)],
        "Björn Johansson": [("kommunpolis", "Botkyrka", None)],
        "Åsa Winfridsson": [("trygghets- och säkerhetssamordnare", "Botkyrka kommun", None)],
        "Stina Lundgren": [("kommunstyrelsens ordförande", None, "M")],
        "Mi Sundquist": [("fastighetsutvecklare", "Kungsvåningen", None)],
    }
    assert {p.name: p.mentions for p in analysis.people}["Alvaro Fuentes"] == 3
    evidence = next(p.roles[0] for p in analysis.people if p.name == "Mi Sundquist")
    assert text[evidence.start : evidence.end] == "Kungsvåningens fastighetsutvecklare Mi Sundquist"
    organisations = {o.name: o.mentions for o in analysis.organisations}
    for name in ("Botkyrka kommun", "MTR", "Länsstyrelsen", "Polisen", "Kungsvåningen", "Nobina", "BRÅ",
                 "Trafikförvaltningen Region Stockholm",
                 "Företagarna", "Stockholms handelskammare", "Livsmedelshandlarna", "SKR"):
        assert name in organisations
    assert organisations["Botkyrkabyggen"] == 4
    places = {p.name for p in analysis.places}
    assert {"Botkyrka", "Fittja", "Stockholm"} <= places


def test_eval_roles_command_scores_a_gold_file(nlp, tmp_path, shared_corpora):
    lines = (shared_corpora / "roles" / "roles-dev.jsonl").read_text(encoding="utf-8").splitlines()[:1]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert json.loads(lines[0])["id"] == "sample-botkyrka-caption"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "eval", "roles", "--data", str(gold)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "(person, title, organisation) strict    1.000  1.000  1.000  (3/3/3)" in result.stdout
    assert "party accuracy                                        1.000  (3/3)" in result.stdout


def test_roles_survive_multiprocess_pipe(nlp):
    texts = ["Tuiflys vd Alexander Huber säger nej.", "Mikael Ohlsson är koncernchef för Ikea."]
    docs = list(nlp.pipe(texts, n_process=2))
    assert [(r.person, r.title, r.organisation) for d in docs for r in d._.roles] == [
        ("Alexander Huber", "vd", "Tuifly"),
        ("Mikael Ohlsson", "koncernchef", "Ikea"),
    ]


# Constructions found on tests/fixtures/roles-klintan-dev.jsonl (klintan sentences outside roles-dev) and the
# development slice of roles-dev.


def test_organisation_named_by_a_nominalised_adjective(roles):
    text = (
        "87-åriga Thatcher var partiledare för de konservativa och Storbritanniens hittills enda kvinnliga "
        "premiärminister under åren 1979 – 1990."
    )
    assert ("Thatcher", "partiledare", "de konservativa", None) in roles(text)


# Constructions found on tests/fixtures/roles-klintan-dev2.jsonl (more klintan sentences outside roles-dev and
# roles-klintan-dev, annotated before the system was run on them).


def test_inverted_copula_with_the_title_first(roles):
    text = "Programledare blir journalisten Natalia Kazmierska, känd krönikör och kulturskribent."
    assert {("Natalia Kazmierska", "programledare", None, None), ("Natalia Kazmierska", "journalisten", None, None)} <= roles(text)


def test_coordinated_titles_in_the_apposition_after_the_name(roles):
    text = "Programledare blir journalisten Natalia Kazmierska, känd krönikör och kulturskribent."
    assert {("Natalia Kazmierska", "känd krönikör", None, None), ("Natalia Kazmierska", "kulturskribent", None, None)} <= roles(text)


# Constructions found on tests/fixtures/roles-other-dev.jsonl (FLORES-101 and Talbanken sentences, CC BY-SA 4.0).


def test_a_som_title_after_another_name_is_not_the_subjects(roles):
    text = (
        "Peter Costello, australiensisk finansminister och den man som mest sannolikt tar över premiärminister "
        "John Howards post som ledare för det liberala partiet, har tagit ställning för en kärnenergiindustri i Australien."
    )
    assert ("Peter Costello", "ledare", None, None) not in roles(text)
    assert ("Peter Costello", "australiensisk finansminister", None, None) in roles(text)


def test_a_compound_on_a_long_lexicon_title_is_a_title(roles):
    text = (
        "Den 28 juni dödades marskalk Italo Balbo, generalguvernör i Libyen och den troliga efterträdaren till "
        "Mussolini, av ett vådaskott under landning i Tobruk."
    )
    assert ("Italo Balbo", "generalguvernör", "Libyen", None) in roles(text)


def test_a_gazetteer_name_ending_on_its_own_s_keeps_it_as_genitive_and_organisation():
    # names as the klintan corpus writes them: "Åklagaren i Borås" (sentence 907), "gav Brynäs ledningen" (3797);
    # no sentence there puts them after a title, so the rule is checked on the name itself
    assert base_name("Borås", set()) == "Borås"
    assert base_name("Brynäs", set()) == "Brynäs"
    assert base_name("Tuiflys", set()) == "Tuifly"


def test_a_title_joins_the_given_name_the_ner_split_from_the_surname(roles):
    # tests/fixtures/roles-klintan-dev2.jsonl: the NER reads "Per" as a place and "Sandström" as a person
    text = "En av Melsungens stora segerorganisatörer var svenske målvakten Per Sandström."
    assert {(p, t) for p, t, _, _ in roles(text)} == {("Per Sandström", "svenske målvakten")}


def roles_after_ner_errors(nlp, text: str, entities: list[tuple[str, str]]) -> set[tuple]:
    """Roles read with the NER's entities replaced by `entities` ((words, label) in text order): the
    mistakes a NER that never saw the sentence makes, which the shipped NER, trained on it, does not."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == "ner":
            spans, at = [], 0
            for words, label in entities:
                start = text.index(words, at)
                spans.append(doc.char_span(start, start + len(words), label=label))
                at = start + len(words)
            doc.ents = spans
    return {(r.person, r.title, r.organisation, r.party) for r in doc._.roles}


def test_a_title_and_name_the_ner_read_as_one_organisation_are_a_titled_person(nlp):
    # tests/fixtures/roles-klintan-dev.jsonl line 46
    text = "President Muhammad Mursi har anklagats för att ha hastat fram en ofärdig författning."
    assert roles_after_ner_errors(nlp, text, [("President Muhammad Mursi", "ORG")]) == {
        ("Muhammad Mursi", "president", None, None)
    }


def test_a_title_names_the_one_word_the_ner_took_for_an_organisation_unless_it_follows_a_comma(nlp):
    # tests/fixtures/roles-klintan-dev2.jsonl line 104
    text = "Danmarks drottning Margrethe II varnade i sitt nyårstal för sociala mediers påverkan på mänskliga relationer."
    assert roles_after_ner_errors(nlp, text, [("Danmarks", "LOC"), ("Margrethe", "ORG")]) == {
        ("Margrethe II", "drottning", "Danmark", None)
    }
    text = "Det säger Anna Berg, kommunikatör Sweco, till tidningen."
    assert roles_after_ner_errors(nlp, text, [("Anna Berg", "PER"), ("Sweco", "ORG")]) == {
        ("Anna Berg", "kommunikatör", "Sweco", None)
    }


def test_a_genitive_that_the_document_names_as_a_person_is_no_organisation(nlp):
    # tests/fixtures/roles-klintan-dev2.jsonl line 25: the NER leaves the genitive untagged
    text = "Erikssons agent Carlos Carvalho har tidigare uttalat sig om att det inte är självklart att ta jobbet för Eriksson."
    assert roles_after_ner_errors(nlp, text, [("Carlos Carvalho", "PER"), ("Eriksson", "PER")]) == {
        ("Carlos Carvalho", "agent", None, None)
    }


def test_a_name_continues_over_a_lower_case_particle_joined_by_a_hyphen(nlp):
    # tests/fixtures/roles-klintan-dev2.jsonl line 189: the NER calls the name MISC
    text = "Ännu en grupp fogas till Syriens splittrade opposition när den kände oppositionsaktivisten Haytham al-Maleh nu bildar Syriska revolutionsrådet."
    entities = [("Syriens", "LOC"), ("Haytham al-Maleh", "MISC"), ("Syriska revolutionsrådet", "ORG")]
    assert roles_after_ner_errors(nlp, text, entities) == {("Haytham al-Maleh", "kände oppositionsaktivisten", None, None)}


def test_a_politician_before_a_party_marker_whatever_the_ner_called_the_name(nlp):
    # our sentence; a NER that never saw it tags "Ilmar Reepalu" ORG
    text = "Kommunalrådet Ilmar Reepalu (S) i Malmö avgår."
    assert roles_after_ner_errors(nlp, text, [("Ilmar Reepalu", "ORG"), ("Malmö", "LOC")]) == {
        ("Ilmar Reepalu", "kommunalrådet", None, "S")
    }


def test_a_surname_the_ner_called_an_organisation_continues_the_name_after_a_title(nlp):
    # the "Kungsvåningens fastighetsutvecklare Mi Sundquist", in a sentence of ours
    text = "Kungsvåningens fastighetsutvecklare Mi Sundquist säger att centrumet ska rustas upp."
    assert roles_after_ner_errors(nlp, text, [("Sundquist", "ORG")]) == {("Mi Sundquist", "fastighetsutvecklare", None, None)}


def test_a_party_genitive_the_ner_ran_into_the_name_is_the_party(nlp):
    # our sentence
    text = "Folkpartiets Jan Björklund är utbildningsminister."
    assert roles_after_ner_errors(nlp, text, [("Folkpartiets Jan Björklund", "PER")]) == {
        ("Jan Björklund", "utbildningsminister", None, "L")
    }


def test_a_second_predicative_title_after_och_with_its_own_genitive_organisation(roles):
    # roles-dev.jsonl line 27
    text = "87-åriga Thatcher var partiledare för de konservativa och Storbritanniens hittills enda kvinnliga premiärminister under åren 1979 – 1990."
    assert {(p, t.split()[-1], o) for p, t, o, _ in roles(text)} == {
        ("Thatcher", "partiledare", "de konservativa"),
        ("Thatcher", "premiärminister", "Storbritannien"),
    }


def test_a_name_with_an_apostrophe_and_a_name_ending_on_s_before_a_verb_of_saying(roles):
    # FLORES-101 dev (Swedish side), outside roles-other-dev
    text = "Chefinspektör David O'Shannessy vid RSPCA New South Wales berättade för ABC att övervakning bör vara standard."
    assert {(p, t) for p, t, _, _ in roles(text)} == {("David O'Shannessy", "chefinspektör")}
    text = 'Brandkapten Scott Kouns sade, "Det var en het dag i Santa Clara med temperaturer runt 90 grader."'
    assert roles(text) == {("Scott Kouns", "brandkapten", None, None)}


def test_a_name_the_ner_missed_before_an_age_and_a_title(roles):
    # our sentences: the NER finds neither "Anna Ek" nor "Per Ek" ("ek" is an oak, "per" a preposition)
    assert roles("Anna Ek, 52, kommunalråd (S) i Huddinge, är kritisk.") == {("Anna Ek", "kommunalråd", "Huddinge", "S")}
    assert {(p, t) for p, t, _, _ in roles("Per Ek, 61 år, kommunalråd för Moderaterna i Solna, vill sänka skatten.")} == {
        ("Per Ek", "kommunalråd")
    }


def test_a_founder_of_an_organisation_and_an_award_is_no_title(roles):
    # tests/fixtures/roles-written-dev.jsonl
    text = "Maria Lindgren, vd och grundare av betaltjänstbolaget Sendly, säger att expansionen skjuts upp."
    assert {(p, t, o) for p, t, o, _ in roles(text)} == {
        ("Maria Lindgren", "vd", "betaltjänstbolaget Sendly"),
        ("Maria Lindgren", "grundare", "betaltjänstbolaget Sendly"),
    }
    assert {t for _, t, _, _ in roles("ICA-handlaren Bengt Stridh har utsetts till årets handlare.")} == {"ica-handlaren"}


def test_a_named_employer_after_a_titled_name_without_a_comma(roles):
    # tests/fixtures/roles-written-dev2.jsonl; roles-klintan-dev2.jsonl for the medium one speaks on
    assert roles("Chefredaktören Anders Kjell på Norran försvarar beslutet att publicera mannens namn.") == {
        ("Anders Kjell", "chefredaktören", "Norran", None)
    }
    text = "Whitney Houston var den största sångerska jag någonsin har hört, skrev den amerikanske sångaren Tony Bennett på mikrobloggen Twitter."
    assert ("Tony Bennett", "amerikanske sångaren", None, None) in roles(text)



# Model version 2's NER errors on the development sets, replayed: (behaviour, source, text, entities, roles found)
VERSION_2_NER_ERRORS = [
    ("a full name the NER called an organisation right after a title is the titled person",
     "roles-klintan-dev4.jsonl line 650",
     "Det hände inget ens under den dryga halvtimmen då ordinarie Syrianskamålvakten Dwayne Mill...",
     [("Dwayne Mill", "ORG")],
     {("Dwayne Mill", "ordinarie syrianskamålvakten", "Syrianska", None)}),
    ("a full name the NER called an organisation before a comma and a title is the person",
     "roles-other-dev.jsonl line 21: the labels of the person and the foundation swapped",
     "Leslie Aun, talesperson för Komen Foundation, sa att organisationen antagit en ny regel.",
     [("Leslie Aun", "ORG"), ("Komen Foundation", "PER")],
     {("Leslie Aun", "talesperson", "Komen Foundation", None)}),
    ("an organisation after a preposition before a comma and a title stays an organisation",
     "roles-written-dev.jsonl line 62: 'Svenska Spel, blir ny ordförande' names no person",
     "Linda Persson, tidigare vd för Svenska Spel, blir ny ordförande i Svensk Handel.",
     [("Linda Persson", "PER"), ("Svenska Spel", "ORG"), ("Svensk Handel", "ORG")],
     {("Linda Persson", "tidigare vd", "Svenska Spel", None), ("Linda Persson", "ny ordförande", "Svensk Handel", None)}),
    ("a genitive ending on an organisation word is the organisation whatever the NER called it",
     "roles-written-dev2.jsonl line 99",
     "Deutsche Banks chefsekonom Thomas Krüger räknar med att euron försvagas under hösten.",
     [("Deutsche Banks", "PER"), ("Thomas Krüger", "PER")],
     {("Thomas Krüger", "chefsekonom", "Deutsche Bank", None)}),
    ("a one-word genitive in an apposition after a name owns the title",
     "roles-other-dev.jsonl line 14",
     "Det kommer att lysa upp himlen, sa Tom Duxbury, Stardusts projektledare.",
     [("Tom Duxbury", "PER"), ("Stardusts", "PER")],
     {("Tom Duxbury", "projektledare", "Stardust", None)}),
    ("a common noun for a kind of body before the name is no part of the organisation",
     "roles-written-dev2.jsonl line 34",
     "Appföretaget Bytes grundare och vd Oskar Lind har tagit in 40 miljoner kronor från två riskkapitalbolag.",
     [("Appföretaget Bytes", "ORG"), ("Oskar Lind", "PER")],
     {("Oskar Lind", "grundare", "Byte", None), ("Oskar Lind", "vd", "Byte", None)}),
]


@pytest.mark.parametrize(
    ("behaviour", "source", "text", "entities", "found"), VERSION_2_NER_ERRORS, ids=[case[0].replace(" ", "_") for case in VERSION_2_NER_ERRORS]
)
def test_roles_after_a_ner_error_of_model_version_2(nlp, behaviour, source, text, entities, found):
    assert roles_after_ner_errors(nlp, text, entities) == found, f"tests/fixtures/{source}"
