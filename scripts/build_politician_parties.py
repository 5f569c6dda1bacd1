"""Derive pipeline/data/politician_parties.tsv: each Riksdag member's and minister's parties with dates.

From SWERIK riksdagen-persons in the shared corpora (gazetteers/riksdagen-persons: Wikidata CC0 and
Riksdagen open data): for every person active since 1990, one row per party and period, the
party's stretches of membership (`party_affiliation.tsv`) and the person's seats and offices
(`roles.tsv`, each for the party held when it began), joined while no other party comes between,
and cut where the person left the party (an affiliation with an end and no start).
`entity_politicians.tsv` names the same people with their parties but without dates, which a
party "as of the article's date" needs. The role extractor reads this table
(`pipeline.roles.politicians`) to give the party of a politician an article names without one.

Run: `python scripts/build_politician_parties.py` (DATA_DIR picks the corpora).
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

from pipeline.config import DATA_DIR, SHARED_CORPORA

SOURCE = SHARED_CORPORA / "gazetteers/riksdagen-persons"
OUT = DATA_DIR / "politician_parties.tsv"
SINCE = "1990"  # people active since then, as entity_politicians.tsv
OPEN = ""  # an end not yet reached


def _tsv(name: str) -> list[dict[str, str]]:
    with open(SOURCE / name, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def periods(stretches: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(party, from, to) stretches in time order -> one period per party until another party comes."""
    joined: list[list[str]] = []
    for party, start, end in sorted(stretches, key=lambda s: (s[1], s[2] or "9999")):
        if joined and joined[-1][0] == party:
            last = joined[-1]
            last[2] = OPEN if OPEN in (last[2], end) else max(last[2], end)
        else:
            joined.append([party, start, end])
    return [tuple(p) for p in joined]


def _party_at(stretches: list[tuple[str, str, str]], day: str) -> str:
    """The party of the latest dated stretch begun by `day`, else the earliest one."""
    begun = sorted((s for s in stretches if s[1] and s[1] <= day), key=lambda s: s[1])
    return (begun or sorted(stretches, key=lambda s: s[1] or "9999"))[-1 if begun else 0][0]


def _until_left(period: tuple[str, str, str], left: str | None) -> tuple[str, str, str]:
    """A period cut at the day the person left the party: a seat held on as an independent is no party's."""
    party, start, end = period
    if left and left >= start[: len(left)] and (end == OPEN or end > left):
        return party, start, left
    return period


def politician_rows() -> list[tuple[str, str, str, str, str]]:
    """(name, party, from, to, wikidata) for every person active since SINCE, by name then date."""
    persons = {p["person_id"]: p for p in _tsv("persons.tsv")}
    served: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for role in _tsv("roles.tsv"):
        if role["start"]:
            served[role["person_id"]].append((role["start"], role["end"]))
    stretches: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    undated: dict[str, set[str]] = defaultdict(set)
    left: dict[tuple[str, str], str] = {}  # (person, party) -> the day the person left it
    for row in _tsv("party_affiliation.tsv"):
        if not row["party_abbrev"]:
            continue
        if row["start"]:
            stretches[row["person_id"]].append((row["party_abbrev"], row["start"], row["end"]))
        elif row["end"]:
            left[row["person_id"], row["party_abbrev"]] = row["end"]  # a membership's end: "lämnade V 2019-08-28"
        else:
            undated[row["person_id"]].add(row["party_abbrev"])
    for person, parties in undated.items():
        if person not in stretches and len(parties) == 1:
            stretches[person] = [(next(iter(parties)), "", "")]
    for person, found in stretches.items():
        # a seat or an office (a minister outside the Riksdag) counts for the party held when it began
        found += [(_party_at(found, start), start, end) for start, end in served[person]]
        found[:] = [s for s in found if s[1]]
    rows = []
    for person, found in stretches.items():
        name = persons.get(person, {}).get("primary_name", "")
        joined = [_until_left(period, left.get((person, period[0]))) for period in periods(found)]
        if name and " " in name and any(end == OPEN or end >= SINCE for _, _, end in joined):
            rows += [(name, party, start, end, persons[person]["wikidata"]) for party, start, end in joined]
    return sorted(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"the table to write (default: {OUT})")
    out = parser.parse_args().out
    rows = politician_rows()
    with open(out, "w", encoding="utf-8") as f:
        f.write(
            "# derived by scripts/build_politician_parties.py from SWERIK riksdagen-persons (Wikidata CC0,\n"
            "# Riksdagen open data): Riksdag members and ministers active since 1990, each party with the\n"
            "# dates the person held it or a seat or office for it (from, to: ISO dates, a year or month where\n"
            "# the source has no day; to empty = still held), Wikidata id.\n"
            "name\tparty\tfrom\tto\twikidata\n"
        )
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{len(rows)} party periods of {len({r[4] or r[0] for r in rows})} politicians -> {out}")


if __name__ == "__main__":
    main()
