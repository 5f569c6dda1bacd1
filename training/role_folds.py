"""Score the klintan role sets with NERs that never saw their sentences.

The shipped NER trains on klintan's training part, which holds the sentences of
`tests/fixtures/roles-klintan-dev*.jsonl`; role figures on those sets are
flattered by a NER that learned their entities, while the held-out half of
roles-dev.jsonl meets names the NER never saw. This splits the sets' sentences
into two folds by where they stand in klintan (first or second half of its
training part, so one article's sentences stay together), trains one NER per
fold on the rest with the shipped `ner.cfg`, and scores each fold's sentences
with the shipped pipeline carrying that fold's NER.

    python role_folds.py corpus DATA_DIR OUT    # OUT/ner-train-A/, OUT/ner-train-B/ (one .spacy per corpus)
    python role_folds.py score DATA_DIR OUT     # after training OUT/ner-A and OUT/ner-B

`make role-folds` runs all three steps (about 20 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from pipeline.config import DEFAULT_MODEL
from pipeline.evaluation.corpora import (
    NER_CORPORA,
    SENTENCES_PER_DOC,
    klintan_split,
    letters,
    ner_corpus_split,
    sentences_to_docs,
)
from pipeline.evaluation.roles import PRF, accumulate, load, score

ROLE_SETS = sorted((Path(__file__).parents[1] / "tests/fixtures").glob("roles-klintan-dev*.jsonl"))
FOLDS = ("A", "B")


def folds(corpora: Path) -> dict[str, set[str]]:
    """The role sets' sentences (as letters) in klintan's first ("A") and second ("B") half of its training part."""
    train, _ = klintan_split(corpora)
    first_half = {letters("".join(s.words)) for s in train[: len(train) // 2]}
    texts = {letters(json.loads(line)["text"]) for path in ROLE_SETS for line in path.open(encoding="utf-8")}
    return {"A": texts & first_half, "B": texts - first_half}


def write_corpora(corpora: Path, out: Path) -> None:
    """One NER training directory per fold: every corpus's usual training sentences less that fold's."""
    vocab = spacy.blank("sv").vocab
    training = {corpus: ner_corpus_split(corpus, corpora)[0] for corpus in NER_CORPORA}
    for name, fold in folds(corpora).items():
        (out / f"ner-train-{name}").mkdir(parents=True, exist_ok=True)
        for corpus, sentences in training.items():
            kept = [s for s in sentences if letters("".join(s.words)) not in fold]
            docs = sentences_to_docs(vocab, kept, SENTENCES_PER_DOC)
            DocBin(docs=docs).to_disk(out / f"ner-train-{name}" / f"{corpus}.spacy")
        print(f"fold {name}: {len(fold)} role sentences held out of klintan's training part")


def fold_model(out: Path, name: str) -> Path:
    """The shipped pipeline with the fold's NER in place of its own."""
    model = out / f"model-{name}"
    shutil.rmtree(model, ignore_errors=True)
    shutil.copytree(DEFAULT_MODEL, model)
    shutil.rmtree(model / "ner")
    shutil.copytree(out / f"ner-{name}" / "model-best" / "ner", model / "ner")
    return model


def score_folds(corpora: Path, out: Path) -> None:
    from pipeline.nlp import load as load_pipeline

    membership = folds(corpora)
    totals = {path.name: (PRF(), PRF(), [0, 0]) for path in ROLE_SETS}
    for name in FOLDS:
        nlp = load_pipeline(fold_model(out, name))
        for path in ROLE_SETS:
            items = [item for item in load(path) if letters(item.text) in membership[name]]
            predictions = [list(doc._.roles) for doc in nlp.pipe([item.text for item in items])]
            scores = score(items, predictions)
            pt, pto, party = totals[path.name]
            accumulate(pt, scores.person_title["lenient"])
            accumulate(pto, scores.person_title_org["lenient"])
            party[0] += scores.party_correct
            party[1] += scores.party_total
    print("set (fold NERs)                 (person, title)        (person, title, org)   party")
    for set_name, (pt, pto, party) in totals.items():
        accuracy = party[0] / party[1] if party[1] else 0.0
        print(
            f"{set_name:31} {pt.f1:.3f} ({pt.tp}/{pt.predicted}/{pt.expected})   "
            f"{pto.f1:.3f} ({pto.tp}/{pto.predicted}/{pto.expected})   {accuracy:.3f} ({party[0]}/{party[1]})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["corpus", "score"])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    if args.step == "corpus":
        write_corpora(args.data_dir, args.out_dir)
    else:
        score_folds(args.data_dir, args.out_dir)


if __name__ == "__main__":
    main()
