"""Full-text search on stems: FTS5 syntax kept, every searched word stemmed as the index is.

The index holds Snowball stems (`article_stems`), so the query's words are stemmed
before FTS5 sees them; operators, column names, NEAR groups and `prefix*` pass
through. A prefix matches the start of a stem: "skjutn*" finds "skjutningarna".
Snippets are cut from the original text, with the words whose stem matched in brackets.
"""

from __future__ import annotations

import re
import sqlite3

from pipeline.stemming import WORD, stem
from pipeline.store.reading import QueryResult
from pipeline.store.schema import name_key

SNIPPET_WORDS = 12
# FTS5 query pieces: a "phrase" (with "" for a quote), a bareword (letters, digits, _, \x1a, anything non-ASCII),
# or one character of syntax.
_QUERY_PART = re.compile(r'(?P<phrase>"(?:[^"]|"")*")|(?P<word>[A-Za-z0-9_\x1a\x80-\U0010ffff]+)|(?P<other>\S)|\s+')
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_COLUMNS = ("title", "text", "translated_title", "translated_text")


def stemmed_query(text: str) -> str:
    """`text` with every searched word stemmed and all FTS5 syntax kept."""
    parts = [m for m in _QUERY_PART.finditer(text)]
    out = []
    in_braces = False
    for i, match in enumerate(parts):
        piece = match.group()
        following = next((p.group() for p in parts[i + 1 :] if p.group().strip()), "")
        if match.group("phrase"):
            words = [stem(w) for w in WORD.findall(piece[1:-1].replace('""', '"'))]
            out.append('"' + " ".join(words) + '"' if words else piece)
        elif match.group("word"):
            keep = in_braces or piece in _OPERATORS or following in (":", "*")
            out.append(piece if keep else _stemmed_bareword(piece))
        else:
            in_braces = {"{": True, "}": False}.get(piece, in_braces)
            out.append(piece)
    return "".join(out)


def _stemmed_bareword(word: str) -> str:
    """One stem, or a phrase of stems where the bareword holds punctuation FTS5 splits on ("a–b")."""
    stems = [stem(w) for w in WORD.findall(word)]
    if not stems:
        return word
    return stems[0] if len(stems) == 1 else '"' + " ".join(stems) + '"'


def plain_words_query(text: str) -> str:
    """Text that is not FTS5 syntax ("trygghets- och"), as its stemmed words, all required."""
    return " ".join(f'"{stem(word)}"' for word in WORD.findall(text))


def query_search(connection: sqlite3.Connection, text: str, limit: int = 20) -> QueryResult:
    """Full-text search over Swedish and translated title and text, best matches first.

    FTS5 syntax works ("phrase", OR, NOT, prefix*); text that is not valid FTS5
    syntax (a hyphen, a stray quote) is searched as plain words instead.
    """
    sql = """
        SELECT a.id, a.title, a.published, t.title, t.text, t.translated_title, t.translated_text,
               round(bm25(article_search), 3)
        FROM article_search
        JOIN article_texts t ON t.docid = article_search.rowid
        JOIN articles a ON a.id = t.article
        WHERE article_search MATCH ?
        ORDER BY rank LIMIT ?
    """
    query = stemmed_query(text)
    try:
        found = connection.execute(sql, (query, limit)).fetchall()
    except sqlite3.OperationalError:
        query = plain_words_query(text)
        found = connection.execute(sql, (query, limit)).fetchall() if query else []
    wanted = _wanted(query)
    rows = [(article, title, published, snippet(texts, wanted), score) for article, title, published, *texts, score in found]
    return QueryResult(["article", "title", "published", "snippet", "score"], rows)


def _wanted(query: str) -> tuple[set[str], tuple[str, ...]]:
    """Folded stems and prefixes the (stemmed) query searches for, to mark in snippets."""
    stems, prefixes = set(), []
    for match in re.finditer(r"(\w+)(\*?)", query):
        word, star = match.groups()
        if word in _OPERATORS or word in _COLUMNS:
            continue
        (prefixes.append(name_key(word)) if star else stems.add(name_key(word)))
    return stems, tuple(prefixes)


def snippet(texts: list[str | None], wanted: tuple[set[str], tuple[str, ...]]) -> str:
    """About SNIPPET_WORDS words of the first text with a match, from just before it, matched words in brackets."""
    stems, prefixes = wanted
    for text in (t for t in texts if t):
        words = list(WORD.finditer(text))
        hits = {i for i, w in enumerate(words) if _matches(name_key(stem(w.group())), stems, prefixes)}
        if hits:
            first = max(0, min(min(hits) - 2, len(words) - SNIPPET_WORDS))
            last = min(len(words), first + SNIPPET_WORDS)
            pieces = []
            for i in range(first, last):
                end = words[i + 1].start() if i + 1 < last else words[i].end()
                word = words[i].group()
                pieces.append((f"[{word}]" if i in hits else word) + text[words[i].end() : end])
            return ("…" if first else "") + "".join(pieces).rstrip() + ("…" if last < len(words) else "")
    return ""


def _matches(folded_stem: str, stems: set[str], prefixes: tuple[str, ...]) -> bool:
    return folded_stem in stems or folded_stem.startswith(prefixes)
