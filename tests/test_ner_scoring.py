"""NER scoring: spaCy's figures, the gold counts behind them and their bootstrap intervals."""

import spacy
from spacy.tokens import Doc

from pipeline.evaluation.nlp import format_ner, score_ner


def gold_doc(nlp, text: str, entities: list[tuple[str, str]]) -> Doc:
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(text.index(name), text.index(name) + len(name), label=label) for name, label in entities]
    return doc


def nlp_finding(entities: list[tuple[str, str]]):
    nlp = spacy.blank("sv")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": label, "pattern": text} for text, label in entities])
    return nlp


def test_scores_count_gold_entities_and_bound_f_by_a_bootstrap_interval():
    nlp = nlp_finding([("Ikea", "ORG"), ("Anna Ek", "PER")])
    gold = [
        gold_doc(nlp, "Anna Ek leder Ikea.", [("Anna Ek", "PER"), ("Ikea", "ORG")]),
        gold_doc(nlp, "Ikea köper Ericsson.", [("Ikea", "ORG"), ("Ericsson", "ORG")]),
    ]
    scores = score_ner(nlp, gold)
    assert (scores.precision, scores.recall) == (1.0, 0.75)
    assert scores.support == {"overall": 4, "ORG": 3, "PER": 1}
    low, high = scores.intervals["overall"]
    assert low <= scores.f <= high
    assert scores.intervals["PER"] == (0.0, 1.0)  # resamples without the PER document score 0
    assert format_ner(scores)[0].endswith("(95% CI " + f"{low:.3f}-{high:.3f}, gold 4)")


def test_identical_documents_give_an_interval_of_one_point():
    nlp = nlp_finding([("Ikea", "ORG")])
    gold = [gold_doc(nlp, "Ikea köper Ericsson.", [("Ikea", "ORG"), ("Ericsson", "ORG")])] * 3
    scores = score_ner(nlp, gold)
    assert scores.intervals["ORG"] == (scores.f, scores.f)
