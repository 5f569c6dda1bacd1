"""Boilerplate found by structure and by repetition across documents of one source folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import RepeatedLines, clean_text
from pipeline.ingest import content_hash, source_group
from pipeline.output import atomic_write, atomic_writer
from pipeline.records import RawDocument, Source

BODIES = [
    "Kommunen öppnar en ny förskola i Tumba i augusti. Platserna fördelas efter kötid.",
    "Biblioteket i Hallunda får längre öppettider under sommaren, meddelar kommunen.",
    "Vägarbetet på Hågelbyleden blir klart två veckor tidigare än planerat.",
]


def page(name: str, body: str) -> RawDocument:
    text = f"Botkyrka kommun\n\nSök\n\nKommunfullmäktige live\n\n{body}\n\nFölj oss\n"
    return RawDocument(name, Source(path=f"site/{name}.txt"), "text/plain", text, content_hash(text.encode()))


def test_lines_repeated_across_a_source_folder_are_removed():
    pages = [page(f"p{i}", body) for i, body in enumerate(BODIES)]
    repeated = RepeatedLines()
    for raw in pages:
        repeated.add(source_group(raw), raw)
    cleaned = clean_text(pages[0], repeated.for_group("site"))
    assert cleaned.text == BODIES[0]
    assert cleaned.removed == ["Botkyrka kommun", "Sök", "Kommunfullmäktige live", "Följ oss"]


def test_repetition_needs_several_documents_before_it_counts():
    repeated = RepeatedLines()
    raw = page("only", BODIES[0])
    repeated.add(source_group(raw), raw)
    assert repeated.for_group("site") == frozenset()


def test_short_unpunctuated_lines_at_head_and_tail_are_structural_boilerplate():
    text = "Start\n\nNyheter\n\nNy förskola i Tumba\n\n3 mars 2024\n\n" + BODIES[0] + "\n\nTill toppen\n\nWebbkarta\n"
    cleaned = clean_text(RawDocument("x", Source(), "text/plain", text, "h"))
    assert (cleaned.title, cleaned.published, cleaned.text) == ("Ny förskola i Tumba", "2024-03-03", BODIES[0])
    assert cleaned.removed == ["Start", "Nyheter", "Till toppen", "Webbkarta"]


def test_a_failed_atomic_write_leaves_the_old_file_and_no_temporary(tmp_path: Path):
    target = tmp_path / "article.json"
    atomic_write(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_writer(target) as file:
            file.write("half of the new")
            raise RuntimeError("killed mid-write")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["article.json"]
