"""The party-abbreviation guard shipped in the model."""

import spacy


def nlp_tagging_every_party_letter_as_org():
    nlp = spacy.blank("sv")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "ORG", "pattern": p} for p in ("M", "SD", "FN")])
    nlp.add_pipe("party_abbreviation_guard").initialize(abbreviations=["M", "SD", "S"])
    return nlp


def test_bracketed_party_abbreviation_is_never_an_entity():
    doc = nlp_tagging_every_party_letter_as_org()("Stina Lundgren, (M) kommunstyrelsens ordförande, och Per Ek (SD).")
    assert doc.ents == ()


def test_party_named_in_running_text_and_other_bracketed_abbreviations_stay_entities():
    doc = nlp_tagging_every_party_letter_as_org()("SD ökar enligt Förenta nationerna (FN).")
    assert [(e.text, e.label_) for e in doc.ents] == [("SD", "ORG"), ("FN", "ORG")]


def test_guard_keeps_its_abbreviations_when_saved_and_loaded(tmp_path):
    nlp_tagging_every_party_letter_as_org().to_disk(tmp_path / "model")
    assert spacy.load(tmp_path / "model").get_pipe("party_abbreviation_guard").abbreviations == {"M", "SD", "S"}
