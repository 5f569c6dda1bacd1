"""The article summary (people, organisations, places) reads what the role component worked out."""

from __future__ import annotations

from pipeline import nlp as pipeline_nlp
from pipeline import roles
from tests.conftest import read_articles, run_pipeline


def test_the_summary_reads_the_spans_sentences_and_names_the_role_component_worked_out(nlp, sample_text):
    doc = nlp(sample_text)
    spans = roles.person_spans(doc)
    assert doc._.role_people == [[span.start, span.end] for span in spans]
    assert doc._.role_sentences == [[sent.start, sent.end] for sent in roles.sentences(doc)]
    assert set(doc._.role_known) == roles.known_names(doc)
    people, _, _ = roles.summarise(doc, pipeline_nlp.entities(doc))
    assert sum(person.mentions for person in people) == len(spans) > 0


def test_the_summary_is_the_same_after_a_multiprocess_pipe(nlp):
    texts = ["Tuiflys vd Alexander Huber säger nej till Ikea.", "Mikael Ohlsson är koncernchef för Ikea i Botkyrka."]
    name = pipeline_nlp.model_name(nlp)
    in_process = [pipeline_nlp.analyse(doc, name) for doc in nlp.pipe(texts)]
    assert [pipeline_nlp.analyse(doc, name) for doc in nlp.pipe(texts, n_process=2)] == in_process


def names_of(nlp, text: str) -> list[tuple[str, int]]:
    """Organisations, then places, with their mention counts."""
    _, organisations, places = roles.summarise(doc := nlp(text), pipeline_nlp.entities(doc))
    return [(n.name, n.mentions) for n in (*organisations, *places)]


def test_a_name_written_in_two_cases_is_one_name_counted_twice(nlp):
    # The sample article, paragraphs 5 and 8.
    text = (
        "Fittja Centrum har under många år haft problem med kriminalitet. "
        "Miljön i och kring Fittja centrum upplevdes länge som otrygg även av handlarna."
    )
    assert [n for name, n in names_of(nlp, text) if name.casefold() == "fittja centrum"] == [2]


def test_a_country_in_the_genitive_is_counted_under_its_own_name(nlp):
    # The sample article, paragraph 2.
    text = "Trygghetsfrågor står högt på agendan, inte bara för politiker utan även för Sveriges alla kommuner."
    _, _, places = roles.summarise(doc := nlp(text), pipeline_nlp.entities(doc))
    assert [(p.name, p.mentions) for p in places] == [("Sverige", 1)]


def test_a_one_word_person_without_a_role_that_names_a_place_elsewhere_is_only_a_place(tmp_path):
    # Our sentence: the NER takes the second "Molde" for a person, the first for a place.
    corpus, out = tmp_path / "corpora", tmp_path / "outputs"
    corpus.mkdir()
    (corpus / "molde.txt").write_text(
        "Matchen spelades i Molde i söndags inför en stor publik. "
        "Molde vann med 2–1 och leder nu serien med tre poäng före Rosenborg.\n",
        encoding="utf-8",
    )
    result = run_pipeline("run", str(corpus), "--out", str(out))
    assert result.returncode == 0, result.stderr
    (article,) = read_articles(out).values()
    assert [p["name"] for p in article["people"]] == []
    assert "Molde" in {p["name"] for p in article["places"]}
