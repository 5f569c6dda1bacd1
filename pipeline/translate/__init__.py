"""The translation stage: articles and role titles into the target language (see `translator`)."""

from pipeline.translate.backends import BACKENDS, BackendChoiceError, check_settings
from pipeline.translate.chunks import chunk_paragraph
from pipeline.translate.glossary import GLOSSARY_PATH, glossary_title
from pipeline.translate.translator import Translator, down_hint, translate_article_json

__all__ = ["BACKENDS", "GLOSSARY_PATH", "BackendChoiceError", "Translator", "check_settings", "chunk_paragraph",
           "down_hint", "glossary_title", "translate_article_json"]
