"""Subword (floret) vectors for the tok2vecs, trained here on unlabelled modern Swedish.

    python training/train_vectors.py text DATA_DIR CORPUS_DIR     -> vectors-text.txt
    python training/train_vectors.py train CORPUS_DIR/vectors-text.txt OUT.floret [--epochs N --bucket N]

The text is `raw/` (Almedalsveckan programmes, Riksdag interpellations) plus the
training sentences of every NER corpus; the dev slices stay out. floret hashes
every word into a small table of character n-gram rows, so a name the
training data never saw still gets a vector from its pieces. One thread (fastText seeds
its generator the same every run), so a rerun writes the same table; `spacy init vectors sv OUT.floret
DIR --mode floret` turns it into spaCy vectors.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from pipeline.evaluation.corpora import NER_CORPORA, ner_corpus_split

RAW_TEXTS = (Path("raw/almedalen/almedalsveckan-events.txt"), Path("raw/riksdagen-interpellations/riksdagen-interpellations.txt"))
# Words (with inner hyphens or a genitive colon, "covid-19", "BRÅ:s") and single punctuation marks, near spaCy's tokens.
TOKEN = re.compile(r"\w+(?:[-:]\w+)*|[^\w\s]")
# The table: 100 dimensions over 50,000 hashed rows is 20 MB in the model.
SETTINGS = dict(model="cbow", dim=100, mode="floret", hashCount=2, minn=4, maxn=5, minCount=3, thread=1)


def write_text(corpora: Path, out_dir: Path) -> None:
    out = out_dir / "vectors-text.txt"
    lines = 0
    with open(out, "w", encoding="utf-8") as handle:
        for path in RAW_TEXTS:
            with open(corpora / path, encoding="utf-8") as raw:
                for line in raw:
                    handle.write(" ".join(TOKEN.findall(line)) + "\n")
                    lines += 1
        for corpus in NER_CORPORA:
            train, _ = ner_corpus_split(corpus, corpora)
            handle.writelines(" ".join(sentence.words) + "\n" for sentence in train)
            lines += len(train)
    print(f"vectors text: {lines} lines -> {out}")


def train(text: Path, out: Path, epochs: int, bucket: int) -> None:
    import floret

    model = floret.train_unsupervised(str(text), epoch=epochs, bucket=bucket, **SETTINGS)
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save_floret_vectors(str(out))
    print(f"floret: {len(model.words)} words, {bucket} rows x {SETTINGS['dim']} -> {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    text = sub.add_parser("text")
    text.add_argument("data_dir", type=Path)
    text.add_argument("out_dir", type=Path)
    fit = sub.add_parser("train")
    fit.add_argument("text", type=Path)
    fit.add_argument("out", type=Path)
    fit.add_argument("--epochs", type=int, default=5)
    fit.add_argument("--bucket", type=int, default=50_000)
    args = parser.parse_args()
    if args.command == "text":
        args.out_dir.mkdir(parents=True, exist_ok=True)
        write_text(args.data_dir, args.out_dir)
    else:
        train(args.text, args.out, args.epochs, args.bucket)


if __name__ == "__main__":
    main()
