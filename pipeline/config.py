"""Typed settings shared by every stage.

The CLI builds one `Settings` from its options; stages read only what they
need. Defaults are what `make run` uses.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
MODELS_DIR = PACKAGE_DIR / "models"
DEFAULT_MODEL = MODELS_DIR / "sv_news"
# The shared corpora sit beside the checkout; training and evaluation read them.
SHARED_CORPORA = Path(os.environ.get("DATA_DIR", PACKAGE_DIR.parent.parent / "shared" / "corpora")).resolve()


def model_path() -> Path:
    """The Swedish pipeline to load: `$PIPELINE_MODEL` if set, else the shipped one."""
    return Path(os.environ.get("PIPELINE_MODEL", DEFAULT_MODEL))


@dataclass(frozen=True)
class Settings:
    out_dir: Path = Path("outputs")
    model: Path = field(default_factory=model_path)
    translators: tuple[str, ...] = ("none",)
    translator_url: str | None = None
    translator_model: Path | None = None  # the local backend's model: a folder or an Argos .argosmodel
    target: str = "en"
    use_cache: bool = True
    workers: int = 1
    batch_size: int = 32
    executor: str = "local"  # local (in-process or a process pool) | dask
    scheduler: str | None = None  # dask scheduler address; None starts a LocalCluster
    force: bool = False
    wait_for_lock: bool = False  # queue behind another run on the same output folder instead of exiting
    prune: bool = False  # drop index rows of articles whose source is gone
    quiet: bool = False
    max_input_bytes: int = 20 * 1024 * 1024
    translate_timeout_s: float = 20.0  # wall-clock limit of one translation request
    article_translate_budget_s: float = 120.0
    translate_retries: int = 3  # per chunk, on 429, 5xx, timeouts and connection failures
    translate_backoff_s: float = 1.0  # first wait; doubles per retry unless Retry-After says otherwise
    translate_breaker_failures: int = 3  # consecutive connection failures that mark a backend down
    # URL inputs (pipeline.fetch)
    offline: bool = False  # pages only from the page cache
    fetch_timeout_s: float = 20.0  # wall-clock limit of one request, connecting and reading included
    allow_private: bool = False  # allow loopback/private/link-local hosts
    rate_per_host: float = 1.0  # requests per second
    user_agent_contact: str | None = None
    since: date | None = None  # skip sitemap/feed entries dated before this day

    @property
    def translation_cache(self) -> Path:
        return self.out_dir / "translation-cache.sqlite"

    @property
    def page_cache(self) -> Path:
        return self.out_dir / "page-cache"

    @property
    def index_path(self) -> Path:
        return self.out_dir / "entities.sqlite"
