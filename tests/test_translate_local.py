"""The local backend (`--translator local`) on a stand-in model built by tests/stand_in_translation_model.py:
a real SentencePiece model and a real CTranslate2 Transformer, packaged as an Argos Translate package and as
a plain folder, whose hand-set weights translate every sentence to STAND_IN_SENTENCE. Loading, batching, the
time budget, names, the cache, workers and every error path are checked; quality needs a real model."""

from __future__ import annotations

import json
import re
import shutil
import time
import zipfile
from dataclasses import replace

import pytest

pytest.importorskip("ctranslate2", reason="the local backend's extra is not installed: pip install -e '.[test]'")
pytest.importorskip("sentencepiece", reason="the local backend's extra is not installed: pip install -e '.[test]'")

from pipeline import output  # noqa: E402
from pipeline.config import Settings  # noqa: E402
from pipeline.records import ArticleResult, Translation  # noqa: E402
from pipeline.translate import Translator  # noqa: E402
from pipeline.translate.local import LoadedModel  # noqa: E402
from tests.conftest import read_articles, run_pipeline  # noqa: E402
from tests.stand_in_translation_model import STAND_IN_SENTENCE, build_folder, build_opus_folder, build_package  # noqa: E402
from tests.test_translate import article  # noqa: E402

S = STAND_IN_SENTENCE
# Names come back as written; the text between them is what the stand-in says.
EXPECTED_TITLE = f"Botkyrka {S}"
EXPECTED_TEXT = (
    f"{S} Botkyrka {S} MTR {S} Länsstyrelsen {S}"
    "\n\n"
    f"Alvaro Fuentes, {S} Botkyrkabyggen {S} Björn Johansson, {S} Botkyrka."
    "\n\n"
    f"{S} Stina Lundgren, {S} Fittja."
)


@pytest.fixture(scope="session")
def stand_in(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("stand-in-model")
    folder = build_folder(root / "translate-sv_en")
    return {"folder": folder, "package": build_package(folder, root / "translate-sv_en.argosmodel"),
            "opus-mt folder": build_opus_folder(folder, root / "opus-mt-sv-en")}


@pytest.fixture
def settings(tmp_path, stand_in) -> Settings:
    return Settings(out_dir=tmp_path, translators=("local",), translator_model=stand_in["package"])


def article_json() -> bytes:
    return json.dumps(output.article_json(ArticleResult(*article(), Translation("en", None, "skipped"), stages={}))).encode()


def translate_with_stand_in_model(model, out, stdin: bytes, *extra: str):
    return run_pipeline("translate", "-", "--translator", "local", "--translator-model", str(model), "--out", str(out), *extra, stdin=stdin)


@pytest.mark.parametrize("form", ["package", "folder", "opus-mt folder"])
def test_stand_in_model_as_argos_package_or_folder_or_converted_opus_mt_folder_translates_an_article_with_names_as_written(stand_in, tmp_path, form):
    done = translate_with_stand_in_model(stand_in[form], tmp_path, article_json())
    assert done.returncode == 0, done.stderr
    translated = json.loads(done.stdout.decode())
    assert translated["translation"] == {"target": "en", "backend": "local", "status": "ok", "title": EXPECTED_TITLE,
                                         "text": EXPECTED_TEXT, "error": None, "unprotected_chunks": 0}
    titles = [(role["title"], role["title_en"], role["title_en_source"]) for p in translated["people"] for role in p["roles"]]
    assert titles[-1] == ("klubbchefen", S, "local")  # not in the glossary: the model's
    assert titles[1] == ("kommunpolis", "community police officer", "glossary")
    assert done.stderr.decode() == "translation ok (local)\n"


def test_model_path_can_come_from_the_environment_with_stand_in_model(stand_in, tmp_path):
    done = run_pipeline("translate", "-", "--translator", "local", "--out", str(tmp_path), stdin="Hon bor i Fittja.".encode(),
                        env={"PIPELINE_TRANSLATOR_MODEL": str(stand_in["folder"])})
    assert (done.returncode, done.stdout.decode()) == (0, S + "\n"), done.stderr


def test_rerun_takes_every_chunk_from_the_cache_whichever_form_of_the_same_stand_in_model(stand_in, tmp_path):
    first = translate_with_stand_in_model(stand_in["folder"], tmp_path, article_json())
    again = translate_with_stand_in_model(stand_in["package"], tmp_path, article_json())
    assert first.stderr.decode() == "translation ok (local)\n"
    assert again.stderr.decode() == "translation ok (local; 4 chunks from the cache)\n"
    assert again.stdout == first.stdout


def test_another_model_is_not_served_the_cached_translations_of_the_first_stand_in_model(stand_in, tmp_path):
    other = build_folder(tmp_path / "other-model", sentence="Another stand-in gives other words.")
    first = translate_with_stand_in_model(stand_in["folder"], tmp_path / "out", "Hon bor i Fittja.".encode())
    second = translate_with_stand_in_model(other, tmp_path / "out", "Hon bor i Fittja.".encode())
    assert (first.stdout.decode(), first.stderr.decode()) == (S + "\n", "translation ok (local)\n")
    assert (second.stdout.decode(), second.stderr.decode()) == ("Another stand-in gives other words.\n", "translation ok (local)\n")


def spy_on_batches(monkeypatch, seconds: float = 0.0) -> list[int]:
    """The size of every batch of sentences the model is given (each taking `seconds` longer)."""
    sizes: list[int] = []
    real = LoadedModel.translate_sentences

    def recorded(self, sentences):
        sizes.append(len(sentences))
        time.sleep(seconds)
        return real(self, sentences)

    monkeypatch.setattr(LoadedModel, "translate_sentences", recorded)
    return sizes


def test_sentences_of_a_chunk_go_through_the_stand_in_model_as_one_batch(settings, monkeypatch):
    sizes = spy_on_batches(monkeypatch)
    sentence = "Kommunen bygger en ny skola i området och eleverna flyttar in till hösten."
    short = " ".join([sentence] * 5)  # 379 characters: one chunk
    long = " ".join([sentence] * 20)  # 1,519 characters: two chunks within the backend's 1,000
    result = Translator(replace(settings, use_cache=False)).translate_text(short + "\n\n" + long)
    assert result.status == "ok"
    assert result.text == " ".join([S] * 5) + "\n\n" + " ".join([S] * 20)
    assert sizes == [5, 13, 7]


def test_article_time_budget_stops_the_stand_in_model_between_chunks(settings, monkeypatch):
    spy_on_batches(monkeypatch, seconds=0.3)
    translation = Translator(replace(settings, use_cache=False, article_translate_budget_s=0.45)).translate_article(*article())
    assert translation.status == "partial"
    assert translation.error == "local: article time budget spent"
    assert translation.text.endswith(article()[0].text.split("\n\n")[-1])  # the last paragraph left in Swedish


def test_an_article_in_a_language_the_model_does_not_read_fails_alone_with_stand_in_model(settings):
    translator = Translator(settings)
    german = translator.translate_article(*article(language="de"))
    assert (german.status, german.error) == ("failed", f"local: translation model {settings.translator_model} translates sv->en, not de->en")
    assert translator.translate_article(*article()).status == "ok"


def test_run_with_two_workers_loads_the_stand_in_model_in_each_and_counts_translations(stand_in, tmp_path):
    records = [{"id": f"skola-{n}", "text": f"Kommunen bygger en ny skola i Fittja. Eleverna flyttar in till hösten {2025 + n}."}
               for n in range(2)]
    inputs = tmp_path / "news.jsonl"
    inputs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    done = run_pipeline("run", str(inputs), "--out", str(tmp_path / "out"), "--translator", "local", "--translator-model",
                        str(stand_in["package"]), "--workers", "2", "--batch-size", "1")
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().splitlines()[-1].endswith("; translations: 2 ok, 0 partial, 0 failed, 0 skipped")
    texts = {a["id"]: a["translation"]["text"] for a in read_articles(tmp_path / "out").values()}
    assert texts == {"skola-0": f"{S} Fittja. {S}", "skola-1": f"{S} Fittja. {S}"}
    report = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert report["settings"]["translator_model"] == str(stand_in["package"])


def broken_models(stand_in, root) -> dict:
    """Paths that are not a usable model, each with the one line the user is told."""
    empty = root / "empty"
    empty.mkdir()
    text = root / "notes.txt"
    text.write_text("not a model", encoding="utf-8")
    bare_zip = root / "bare.argosmodel"
    with zipfile.ZipFile(bare_zip, "w") as archive:
        archive.writestr("translate/README.md", "no model here")
    corrupt = shutil.copytree(stand_in["folder"], root / "corrupt")
    (corrupt / "model" / "model.bin").write_bytes(b"not weights")
    bad_metadata = shutil.copytree(stand_in["folder"], root / "bad-metadata")
    (bad_metadata / "metadata.json").write_text("{from_code: sv", encoding="utf-8")
    german = shutil.copytree(stand_in["folder"], root / "german")
    metadata = json.loads((german / "metadata.json").read_text(encoding="utf-8"))
    (german / "metadata.json").write_text(json.dumps({**metadata, "from_code": "de"}), encoding="utf-8")
    return {
        "missing": (root / "nowhere.argosmodel", f"translation model {root / 'nowhere.argosmodel'} not found"),
        "empty folder": (empty, f"translation model folder {empty} holds neither model/model.bin with sentencepiece.model "
                                "(Argos Translate) nor model.bin with source.spm and target.spm (OPUS-MT)"),
        "text file": (text, f"translation model {text} is neither a model folder nor an Argos Translate .argosmodel package"),
        "zip without a model": (bare_zip, f"{bare_zip} is not an Argos Translate package: it needs metadata.json, "
                                          "model/model.bin and sentencepiece.model in one folder"),
        "corrupt weights": (corrupt, re.compile(rf"translation model {re.escape(str(corrupt / 'model'))} cannot be loaded: .+")),
        "malformed metadata": (bad_metadata, re.compile(rf"translation model {re.escape(str(bad_metadata))} cannot be read: .+")),
        "another language pair": (german, f"translation model {german / 'model'} translates de->en, not sv->en"),
    }


BROKEN = ["missing", "empty folder", "text file", "zip without a model", "corrupt weights", "malformed metadata", "another language pair"]


@pytest.mark.parametrize("case", BROKEN)
def test_unusable_model_is_a_usage_error_in_one_line_before_any_text_is_read_with_stand_in_model(stand_in, tmp_path, case):
    model, message = broken_models(stand_in, tmp_path)[case]
    done = translate_with_stand_in_model(model, tmp_path / "out", b"Hon bor i Fittja.")
    assert done.returncode == 2
    (line,) = done.stderr.decode().splitlines()
    assert line.startswith("Error: ")
    assert message.fullmatch(line[7:]) if isinstance(message, re.Pattern) else line[7:] == message
    assert done.stdout == b""


def test_eval_translation_scores_the_stand_in_model_and_counts_the_names_it_keeps(shared_corpora, stand_in, tmp_path):
    """The stand-in ignores its input, so names in clear are all lost; placeholders keep every one."""
    done = run_pipeline("eval", "translation", "--backend", "local", "--translator-model", str(stand_in["package"]),
                        "--limit", "3", "--names", "--out", str(tmp_path), "--data-dir", str(shared_corpora))
    assert done.returncode == 0, done.stderr
    scores, names = done.stdout.decode().splitlines()
    assert re.fullmatch(r"local: chrF2 \d+\.\d  BLEU \d+\.\d  \(3 segments\)  \d+\.\d s", scores)
    assert re.fullmatch(r"local: names kept as written in [1-3] segments: with placeholders (\d+)/\1 \(100\.0%\), in clear 0/\1 \(0\.0%\)", names)


def test_without_the_local_mt_extra_the_local_backend_says_how_to_install_it_with_stand_in_model(stand_in, tmp_path):
    """A `ctranslate2` module that fails to import, first on the path, stands for the extra not installed."""
    blocker = tmp_path / "without-extra"
    blocker.mkdir()
    (blocker / "ctranslate2.py").write_text("raise ImportError('No module named ctranslate2')\n", encoding="utf-8")
    done = run_pipeline("translate", "-", "--translator", "local", "--translator-model", str(stand_in["package"]),
                        "--out", str(tmp_path / "out"), stdin=b"Hon bor i Fittja.", env={"PYTHONPATH": str(blocker)})
    assert (done.returncode, done.stderr.decode()) == (
        2, "Error: the local backend needs CTranslate2 and SentencePiece: pip install 'pipeline[local-mt]'\n")
