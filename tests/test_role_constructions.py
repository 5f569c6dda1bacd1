"""Every construction in pipeline/data/roles/constructions.jsonl finds what its entry says on its example
sentence, read from a hand-built Doc (words, tags, morphology, dependencies, entities as the shipped model
gave them once, frozen in tests/fixtures/role-construction-docs.jsonl), so retraining the statistical
model cannot break these tests; and switched off by id, it finds nothing there. The component is
configured, saved and loaded like the model's other components."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.config import model_path
from pipeline.roles.component import COMPONENT, RoleExtractor
from pipeline.roles.rules import constructions, rule_ids

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


@pytest.mark.parametrize("entry", constructions(), ids=rule_ids())
def test_each_construction_finds_its_example_and_nothing_there_when_switched_off(vocab, entry):
    finds = tuple(entry["finds"].values())
    assert any(f[:4] == finds and entry["id"] in f[4] for f in found(hand_built(vocab, entry["id"])))
    assert all(f[:4] != finds for f in found(hand_built(vocab, entry["id"]), disabled=frozenset({entry["id"]})))


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
