"""A stand-in for a downloaded sv->en translation model, built in a second from the project's own text.

No real model can be fetched in the tests, so this builds the same kind of thing a user downloads:
a SentencePiece model trained on a few hundred Swedish and English sentences of this repository and
a CTranslate2 Transformer written through CTranslate2's spec API, packaged as an Argos Translate
`.argosmodel` and as a plain folder. Its weights are set by hand so that it behaves predictably: the
encoder is ignored and the decoder walks a fixed chain of tokens, so every sentence translates to
STAND_IN_SENTENCE. That is enough to check loading, batching, name restoration, caching and every
error path; translation quality needs a real model.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import ctranslate2
import numpy as np
import sentencepiece as spm

REPO = Path(__file__).resolve().parents[1]
STAND_IN_SENTENCE = "This is what the stand-in model says."
VOCABULARY_SIZE = 400
MODEL_WIDTH = 32
PACKAGE_DIRECTORY = "translate-sv_en-stand_in"


def pieces(sentence: str) -> list[str]:
    """Each word of the stand-in's sentence as one SentencePiece piece, so the decoder chain repeats no token."""
    return ["\u2581" + word for word in sentence.split()]


def training_sentences(sentence: str) -> list[str]:
    """Swedish sentences written for this project and the sample article, and the English of the README."""
    swedish = [json.loads(line)["text"] for name in ("roles-written-dev.jsonl", "roles-written-dev2.jsonl")
               for line in (REPO / "tests" / "fixtures" / name).read_text(encoding="utf-8").splitlines()]
    swedish += (REPO / "corpora" / "botkyrka-trygghetskonferens-2024-02-16.txt").read_text(encoding="utf-8").splitlines()
    english = re.split(r"(?<=[.!?])\s+", (REPO / "README.md").read_text(encoding="utf-8"))
    return [s.strip() for s in swedish + english + [sentence] if s.strip()]


def train_sentencepiece(sentence: str) -> bytes:
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(training_sentences(sentence)), model_writer=model,
                                   vocab_size=VOCABULARY_SIZE, model_type="unigram", character_coverage=1.0,
                                   num_threads=1, minloglevel=2, user_defined_symbols=pieces(sentence))
    return model.getvalue()


def chain_transformer(vocabulary: list[str], chain: list[str]) -> ctranslate2.specs.TransformerSpec:
    """A one-layer Transformer whose decoder emits `chain` then </s>, whatever the source.

    Every attention and feed-forward output projection is zero, so each layer passes its input
    through; the decoder state is the previous token's embedding (a scaled one-hot vector that
    drowns the position encoding), and the output projection maps each chain token to the next.
    """
    spec = ctranslate2.specs.TransformerSpec.from_config(num_layers=1, num_heads=2)
    size, width = len(vocabulary), MODEL_WIDTH
    ids = [vocabulary.index(token) for token in ["<s>", *chain, "</s>"]]
    assert len(set(ids)) == len(ids) < width, "the chain needs distinct tokens, fewer than the model width"

    embeddings = np.zeros((size, width), dtype=np.float32)
    for dimension, token in enumerate(ids):
        embeddings[token, dimension] = 10.0
    projection = np.zeros((size, width), dtype=np.float32)
    bias = np.full(size, -50.0, dtype=np.float32)
    for dimension, following in enumerate(ids[1:]):
        state = np.full(width, -1.0 / width, dtype=np.float32)
        state[dimension] += 1.0
        projection[following] = 20.0 * state / np.linalg.norm(state)
        bias[following] = 0.0

    def set_norm(norm) -> None:
        norm.gamma, norm.beta = np.ones(width, dtype=np.float32), np.zeros(width, dtype=np.float32)

    def set_linear(layer, rows: int, columns: int) -> None:  # a zero projection: the sublayer adds nothing
        layer.weight, layer.bias = np.zeros((rows, columns), dtype=np.float32), np.zeros(rows, dtype=np.float32)

    for stack in (spec.encoder, spec.decoder):
        set_norm(stack.layer_norm)
        for layer in stack.layer:
            set_norm(layer.self_attention.layer_norm)
            set_linear(layer.self_attention.linear[0], 3 * width, width)
            set_linear(layer.self_attention.linear[1], width, width)
            set_norm(layer.ffn.layer_norm)
            set_linear(layer.ffn.linear_0, 2 * width, width)
            set_linear(layer.ffn.linear_1, width, 2 * width)
            if hasattr(layer, "attention"):
                set_norm(layer.attention.layer_norm)
                set_linear(layer.attention.linear[0], width, width)
                set_linear(layer.attention.linear[1], 2 * width, width)
                set_linear(layer.attention.linear[2], width, width)
    spec.encoder.embeddings[0].weight = embeddings.copy()
    spec.decoder.embeddings.weight = embeddings
    spec.decoder.projection.weight, spec.decoder.projection.bias = projection, bias
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    return spec


def build_folder(folder: Path, sentence: str = STAND_IN_SENTENCE) -> Path:
    """An Argos-layout model folder (metadata.json, model/ for CTranslate2, sentencepiece.model) whose
    model translates every sentence to `sentence`."""
    serialized = train_sentencepiece(sentence)
    processor = spm.SentencePieceProcessor(model_proto=serialized)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    assert processor.encode(sentence, out_type=str) == pieces(sentence)
    spec = chain_transformer(vocabulary, pieces(sentence))
    spec.validate()
    spec.optimize()
    (folder / "model").mkdir(parents=True, exist_ok=True)
    spec.save(str(folder / "model"))
    (folder / "sentencepiece.model").write_bytes(serialized)
    metadata = {"package_version": "0.0", "argos_version": "1.0", "from_code": "sv", "from_name": "Swedish",
                "to_code": "en", "to_name": "English", "type": "translate"}
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    (folder / "README.md").write_text("A stand-in model built by the tests; it translates nothing.\n", encoding="utf-8")
    return folder


def build_package(folder: Path, package: Path) -> Path:
    """The folder zipped the way Argos Translate publishes packages: one top-level directory."""
    with zipfile.ZipFile(package, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{PACKAGE_DIRECTORY}/{path.relative_to(folder)}")
    return package


def build_opus_folder(folder: Path, opus: Path) -> Path:
    """The folder in the layout `ct2-transformers-converter --copy_files source.spm target.spm` writes for
    an OPUS-MT model: the CTranslate2 files at the top, beside the two SentencePiece models."""
    shutil.copytree(folder / "model", opus)
    for name in ("source.spm", "target.spm"):
        shutil.copy(folder / "sentencepiece.model", opus / name)
    return opus
