"""The training corpora as spaCy Docs, and the contiguous dev slices carved from them.

One reader serves training (`training/convert.py`), `pipeline eval nlp` and
`pipeline eval ner`, so the spans a model is trained on and scored against are
built the same way. Dev slices are always the last `DEV_FRACTION` of the
sentences in file order: neighbouring sentences come from the same article, so
a random split would leak names and topics from training into dev.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span
from spacy.training.converters import conllu_to_docs
from spacy.vocab import Vocab

from pipeline.config import SHARED_CORPORA
from pipeline.evaluation.roles import load as load_role_gold

DEV_FRACTION = 0.1
SENTENCES_PER_DOC = 10
KLINTAN = Path("ner/klintan/train_corpus.txt")
# The role gold set; its news sentences were drawn from klintan's file.
ROLE_GOLD = Path("roles/roles-dev.jsonl")
# Talbanken's official dev and test files, concatenated in this order; both are training material.
TALBANKEN = (Path("ud/talbanken/sv_talbanken-ud-dev.conllu"), Path("ud/talbanken/sv_talbanken-ud-test.conllu"))

OUTSIDE_TAGS = {"0", "O", "_", "-"}
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
        if tag in OUTSIDE_TAGS:
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
        words, spaces, starts, ents = [], [], [], []
        for sentence in group:
            offset = len(words)
            words += sentence.words
            spaces += sentence_spaces(sentence.words)
            spaces[-1] = True
            starts += [True] + [False] * (len(sentence.words) - 1)
            ents += [(offset + s, offset + e, label) for s, e, label in entity_spans(sentence.tags)]
        spaces[-1] = False
        doc = Doc(vocab, words=words, spaces=spaces, sent_starts=starts)
        doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
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
