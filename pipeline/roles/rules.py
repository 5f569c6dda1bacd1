"""The constructions the role extractor knows, as data: `data/roles/constructions.jsonl`.

Each entry gives a construction's id, what it reads, the example sentence it was written for
with what it must find there, what blocks it, its `pattern` and `slots` (run by `engine.py`) and
its `group`. The readers in `constructions.py` carry the same ids (`@construction("...")`): a reader
reads only where its pattern matched around the person, a reading is tagged with the id that found
it, and an id listed in the component's `disabled` setting reads nothing.

Precedence: of the constructions of one group, the first in file order that applies wins
(`first_of`); a construction in no group is called where another's reading leads to it.
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


@lru_cache(maxsize=None)
def group(name: str) -> tuple[str, ...]:
    """The ids of a group's constructions, in file order (the order of precedence)."""
    return tuple(entry["id"] for entry in constructions() if entry.get("group") == name)


READERS: dict[str, Callable[..., Any]] = {}  # construction id -> its reader


def construction(rule: str) -> Callable[[Method], Method]:
    """Marks a reader method as construction `rule`: it reads only where the rule's pattern matched around
    the person (none where disabled), and its readings are tagged with the id. Called with no arguments,
    the reader gets the rule's first match (`engine.Match`); called with others, it gets those."""
    if rule not in rule_ids():
        raise ValueError(f"construction {rule!r} has no entry in {CONSTRUCTIONS}")

    def decorate(method: Method) -> Method:
        returns = method.__annotations__.get("return", "")
        nothing = [] if returns.startswith("list") and not returns.endswith("None") else None

        @wraps(method)
        def read(self: Context, *args):
            matches = self.matches.get(rule)
            if not matches:
                return nothing
            found = method(self, *(args or (matches[0],)))
            for reading in found if isinstance(found, list) else [found]:
                if isinstance(reading, Reading) and reading.rule is None:
                    reading.rule = rule
            return found

        READERS[rule] = read
        return read  # type: ignore[return-value]

    return decorate


def first_of(context: Context, name: str) -> Any:
    """The reading of the first construction of group `name` that applies (its reader gives other than None)."""
    for rule in group(name):
        found = READERS[rule](context)
        if found is not None:
            return found
    return None
