"""Reading token-per-line NER files, carving contiguous dev slices, and what the NER trains on."""

import json
import sys
from pathlib import Path

import spacy

from pipeline.evaluation.corpora import (
    KLINTAN,
    ROLE_GOLD,
    entity_spans,
    klintan_split,
    letters,
    ner_training_sentences,
    read_tagged_sentences,
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
