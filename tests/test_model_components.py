"""The rule components shipped in the model (the party-abbreviation guard, the given-name relabelling, place-led names) and its floret table that keeps word vectors."""

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span


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


def nlp_tagging(entities: list[tuple[str, str]]):
    nlp = spacy.blank("sv")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": label, "pattern": text} for text, label in entities])
    nlp.add_pipe("given_name_persons").initialize(given_names=["Hillary", "Anna"])
    return nlp


def test_full_name_starting_with_a_given_name_becomes_a_person():
    doc = nlp_tagging([("Hillary Clinton", "ORG"), ("Anna Karin Berg", "MISC")])("Hillary Clinton och Anna Karin Berg talade.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Hillary Clinton", "PER"), ("Anna Karin Berg", "PER")]


def test_single_words_long_or_lower_case_entities_and_other_first_words_keep_their_label():
    entities = [("Hillary", "ORG"), ("Anna Lindhs minnesfond", "ORG"), ("Anna Lindh Stiftelse Fond", "ORG"), ("Stockholms Stad", "ORG")]
    doc = nlp_tagging(entities)("Hillary, Anna Lindhs minnesfond, Anna Lindh Stiftelse Fond och Stockholms Stad.")
    assert [e.label_ for e in doc.ents] == ["ORG"] * 4


def test_given_names_are_kept_when_saved_and_loaded(tmp_path):
    nlp_tagging([]).to_disk(tmp_path / "model")
    assert spacy.load(tmp_path / "model").get_pipe("given_name_persons").given_names == {"Hillary", "Anna"}


def test_full_name_led_by_a_word_the_document_names_as_a_place_becomes_a_place():
    nlp = spacy.blank("sv")
    entities = [("Fittja", "LOC"), ("Fittja Centrum", "PER"), ("Anna Berg", "PER"), ("Berg", "LOC")]
    nlp.add_pipe("entity_ruler").add_patterns([{"label": label, "pattern": text} for text, label in entities])
    nlp.add_pipe("place_led_names")
    doc = nlp("Vid Fittja Centrum i Fittja talade Anna Berg om Berg.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Fittja Centrum", "LOC"), ("Fittja", "LOC"), ("Anna Berg", "PER"), ("Berg", "LOC"),
    ]


def test_a_short_name_right_after_i_is_a_place_unless_it_is_a_genitive():
    nlp = spacy.blank("sv")
    entities = [("São Paulo", "PER"), ("Carrs", "PER"), ("Marta Suplicy", "PER")]
    nlp.add_pipe("entity_ruler").add_patterns([{"label": label, "pattern": text} for text, label in entities])
    nlp.add_pipe("place_led_names")
    doc = nlp("Borgmästaren i São Paulo, Marta Suplicy, läste rösten i Carrs bok.")
    assert [(e.text, e.label_) for e in doc.ents] == [("São Paulo", "LOC"), ("Marta Suplicy", "PER"), ("Carrs", "PER")]


def test_the_shipped_model_knows_the_curated_given_names_beside_the_learned_ones(nlp):
    # training/gazetteers/given_names.txt joins the names learned from klintan's training part (make model)
    listed = Path(__file__).parents[1] / "training/gazetteers/given_names.txt"
    names = {n for n in listed.read_text(encoding="utf-8").splitlines() if n and not n.startswith("#")}
    known = nlp.get_pipe("given_name_persons").given_names
    assert names <= known and {"Hillary", "Barack"} <= known
    doc = nlp("Enligt Kevin Smithen blir det svårt.")
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "PER"] == [("Kevin Smithen", "PER")]


def test_a_person_the_ner_split_at_a_middle_initial_is_one_name():
    doc = nlp_tagging([("Carl-Johan", "PER"), ("Lind", "PER"), ("Anna", "PER"), ("Berg", "PER")])(
        "Carl-Johan F. Lind, professor i nationalekonomi, och Anna K Berg. Anna Berg och Anna, A. Lind."
    )
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Carl-Johan F. Lind", "PER"), ("Anna K Berg", "PER"), ("Anna", "PER"), ("Berg", "PER"), ("Anna", "PER"), ("Lind", "PER"),
    ]


def test_a_one_word_person_the_tagger_reads_as_a_definite_noun_is_an_organisation():
    # the sample article: model version 2 tags "Kungsvåningen" (a property company) PER; the tagger calls
    # the surname "Jacobsen" a definite noun too (tests/fixtures/roles-klintan-dev2.jsonl line 90), but not the lemmatizer
    nlp = nlp_tagging([("Kungsvåningen", "PER"), ("Jacobsen", "PER")])
    ruler = nlp.add_pipe("attribute_ruler", first=True)
    ruler.add([[{"TEXT": "Kungsvåningen"}]], {"POS": "NOUN", "LEMMA": "Kungsvåning", "MORPH": "Case=Nom|Definite=Def|Gender=Com|Number=Sing"})
    ruler.add([[{"TEXT": "Jacobsen"}]], {"POS": "NOUN", "LEMMA": "Jacobsen", "MORPH": "Case=Nom|Definite=Def|Gender=Com|Number=Sing"})
    doc = nlp("Så Kungsvåningen beslutade sig, sade Jacobsen.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Kungsvåningen", "ORG"), ("Jacobsen", "PER")]


def test_one_word_the_document_names_as_a_place_is_a_place_unless_it_is_a_surname_there():
    # the sample article: model version 2 tags "Fittja" PER in "välkomna till Fittja" and LOC elsewhere
    nlp = spacy.blank("sv")
    entities = [("Fittja", "PER"), ("Fittja", "LOC"), ("Anna Berg", "PER"), ("Berg", "LOC"), ("Berg", "PER")]
    nlp.add_pipe("entity_ruler").add_patterns([{"label": label, "pattern": text} for text, label in entities[:4]])
    nlp.add_pipe("place_led_names")
    doc = nlp.make_doc("Välkomna till Fittja sade Anna Berg om Berg. I Fittja talade Berg.")
    doc.ents = [Span(doc, s, s + n, label=label) for s, n, label in ((2, 1, "PER"), (4, 2, "PER"), (7, 1, "LOC"), (10, 1, "LOC"), (12, 1, "PER"))]
    doc = nlp.get_pipe("place_led_names")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Fittja", "LOC"), ("Anna Berg", "PER"), ("Berg", "LOC"), ("Fittja", "LOC"), ("Berg", "PER"),
    ]


def floret_table(vocab):
    """A small floret table with random rows, shaped as the shipped one (n-grams of 4-5 characters, 2 hashes each)."""
    import numpy
    from spacy.vectors import Vectors

    rows = numpy.random.default_rng(0).standard_normal((1000, 10)).astype("float32")
    return Vectors(strings=vocab.strings, data=rows, mode="floret", minn=4, maxn=5, hash_count=2, hash_seed=0)


@pytest.mark.parametrize(
    ("capacity", "kept_at_the_end"),
    [(10_000, 11), (10, 9), (5, 0)],
    ids=["every-word-kept", "emptied-when-full", "batch-larger-than-the-table"],
)
def test_kept_floret_vectors_are_exactly_the_computed_ones(capacity, kept_at_the_end):
    from pipeline.model_components import CachedFloretVectors

    nlp = spacy.blank("sv")
    table = floret_table(nlp.vocab)
    cached = CachedFloretVectors(table, capacity=capacity)
    first = nlp("Regeringen i Stockholm och Botkyrka kommun möttes i Fittja.")
    second = nlp("Botkyrka kommun och regeringen möttes igen i Stockholm.")
    for doc in (first, second, first):
        keys = doc.to_array("ORTH")
        assert (cached.get_batch(keys) == table.get_batch(keys)).all()
    assert len(cached.kept_rows) == kept_at_the_end


def test_the_shipped_model_loads_with_a_floret_table_that_keeps_word_vectors(nlp):
    from pipeline.model_components import CachedFloretVectors

    assert isinstance(nlp.vocab.vectors, CachedFloretVectors)


def nlp_with_tags(entities: list[tuple[str, str]], tags: dict[str, dict[str, str]]):
    """`nlp_tagging` with the tagger's reading of some words set by an attribute ruler."""
    nlp = nlp_tagging(entities)
    ruler = nlp.add_pipe("attribute_ruler", first=True)
    for word, attributes in tags.items():
        ruler.add([[{"TEXT": word}]], attributes)
    return nlp


@pytest.mark.parametrize(
    "text, tags, expected",
    [
        # width-96 NER (version 3) on roles-dev: the given name opening the sentence is left out
        ("Gunhild Westman, tidigare lektor, anser det.", {"Gunhild": {"POS": "PROPN"}}, [("Gunhild Westman", "PER")]),
        ("Per-Olof Westman sade det.", {"Per-Olof": {"POS": "NOUN"}}, [("Per-Olof Westman", "PER")]),
        ("Carl-Johan F. Westman sade det.", {"F.": {"POS": "PROPN"}}, [("Carl-Johan F. Westman", "PER")]),
        ("Anna Westman sade det.", {"Anna": {"POS": "NOUN"}}, [("Anna Westman", "PER")]),
        # a party member noun, a title, an initialism: no given names
        ("Moderaten Westman sade det.", {"Moderaten": {"POS": "NOUN"}}, [("Westman", "PER")]),
        ("Socialdemokraten Westman sade det.", {"Socialdemokraten": {"POS": "PROPN"}}, [("Westman", "PER")]),
        ("VD Westman sade det.", {"VD": {"POS": "PROPN"}}, [("Westman", "PER")]),
    ],
)
def test_a_person_the_ner_began_late_takes_the_given_name_before_it(text, tags, expected):
    doc = nlp_with_tags([("Westman", "PER")], tags)(text)
    assert [(e.text, e.label_) for e in doc.ents] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bradley Wiggins, den förste brittiske cyklist, vann.", []),
        ("Anna Westman, den förste brittiske cyklist, vann.", [("Anna Westman", "PER")]),
        ("Hillary Clinton och Anna talade.", [("Hillary Clinton", "PER")]),
        ("Hillary sade att Anna 2 vann.", []),
        ("Anna Anna Westman talade.", [("Anna Anna", "PER")]),
    ],
)
def test_a_known_given_name_and_a_title_case_word_the_ner_left_out_are_a_person(text, expected):
    nlp = spacy.blank("sv")
    nlp.add_pipe("given_name_persons").initialize(given_names=["Hillary", "Anna"])
    doc = nlp(text)
    assert [(e.text, e.label_) for e in doc.ents] == expected


@pytest.mark.parametrize(
    "word, tags, label",
    [
        # width-96 NER on roles-dev: the lemmatizer gives no lemma the word starts with
        ("Cullbergbalettens", {"POS": "NOUN", "LEMMA": "Cullbergbalettensma", "MORPH": "Definite=Def"}, "ORG"),
        ("Kungsvåningens", {"POS": "NOUN", "LEMMA": "Kungsvåning", "MORPH": "Definite=Def"}, "ORG"),
        ("Lindgrens", {"POS": "PROPN", "LEMMA": "Lindgren"}, "PER"),
        ("Jacobsens", {"POS": "NOUN", "LEMMA": "Jacobsens", "MORPH": "Definite=Ind"}, "PER"),
    ],
)
def test_a_one_word_person_read_as_a_definite_noun_in_the_genitive_is_an_organisation(word, tags, label):
    doc = nlp_with_tags([(word, "PER")], {word: tags})(f"Eva Grip blir {word} konstnärliga ledare.")
    assert [(e.text, e.label_) for e in doc.ents] == [(word, label)]


def test_one_title_case_organisation_word_after_i_is_a_place_and_so_are_its_other_mentions():
    # the sample article: the width-96 NER (version 3) tags "Fittja" ORG; bodies keep their label
    nlp = spacy.blank("sv")
    nlp.add_pipe("place_led_names")
    doc = nlp.make_doc("Fittja visades . Brott i Fittja , i Socialdemokraterna , i SKR och i Nobinas buss .")
    spans = ((0, 1), (5, 1), (8, 1), (11, 1), (14, 1))
    doc.ents = [Span(doc, s, s + n, label="ORG") for s, n in spans]
    doc = nlp.get_pipe("place_led_names")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Fittja", "LOC"), ("Fittja", "LOC"), ("Socialdemokraterna", "ORG"), ("SKR", "ORG"), ("Nobinas", "ORG"),
    ]


def test_a_place_keeps_to_its_name_without_the_adjectives_before_it():
    # version 3's NER reads "nordvästra Stockholm" as one place, as klintan's annotation does
    nlp = spacy.blank("sv")
    nlp.add_pipe("attribute_ruler").add([[{"TEXT": {"IN": ["nordvästra", "södra"]}}]], {"POS": "ADJ"})
    nlp.add_pipe("place_led_names")
    doc = nlp("Hon bor i nordvästra Stockholm , i södra Sverige och i nordvästra .")
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ((3, 5, "LOC"), (7, 9, "LOC"), (11, 12, "LOC"))]
    doc = nlp.get_pipe("place_led_names")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Stockholm", "LOC"), ("Sverige", "LOC"), ("nordvästra", "LOC")]

