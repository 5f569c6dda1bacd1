"""Measure the assembled pipeline on the dev slices and write it into the package with its meta.json.

    DATA_DIR=... python training/package_model.py output/assembled ../pipeline/models/sv_news
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import spacy

from pipeline.evaluation.nlp import evaluate_model, format_report

# The model's own version: a change makes `pipeline run` redo the articles an older model analysed.
MODEL_VERSION = "0.3.0"

SOURCES = [
    {
        "name": "Swedish NER corpus (Webbnyheter 2012, Språkbanken; annotation by A. Klintberg)",
        "url": "https://github.com/klintan/swedish-ner-corpus",
        "license": "CC BY 4.0",
        "used_for": "ner, given_name_persons (given names from its training part)",
    },
    {
        "name": "Universal NER (UNER v1) Swedish-Talbanken, train file (Mayhew et al. 2024)",
        "url": "https://github.com/UniversalNER/UNER_Swedish-Talbanken",
        "license": "CC BY-SA 4.0",
        "used_for": "ner",
    },
    {
        "name": "NorNE (Norwegian Bokmål NDT with named entities, LTG Oslo), machine-translated into Swedish "
        "with Apertium nob-swe; trained on, never redistributed",
        "url": "https://github.com/ltgoslo/norne",
        "license": "CC0 1.0 (annotations); the texts may not be republished",
        "used_for": "ner (a fresh 40% share each pass)",
    },
    {
        "name": "Almedalsveckan programme texts (civictechsweden/almedalsdata) and Riksdag interpellations "
        "1994-2024 (Riksdagen open data, via the SWERIK project); unlabelled text, never redistributed",
        "url": "https://github.com/swerik-project/riksdagen-interpellations",
        "license": "CC0 1.0; Riksdagen open data",
        "used_for": "floret vectors (with the training sentences of every NER corpus)",
    },
    {
        "name": "Swedish government agencies (civictechsweden/myndighetsdata)",
        "url": "https://github.com/civictechsweden/myndighetsdata",
        "license": "CC0 1.0",
        "used_for": "gazetteer_orgs",
    },
    {
        "name": "SWERIK riksdagen-persons: primary names of Riksdag members and ministers active since 1990",
        "url": "https://github.com/swerik-project/riksdagen-persons",
        "license": "Wikidata CC0 1.0 and Riksdagen open data",
        "used_for": "gazetteer_persons",
    },
    {
        "name": "UD Swedish-Talbanken (dev and test files)",
        "url": "https://github.com/UniversalDependencies/UD_Swedish-Talbanken",
        "license": "CC BY-SA 4.0",
        "used_for": "morphologizer, trainable_lemmatizer, parser",
    },
    {
        "name": "FLORES-101 dev, Swedish side (unlabelled text for tok2vec pretraining)",
        "url": "https://github.com/facebookresearch/flores",
        "license": "CC BY-SA 4.0",
        "used_for": "spacy pretrain",
    },
    {
        "name": "SCB name statistics (given names people go by, 2020), via peterdalle/svensktext",
        "url": "https://github.com/peterdalle/svensktext",
        "license": "SCB open statistics; the repository's resources are free to use",
        "used_for": "given_name_persons (names with at least 50 bearers)",
    },
    {
        "name": "swedish-geodata (municipalities, counties)",
        "url": "https://github.com/sjbrg/swedish-geodata",
        "license": "CC0 1.0",
        "used_for": "gazetteer_orgs, gazetteer_places",
    },
    {
        "name": "Riksdag parties, regions, county administrative boards, national authorities and well-known "
        "companies, unions and interest organisations (compiled for this project, training/gazetteers)",
        "url": None,
        "license": "public facts, no third-party licence",
        "used_for": "gazetteer_orgs",
    },
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assembled", type=Path)
    parser.add_argument("model_dir", type=Path)
    args = parser.parse_args()
    report = evaluate_model(args.assembled)
    print(format_report(report))
    nlp = spacy.load(args.assembled)
    nlp.meta.update(
        name="news",
        version=MODEL_VERSION,
        description="Swedish news pipeline: morphologizer, trainable lemmatizer and parser trained on UD Talbanken; "
        "NER (PER, ORG, LOC, MISC) trained on the klintan Webbnyheter 2012 corpus, UNER Talbanken and NorNE "
        "machine-translated into Swedish; floret subword vectors trained on modern Swedish; gazetteer entity "
        "rulers, a given-name rule, a rule for names led by a place and the role extractor (pipeline/roles). "
        "Scores are on contiguous dev slices (last 10% of the sentences) never trained on.",
        license="CC BY-SA 4.0 (share-alike, from UD Talbanken)",
        sources=SOURCES,
        performance={k: round(v, 4) for k, v in report.figures().items()},
        ner_per_label={name: scores.per_label for name, scores in report.ner.items()},
    )
    if args.model_dir.exists():
        shutil.rmtree(args.model_dir)
    args.model_dir.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.model_dir)
    print(f"wrote {args.model_dir}")


if __name__ == "__main__":
    main()
