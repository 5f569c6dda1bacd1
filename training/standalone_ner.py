"""Give the trained NER its own copy of its tok2vec, so it can be sourced into the assembled pipeline.

    python training/standalone_ner.py output/ner/model-best output/ner-standalone

At prediction time spaCy's tok2vec listeners read `doc.tensor`, which the last
tok2vec to run overwrites; with two tok2vec components in one pipeline the
parser would read the NER's vectors. `replace_listeners` moves the NER's
tok2vec inside the NER, leaving one shared tensor for the UD components.
"""

from __future__ import annotations

import sys

import spacy


def main() -> None:
    source, target = sys.argv[1:3]
    nlp = spacy.load(source)
    nlp.replace_listeners("ner_tok2vec", "ner", ["model.tok2vec"])
    nlp.remove_pipe("ner_tok2vec")
    nlp.to_disk(target)


if __name__ == "__main__":
    main()
