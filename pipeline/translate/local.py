"""Translation on this machine: a CTranslate2 model with SentencePiece vocabularies; no text leaves it.

A model comes as
  - an Argos Translate package (`.argosmodel`): a zip of one folder holding metadata.json, model/
    (CTranslate2) and sentencepiece.model; read straight from the zip, nothing is unpacked;
  - such a folder, unpacked;
  - an OPUS-MT model converted by `ct2-transformers-converter`: model.bin beside source.spm and
    target.spm (Marian models expect </s> after each source sentence, which is added here).
CTranslate2 and SentencePiece come with the optional extra `pipeline[local-mt]`. Each process loads
its own copy once (one model per worker), with one CPU thread, as `--workers` decides the cores.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import re
import zipfile
from pathlib import Path

from pipeline.config import Settings
from pipeline.translate.chunks import split_sentences
from pipeline.translate.names import PLACEHOLDER, same_placeholders

ENV_TRANSLATOR_MODEL = "PIPELINE_TRANSLATOR_MODEL"
INSTALL_HINT = "pip install 'pipeline[local-mt]'"
BEAM_SIZE = 4  # as Argos Translate decodes
MAX_BATCH_SENTENCES = 32
_PLACEHOLDER_SPLIT = re.compile(r"(\{\d+\})")
_LEAD = re.compile(r"[\s,;:]*")


class ModelError(ValueError):
    """The model cannot be used: missing, in no known layout, unreadable, or not installed."""


class UnsupportedPair(ValueError):
    """The model does not translate this language pair; other articles may still be translated."""


@dataclasses.dataclass(frozen=True)
class ModelFiles:
    """A model's files as CTranslate2 and SentencePiece read them."""

    ct2_path: str  # the CTranslate2 model folder, or a name when `ct2_files` holds its files
    ct2_files: dict[str, bytes] | None
    source_spm: bytes
    target_spm: bytes
    append_eos: bool
    languages: tuple[str, str] | None  # (from, to) when metadata.json says
    target_prefix: str | None
    fingerprint: str  # changes when the weights change, so cached translations of another model are not reused


def read_model(path: Path) -> ModelFiles:
    """Read a package or a folder in either layout, or say in one sentence why it is not a model."""
    if not path.exists():
        raise ModelError(f"translation model {path} not found")
    try:
        if path.is_dir():
            return _read_folder(path)
        if zipfile.is_zipfile(path):
            return _read_package(path)
    except ModelError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile) as error:  # unreadable file, broken zip, malformed JSON
        raise ModelError(f"translation model {path} cannot be read: {error}") from None
    raise ModelError(f"translation model {path} is neither a model folder nor an Argos Translate .argosmodel package")


def _read_folder(folder: Path) -> ModelFiles:
    model = folder / "model"
    if (model / "model.bin").is_file() and (folder / "sentencepiece.model").is_file():
        shared = (folder / "sentencepiece.model").read_bytes()
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8")) if (folder / "metadata.json").is_file() else None
        return _files(str(model), None, shared, shared, metadata, append_eos=False, weights=model / "model.bin")
    if (folder / "model.bin").is_file() and (folder / "source.spm").is_file() and (folder / "target.spm").is_file():
        config = json.loads((folder / "config.json").read_text(encoding="utf-8")) if (folder / "config.json").is_file() else {}
        return _files(str(folder), None, (folder / "source.spm").read_bytes(), (folder / "target.spm").read_bytes(), None,
                      append_eos=not config.get("add_source_eos"), weights=folder / "model.bin")
    raise ModelError(f"translation model folder {folder} holds neither model/model.bin with sentencepiece.model "
                     "(Argos Translate) nor model.bin with source.spm and target.spm (OPUS-MT)")


def _read_package(package: Path) -> ModelFiles:
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        roots = sorted(name[: -len("metadata.json")] for name in names if name.count("/") <= 1 and name.rsplit("/", 1)[-1] == "metadata.json")
        root = roots[0] if roots else None
        if root is None or f"{root}model/model.bin" not in names or f"{root}sentencepiece.model" not in names:
            raise ModelError(f"{package} is not an Argos Translate package: it needs metadata.json, model/model.bin "
                             "and sentencepiece.model in one folder")
        model_files = {name[len(f"{root}model/"):]: archive.read(name) for name in names
                       if name.startswith(f"{root}model/") and "/" not in name[len(f"{root}model/"):] and not name.endswith("/")}
        shared = archive.read(f"{root}sentencepiece.model")
        metadata = json.loads(archive.read(f"{root}metadata.json"))
    return _files(str(package), model_files, shared, shared, metadata, append_eos=False, weights=model_files["model.bin"])


def _languages(metadata: dict | None) -> tuple[str, str] | None:
    if metadata and metadata.get("from_code") and metadata.get("to_code"):
        return metadata["from_code"], metadata["to_code"]
    return None


def _files(ct2_path: str, ct2_files: dict[str, bytes] | None, source_spm: bytes, target_spm: bytes, metadata: dict | None,
           append_eos: bool, weights: Path | bytes) -> ModelFiles:
    digest = hashlib.sha256()
    if isinstance(weights, bytes):
        digest.update(weights)
    else:
        with weights.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    return ModelFiles(ct2_path, ct2_files, source_spm, target_spm, append_eos, _languages(metadata),
                      (metadata or {}).get("target_prefix") or None, digest.hexdigest())


class LoadedModel:
    """The CTranslate2 translator and the two SentencePiece processors of one model."""

    def __init__(self, files: ModelFiles) -> None:
        try:
            import ctranslate2
            import sentencepiece
        except ImportError:
            raise ModelError(f"the local backend needs CTranslate2 and SentencePiece: {INSTALL_HINT}") from None
        self.files = dataclasses.replace(files, ct2_files=None)  # CTranslate2 keeps its own copy of the weights
        try:
            self.translator = ctranslate2.Translator(files.ct2_path, device="cpu", inter_threads=1, intra_threads=1,
                                                     files=files.ct2_files)
            self.source = sentencepiece.SentencePieceProcessor(model_proto=files.source_spm)
            self.target = sentencepiece.SentencePieceProcessor(model_proto=files.target_spm)
        except (RuntimeError, ValueError, OSError) as error:
            raise ModelError(f"translation model {files.ct2_path} cannot be loaded: {error}") from None

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        """One batch through the model; each sentence's best hypothesis, detokenised."""
        tokens = [self.source.encode(sentence, out_type=str) + (["</s>"] if self.files.append_eos else [])
                  for sentence in sentences]
        prefix = [[self.files.target_prefix]] * len(tokens) if self.files.target_prefix else None
        results = self.translator.translate_batch(
            tokens, target_prefix=prefix, beam_size=BEAM_SIZE, max_batch_size=MAX_BATCH_SENTENCES,
            replace_unknowns=True, max_decoding_length=2 * max(map(len, tokens)) + 10,
        )
        skip = 1 if self.files.target_prefix else 0
        return [self.target.decode(result.hypotheses[0][skip:]) for result in results]


def load(path: str) -> LoadedModel:
    """The model at `path`, loaded once per process: a forked worker must not use its parent's
    copy, whose CTranslate2 threads did not come along."""
    return _load(path, os.getpid())


@functools.lru_cache(maxsize=2)
def _load(path: str, process: int) -> LoadedModel:
    return LoadedModel(read_model(Path(path)))


def model_path(settings: Settings) -> Path:
    if settings.translator_model is None:
        raise ModelError(f"the local backend needs --translator-model PATH (or ${ENV_TRANSLATOR_MODEL}): an Argos "
                         "Translate .argosmodel package or a model folder; README, 'Translation on this machine', says where to get one")
    return settings.translator_model


def check(settings: Settings, source: str) -> None:
    """Before a run: load the model once, make sure it translates `source`, and let it go again,
    so the main process of a run with several workers does not hold a copy it never uses."""
    _translating(LoadedModel(read_model(model_path(settings))), settings, source)


def _translating(model: LoadedModel, settings: Settings, source: str) -> LoadedModel:
    """The model, if it translates `source` into the run's target language."""
    languages = model.files.languages
    if languages and languages != (source, settings.target):
        raise UnsupportedPair(f"translation model {model.files.ct2_path} translates {languages[0]}->{languages[1]}, "
                              f"not {source}->{settings.target}")
    return model


class LocalClient:
    """The local model behind the interface of deep-translator's clients: `translate(text) -> str`.

    A chunk's sentences go through the model as one batch. A sentence that loses or doubles a
    name placeholder is translated again in pieces cut at its placeholders, so every name comes
    back as written whatever the model does with placeholders.
    """

    def __init__(self, source: str, target: str, settings: Settings) -> None:
        self.model = _translating(load(str(model_path(settings))), settings, source)
        self.source, self.target = source, target

    def translate(self, text: str) -> str:
        sentences = [sentence for sentence in split_sentences(text) if sentence.strip()]
        translated = self.model.translate_sentences(sentences) if sentences else []
        broken = [i for i, (s, t) in enumerate(zip(sentences, translated)) if not same_placeholders(s, t)]
        if broken:
            for i, repaired in zip(broken, self._around_placeholders([sentences[i] for i in broken])):
                translated[i] = repaired
        return " ".join(translated)

    def _around_placeholders(self, sentences: list[str]) -> list[str]:
        """Each sentence with its placeholders kept in place and the text between them translated."""
        parts = [_PLACEHOLDER_SPLIT.split(sentence) for sentence in sentences]
        to_translate = sorted({_core(part) for split in parts for part in split if _translatable(part)})
        english = dict(zip(to_translate, self.model.translate_sentences(to_translate))) if to_translate else {}
        return ["".join(_with_spacing(part, english[_core(part)]) if _translatable(part) else part for part in split)
                for split in parts]


def _translatable(part: str) -> bool:
    return not PLACEHOLDER.fullmatch(part) and any(c.isalpha() for c in part)


def _core(part: str) -> str:
    """What is translated of a part: without its leading separators and trailing spaces."""
    return part[_LEAD.match(part).end() :].rstrip()


def _with_spacing(part: str, translated: str) -> str:
    """The translation with the spaces and the separating comma or colon the source part had around it."""
    lead = _LEAD.match(part).group(0)
    return lead + translated + part[len(part.rstrip()) :]


def cache_name(settings: Settings) -> str:
    """The translation cache's backend key: another model's translations are not reused."""
    return "local:" + load(str(model_path(settings))).files.fingerprint
