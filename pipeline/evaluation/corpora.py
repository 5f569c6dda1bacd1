"""The training corpora as spaCy Docs, and the contiguous dev slices carved from them.

One reader serves training (`training/convert.py`), `pipeline eval nlp` and
`pipeline eval ner`, so the spans a model is trained on and scored against are
built the same way. Dev slices are always the last `DEV_FRACTION` of the
sentences in file order: neighbouring sentences come from the same article, so
a random split would leak names and topics from training into dev.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span
from spacy.training.converters import conllu_to_docs
from spacy.vocab import Vocab

from pipeline.config import DATA_DIR, SHARED_CORPORA
from pipeline.evaluation.roles import load as load_role_gold

DEV_FRACTION = 0.1
SENTENCES_PER_DOC = 10
KLINTAN = Path("ner/klintan/train_corpus.txt")
# The role gold set; its news sentences were drawn from klintan's file.
ROLE_GOLD = Path("roles/roles-dev.jsonl")
# Talbanken's official dev and test files, concatenated in this order; both are training material.
TALBANKEN = (Path("ud/talbanken/sv_talbanken-ud-dev.conllu"), Path("ud/talbanken/sv_talbanken-ud-test.conllu"))

# Universal NER over UD Talbanken, PER/ORG/LOC only; its official dev and test files are the dev slice.
UNER = (
    Path("ner/uner-talbanken/sv_talbanken-ud-train.iob2"),
    Path("ner/uner-talbanken/sv_talbanken-ud-dev.iob2"),
    Path("ner/uner-talbanken/sv_talbanken-ud-test.iob2"),
)
# NorNE machine-translated into Swedish (silver); never committed, read at training time only.
NORNE_SV = Path("ner/norne-sv-apertium/norne_nob2swe.iob2")
# corpus, tag -> model label (or O); one table for every corpus the NER trains or is scored on.
LABEL_MAP = DATA_DIR / "ner_label_map.tsv"
NER_CORPORA = ("klintan", "uner", "norne")

OUTSIDE_TAGS = {"0", "O", "_", "-"}
# A token whose label its corpus does not say (spaCy's missing value): neither entity nor outside.
UNKNOWN_TAG = "?"
# No space is written before these tokens, nor after the opening ones, so the
# rebuilt text reads like the original news text.
NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "...", "”", "’"}
NO_SPACE_AFTER = {"(", "["}


@dataclass(frozen=True)
class TaggedSentence:
    words: list[str]
    tags: list[str]


def read_tagged_sentences(path: Path) -> list[TaggedSentence]:
    """Sentences from a file with one `TOKEN ... TAG` line per token and blank lines between sentences.

    The token is the first column and the tag the last, which covers klintan's
    `TOKEN<TAB>TAG`, CoNLL-2003 style columns and `-DOCSTART-` markers.
    """
    sentences: list[TaggedSentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if not fields or fields[0] == "-DOCSTART-":
            if words:
                sentences.append(TaggedSentence(words, tags))
            words, tags = [], []
            continue
        words.append(fields[0])
        tags.append(fields[-1] if len(fields) > 1 else "O")
    if words:
        sentences.append(TaggedSentence(words, tags))
    return sentences


def entity_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) token spans from IO, IOB1/BIO or BILUO tags.

    In IO data neighbouring tokens with the same label form one entity; a `B-`
    (or `U-`) prefix starts a new one.
    """
    spans: list[tuple[int, int, str]] = []
    start, label = 0, None
    for i, tag in enumerate([*tags, "O"]):
        if tag in OUTSIDE_TAGS or tag == UNKNOWN_TAG:
            prefix, name = "", None
        elif len(tag) > 2 and tag[1] == "-":
            prefix, name = tag[0], tag[2:]
        else:
            prefix, name = "", tag
        continues = name is not None and name == label and prefix not in {"B", "U", "S"}
        if label is not None and not continues:
            spans.append((start, i, label))
            label = None
        if name is not None and not continues:
            start, label = i, name
    return spans


def sentence_spaces(words: list[str]) -> list[bool]:
    spaces = []
    for word, following in zip(words, [*words[1:], None]):
        spaces.append(following is not None and following not in NO_SPACE_BEFORE and word not in NO_SPACE_AFTER)
    return spaces


def sentences_to_docs(vocab: Vocab, sentences: list[TaggedSentence], sentences_per_doc: int = 1) -> list[Doc]:
    """Group consecutive sentences into Docs with gold entities and sentence starts."""
    docs = []
    for first in range(0, len(sentences), sentences_per_doc):
        group = sentences[first : first + sentences_per_doc]
        words, spaces, starts, ents, unknown = [], [], [], [], []
        for sentence in group:
            offset = len(words)
            words += sentence.words
            spaces += sentence_spaces(sentence.words)
            spaces[-1] = True
            starts += [True] + [False] * (len(sentence.words) - 1)
            ents += [(offset + s, offset + e, label) for s, e, label in entity_spans(sentence.tags)]
            unknown += [offset + i for i, tag in enumerate(sentence.tags) if tag == UNKNOWN_TAG]
        spaces[-1] = False
        doc = Doc(vocab, words=words, spaces=spaces, sent_starts=starts)
        doc.set_ents(
            [Span(doc, s, e, label=label) for s, e, label in ents],
            missing=[Span(doc, i, i + 1) for i in unknown],
            default="outside",
        )
        docs.append(doc)
    return docs


def split_point(n_sentences: int, dev_fraction: float = DEV_FRACTION) -> int:
    """Index of the first dev sentence: the last `dev_fraction` of the sentences are dev."""
    return n_sentences - round(n_sentences * dev_fraction)


def klintan_split(corpora: Path = SHARED_CORPORA) -> tuple[list[TaggedSentence], list[TaggedSentence]]:
    sentences = read_tagged_sentences(corpora / KLINTAN)
    cut = split_point(len(sentences))
    return sentences[:cut], sentences[cut:]


def ner_training_sentences(corpora: Path = SHARED_CORPORA) -> list[TaggedSentence]:
    """Klintan's training part less the sentences of the role gold set.

    A NER that had learned the entities of those very sentences would flatter
    role extraction scored on them, the held-out half included.
    """
    train, _ = klintan_split(corpora)
    role_gold = {letters(item.text) for item in load_role_gold(corpora / ROLE_GOLD)}
    return [s for s in train if letters("".join(s.words)) not in role_gold]


def read_uner_sentences(path: Path) -> list[TaggedSentence]:
    """UNER's `idx<TAB>token<TAB>IOB2<TAB>-<TAB>annotator` lines, `#` comments, blank lines between sentences."""
    sentences: list[TaggedSentence] = []
    for block in Path(path).read_text(encoding="utf-8").split("\n\n"):
        rows = [line.split("\t") for line in block.splitlines() if line and not line.startswith("#")]
        if rows:
            sentences.append(TaggedSentence([row[1] for row in rows], [row[2] for row in rows]))
    return sentences


@cache
def label_map(path: Path = LABEL_MAP) -> dict[tuple[str, str], str]:
    """(corpus, tag without B-/I-) -> model label or "O", from the one table all corpora share."""
    with open(path, encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")]
    return {(corpus, tag): label for corpus, tag, label, *_ in rows}


def annotated_labels(corpus: str) -> set[str]:
    """The model labels a corpus annotates; a prediction of any other label is neither right nor wrong there."""
    return {label for (name, _), label in label_map().items() if name == corpus and label != "O"}


def map_tags(corpus: str, sentence: TaggedSentence) -> TaggedSentence:
    """The sentence with its corpus's tags mapped onto the model's labels.

    A corpus that does not annotate MISC (UNER) cannot say that a capitalised
    word inside a sentence is no MISC name ("Nobelpriset", "Melodifestivalen"):
    such words become unknown, so the model is not taught that MISC names are
    outside. Lower-case words and sentence-initial words stay outside.
    """
    mapping = label_map()
    knows_misc = "MISC" in annotated_labels(corpus)
    tags = []
    for i, (word, tag) in enumerate(zip(sentence.words, sentence.tags)):
        if tag in OUTSIDE_TAGS:
            label = "O"
        else:
            prefix, _, name = tag.rpartition("-")
            if (corpus, name) not in mapping:
                raise ValueError(f"{corpus}: tag {tag!r} is not in {LABEL_MAP.name}")
            label = mapping[corpus, name] if mapping[corpus, name] == "O" else f"{prefix}-{mapping[corpus, name]}".lstrip("-")
        if label == "O" and not knows_misc and i > 0 and word[:1].isupper():
            label = UNKNOWN_TAG
        tags.append(label)
    return TaggedSentence(sentence.words, tags)


def uner_split(corpora: Path = SHARED_CORPORA) -> tuple[list[TaggedSentence], list[TaggedSentence]]:
    """UNER's train file trains; its dev and test files (the last 1,723 sentences, the only ones with
    enough names to score, PER 46, ORG 36) are the dev slice."""
    train, *dev = (read_uner_sentences(corpora / path) for path in UNER)
    return train, [s for part in dev for s in part]


def norne_split(corpora: Path = SHARED_CORPORA) -> tuple[list[TaggedSentence], list[TaggedSentence]]:
    sentences = read_tagged_sentences(corpora / NORNE_SV)
    cut = split_point(len(sentences))
    return sentences[:cut], sentences[cut:]


def ner_corpus_split(corpus: str, corpora: Path = SHARED_CORPORA) -> tuple[list[TaggedSentence], list[TaggedSentence]]:
    """(training, dev) sentences of one NER corpus, tags mapped onto the model's labels.

    Klintan's training part leaves out the role gold set's sentences (`ner_training_sentences`).
    """
    if corpus == "klintan":
        train, dev = ner_training_sentences(corpora), klintan_split(corpora)[1]
    else:
        train, dev = {"uner": uner_split, "norne": norne_split}[corpus](corpora)
    return [map_tags(corpus, s) for s in train], [map_tags(corpus, s) for s in dev]


def letters(text: str) -> str:
    """Letters and digits only, so one sentence tokenised or spaced two ways compares equal."""
    return "".join(ch for ch in text if ch.isalnum())


def conllu_sentences(path: Path) -> list[str]:
    blocks = Path(path).read_text(encoding="utf-8").strip().split("\n\n")
    return [block.strip() + "\n" for block in blocks if block.strip()]


def talbanken_split(corpora: Path = SHARED_CORPORA) -> tuple[list[str], list[str]]:
    """CoNLL-U sentence blocks (train, dev) of Talbanken's dev+test files."""
    sentences = [s for path in TALBANKEN for s in conllu_sentences(corpora / path)]
    cut = split_point(len(sentences))
    return sentences[:cut], sentences[cut:]


def conllu_docs(vocab: Vocab, sentences: list[str]) -> list[Doc]:
    """Gold Docs (POS, morphology, lemmas, dependencies), as `spacy convert -c conllu -n 10` builds them.

    The converter builds its Docs on a vocab of its own; they are moved to `vocab`
    so a pipeline's scorer can read their strings.
    """
    docs = conllu_to_docs("\n".join(sentences), n_sents=SENTENCES_PER_DOC, no_print=True)
    return list(DocBin(docs=docs).get_docs(vocab))
