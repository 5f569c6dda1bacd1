"""The sample article (a real Botkyrka news page with its navigation left in) cleans as DESIGN.md says."""

from __future__ import annotations

import pytest

from pipeline.clean import clean
from pipeline.ingest import content_hash
from pipeline.records import RawDocument, Source


@pytest.fixture(scope="module")
def cleaned(sample_text):
    return clean(RawDocument("sample", Source(path="sample.txt"), "text/plain", sample_text, content_hash(sample_text.encode())))


def test_navigation_lines_are_removed_in_document_order(cleaned):
    assert cleaned.removed == ["Translate", "Telefon", "Kontakt", "Öppna mobilmenyn", "Nyhet", "Andra har även läst"]


def test_title_date_and_section_are_kept_as_metadata(cleaned):
    assert cleaned.title == "Botkyrka höll konferens om trygghetsskapande arbete"
    assert cleaned.published == "2024-02-16"
    assert cleaned.section == "Kommun och politik"


def test_text_keeps_caption_subheadings_and_every_body_paragraph(cleaned, sample_text):
    body_start = sample_text.index("I veckan bjöd")
    body_end = sample_text.index("Andra har även läst")
    expected_paragraphs = [p.strip() for p in sample_text[body_start:body_end].split("\n\n") if p.strip()]
    assert cleaned.text.split("\n\n") == expected_paragraphs
    assert "Alvaro Fuentes, bosocial strateg Botkyrkabyggen tillsammans med" in cleaned.text
    for heading in ("Kan man bygga bort en otrygg miljö?", "Centrumägare en viktig aktör i trygghetsarbetet"):
        assert heading in expected_paragraphs


def test_a_title_given_by_the_input_record_is_not_inferred_over(sample_text):
    given = RawDocument("x", Source(), "text/plain", sample_text, "h", title="Konferens i Fittja")
    assert clean(given).title == "Konferens i Fittja"
