"""Swedish Snowball stems: one stemmer for the full-text index, its queries and role titles.

The index and the query must stem alike, so both call `stem` here. Snowball only
strips endings, so a stem is always a prefix of the lower-cased word.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

# Letters and digits: the runs FTS5's unicode61 tokenizer makes tokens of.
WORD = re.compile(r"[^\W_]+")
_SWEDISH = snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """"Skjutningarna" -> "skjutning": the word lower-cased, its inflectional ending removed."""
    return _SWEDISH.stemWord(word.lower())


def stemmed(text: str | None) -> str | None:
    """Every word of `text` replaced by its stem, space-separated, in order."""
    if text is None:
        return None
    return " ".join(stem(word) for word in WORD.findall(text))
