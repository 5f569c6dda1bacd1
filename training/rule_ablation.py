"""The NER figures of a pipeline with each of its rule components taken out in turn.

Taking a rule out needs no training: the same pipeline scores the dev sets of
`pipeline eval nlp` (the klintan, UNER Talbanken and NorNE-sv slices and the
written sentences) once whole and once without each rule, so every row says
what that rule adds. The parser and the role extractor run after every rule
and never change an entity, so they are left out of these runs to save time.

    python rule_ablation.py [MODEL] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from spacy.language import Language

from pipeline.config import SHARED_CORPORA, model_path
from pipeline.evaluation.corpora import NER_CORPORA, annotated_labels, ner_corpus_split, sentences_to_docs
from pipeline.evaluation.nlp import WRITTEN, WRITTEN_SET, NerScores, score_ner, written_docs
from pipeline.model_components import load_model

# Components that read or write no entity: left out of every run.
AFTER_THE_RULES = ("parser", "role_extractor")
# The pipeline's own components (rulers and rules), as named in training/assemble.cfg.
RULES = (
    "gazetteer_orgs", "gazetteer_persons", "given_name_persons", "gazetteer_places", "place_led_names",
    "party_abbreviation_guard",
)
WHOLE = "(all rules)"
NO_RULES = "(no rules)"


def dev_sets(nlp: Language, corpora: Path) -> dict[str, tuple[list, set[str] | None]]:
    """Dev set name -> (gold Docs, the labels it annotates), as `pipeline eval nlp` scores them."""
    sets = {
        name: (sentences_to_docs(nlp.vocab, ner_corpus_split(name, corpora)[1], 10), annotated_labels(name))
        for name in NER_CORPORA
    }
    if WRITTEN_SET.exists():
        sets[WRITTEN] = (written_docs(nlp), None)
    return sets


def ablate(nlp: Language, corpora: Path) -> dict[str, dict[str, NerScores]]:
    """Variant ("(all rules)", a rule's name, "(no rules)") -> dev set -> scores."""
    sets = dev_sets(nlp, corpora)
    rules = [name for name in RULES if name in nlp.pipe_names]
    after = [name for name in AFTER_THE_RULES if name in nlp.pipe_names]
    variants = {WHOLE: [], **{rule: [rule] for rule in rules}, NO_RULES: rules}
    results = {}
    for variant, left_out in variants.items():
        with nlp.select_pipes(disable=[*left_out, *after]):
            results[variant] = {name: score_ner(nlp, gold, labels) for name, (gold, labels) in sets.items()}
    return results


def table(results: dict[str, dict[str, NerScores]]) -> list[str]:
    """A Markdown table: per variant and dev set, F overall / PER / ORG, and the change of F from the whole pipeline."""
    names = list(next(iter(results.values())))
    whole = results[WHOLE]
    lines = [
        "| without | " + " | ".join(f"{name} F / PER / ORG (change)" for name in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for variant, scores in results.items():
        cells = []
        for name in names:
            s = scores[name]
            per_label = " / ".join(f"{s.per_label.get(label, {}).get('f', 0.0):.3f}" for label in ("PER", "ORG"))
            change = "" if variant == WHOLE else f" ({s.f - whole[name].f:+.3f})"
            cells.append(f"{s.f:.3f} / {per_label}{change}")
        lines.append(f"| {variant} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", nargs="?", type=Path, default=None, help="the pipeline (default: the shipped model)")
    parser.add_argument("--data-dir", type=Path, default=SHARED_CORPORA, help="the shared corpora")
    args = parser.parse_args()
    nlp = load_model(args.model or model_path())
    print("\n".join(table(ablate(nlp, args.data_dir))))


if __name__ == "__main__":
    main()
