"""NER scoring: spaCy's figures, the gold counts behind them and their bootstrap intervals."""

import json

import spacy
from spacy.tokens import Doc

from pipeline.evaluation.nlp import WRITTEN_SET, format_ner, score_ner, written_docs


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


def test_a_corpus_without_misc_ignores_misc_predictions_and_predictions_over_unknown_tokens():
    # UNER-style gold: PER/ORG/LOC only, "Nobelpriset" unknown (spaCy's missing value)
    nlp = nlp_finding([("Volvo", "ORG"), ("Nobelpriset", "ORG"), ("Göteborg", "MISC")])
    gold = nlp.make_doc("Volvo i Göteborg fick Nobelpriset.")
    gold.set_ents([gold.char_span(0, 5, label="ORG"), gold.char_span(8, 16, label="LOC")], missing=[gold[4:5]])
    scores = score_ner(nlp, [gold], labels={"PER", "ORG", "LOC"})
    assert (scores.precision, scores.recall) == (1.0, 0.5)
    assert scores.support == {"overall": 2, "ORG": 1, "LOC": 1}
    assert scores.intervals["ORG"] == (1.0, 1.0)


def test_written_sentences_read_as_gold_documents_of_ten_with_character_offset_entities():
    nlp = spacy.blank("sv")
    docs = written_docs(nlp)
    sentences = [json.loads(line) for line in WRITTEN_SET.read_text(encoding="utf-8").splitlines()]
    assert len(sentences) >= 150 and len(docs) == -(-len(sentences) // 10)
    assert sum(len(doc.ents) for doc in docs) == sum(len(s["entities"]) for s in sentences)
    assert [(e.text, e.label_) for e in docs[0].ents][:3] == [("Volodymyr Zelenskyj", "PER"), ("Bryssel", "LOC"), ("EU:s", "ORG")]
