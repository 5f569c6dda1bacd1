"""Build the entity-linking tables under pipeline/data/ from the shared gazetteers.

The shared corpora are read here, at build time, and never copied: what lands in
the repository is derived facts (a name, its aliases and the rule that makes each
one an alias, a Wikidata id; a politician's parties and offices).
Run: `python scripts/build_entity_tables.py` (DATA_DIR picks the corpora).

- entity_gazetteer.tsv: organisations and places. Agencies (civictechsweden/myndighetsdata,
  CC0) with abbreviations and former names; the Riksdag parties (gazetteers/own, Wikidata ids
  from SWERIK riksdagen-persons, CC0 via Wikidata); municipalities and counties
  (swedish-geodata, CC0; SCB codes, no Wikidata ids in the data).
- entity_politicians.tsv: Riksdag members and ministers active since 1990 (SWERIK
  riksdagen-persons: Wikidata CC0 and Riksdagen open data): primary name, parties, offices.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

from pipeline.config import DATA_DIR, SHARED_CORPORA
from pipeline.entities.normalise import name_key

GAZETTEERS = SHARED_CORPORA / "gazetteers"
MIN_ABBREVIATION = 3  # two letters name too much else in news ("DN" is Dagens Nyheter, not Domarnämnden)
ABBREVIATION = re.compile(r"[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{1,5}")


def _tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _is_abbreviation(alias: str) -> bool:
    """ "BRÅ", "Brå", "MSB": short and capital-led, with a second capital or no vowel-led word shape."""
    return bool(ABBREVIATION.fullmatch(alias)) and (alias.isupper() or len(alias) <= 4)


def agency_rows(taken: set[str]) -> list[tuple[str, ...]]:
    """(kind, canonical, alias, rule, wikidata, source) for every agency name, abbreviation and former name.

    An alias two agencies share is dropped: it proves neither. Abbreviations shorter than
    MIN_ABBREVIATION and aliases that name a club or medium (`taken`) are left out.
    """
    candidates: list[tuple[str, str, str, str]] = []
    for row in _tsv(GAZETTEERS / "agencies" / "myndigheter_merged.tsv"):
        name, wikidata = row["name"].strip(), row["wikidata"].strip()
        if not name:
            continue
        others = [a.strip() for a in row["other_names"].split("|")]
        if name.isupper():  # "SVERIGES RIKSBANK": its mixed-case spelling is the name
            name = next((a for a in others if name_key(a) == name_key(name) and not a.isupper()), name)
        candidates.append((name, name, "gazetteer name", wikidata))
        for alias in [row["short_name"].strip(), *others]:
            if not alias or name_key(alias) == name_key(name):
                continue  # a case variant: the folded key already matches
            if _is_abbreviation(alias):
                if len(alias) >= MIN_ABBREVIATION:
                    candidates.append((name, alias, "abbreviation", wikidata))
            elif not alias.isupper():
                candidates.append((name, alias, "former name", wikidata))
    owners: dict[str, set[str]] = defaultdict(set)
    for name, alias, _, _ in candidates:
        owners[name_key(alias)].add(name)
    rows = set()
    for name, alias, rule, wikidata in candidates:
        key = name_key(alias)
        if len(owners[key]) == 1 and (rule == "gazetteer name" or key not in taken):
            rows.add(("organisation", name, alias, rule, wikidata, "agencies"))
    return sorted(rows)


def party_rows() -> list[tuple[str, ...]]:
    """The Riksdag parties with their abbreviations and older names; Wikidata ids from riksdagen-persons."""
    wikidata = {}
    for row in _tsv(GAZETTEERS / "riksdagen-persons" / "parties.tsv"):
        if row["party_abbrev"] and not row["dissolution"]:
            wikidata[row["party_abbrev"]] = row["party_wikidata"]
    rows = []
    for row in _csv(GAZETTEERS / "own" / "riksdag_parties_sv_en.csv"):
        name, abbrev = row["name_sv"], row["abbrev"]
        qid = wikidata.get(abbrev, "")
        rows.append(("organisation", name, name, "gazetteer name", qid, "parties"))
        for alias in {abbrev, *(a for a in row["alt_abbrevs"].split(";") if a and a.isupper())}:
            rows.append(("organisation", name, alias, "abbreviation", qid, "parties"))
        official = re.match(r"official name (.+)", row["notes"])
        if official:
            rows.append(("organisation", name, official.group(1), "official name", qid, "parties"))
        former = re.match(r"(?:formerly|renamed from) ([A-ZÅÄÖ][\w ]+?)(?: in \d{4})?(?: /|$)", row["notes"])
        if former and not former.group(1).isupper():
            rows.append(("organisation", name, former.group(1), "former name", qid, "parties"))
        short = name.split(" ")[0]  # "Miljöpartiet de gröna" -> "Miljöpartiet"
        if short != name:
            rows.append(("organisation", name, short, "short name", qid, "parties"))
    return rows


def geodata_rows() -> list[tuple[str, ...]]:
    """Municipalities (place and organisation) and counties; their SCB code stands where no Wikidata id is known."""
    rows = []
    for row in _csv(GAZETTEERS / "geodata" / "municipalities.csv"):
        code = f"scb:{row['municipality_code']}"
        rows.append(("place", row["municipality_name_short"], row["municipality_name_short"], "gazetteer name", "", code))
        rows.append(("organisation", row["municipality_name"], row["municipality_name"], "gazetteer name", "", code))
    for row in _csv(GAZETTEERS / "geodata" / "counties.csv"):
        rows.append(("place", row["county_name"], row["county_name"], "gazetteer name", "", f"scb:{row['county_code']}"))
    return rows


def politician_rows() -> list[tuple[str, ...]]:
    """(name, parties, offices, wikidata) for politicians active since 1990 who have a Wikidata id."""
    rows = []
    for row in _tsv(GAZETTEERS / "riksdagen-persons" / "gazetteer_modern.tsv"):
        name, qid = row["primary_name"].strip(), row["wikidata"].strip()
        if " " not in name or not qid:
            continue
        parties = sorted({p.strip() for p in re.split(r"[|;,]", row["parties"]) if p.strip()})
        offices = sorted({re.sub(r"\s*\(.*", "", o).strip().lower() for o in row["roles"].split("|") if o.strip()})
        rows.append((name, ";".join(parties), ";".join(o for o in offices if o), qid))
    return sorted(rows)


def _write(path: Path, header: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> int:
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        f.write("\t".join(columns) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    return len(rows)


def main() -> None:
    taken = {name_key(name) for name, *_ in (line.split("\t") for line in (DATA_DIR / "organisations.tsv").read_text(encoding="utf-8").splitlines()
                                            if line and not line.startswith("#"))}
    gazetteer = sorted(set(agency_rows(taken) + party_rows() + geodata_rows()))
    print("gazetteer rows:", _write(
        DATA_DIR / "entity_gazetteer.tsv",
        "# derived by scripts/build_entity_tables.py: agencies from civictechsweden/myndighetsdata (CC0);\n"
        "# parties from gazetteers/own (compiled for this project) with Wikidata ids from SWERIK riksdagen-persons\n"
        "# (Wikidata, CC0); municipalities and counties from swedish-geodata (CC0), SCB codes as their source.\n",
        ("kind", "canonical", "alias", "rule", "wikidata", "source"), gazetteer,
    ))
    print("politicians:", _write(
        DATA_DIR / "entity_politicians.tsv",
        "# derived by scripts/build_entity_tables.py from SWERIK riksdagen-persons (Wikidata CC0, Riksdagen open\n"
        "# data): Riksdag members and ministers active since 1990, primary name, parties, offices, Wikidata id.\n",
        ("name", "parties", "offices", "wikidata"), politician_rows(),
    ))


if __name__ == "__main__":
    main()
