"""Turn the shared corpora into spaCy training files with contiguous dev slices.

    python training/convert.py ner DATA_DIR OUT_DIR   -> ner-train/{klintan,uner,norne}.spacy (klintan less the
                                                         role gold set's sentences; tags mapped by
                                                         pipeline/data/ner_label_map.tsv), ner-dev.spacy
                                                         (the klintan and UNER dev slices: checkpoint choice)
    python training/convert.py ud  DATA_DIR OUT_DIR   -> ud-train.conllu, ud-dev.conllu
                                                         (the Makefile then runs `spacy convert -c conllu`)
    python training/convert.py raw DATA_DIR OUT_DIR   -> raw.jsonl, text for `spacy pretrain`: the training
                                                         sentences of both corpora and the FLORES Swedish side

The split itself lives in `pipeline.evaluation.corpora`, so `pipeline eval nlp`
scores exactly the sentences left out here.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy
import srsly
from spacy.tokens import DocBin

from pipeline.evaluation.corpora import (
    NER_CORPORA,
    SENTENCES_PER_DOC,
    conllu_docs,
    klintan_split,
    ner_corpus_split,
    sentences_to_docs,
    talbanken_split,
)

# The dev slices the training keeps its best checkpoint on: real Swedish text; NorNE-sv's slice is only reported.
CHECKPOINT_DEV = ("klintan", "uner")

FLORES_SWEDISH = Path("mt-eval/flores-sv-en/flores-dev.sv")


def convert_ner(corpora: Path, out_dir: Path) -> None:
    vocab = spacy.blank("sv").vocab
    (out_dir / "ner-train").mkdir(exist_ok=True)
    dev_docs = []
    for corpus in NER_CORPORA:
        train, dev = ner_corpus_split(corpus, corpora)
        docs = sentences_to_docs(vocab, train, SENTENCES_PER_DOC)
        DocBin(docs=docs).to_disk(out_dir / "ner-train" / f"{corpus}.spacy")
        print(f"ner-train/{corpus}: {len(train)} sentences, {sum(len(d) for d in docs)} tokens, {sum(len(d.ents) for d in docs)} entities")
        if corpus in CHECKPOINT_DEV:
            dev_docs += sentences_to_docs(vocab, dev, SENTENCES_PER_DOC)
    DocBin(docs=dev_docs).to_disk(out_dir / "ner-dev.spacy")
    print(f"ner-dev ({' + '.join(CHECKPOINT_DEV)}): {len(dev_docs)} documents, {sum(len(d.ents) for d in dev_docs)} entities")


def split_ud(corpora: Path, out_dir: Path) -> None:
    for name, part in zip(("ud-train", "ud-dev"), talbanken_split(corpora)):
        (out_dir / f"{name}.conllu").write_text("\n".join(part) + "\n", encoding="utf-8")
        print(f"{name}: {len(part)} sentences")


def write_raw_text(corpora: Path, out_dir: Path) -> None:
    """Unlabelled text for pretraining; the dev slices stay out so they remain unseen."""
    vocab = spacy.blank("sv").vocab
    klintan_train, _ = klintan_split(corpora)
    talbanken_train, _ = talbanken_split(corpora)
    texts = [doc.text for doc in sentences_to_docs(vocab, klintan_train, SENTENCES_PER_DOC)]
    texts += [doc.text for doc in conllu_docs(vocab, talbanken_train)]
    texts += (corpora / FLORES_SWEDISH).read_text(encoding="utf-8").splitlines()
    srsly.write_jsonl(out_dir / "raw.jsonl", [{"text": t} for t in texts if t.strip()])
    print(f"raw: {len(texts)} texts, {sum(len(t.split()) for t in texts)} words")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["ner", "ud", "raw"])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    {"ner": convert_ner, "ud": split_ud, "raw": write_raw_text}[args.kind](args.data_dir, args.out_dir)


if __name__ == "__main__":
    main()
