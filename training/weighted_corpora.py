"""A spaCy training reader that mixes the NER corpora, each weighted per pass.

`spacy train ner.cfg --code weighted_corpora.py` reads `DIRECTORY/NAME.spacy`
for every corpus named in `weights`. Each pass over the data (the config sets
`max_epochs = -1`, so spaCy asks the reader again for every epoch) holds every
document of a corpus weighted 1, whole copies plus a fresh random share of a
corpus weighted otherwise (0.3 -> a different 30% each pass), shuffled. So the
large silver NorNE-sv corpus can teach names from outside klintan's style
without outweighing the gold Swedish news. The generator is seeded, so a rerun
sees the same passes.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Callable, Iterator

from spacy.language import Language
from spacy.tokens import DocBin
from spacy.training import Example
from spacy.util import registry


class WeightedCorpora:
    def __init__(self, directory: Path, weights: dict[str, float], seed: int):
        self.directory = Path(directory)
        self.weights = weights
        self.rng = random.Random(seed)

    def epoch(self, sizes: dict[str, int]) -> list[tuple[str, int]]:
        """(corpus, document index) pairs of one pass: int(weight) copies of every document plus a random share."""
        picks = []
        for name, size in sizes.items():
            copies, share = divmod(self.weights[name], 1)
            picks += [(name, i) for i in range(size)] * int(copies)
            picks += [(name, i) for i in self.rng.sample(range(size), round(share * size))]
        self.rng.shuffle(picks)
        return picks

    def __call__(self, nlp: Language) -> Iterator[Example]:
        docs = {name: list(DocBin().from_disk(self.directory / f"{name}.spacy").get_docs(nlp.vocab)) for name in self.weights}
        for name, i in self.epoch({name: len(d) for name, d in docs.items()}):
            reference = docs[name][i]
            yield Example(nlp.make_doc(reference.text), reference)


@registry.readers("sv_news.weighted_corpora.v1")
def create_weighted_corpora(directory: Path, weights: dict[str, float], seed: int) -> Callable[[Language], Iterator[Example]]:
    return WeightedCorpora(directory, weights, seed)
