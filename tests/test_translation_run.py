"""Translation as a `pipeline run` user meets it, through the CLI in a child process: outcomes
counted, a backend that is down said in one line with how to go on, a translator choice that cannot
work refused before any article is read, the default backend named in --help, and names protected
without the words around them. The online translator is the fake one on 127.0.0.1
(tests/fake_translation_server.py)."""

from __future__ import annotations

import json
import socket

import pytest

from tests.conftest import SAMPLE, read_articles, run_pipeline
from tests.fake_translation_server import FakeTranslationServer

SWEDISH = {"id": "stockholm", "title": "Hon bor i nordvästra Stockholm",
           "text": "Hon bor i nordvästra Stockholm och arbetar i Botkyrka kommun."}
ENGLISH = {"id": "english", "text": "The municipality is building a new school in Fittja and many people are happy about it."}


@pytest.fixture(scope="module")
def libre_run(tmp_path_factory):
    """One run of a Swedish and an English article with the fake LibreTranslate server: (result, out, server)."""
    server = FakeTranslationServer().start()
    root = tmp_path_factory.mktemp("libre-run")
    inputs = write_jsonl(root / "news.jsonl", SWEDISH, ENGLISH)
    done = run_pipeline("run", inputs, "--out", str(root / "out"), "--translator", "libre", "--translator-url", server.url)
    yield done, root / "out", server
    server.stop()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def write_jsonl(path, *records) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_summary_line_and_run_json_count_translations_with_fake_libretranslate_server(libre_run):
    done, out, _ = libre_run
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().splitlines()[-1].endswith("; translations: 1 ok, 0 partial, 0 failed, 1 skipped")
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert report["counts"]["translations"] == {"ok": 1, "partial": 0, "failed": 0, "skipped": 1}


def test_place_keeps_its_name_and_the_words_around_it_are_translated_with_fake_libretranslate_server(libre_run):
    """The NER reads 'Stockholm' (the name, without the direction 'nordvästra') and 'Botkyrka kommun' as entities;
    only the names stay as written."""
    done, out, server = libre_run
    article = read_articles(out)["stockholm"]
    assert [(e["text"], e["label"]) for e in article["entities"]] == [("Stockholm", "PLACE"), ("Botkyrka kommun", "ORG")]
    assert article["translation"]["title"] == "She lives in northwestern Stockholm"
    assert article["translation"]["text"] == "She lives in northwestern Stockholm and works in Botkyrka municipality."
    assert server.texts()[1] == "Hon bor i nordvästra {0} och arbetar i {1} kommun."


def test_backend_down_is_said_in_one_line_with_how_to_go_on(tmp_path):
    done = run_pipeline("run", str(SAMPLE), "--out", str(tmp_path / "out"), "--translator", "libre", "--translator-url", closed_port_url())
    assert done.returncode == 0, done.stderr
    lines = done.stderr.decode().splitlines()
    assert [line for line in lines if "--translator none" in line] == [
        "WARNING pipeline.batch: translation is failing: libre: down (connection failed (3 times in a row)); "
        "articles are written untranslated; to go on: --translator none (no translation), --translator local "
        "--translator-model PATH (a model on this machine), --translator libre --translator-url URL (a self-hosted "
        "LibreTranslate), or an API key (DEEPL_API_KEY for deepl, MICROSOFT_API_KEY for microsoft)"]
    assert lines[-1].endswith("; translations: 0 ok, 0 partial, 1 failed, 0 skipped")


@pytest.mark.parametrize(("arguments", "environment", "message"), [
    (["--translator", "yandex"], {},
     "Error: unknown translator yandex; choose from google, microsoft, deepl, mymemory, libre, local or none"),
    (["--translator", "libre,google"], {},
     "Error: --translator libre needs --translator-url, the address of a LibreTranslate server"),
    (["--translator", "deepl"], {"DEEPL_API_KEY": ""}, "Error: --translator deepl needs an API key in $DEEPL_API_KEY"),
    (["--translator", "microsoft"], {"MICROSOFT_API_KEY": ""}, "Error: --translator microsoft needs an API key in $MICROSOFT_API_KEY"),
    (["--translator", "local"], {"PIPELINE_TRANSLATOR_MODEL": ""},
     "Error: the local backend needs --translator-model PATH (or $PIPELINE_TRANSLATOR_MODEL): an Argos Translate .argosmodel "
     "package or a model folder; README, 'Translation on this machine', says where to get one"),
])
def test_translator_choice_that_cannot_work_is_refused_before_any_article_is_read(tmp_path, arguments, environment, message):
    out = tmp_path / "out"
    done = run_pipeline("run", str(SAMPLE), "--out", str(out), *arguments, env=environment)
    assert (done.returncode, done.stderr.decode().splitlines()) == (2, [message])
    assert not out.exists()


def test_run_help_names_the_default_backend_and_says_it_sends_text_to_a_third_party():
    done = run_pipeline("run", "--help")
    assert done.returncode == 0
    shown = " ".join(done.stdout.decode().split())
    assert "google (the default; sends each article's title and text to Google's free web endpoint, a third party)" in shown
    assert "Translation is on by default, with Google's free web endpoint: the title and text of every article go to Google." in shown
    assert "--translator none keeps everything on this machine" in shown
