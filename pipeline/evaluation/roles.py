"""Score role assertions against gold sentences in the `roles-dev.jsonl` format.

Each gold line is one text scored on its own. Three measures:
- (person, title) and (person, title, organisation): precision, recall, F1, one-to-one matched
  per text, strict (exact strings) and lenient (the title's head word matches with definite and
  indefinite forms equal; organisations equal ignoring case, or one names the other as a whole-word
  part: "Göteborgs universitet" in "pedagogiska institutionen på Göteborgs universitet");
- party accuracy: over gold assertions whose person the system found, the party it gave that
  person (None included) equals the gold party (older abbreviations equal: FP = L).

By rule: how often each construction (data/roles/constructions.jsonl) gave an assertion and how
many of those the gold holds (the person with that title, leniently, or with that party).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.records import RoleAssertion
from pipeline.roles.words import party_abbreviation
from pipeline.word_classes import words

TITLE_COMPLEMENT_PREPOSITIONS = frozenset(words("title_complement_prepositions"))
DEFINITE_ENDINGS = words("definite_endings")


@dataclass(frozen=True)
class Gold:
    person: str
    title: str | None
    organisation: str | None
    party: str | None


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    gold: list[Gold]
    line: int = 0  # 1-based line number in its file


@dataclass
class PRF:
    tp: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class RoleScores:
    texts: int
    person_title: dict[str, PRF]  # "strict" / "lenient"
    person_title_org: dict[str, PRF]
    party_correct: int
    party_total: int

    @property
    def party_accuracy(self) -> float:
        return self.party_correct / self.party_total if self.party_total else 0.0

    def lines(self) -> list[str]:
        out = [f"texts: {self.texts}", f"{'measure':<38}{'P':>7}{'R':>7}{'F1':>7}  (tp/pred/gold)"]
        for name, table in (("(person, title)", self.person_title), ("(person, title, organisation)", self.person_title_org)):
            for mode in ("strict", "lenient"):
                s = table[mode]
                out.append(f"{name + ' ' + mode:<38}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}  ({s.tp}/{s.predicted}/{s.expected})")
        out.append(f"{'party accuracy':<38}{self.party_accuracy:21.3f}  ({self.party_correct}/{self.party_total})")
        return out


# How roles-dev.jsonl is split (1-based line numbers, inclusive): rules are written while reading
# the development half; the held-out half is only ever scored, so it measures rules on unseen text.
DEVELOPMENT_LINES = (1, 51)
HELD_OUT_LINES = (52, 101)


def load(path: Path, lines: tuple[int, int] | None = None) -> list[Item]:
    """The gold items of a file, or of its lines first..last (1-based, inclusive)."""
    items = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            d = json.loads(line)
            gold = [Gold(a["person"], a.get("title"), a.get("organisation"), a.get("party")) for a in d["assertions"]]
            items.append(Item(d["id"], d["text"], gold, number))
    return [item for item in items if _within(item, lines)]


def _within(item: Item, lines: tuple[int, int] | None) -> bool:
    return lines is None or lines[0] <= item.line <= lines[1]


def title_head(title: str) -> str:
    """The head word of a title: the last word before any prepositional complement."""
    words = title.lower().split()
    for i, w in enumerate(words):
        if i and w in TITLE_COMPLEMENT_PREPOSITIONS:
            words = words[:i]
            break
    return words[-1]


def same_form(a: str, b: str) -> bool:
    """Equal, or equal up to a definite ending ("chefen" = "chef", "ledaren" = "ledare")."""
    short, long = sorted((a, b), key=len)
    return short == long or (long.startswith(short) and long[len(short):] in DEFINITE_ENDINGS)


def _words(s: str) -> list[str]:
    return re.findall(r"\w[\w-]*", s.casefold())


def _contains(outer: list[str], inner: list[str]) -> bool:
    n = len(inner)
    return any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))


def same_organisation(a: str | None, b: str | None, lenient: bool) -> bool:
    if a is None or b is None:
        return a is b
    if not lenient:
        return a == b
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and (_contains(wa, wb) or _contains(wb, wa))


def same_title(a: str, b: str, lenient: bool) -> bool:
    return same_form(title_head(a), title_head(b)) if lenient else a.lower() == b.lower()


def _match(gold: list[Gold], pred: list[RoleAssertion], with_org: bool, lenient: bool) -> PRF:
    gold = [g for g in gold if g.title]
    pred = [p for p in pred if p.title]
    unused = list(pred)
    tp = 0
    for g in gold:
        for p in unused:
            if (
                p.person == g.person
                and same_title(g.title, p.title, lenient)
                and (not with_org or same_organisation(g.organisation, p.organisation, lenient))
            ):
                unused.remove(p)
                tp += 1
                break
    return PRF(tp, len(pred), len(gold))


def accumulate(total: PRF, part: PRF) -> None:
    """Adds the counts of `part` to `total`."""
    total.tp += part.tp
    total.predicted += part.predicted
    total.expected += part.expected


def _dedupe(pred: list[RoleAssertion]) -> list[RoleAssertion]:
    seen, out = set(), []
    for p in pred:
        key = (p.person, p.title, p.organisation, p.party)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def score(items: list[Item], predictions: Iterable[list[RoleAssertion]]) -> RoleScores:
    pt = {"strict": PRF(), "lenient": PRF()}
    pto = {"strict": PRF(), "lenient": PRF()}
    party_correct = party_total = 0
    for item, pred in zip(items, predictions, strict=True):
        pred = _dedupe(pred)
        for mode in ("strict", "lenient"):
            accumulate(pt[mode], _match(item.gold, pred, with_org=False, lenient=mode == "lenient"))
            accumulate(pto[mode], _match(item.gold, pred, with_org=True, lenient=mode == "lenient"))
        for g in item.gold:
            theirs = [p for p in pred if p.person == g.person]
            if theirs:
                party_total += 1
                given = next((p.party for p in theirs if p.party), None)
                party_correct += party_abbreviation(given) == party_abbreviation(g.party)
    return RoleScores(len(items), pt, pto, party_correct, party_total)


Extractor = Callable[[list[str]], Iterable[list[RoleAssertion]]]


def evaluate(path: Path, extract: Extractor, lines: tuple[int, int] | None = None) -> RoleScores:
    return evaluate_parts(path, extract, [lines])[0]


def evaluate_parts(path: Path, extract: Extractor, parts: Sequence[tuple[int, int] | None]) -> list[RoleScores]:
    """Scores for each part of a file (its lines first..last, or None for all of it), extracting only once."""
    items = [item for item in load(path) if any(_within(item, part) for part in parts)]
    predictions = list(extract([i.text for i in items]))
    scores = []
    for part in parts:
        kept = [(item, predicted) for item, predicted in zip(items, predictions) if _within(item, part)]
        scores.append(score([item for item, _ in kept], [predicted for _, predicted in kept]))
    return scores


def extract_with_model(texts: list[str]) -> Iterable[list[RoleAssertion]]:
    """Role assertions from the configured Swedish pipeline (`$PIPELINE_MODEL` or the shipped one)."""
    from pipeline.config import model_path
    from pipeline.nlp import load

    nlp = load(model_path())
    return [list(doc._.roles) for doc in nlp.pipe(texts)]


@dataclass
class RuleFigures:
    """How often a construction gave an assertion, and how many of them were right."""

    fired: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.fired if self.fired else 0.0


Tagged = list[tuple[RoleAssertion, list[str]]]  # each assertion with the ids of the constructions that read it


def by_rule(items: list[Item], predictions: Iterable[Tagged]) -> dict[str, RuleFigures]:
    """Per construction id (every known one, in file order): assertions given and assertions the gold holds."""
    from pipeline.roles.rules import rule_ids

    figures = {rule: RuleFigures() for rule in rule_ids()}
    for item, tagged in zip(items, predictions, strict=True):
        for assertion, rules in tagged:
            right = any(_gold_holds(g, assertion) for g in item.gold)
            for rule in rules:
                figures[rule].fired += 1
                figures[rule].correct += right
    return figures


def _gold_holds(gold: Gold, assertion: RoleAssertion) -> bool:
    if gold.person != assertion.person:
        return False
    if assertion.title is None:
        return party_abbreviation(gold.party) == party_abbreviation(assertion.party)
    return gold.title is not None and same_title(gold.title, assertion.title, lenient=True)


def rule_lines(figures: dict[str, RuleFigures]) -> list[str]:
    out = [f"{'construction':<38}{'fired':>7}{'right':>7}{'P':>7}"]
    for rule, f in figures.items():
        precision = f"{f.precision:7.3f}" if f.fired else f"{'-':>7}"
        out.append(f"{rule:<38}{f.fired:7d}{f.correct:7d}{precision}")
    return out


def development_sets(roles_dev: Path) -> list[tuple[Path, tuple[int, int] | None]]:
    """The sets the rules were written on: the development half of roles-dev.jsonl and the role sets
    in the repository's tests/fixtures (where the repository is at hand)."""
    from pipeline.config import PACKAGE_DIR

    fixtures = sorted((PACKAGE_DIR.parent / "tests" / "fixtures").glob("roles-*.jsonl"))
    return [(roles_dev, DEVELOPMENT_LINES), *((path, None) for path in fixtures)]


def evaluate_by_rule(sets: Sequence[tuple[Path, tuple[int, int] | None]], extract: Callable[[list[str]], list[Tagged]]) -> dict[str, RuleFigures]:
    """Per-construction figures over several gold sets together, extracting once."""
    items = [item for path, lines in sets for item in load(path, lines)]
    return by_rule(items, extract([item.text for item in items]))


def extract_tagged_with_model(texts: list[str]) -> list[Tagged]:
    """Role assertions with the construction that read each, from the configured Swedish pipeline."""
    from pipeline.config import model_path
    from pipeline.nlp import load

    nlp = load(model_path())
    return [list(zip(doc._.roles, doc._.role_rules, strict=True)) for doc in nlp.pipe(texts)]
