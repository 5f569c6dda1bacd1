"""Cutting a field into the pieces a backend accepts: paragraphs, then sentences packed within its limit."""

from __future__ import annotations

import re
from collections.abc import Callable

_PARAGRAPH_BREAK = re.compile(r"(\n+)")
_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs and the line breaks between them, alternating; `"".join` gives the text back."""
    return _PARAGRAPH_BREAK.split(text)


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph, cut after end punctuation; `" ".join` gives the paragraph back."""
    return _SENTENCE_END.split(text)


def chunk_paragraph(paragraph: str, cost: Callable[[str], int], limit: int) -> list[str]:
    """Sentences packed greedily into chunks whose cost is within `limit`, joined by one space.

    A sentence over the limit is cut between words, a word over it between characters.
    """
    if cost(paragraph) <= limit:
        return [paragraph]
    return _pack([piece for sentence in split_sentences(paragraph) for piece in _fit(sentence, cost, limit)], cost, limit)


def _fit(sentence: str, cost: Callable[[str], int], limit: int) -> list[str]:
    if cost(sentence) <= limit:
        return [sentence]
    words = sentence.split()
    if len(words) == 1:
        cut = max(i for i in range(1, len(sentence) + 1) if cost(sentence[:i]) <= limit)
        return [sentence[:cut], *_fit(sentence[cut:], cost, limit)]
    return _pack([piece for word in words for piece in _fit(word, cost, limit)], cost, limit)


def _pack(pieces: list[str], cost: Callable[[str], int], limit: int) -> list[str]:
    """Join consecutive pieces with a space while the cost stays within `limit`."""
    packed: list[str] = []
    for piece in pieces:
        if packed and cost(packed[-1] + " " + piece) <= limit:
            packed[-1] += " " + piece
        else:
            packed.append(piece)
    return packed
