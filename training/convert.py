"""Turn the shared corpora into spaCy training files with contiguous dev slices.

    python training/convert.py ner DATA_DIR OUT_DIR   -> ner-train.spacy, ner-dev.spacy
    python training/convert.py ud  DATA_DIR OUT_DIR   -> ud-train.conllu, ud-dev.conllu
                                                         (the Makefile then runs `spacy convert -c conllu`)

The split itself lives in `pipeline.evaluation.corpora`, so `pipeline eval nlp`
scores exactly the sentences left out here.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from pipeline.evaluation.corpora import SENTENCES_PER_DOC, klintan_split, sentences_to_docs, talbanken_split


def convert_ner(corpora: Path, out_dir: Path) -> None:
    vocab = spacy.blank("sv").vocab
    for name, part in zip(("ner-train", "ner-dev"), klintan_split(corpora)):
        docs = sentences_to_docs(vocab, part, SENTENCES_PER_DOC)
        DocBin(docs=docs).to_disk(out_dir / f"{name}.spacy")
        print(f"{name}: {len(part)} sentences, {sum(len(d) for d in docs)} tokens, {sum(len(d.ents) for d in docs)} entities")


def split_ud(corpora: Path, out_dir: Path) -> None:
    for name, part in zip(("ud-train", "ud-dev"), talbanken_split(corpora)):
        (out_dir / f"{name}.conllu").write_text("\n".join(part) + "\n", encoding="utf-8")
        print(f"{name}: {len(part)} sentences")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["ner", "ud"])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (convert_ner if args.kind == "ner" else split_ud)(args.data_dir, args.out_dir)


if __name__ == "__main__":
    main()
