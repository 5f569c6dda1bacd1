"""Reading token-per-line NER files, carving contiguous dev slices, and what the NER trains on."""

import json
import sys
from collections import Counter
from pathlib import Path

import pytest
import spacy

from pipeline.evaluation.corpora import (
    KLINTAN,
    ROLE_GOLD,
    TaggedSentence,
    annotated_labels,
    entity_spans,
    klintan_split,
    letters,
    map_tags,
    ner_training_sentences,
    read_tagged_sentences,
    read_uner_sentences,
    sentences_to_docs,
    split_point,
)


def test_io_tags_join_neighbouring_tokens_of_one_label_into_one_entity():
    assert entity_spans(["PER", "PER", "0", "0", "ORG", "LOC"]) == [(0, 2, "PER"), (4, 5, "ORG"), (5, 6, "LOC")]


def test_iob_tags_start_a_new_entity_at_every_b_prefix():
    assert entity_spans(["B-PER", "I-PER", "B-PER", "O", "I-ORG"]) == [(0, 2, "PER"), (2, 3, "PER"), (4, 5, "ORG")]


def test_tab_space_and_conll_columns_all_read_as_token_then_tag(tmp_path: Path):
    source = tmp_path / "gold.txt"
    source.write_text(
        "-DOCSTART- -X- O O\n\nGunhild\tPER\nWestman   PER\n,\t0\n\nEU NNP B-NP B-ORG\nväxer VB B-VP O\n",
        encoding="utf-8",
    )
    sentences = read_tagged_sentences(source)
    assert [s.words for s in sentences] == [["Gunhild", "Westman", ","], ["EU", "växer"]]
    assert [s.tags for s in sentences] == [["PER", "PER", "0"], ["B-ORG", "O"]]


def test_docs_keep_entities_and_read_like_news_text(tmp_path: Path):
    source = tmp_path / "gold.txt"
    source.write_text("Stina\tPER\nLundgren\tPER\n(\t0\nM\t0\n)\t0\ntalade\t0\n.\t0\n\nHon\t0\nlog\t0\n.\t0\n", encoding="utf-8")
    (doc,) = sentences_to_docs(spacy.blank("sv").vocab, read_tagged_sentences(source), sentences_per_doc=10)
    assert doc.text == "Stina Lundgren (M) talade. Hon log."
    assert [(e.text, e.label_) for e in doc.ents] == [("Stina Lundgren", "PER")]
    assert [s.text for s in doc.sents] == ["Stina Lundgren (M) talade.", "Hon log."]


def test_dev_slice_is_the_last_tenth_of_the_sentences():
    assert split_point(6774) == 6097
    assert split_point(1723) == 1551


def test_ner_training_leaves_out_the_sentences_of_the_role_gold_set(tmp_path: Path):
    sentences = [f"Anna\tPER\nEk{n}\tPER\nleder\t0\nIkea\tORG\n.\t0\n" for n in range(20)]
    (tmp_path / KLINTAN).parent.mkdir(parents=True)
    (tmp_path / KLINTAN).write_text("\n".join(sentences), encoding="utf-8")
    (tmp_path / ROLE_GOLD).parent.mkdir(parents=True)
    gold = [{"id": "r1", "text": "Anna Ek3 leder Ikea.", "assertions": []}]
    (tmp_path / ROLE_GOLD).write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    train, dev = klintan_split(tmp_path)
    kept = ner_training_sentences(tmp_path)
    assert [s.words[1] for s in dev] == ["Ek18", "Ek19"]
    assert [s.words[1] for s in kept] == [s.words[1] for s in train if s.words[1] != "Ek3"] and len(kept) == 17


def test_role_folds_split_the_klintan_role_sets_in_two_and_each_fold_ner_trains_without_its_half(shared_corpora):
    # training/role_folds.py: the role sets scored with NERs that never saw their sentences
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
    from role_folds import ROLE_SETS, folds

    halves = folds(shared_corpora)
    every = {letters(json.loads(line)["text"]) for path in ROLE_SETS for line in path.open(encoding="utf-8")}
    train, _ = klintan_split(shared_corpora)
    first_half = {letters("".join(s.words)) for s in train[: len(train) // 2]}
    assert halves["A"] and halves["B"] and halves["A"] | halves["B"] == every
    assert halves["A"] <= first_half and not halves["B"] & first_half


# Hand-written lines in each corpus's own format (UNER: idx, token, IOB2, -, annotator; NorNE-sv: token, IOB2).
UNER_LINES = (
    "# sent_id = T1\n# text = Volvo i Göteborg säljer Saab.\n"
    "1\tVolvo\tB-ORG\t-\t-\n2\ti\tO\t-\t-\n3\tGöteborg\tB-LOC\t-\t-\n4\tsäljer\tO\t-\t-\n5\tNobelpriset\tO\t-\t-\n6\t.\tO\t-\t-\n\n"
    "# sent_id = T2\n# text = Kalle Ek läser.\n1\tKalle\tB-PER\t-\t-\n2\tEk\tI-PER\t-\t-\n3\tläser\tO\t-\t-\n"
)
NORNE_LINES = (
    "Oslo-mannen\tB-DRV\nmötte\tO\nErna\tB-PER\nSolberg\tI-PER\ni\tO\nNorge\tB-GPE_LOC\n,\tO\n"
    "Norge\tB-GPE_ORG\nvann\tO\nVM\tB-EVT\nmed\tO\nVolvo\tB-PROD\nfrån\tO\nNTB\tB-ORG\n.\tO\n"
)


@pytest.mark.parametrize(
    ("corpus", "lines", "expected"),
    [
        # NorNE: GPE_LOC and GPE_ORG are places, PROD/EVT/MISC are MISC, a derived word (DRV) is no name.
        ("norne", NORNE_LINES, [[("Erna Solberg", "PER"), ("Norge", "LOC"), ("Norge", "LOC"), ("VM", "MISC"), ("Volvo", "MISC"), ("NTB", "ORG")]]),
        # UNER keeps its PER/ORG/LOC.
        ("uner", UNER_LINES, [[("Volvo", "ORG"), ("Göteborg", "LOC")], [("Kalle Ek", "PER")]]),
    ],
)
def test_corpus_tags_map_onto_the_model_labels_through_one_table(tmp_path: Path, corpus, lines, expected):
    source = tmp_path / "gold.txt"
    source.write_text(lines, encoding="utf-8")
    read = read_uner_sentences if corpus == "uner" else read_tagged_sentences
    docs = sentences_to_docs(spacy.blank("sv").vocab, [map_tags(corpus, s) for s in read(source)])
    assert [[(e.text, e.label_) for e in doc.ents] for doc in docs] == expected


def test_a_corpus_without_misc_leaves_capitalised_words_inside_a_sentence_unknown_not_outside(tmp_path: Path):
    source = tmp_path / "uner.iob2"
    source.write_text(UNER_LINES, encoding="utf-8")
    (doc, _) = sentences_to_docs(spacy.blank("sv").vocab, [map_tags("uner", s) for s in read_uner_sentences(source)])
    # "Nobelpriset" may be a MISC name UNER does not annotate: spaCy's missing value (""), neither entity nor outside.
    assert [(t.text, t.ent_iob_) for t in doc] == [
        ("Volvo", "B"), ("i", "O"), ("Göteborg", "B"), ("säljer", "O"), ("Nobelpriset", ""), (".", "O"),
    ]
    assert annotated_labels("uner") == {"PER", "ORG", "LOC"} and annotated_labels("norne") == {"PER", "ORG", "LOC", "MISC"}


def test_a_tag_missing_from_the_label_table_is_an_error_not_a_silent_outside():
    with pytest.raises(ValueError, match="B-PERSON"):
        map_tags("uner", TaggedSentence(["Kalle"], ["B-PERSON"]))


def test_weighted_corpora_give_each_pass_whole_copies_plus_a_fresh_random_share():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
    from weighted_corpora import WeightedCorpora

    reader = WeightedCorpora(Path("unused"), {"klintan": 1.0, "uner": 2.0, "norne": 0.3}, seed=42)
    sizes = {"klintan": 10, "uner": 5, "norne": 100}
    first, second = reader.epoch(sizes), reader.epoch(sizes)
    for picks in (first, second):
        counts = Counter(name for name, _ in picks)
        assert counts == {"klintan": 10, "uner": 10, "norne": 30}
        assert sorted(i for name, i in picks if name == "klintan") == list(range(10))
        assert len({i for name, i in picks if name == "norne"}) == 30
    assert {i for n, i in first if n == "norne"} != {i for n, i in second if n == "norne"}
    assert WeightedCorpora(Path("unused"), reader.weights, seed=42).epoch(sizes) == first


def test_weighted_corpora_reader_yields_examples_from_every_corpus_file(tmp_path: Path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
    from spacy.tokens import DocBin
    from weighted_corpora import WeightedCorpora

    nlp = spacy.blank("sv")
    for name, text in (("klintan", "Anna Ek talar."), ("norne", "Erna Solberg talar.")):
        DocBin(docs=[nlp.make_doc(text)]).to_disk(tmp_path / f"{name}.spacy")
    examples = list(WeightedCorpora(tmp_path, {"klintan": 2.0, "norne": 1.0}, seed=1)(nlp))
    assert sorted(e.reference.text for e in examples) == ["Anna Ek talar.", "Anna Ek talar.", "Erna Solberg talar."]


def test_common_given_names_are_those_fifty_people_go_by_less_ordinary_words_and_places(shared_corpora: Path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
    from gazetteer_patterns import common_given_names

    names = common_given_names(shared_corpora)
    # SCB 2020: Gunhild 2,678 bearers, Sergio 585, Jared 61, Kristen 46; "per", "sten" and "bo" are words
    # in klintan or Talbanken; Nora is a municipality
    assert {"Gunhild", "Sergio", "Jared", "Caroline"} <= names
    assert not {"Kristen", "Per", "Sten", "Bo", "Nora"} & names
