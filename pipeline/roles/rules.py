"""The constructions the role extractor knows, as data: `data/roles/constructions.jsonl`.

Each entry gives a construction's id, what it reads, the example sentence it was written for
with what it must find there, and what blocks it. The readers in `constructions.py` carry the
same ids (`@construction("...")`): a reading is tagged with the id that found it, and an id
listed in the component's `disabled` setting reads nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

from pipeline.config import DATA_DIR
from pipeline.roles.context import Context, Reading

CONSTRUCTIONS = DATA_DIR / "roles" / "constructions.jsonl"

Method = TypeVar("Method", bound=Callable[..., Any])


@lru_cache(maxsize=1)
def constructions() -> tuple[dict, ...]:
    """The entries of the constructions file, in file order."""
    with open(CONSTRUCTIONS, encoding="utf-8") as f:
        return tuple(json.loads(line) for line in f if line.strip())


def rule_ids() -> list[str]:
    return [entry["id"] for entry in constructions()]


def construction(rule: str) -> Callable[[Method], Method]:
    """Marks a reader method as construction `rule`: skipped when disabled, its readings tagged with the id."""
    if rule not in rule_ids():
        raise ValueError(f"construction {rule!r} has no entry in {CONSTRUCTIONS}")

    def decorate(method: Method) -> Method:
        @wraps(method)
        def read(self: Context, *args, **kwargs):
            if rule in self.disabled:
                return [] if method.__annotations__.get("return", "").startswith("list") else None
            found = method(self, *args, **kwargs)
            for reading in found if isinstance(found, list) else [found]:
                if isinstance(reading, Reading) and reading.rule is None:
                    reading.rule = rule
            return found

        return read  # type: ignore[return-value]

    return decorate


def enabled(context: Context, rule: str) -> bool:
    """Is construction `rule` on for this reading (for conditions inside a reader)?"""
    return rule not in context.disabled


def tagged(context: Context, rule: str, readings: list[Reading]) -> list[Reading]:
    """The readings of one branch of a reader, tagged as construction `rule`; none where it is disabled."""
    if rule in context.disabled:
        return []
    for reading in readings:
        reading.rule = reading.rule or rule
    return readings
