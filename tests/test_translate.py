"""The translation stage, driven through deep-translator's real clients against a fake
online translator on 127.0.0.1 (tests/fake_translation_server.py); no test reaches
the internet except the live smoke test, which runs only with PIPELINE_LIVE_TESTS=1."""

from __future__ import annotations

import json
import os
import pickle
import socket
import time
import urllib.parse
from dataclasses import replace

import pytest
import requests
from deep_translator.constants import BASE_URLS

from pipeline.config import Settings
from pipeline import output
from pipeline.records import (
    Analysis,
    ArticleResult,
    CleanDocument,
    Entity,
    LanguageGuess,
    Person,
    RoleAssertion,
    Source,
    Translation,
)
from pipeline.translate import BACKENDS, Translator, chunk_paragraph, glossary_title
from pipeline.translate.online import deepl, libre, microsoft, mymemory
from tests.conftest import run_pipeline
from tests.fake_translation_server import FakeTranslationServer, fake_translate

TITLE = "Botkyrka höll konferens om trygghetsskapande arbete"
PARAGRAPHS = [
    "I veckan bjöd Botkyrka kommun tillsammans med MTR och Länsstyrelsen in till en konferens om samverkan i trygghetsskapande arbete.",
    "Alvaro Fuentes, bosocial strateg Botkyrkabyggen tillsammans med Björn Johansson, kommunpolis Botkyrka.",
    "Dessa frågor stod i centrum när Stina Lundgren, (M) kommunstyrelsens ordförande hälsade deltagarna välkomna till Fittja.",
]
TEXT = "\n\n".join(PARAGRAPHS)
NAMES = [("Botkyrka kommun", "ORG"), ("MTR", "ORG"), ("Länsstyrelsen", "ORG"), ("Alvaro Fuentes", "PERSON"),
         ("Botkyrkabyggen", "ORG"), ("Björn Johansson", "PERSON"), ("Botkyrka", "PLACE"), ("Stina Lundgren", "PERSON"),
         ("Fittja", "PLACE")]

EXPECTED_TITLE = "Botkyrka held conference about safety-building work"
EXPECTED_TEXT = (
    "In the week invited Botkyrka municipality together with MTR and Länsstyrelsen in to a conference about cooperation in safety-building work."
    "\n\n"
    "Alvaro Fuentes, social housing strategist Botkyrkabyggen together with Björn Johansson, community police officer Botkyrka."
    "\n\n"
    "These questions stood in centre when Stina Lundgren, (M) the executive board's chair greeted the participants welcome to Fittja."
)
CHUNKS_PER_ARTICLE = 4  # the title and three paragraphs


def entities() -> list[Entity]:
    """The names in order of appearance, with their real offsets into TEXT."""
    found, cursor = [], 0
    for name, label in NAMES:
        start = TEXT.index(name, cursor)
        found.append(Entity(name, label, start, start + len(name)))
        cursor = start + len(name)
    return found


def article(language: str = "sv") -> tuple[CleanDocument, Analysis]:
    document = CleanDocument(id="sha256:test", source=Source(path="corpora/test.txt"), content_hash="x", text=TEXT,
                             title=TITLE, language=LanguageGuess(language, 0.99))
    role = lambda person, title, org=None, party=None: RoleAssertion(person, title, org, party, 0, 10)  # noqa: E731
    people = [
        Person("Alvaro Fuentes", 1, [role("Alvaro Fuentes", "bosocial strateg", "Botkyrkabyggen")]),
        Person("Björn Johansson", 1, [role("Björn Johansson", "kommunpolis", "Botkyrka")]),
        Person("Stina Lundgren", 1, [role("Stina Lundgren", "kommunstyrelsens ordförande", None, "M"),
                                     role("Stina Lundgren", "klubbchefen")]),
    ]
    return document, Analysis(entities=entities(), people=people)


def role_titles(analysis: Analysis) -> list[tuple[str | None, str | None]]:
    return [(r.title_en, r.title_en_source) for p in analysis.people for r in p.roles]


GLOSSARY_TITLES = [("social housing strategist", "glossary"), ("community police officer", "glossary"),
                   ("chair of the municipal executive board", "glossary")]


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Name resolution of anything but the loopback fails, so no test can reach the internet."""
    real = socket.getaddrinfo

    def loopback_only(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost"):
            raise socket.gaierror(f"tests may not reach {host}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)


@pytest.fixture
def server():
    fake = FakeTranslationServer().start()
    yield fake
    fake.stop()


@pytest.fixture
def settings(tmp_path, server) -> Settings:
    return Settings(out_dir=tmp_path, translators=("libre",), translator_url=server.url, translate_timeout_s=2.0,
                    article_translate_budget_s=10.0, translate_retries=3, translate_backoff_s=0.01,
                    translate_breaker_failures=3)


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


# ----- translation, names and role titles -----


def test_article_translated_with_names_protected_with_fake_libretranslate_server(server, settings):
    document, analysis = article()
    translation = Translator(settings).translate_article(document, analysis)
    assert (translation.status, translation.backend, translation.error) == ("ok", "libre", None)
    assert translation.title == EXPECTED_TITLE
    assert translation.text == EXPECTED_TEXT
    assert translation.unprotected_chunks == 0
    assert server.texts()[:2] == ["{0} höll konferens om trygghetsskapande arbete",
                                  "I veckan bjöd {0} kommun tillsammans med {1} och {2} in till en konferens om samverkan i trygghetsskapande arbete."]
    assert all((r.source, r.target) == ("sv", "en") for r in server.requests)
    assert not any("Björn" in text for text in server.texts())


def test_role_titles_come_from_glossary_first_then_backend_with_fake_libretranslate_server(server, settings):
    document, analysis = article()
    Translator(settings).translate_article(document, analysis)
    assert role_titles(analysis) == [*GLOSSARY_TITLES, ("the club manager", "libre")]
    assert server.texts()[-1] == "klubbchefen"
    assert len(server.requests) == CHUNKS_PER_ARTICLE + 1


@pytest.mark.parametrize("mangling", ["drop", "duplicate"])
def test_chunk_losing_or_doubling_a_placeholder_is_retranslated_unprotected_with_fake_libretranslate_server(server, settings, mangling):
    server.default = mangling
    translation = Translator(settings).translate_article(*article())
    assert translation.status == "ok"
    assert translation.unprotected_chunks == CHUNKS_PER_ARTICLE
    assert translation.title == EXPECTED_TITLE
    assert translation.text.split("\n\n")[1] == (
        "Alvaro Fuentes, social housing strategist Botkyrkabyggen together with Bear Johansson, community police officer Botkyrka.")
    assert server.texts()[1] == TITLE  # the title again, this time with its names in clear


def test_glossary_reads_inflected_and_modified_titles():
    assert glossary_title("generaldirektören") == "director-general"
    assert glossary_title("ordföranden") == "chair"
    assert glossary_title("vice vd") == "deputy CEO"
    assert glossary_title("före detta åklagaren") == "former prosecutor"
    assert glossary_title("Bosocial  strateg") == "social housing strategist"
    assert glossary_title("ecb-chefen") is None


# ----- chunking -----


def test_chunks_stay_within_the_encoded_limit_and_paragraphs_survive_with_fake_libretranslate_server(server, settings):
    sentences = ["Under dagen fick olika aktörer i Botkyrka möjligheten att dela sina erfarenheter.",
                 "Dessa frågor stod i centrum när deltagarna fick dela sina erfarenheter."]
    paragraphs = [" ".join([sentence] * 80) for sentence in sentences]  # 6,640 and 5,760 characters
    result = Translator(settings).translate_text("\n\n".join(paragraphs))
    encoded = [len(urllib.parse.quote_plus(text)) for text in server.texts()]
    assert encoded == [4875, 2483, 4837, 1721]  # each within libre's 4,900
    assert result.status == "ok"
    assert result.text == "\n\n".join(" ".join([fake_translate(sentence)] * 80) for sentence in sentences)


def test_google_chunks_count_swedish_letters_at_their_url_encoded_cost():
    sentence = "Åsa Öberg är här och där på ön."
    paragraph = " ".join([sentence] * 300)  # 9,599 characters
    cost = BACKENDS["google"].cost
    chunks = chunk_paragraph(paragraph, cost, BACKENDS["google"].max_chars)
    assert [len(c) for c in chunks] == [2335, 2335, 2335, 2335, 255]  # far below 5,000 characters each
    assert max(cost(c) for c in chunks) <= 4900 < cost(chunks[0] + " " + sentence)
    assert " ".join(chunks) == paragraph


def test_a_sentence_longer_than_the_limit_is_cut_between_words():
    assert chunk_paragraph("ett två tre fyra fem", len, 8) == ["ett två", "tre fyra", "fem"]


# ----- retries, timeouts, budget, circuit breaker, fallback -----


def test_429_is_retried_after_the_retry_after_delay_with_fake_libretranslate_server(server, settings):
    server.script = [("429", 1)]
    started = time.monotonic()
    translation = Translator(settings).translate_article(*article())
    assert time.monotonic() - started >= 1.0
    assert translation.status == "ok"
    assert server.texts()[:2] == [server.texts()[0]] * 2
    assert len(server.requests) == CHUNKS_PER_ARTICLE + 2


def test_5xx_is_retried_with_exponential_backoff_with_fake_libretranslate_server(server, settings):
    server.script = ["500", "500", "500"]
    started = time.monotonic()
    translation = Translator(replace(settings, translate_backoff_s=0.1)).translate_article(*article())
    assert time.monotonic() - started >= 0.1 + 0.2 + 0.4
    assert translation.status == "ok"
    assert len(server.requests) == CHUNKS_PER_ARTICLE + 1 + 3


def test_chunk_failing_after_all_retries_leaves_a_partial_translation_with_fake_libretranslate_server(server, settings):
    server.script = ["500"] * 4  # the title: the first try and three retries
    translation = Translator(settings).translate_article(*article())
    assert translation.status == "partial"
    assert translation.error == "libre: HTTP 500"
    assert translation.title == TITLE
    assert translation.text == EXPECTED_TEXT


def test_client_error_is_not_retried_with_fake_libretranslate_server(server, settings):
    server.script = ["translate", "400"]
    translation = Translator(settings).translate_article(*article())
    assert translation.status == "partial"
    assert translation.error == "libre: HTTP 400"
    assert translation.text.split("\n\n")[0] == PARAGRAPHS[0]
    assert len(server.requests) == CHUNKS_PER_ARTICLE + 1


def test_silent_server_times_out_and_fails_fast_with_fake_libretranslate_server(server, settings):
    server.default = "hang"
    document, analysis = article()
    started = time.monotonic()
    translation = Translator(replace(settings, translate_timeout_s=0.2, translate_retries=1,
                                     translate_breaker_failures=2)).translate_article(document, analysis)
    assert time.monotonic() - started < 1.5
    assert (translation.status, translation.title, translation.text) == ("failed", None, None)
    assert translation.error == "libre: timeout; down (timeout (2 times in a row))"
    assert len(server.requests) == 2
    assert role_titles(analysis) == [*GLOSSARY_TITLES, (None, None)]


def test_article_time_budget_bounds_the_retries_with_fake_libretranslate_server(server, settings):
    server.default = "hang"
    started = time.monotonic()
    translation = Translator(replace(settings, translate_timeout_s=0.3, translate_retries=50,
                                     translate_breaker_failures=100, article_translate_budget_s=1.0)).translate_article(*article())
    assert 1.0 <= time.monotonic() - started < 1.6
    assert translation.status == "failed"
    assert "article time budget spent" in translation.error


def test_offline_backend_trips_the_circuit_breaker_so_later_articles_send_nothing(settings):
    translator = Translator(replace(settings, translator_url=closed_port_url()))
    started = time.monotonic()
    results = [translator.translate_article(*article()) for _ in range(20)]
    assert time.monotonic() - started < 2.0
    assert translator.requests_sent == 3
    assert {r.status for r in results} == {"failed"}
    assert results[-1].error == "libre: down (connection failed (3 times in a row))"
    document, analysis = article()
    translator.translate_article(document, analysis)
    assert (document.text, document.title, analysis.entities) == (TEXT, TITLE, entities())


def test_fallback_list_is_tried_in_order_with_fake_libretranslate_server_and_fake_google_endpoint(server, settings, monkeypatch):
    monkeypatch.setitem(BASE_URLS, "GOOGLE_TRANSLATE", server.url + "/m")
    translation = Translator(replace(settings, translators=("libre", "google"), translator_url=closed_port_url())).translate_article(*article())
    assert (translation.status, translation.backend, translation.title, translation.text) == ("ok", "google", EXPECTED_TITLE, EXPECTED_TEXT)
    assert {r.path for r in server.requests} == {"/m"}

    google_down = FakeTranslationServer().start()
    try:
        google_down.default = "500"
        monkeypatch.setitem(BASE_URLS, "GOOGLE_TRANSLATE", google_down.url + "/m")
        translation = Translator(replace(settings, translators=("google", "libre"), use_cache=False)).translate_article(*article())
    finally:
        google_down.stop()
    assert (translation.status, translation.backend, translation.text) == ("ok", "libre", EXPECTED_TEXT)
    assert len(google_down.requests) == CHUNKS_PER_ARTICLE * 4  # every chunk tried four times before libre


# ----- cache -----


def test_rerun_sends_zero_requests_thanks_to_the_cache_with_fake_libretranslate_server(server, settings):
    first = Translator(settings).translate_article(*article())
    sent = len(server.requests)
    document, analysis = article()
    again = Translator(settings).translate_article(document, analysis)
    assert len(server.requests) == sent
    assert (again.title, again.text, again.cached_chunks) == (first.title, first.text, CHUNKS_PER_ARTICLE)
    assert role_titles(analysis)[-1] == ("the club manager", "libre")

    Translator(replace(settings, use_cache=False)).translate_article(*article())
    assert len(server.requests) == 2 * sent


def test_translator_pickles_for_worker_processes_with_fake_libretranslate_server(server, settings):
    translator = Translator(settings)
    translator.translate_article(*article())
    copy = pickle.loads(pickle.dumps(translator))
    assert copy.translate_article(*article()).cached_chunks == CHUNKS_PER_ARTICLE


# ----- outcome checks -----


def test_reply_identical_to_the_source_is_failed_with_fake_libretranslate_server(server, settings):
    server.default = "echo"
    translation = Translator(settings).translate_article(*article())
    assert (translation.status, translation.error) == ("failed", "libre: translation identical to the source")


def test_reply_still_in_swedish_is_not_ok_with_fake_libretranslate_server(server, settings):
    server.default = "lowercase"
    translation = Translator(settings).translate_article(*article())
    assert (translation.status, translation.error) == ("failed", "libre: translation still detected as sv")


def test_overlong_reply_is_rejected_with_fake_libretranslate_server(server, settings):
    server.default = "overlong"
    translation = Translator(settings).translate_article(*article())
    assert translation.status == "failed"
    assert translation.error == ("libre: reply of 939 characters for 46 sent; reply of 2499 characters for 114 sent; "
                                 "reply of 1679 characters for 63 sent; reply of 2299 characters for 106 sent")
    assert len(server.requests) == CHUNKS_PER_ARTICLE


def test_translation_off_is_skipped_but_the_glossary_still_fills_role_titles(server, settings):
    document, analysis = article()
    translation = Translator(replace(settings, translators=("none",))).translate_article(document, analysis)
    assert (translation.status, translation.backend, translation.text) == ("skipped", None, None)
    assert role_titles(analysis) == [*GLOSSARY_TITLES, (None, None)]
    assert server.requests == []


def test_article_already_in_the_target_language_is_skipped(server, settings):
    translation = Translator(settings).translate_article(*article(language="en"))
    assert (translation.status, translation.error) == ("skipped", "already in en")
    assert server.requests == []


def test_unknown_translator_name_is_refused():
    with pytest.raises(ValueError, match="unknown translator"):
        Translator(Settings(translators=("babelfish",)))


# ----- deep-translator traps -----


def test_libre_client_accepts_swedish_and_a_url_without_trailing_slash(settings):
    client = libre("sv", "en", settings)
    assert (client.source, client.target, client._base_url) == ("sv", "en", settings.translator_url + "/")


def test_mymemory_client_gets_regional_codes(settings):
    client = mymemory("sv", "en", settings)
    assert (client.source, client.target) == ("sv-SE", "en-GB")


def test_microsoft_client_is_built_without_a_network_call(settings, monkeypatch):
    monkeypatch.setenv("MICROSOFT_API_KEY", "test-key")
    monkeypatch.setattr(requests.Session, "request", lambda *a, **k: pytest.fail("network call in the constructor"))
    client = microsoft("sv", "en", settings)
    assert (client.source, client.target) == ("sv", "en")


def test_deepl_free_key_selects_the_free_endpoint(settings, monkeypatch):
    monkeypatch.setenv("DEEPL_API_KEY", "abc:fx")
    assert deepl("sv", "en", settings)._base_url == "https://api-free.deepl.com/v2/"


def test_missing_key_fails_at_once_naming_the_variable(settings, monkeypatch):
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    translator = Translator(replace(settings, translators=("deepl",)))
    translation = translator.translate_article(*article())
    assert translation.status == "failed"
    assert "DEEPL_API_KEY" in translation.error
    assert translator.translate_article(*article()).error.startswith("deepl: down (ApiKeyException")


# ----- the command -----


def test_translate_command_fills_an_article_json_with_fake_libretranslate_server(server, tmp_path):
    written = output.article_json(ArticleResult(*article(), Translation("en", None, "skipped"), stages={}))
    done = run_pipeline("translate", "-", "--translator", "libre", "--translator-url", server.url, "--out", str(tmp_path),
                        stdin=json.dumps(written).encode())
    assert done.returncode == 0, done.stderr
    translated = json.loads(done.stdout.decode())
    assert translated["translation"] == {"target": "en", "backend": "libre", "status": "ok", "title": EXPECTED_TITLE,
                                     "text": EXPECTED_TEXT, "error": None, "unprotected_chunks": 0}
    johansson = next(p for p in translated["people"] if p["name"] == "Björn Johansson")
    assert johansson["roles"][0]["title_en"] == "community police officer"
    assert done.stderr.decode().strip() == "translation ok (libre)"


def test_translate_command_on_plain_text_with_fake_libretranslate_server(server, tmp_path):
    done = run_pipeline("translate", "-", "--translator", "libre", "--translator-url", server.url, "--out", str(tmp_path),
                        stdin=(PARAGRAPHS[2] + "\n").encode())
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == EXPECTED_TEXT.split("\n\n")[2] + "\n"


@pytest.mark.live
@pytest.mark.skipif(os.environ.get("PIPELINE_LIVE_TESTS") != "1", reason="set PIPELINE_LIVE_TESTS=1 to reach the real Google Translate")
def test_live_google_translates_the_sample_article(tmp_path, monkeypatch):
    monkeypatch.undo()  # lift the loopback-only guard
    translation = Translator(Settings(out_dir=tmp_path, translators=("google",), use_cache=False)).translate_article(*article())
    assert translation.status == "ok", translation.error
    assert "Björn Johansson" in translation.text and "Fittja" in translation.text
