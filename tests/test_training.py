"""`make -C training all` trains, assembles and packages a model; here a tiny one from a few sentences of every corpus."""

import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.evaluation.corpora import KLINTAN, NORNE_SV, TALBANKEN, UNER, conllu_sentences

TRAINING_DIR = Path(__file__).resolve().parent.parent / "training"
sys.path.insert(0, str(TRAINING_DIR))
from train_vectors import RAW_TEXTS  # noqa: E402


def first_blocks(text: str, n: int) -> str:
    return "\n\n".join(text.strip().split("\n\n")[:n]) + "\n\n"


def copy_start(data: Path, relative: Path | str, text: str) -> None:
    (data / relative).parent.mkdir(parents=True, exist_ok=True)
    (data / relative).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory, shared_corpora) -> Path:
    """A model trained for a few steps on the first sentences of each corpus, with a tiny floret table
    from a few hundred raw paragraphs, through the real Makefile."""
    root = tmp_path_factory.mktemp("tiny")
    data = root / "corpora"
    for path, n in ((KLINTAN, 60), (NORNE_SV, 40), *((path, 60) for path in UNER)):
        copy_start(data, path, first_blocks((shared_corpora / path).read_text(encoding="utf-8"), n))
    for path in TALBANKEN:
        copy_start(data, path, "\n".join(conllu_sentences(shared_corpora / path)[:15]) + "\n")
    for path in RAW_TEXTS:
        with (shared_corpora / path).open(encoding="utf-8") as raw:
            copy_start(data, path, "".join(next(raw) for _ in range(300)))
    for shared in ("gazetteers", "samples", "mt-eval", "roles"):
        (data / shared).symlink_to(shared_corpora / shared)
    model = root / "model"
    subprocess.run(
        ["make", "-C", str(TRAINING_DIR), "all", f"PYTHON={sys.executable}", f"DATA_DIR={data}",
         f"CORPUS={root / 'corpus'}", f"OUTPUT={root / 'output'}", f"MODEL_DIR={model}", "PRETRAIN_EPOCHS=1", "NER_STEPS=10", "UD_STEPS=10", "VECTOR_EPOCHS=1", "VECTOR_ROWS=1000"],
        check=True, capture_output=True, text=True,
    )
    return model


def test_tiny_model_loads_and_tags_parses_lemmatizes_and_finds_gazetteer_organisations(tiny_model: Path):
    nlp = spacy.load(tiny_model)
    assert nlp.pipe_names == [
        "gazetteer_orgs", "gazetteer_persons", "tok2vec", "morphologizer", "trainable_lemmatizer", "ner", "given_name_persons", "gazetteer_places", "place_led_names", "party_abbreviation_guard", "parser",
        "role_extractor",
    ]
    doc = nlp("Åsa Winfridsson är samordnare i Botkyrka kommun.")
    assert all(doc.has_annotation(attr) for attr in ("POS", "MORPH", "LEMMA", "DEP"))
    assert ("Botkyrka kommun", "ORG") in [(e.text, e.label_) for e in doc.ents]
    assert "Botkyrka kommun" in nlp.get_pipe("role_extractor").gazetteer  # initialised from the entity ruler


def test_tiny_model_carries_the_floret_table_both_tok2vecs_read(tiny_model: Path):
    nlp = spacy.load(tiny_model)
    assert nlp.vocab.vectors.mode == "floret" and nlp.vocab.vectors.shape == (1000, 100)
    # floret builds a vector for a word no text held, from its character n-grams
    assert nlp.vocab["Zelenskyjs"].has_vector


def test_one_tok2vec_feeds_the_treebank_components_and_the_ner_carries_its_own(tiny_model: Path):
    """Listeners read `doc.tensor`; a second tok2vec component would overwrite what the parser reads."""
    nlp = spacy.load(tiny_model)
    assert set(nlp.get_pipe("tok2vec").listening_components) == {"morphologizer", "trainable_lemmatizer", "parser"}
    assert [name for name, pipe in nlp.pipeline if pipe.__class__.__name__ == "Tok2Vec"] == ["tok2vec"]


def test_packaged_meta_names_sources_licences_and_measured_accuracy(tiny_model: Path):
    meta = spacy.load(tiny_model).meta
    assert meta["name"] == "news" and meta["lang"] == "sv"
    assert {s["license"] for s in meta["sources"]} >= {"CC BY 4.0", "CC BY-SA 4.0", "CC0 1.0"}
    assert {"ner_f", "pos_acc", "dep_las", "lemma_acc", "words_per_second"} <= set(meta["performance"])


def test_eval_ner_scores_an_io_file_overall_and_per_label(tiny_model: Path, tmp_path: Path):
    gold = tmp_path / "gold.txt"
    gold.write_text("Botkyrka\tORG\nkommun\tORG\nväxer\t0\n.\t0\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "ner", "--data", str(gold), "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "NER overall   P 1.000  R 1.000  F 1.000  (95% CI 1.000-1.000, gold 1)",
        "NER ORG       P 1.000  R 1.000  F 1.000  (95% CI 1.000-1.000, gold 1)",
    ]
