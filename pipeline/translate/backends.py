"""The translation backends, the largest chunk each accepts, and the check of a run's choice of them.

Every backend but `local` sends the text to a third party's server.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.config import Settings
from pipeline.translate import local, online


@dataclass(frozen=True)
class Backend:
    """A translation service and the size of the largest chunk it accepts.

    `url_encoded`: the text travels in the query string, so its cost is the
    percent-encoded length (each Swedish letter costs six characters).
    `cache_name`: the key of its translations in the cache (the model's identity for `local`).
    """

    name: str
    max_chars: int
    url_encoded: bool
    make: Callable[[str, str, Settings], object]
    cache_name: Callable[[Settings], str] | None = None

    def cost(self, text: str) -> int:
        return len(urllib.parse.quote_plus(text)) if self.url_encoded else len(text)


BACKENDS: dict[str, Backend] = {
    backend.name: backend
    for backend in (
        Backend("google", 4900, True, online.google),  # free endpoint: below 5,000 characters, encoded
        Backend("microsoft", 10000, False, online.microsoft),  # JSON body; 50,000 per request allowed
        Backend("deepl", 4900, True, online.deepl),  # deep-translator sends DeepL text as GET parameters
        Backend("mymemory", 499, False, online.mymemory),  # deep-translator rejects 500 characters or more
        Backend("libre", 4900, True, online.libre),  # deep-translator posts the text as query parameters
        Backend("local", 1000, False, local.LocalClient, local.cache_name),  # a batch of a few sentences: a second or two on one core
    )
}
DEFAULT_SOURCE = "sv"  # the pipeline reads Swedish news; used when langid gave no answer
HOW_TO_GO_ON = ("to go on: --translator none (no translation), --translator local --translator-model PATH "
                "(a model on this machine), --translator libre --translator-url URL (a self-hosted LibreTranslate), "
                f"or an API key ({online.ENV_DEEPL_KEY} for deepl, {online.ENV_MICROSOFT_KEY} for microsoft)")


class BackendChoiceError(ValueError):
    """The run's translator settings cannot work; said before any article is read."""


def check_settings(settings: Settings) -> None:
    """Refuse unknown backends and backends missing what they need: a URL, a key, a model."""
    names = [name for name in settings.translators if name != "none"]
    unknown = [name for name in names if name not in BACKENDS]
    if unknown:
        raise BackendChoiceError(f"unknown translator {', '.join(unknown)}; choose from {', '.join(BACKENDS)} or none")
    if "none" in settings.translators and names:
        raise BackendChoiceError("--translator none cannot be combined with other backends")
    for name in names:
        if name == "libre" and not settings.translator_url:
            raise BackendChoiceError("--translator libre needs --translator-url, the address of a LibreTranslate server")
        if name in online.REQUIRED_KEYS and not os.environ.get(online.REQUIRED_KEYS[name]):
            raise BackendChoiceError(f"--translator {name} needs an API key in ${online.REQUIRED_KEYS[name]}")
        if name == "local":
            try:
                local.check(settings, DEFAULT_SOURCE)
            except (local.ModelError, local.UnsupportedPair) as error:
                raise BackendChoiceError(str(error)) from None
