"""Property-based: no text, bytes or HTML makes cleaning raise; the stage returns a document or an error record."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.clean import clean_or_error
from pipeline.ingest import InputError, content_hash, document_from_bytes
from pipeline.records import CleanDocument, ErrorRecord, RawDocument, Source

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
html_fragments = st.lists(
    st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<div>", "</div>", "<nav>Meny</nav>", "<h1>", "</h1>",
                     "<script>x=1</script>", "<!--", "-->", "&amp;", "<br>", "<article>", "</article>"])
    | st.text(max_size=40),
    max_size=30,
).map("".join)


def outcome(raw: RawDocument) -> CleanDocument | ErrorRecord:
    result = clean_or_error(raw)
    assert isinstance(result, (CleanDocument, ErrorRecord))
    if isinstance(result, CleanDocument):
        assert result.text.strip()
    return result


@FAST
@given(st.text())
def test_arbitrary_text_never_raises(text):
    outcome(RawDocument("t", Source(path="t.txt"), "text/plain", text, content_hash(text.encode("utf-8", "surrogatepass"))))


@FAST
@given(html_fragments)
def test_arbitrary_html_never_raises(html):
    outcome(RawDocument("h", Source(path="h.html"), "text/html", html, content_hash(html.encode("utf-8", "surrogatepass"))))


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_decode_or_give_an_input_error(data):
    try:
        raw = document_from_bytes(data, Source(path="b.txt"))
    except InputError:
        return
    outcome(raw)
