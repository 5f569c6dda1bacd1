"""Every construction in pipeline/data/roles/constructions.jsonl finds what its entry says on its example
sentence, read from a hand-built Doc (words, tags, morphology, dependencies, entities as the shipped model
gave them once, frozen in tests/fixtures/role-construction-docs.jsonl), so retraining the statistical
model cannot break these tests; its pattern, as written in the data file and as the engine compiles
it, matches there around the person; and switched off by id, it reads nothing there. The component
is configured, saved and loaded like the model's other components."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

from pipeline.config import model_path
from pipeline.roles import facts
from pipeline.roles.component import COMPONENT, RoleExtractor
from pipeline.roles.engine import PERSON, Patterns
from pipeline.roles.people import known_names, person_name, person_spans
from pipeline.roles.rules import constructions, rule_ids
from pipeline.roles.tokens import definiteness, is_definite_noun, sentences

FROZEN = Path(__file__).parent / "fixtures" / "role-construction-docs.jsonl"  # scripts/freeze_role_construction_docs.py
DOCS = {entry["id"]: entry for entry in map(json.loads, FROZEN.read_text(encoding="utf-8").splitlines())}


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("sv").vocab


def hand_built(vocab, rule: str) -> Doc:
    d = DOCS[rule]
    return Doc(vocab, words=d["words"], spaces=d["spaces"], pos=d["pos"], morphs=d["morphs"], deps=d["deps"], heads=d["heads"], ents=d["ents"])


def found(doc: Doc, disabled: frozenset[str] = frozenset()) -> set[tuple]:
    extractor = RoleExtractor(disabled=disabled).from_disk(model_path() / COMPONENT)
    doc = extractor(doc)
    return {(r.person, r.title, r.organisation, r.party, tuple(rules)) for r, rules in zip(doc._.roles, doc._.role_rules)}


def annotated(vocab, rule: str) -> tuple[Doc, list, list]:
    """The example's hand-built Doc with the token facts written, its people and its sentences."""
    doc = hand_built(vocab, rule)
    people, sents = person_spans(doc), sentences(doc)
    facts.annotate(doc, people, sents, known_names(doc), RoleExtractor().from_disk(model_path() / COMPONENT).organisations)
    return doc, people, sents


@pytest.mark.parametrize("entry", constructions(), ids=rule_ids())
def test_each_construction_finds_its_example_and_reads_nothing_when_switched_off(vocab, entry):
    finds = tuple(entry["finds"].values())
    assert any(f[:4] == finds and entry["id"] in f[4] for f in found(hand_built(vocab, entry["id"])))
    switched_off = found(hand_built(vocab, entry["id"]), disabled=frozenset({entry["id"]}))
    assert all(f[:4] != finds and entry["id"] not in f[4] for f in switched_off)


@pytest.mark.parametrize("entry", constructions(), ids=rule_ids())
def test_each_construction_pattern_matches_its_example_around_the_person(vocab, entry):
    doc, people, sents = annotated(vocab, entry["id"])
    person = next(p for p in people if person_name(p) == entry["finds"]["person"])
    as_written = Matcher(vocab, validate=True)
    as_written.add(entry["id"], [entry["pattern"]])
    assert as_written(doc)  # the pattern reads the token facts as the data file writes it
    matches = Patterns(vocab).find(doc, sents, people)[person.start][entry["id"]]
    assert matches and all(set(m.slots) <= set(entry["slots"]) and m.slots[PERSON] for m in matches)


@pytest.mark.parametrize("entry", constructions(), ids=rule_ids())
def test_each_construction_pattern_is_valid_with_one_named_slot_per_token_and_a_person(vocab, entry):
    Matcher(vocab, validate=True).add(entry["id"], [entry["pattern"]])  # raises on an invalid pattern
    assert len(entry["slots"]) == len(entry["pattern"]) and PERSON in entry["slots"]
    assert entry["group"] in (None, "before", "predicative", "fronted")


def test_a_construction_switched_off_is_left_out_of_the_patterns(vocab):
    doc, people, sents = annotated(vocab, "copula")
    assert "copula" in Patterns(vocab).find(doc, sents, people)[people[0].start]
    assert "copula" not in Patterns(vocab, disabled={"copula"}).find(doc, sents, people)[people[0].start]


def test_every_construction_has_an_example_doc_and_every_reader_an_entry():
    assert sorted(DOCS) == sorted(rule_ids())


def test_an_unknown_construction_id_in_the_config_is_a_clear_error():
    with pytest.raises(ValueError, match="no construction with the id no_such_rule"):
        spacy.blank("sv").add_pipe(COMPONENT, config={"disabled": ["no_such_rule"]})


def test_a_construction_switched_off_in_the_config_stays_off_after_saving_and_loading(tmp_path, vocab):
    nlp = spacy.blank("sv")
    nlp.add_pipe("entity_ruler")
    nlp.add_pipe(COMPONENT, config={"disabled": ["copula"]})
    nlp.config["initialize"]["components"]["entity_ruler"] = {"patterns": [{"label": "ORG", "pattern": "Tuifly"}]}
    nlp.initialize()  # as `spacy assemble` does with training/assemble.cfg
    assert nlp.get_pipe(COMPONENT).gazetteer == {"Tuifly"}  # taken from the entity ruler before it
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    extractor = loaded.get_pipe(COMPONENT)
    assert (extractor.disabled, extractor.gazetteer) == ({"copula"}, {"Tuifly"})
    assert (tmp_path / "model" / COMPONENT / "organisations.json").is_file()


def test_the_shipped_model_holds_the_role_extractor_last():
    config = (model_path() / "config.cfg").read_text(encoding="utf-8")
    assert '"parser", "role_extractor"]' in config
    assert json.loads((model_path() / COMPONENT / "organisations.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("rule", "word", "fact", "value"),
    [
        ("title_before_name", "Tuiflys", "role_genitive", True),
        ("title_before_name", "vd", "role_word", True),
        ("title_before_name", "Alexander", "role_person_start", True),
        ("title_before_name", "Alexander", "role_person_end", False),
        ("title_before_name", "Huber", "role_person_end", True),
        ("title_before_name", "Huber", "role_in_person", True),
        ("title_before_name", "säger", "role_in_person", False),
        ("party_before_name", "Folkpartiets", "role_party", "L"),
        ("party_before_name", "säger", "role_party", ""),
        ("appointment", "till", "role_class", ("appointment_prepositions", "title_complement_prepositions")),
        ("title_before_comma", "Ericsson", "role_known_organisation", True),
        ("title_before_comma", "beslutet", "role_definite", True),
        ("title_before_comma", "beslutet", "role_word", False),
    ],
)
def test_the_token_facts_of_an_example(vocab, rule, word, fact, value):
    doc, _, _ = annotated(vocab, rule)
    assert next(t for t in doc if t.text == word)._.get(fact) == value


@pytest.mark.parametrize(
    ("word", "fact", "classes", "value"),
    [
        ("vd", "role_word", (), True),
        ("Säpochefen", "role_word", (), True),
        ("beslutet", "role_word", (), False),
        ("är", "role_class", ("copulas",), True),
        ("Är", "role_class", ("copulas",), True),
        ("och", "role_class", ("copulas",), False),
        ("och", "role_class", ("coordinators",), True),
        ("blev", "role_class", ("copulas", "perfect_copulas", "infinitive_copulas"), True),
    ],
)
def test_a_word_fact_as_a_lexeme_flag_says_what_its_extension_says(word, fact, classes, value):
    vocab = spacy.blank("sv").vocab
    doc = Doc(vocab, words=["Det", word])
    flag = facts.word_flag(vocab, fact, classes)  # set on the lexemes the vocabulary holds already
    later = Doc(vocab, words=[word + "x", word])[1]  # and on those it makes from now on
    extension = doc[1]._.role_word if fact == "role_word" else bool(set(doc[1]._.role_class) & set(classes))
    assert doc[1].check_flag(flag) == later.check_flag(flag) == extension == value


def test_a_word_flag_is_set_once_per_vocabulary_and_travels_with_it():
    vocab = spacy.blank("sv").vocab
    copulas = facts.word_flag(vocab, "role_class", ("copulas",))
    assert facts.word_flag(vocab, "role_class", ("copulas",)) == copulas
    assert facts.word_flag(vocab, "role_word") != copulas
    copied = pickle.loads(pickle.dumps(vocab))  # as nlp.pipe(n_process=...) hands the pipeline to a worker
    assert Doc(copied, words=["Hon", "är", "vd"])[1].check_flag(copulas)
    assert facts.word_flag(copied, "role_class", ("copulas",)) == copulas


@pytest.mark.parametrize("word, lemma, morph, definite", [
    # a morphologizer trained with the floret vectors read both as indefinite; the lemma says otherwise
    ("forskaren", "forskar", "Definite=Ind", True),
    ("byggnadsnämnden", "byggnadsnämnd", "Definite=Ind", True),
    ("kommunen", "kommun", "Definite=Def", True),
    ("examen", "examen", "Definite=Ind", False),
    ("forskare", "forskare", "Definite=Ind", False),
    ("forskaren", "forskaren", "Definite=Ind", False),
])
def test_a_noun_is_definite_by_its_feature_or_by_its_lemma_and_a_definite_ending(word, lemma, morph, definite):
    doc = Doc(spacy.blank("sv").vocab, words=[word], pos=["NOUN"], morphs=[morph], lemmas=[lemma])
    assert (definiteness(doc[0]), is_definite_noun(doc[0])) == (definite, definite)
