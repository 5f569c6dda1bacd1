"""Clients of the online translation services, built from deep-translator 1.11.4 around its traps:
Libre rejecting `sv`, MyMemory wanting regional codes, Microsoft calling the network in its constructor."""

from __future__ import annotations

import os

from deep_translator import (
    DeeplTranslator,
    GoogleTranslator,
    LibreTranslator,
    MicrosoftTranslator,
    MyMemoryTranslator,
)
from deep_translator.base import BaseTranslator
from deep_translator.exceptions import ApiKeyException

from pipeline.config import Settings

# Environment variables holding backend credentials (documented in README.md).
ENV_DEEPL_KEY = "DEEPL_API_KEY"  # a key ending in ":fx" selects DeepL's free endpoint
ENV_MICROSOFT_KEY = "MICROSOFT_API_KEY"
ENV_MICROSOFT_REGION = "MICROSOFT_REGION"
ENV_LIBRE_KEY = "LIBRE_API_KEY"  # optional: self-hosted LibreTranslate usually needs none
ENV_MYMEMORY_EMAIL = "MYMEMORY_EMAIL"  # optional: raises MyMemory's free daily quota
REQUIRED_KEYS = {"deepl": ENV_DEEPL_KEY, "microsoft": ENV_MICROSOFT_KEY}


class _MicrosoftWithoutLanguageLookup(MicrosoftTranslator):
    """MicrosoftTranslator fetches its language list in the constructor; skip that network call."""

    def __init__(self, source: str, target: str, **kwargs) -> None:
        self._codes = {source: source, target: target}
        super().__init__(source=source, target=target, **kwargs)

    def _get_supported_languages(self) -> dict[str, str]:
        return self._codes


def libre(source: str, target: str, settings: Settings) -> BaseTranslator:
    # Libre's language table lacks Swedish: build with "auto", then set the codes.
    if not settings.translator_url:
        raise ValueError("the libre backend needs --translator-url")
    url = settings.translator_url.rstrip("/") + "/"
    client = LibreTranslator(source="auto", target="en", api_key=os.environ.get(ENV_LIBRE_KEY) or "unused", custom_url=url)
    client.source, client.target = source, target
    return client


def _mymemory_code(code: str) -> str:
    """MyMemory wants regional codes (sv-SE, en-GB)."""
    preferred = {"sv": "sv-SE", "en": "en-GB"}
    if code in preferred:
        return preferred[code]
    from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

    return next((c for c in MY_MEMORY_LANGUAGES_TO_CODES.values() if c.split("-")[0] == code), code)


def mymemory(source: str, target: str, settings: Settings) -> BaseTranslator:
    return MyMemoryTranslator(source=_mymemory_code(source), target=_mymemory_code(target), email=os.environ.get(ENV_MYMEMORY_EMAIL))


def deepl(source: str, target: str, settings: Settings) -> BaseTranslator:
    key = os.environ.get(ENV_DEEPL_KEY)
    if not key:
        raise ApiKeyException(env_var=ENV_DEEPL_KEY)
    return DeeplTranslator(source=source, target=target, api_key=key, use_free_api=key.endswith(":fx"))


def microsoft(source: str, target: str, settings: Settings) -> BaseTranslator:
    key = os.environ.get(ENV_MICROSOFT_KEY)
    if not key:
        raise ApiKeyException(env_var=ENV_MICROSOFT_KEY)
    return _MicrosoftWithoutLanguageLookup(source, target, api_key=key, region=os.environ.get(ENV_MICROSOFT_REGION))


def google(source: str, target: str, settings: Settings) -> BaseTranslator:
    return GoogleTranslator(source=source, target=target)
