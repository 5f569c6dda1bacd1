"""Build entity_ruler patterns from the shared gazetteers.

    python training/gazetteer_patterns.py DATA_DIR OUT_DIR
        -> org-patterns.json, person-patterns.json, place-patterns.json, party-abbreviations.json,
           given-names.json

Organisation names (municipalities as "Botkyrka kommun", regions, county
administrative boards, Riksdag parties, the national authorities and the
well-known companies, unions and interest organisations listed in
`gazetteers/authorities.txt` and `gazetteers/organisations.txt`, municipal
housing companies such as "Botkyrkabyggen", and the 984 current and former
government agencies of `gazetteers/agencies` with their short names and old
names) run before the statistical NER, which then labels around them; so do
the primary names of the Riksdag members and ministers active since 1990
(never a surname alone). Place names (municipalities, counties) run after it
and only fill gaps, so "Nora" tagged as a person stays a person. A place name
that is also an ordinary lower-case word in the corpora ("Vara", "Mark") is
left to the NER, since a sentence-initial "Vara" is a verb far more often.
Party abbreviations (current and older: M, S, SD, FP, ...) feed the guard that
keeps "(M)" from being an entity. Given names (the first words of the
multi-word person names in the training part of the NER corpus, where a name
that starts other entities as often, or is as often an ordinary lower-case
word, is left out; the common names listed in `gazetteers/given_names.txt`; and
the names at least 50 people in Sweden go by, from SCB's statistics, unless
they are ordinary words or places) feed `given_name_persons`, which relabels a
full name the NER took for an organisation and mends people it began late or
left out.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from functools import lru_cache
from pathlib import Path

import srsly

from pipeline.evaluation.corpora import (
    KLINTAN,
    TALBANKEN,
    conllu_sentences,
    entity_spans,
    ner_training_sentences,
    read_tagged_sentences,
)


GAZETTEERS = Path(__file__).parent / "gazetteers"
# Curated lists, one name per line: national authorities and non-government organisations.
CURATED_ORGANISATIONS = (GAZETTEERS / "authorities.txt", GAZETTEERS / "organisations.txt")
# Curated common given names, Swedish and international.
GIVEN_NAMES = GAZETTEERS / "given_names.txt"
# SCB's given names (the names people go by, both sexes) and how many bear one to count as common:
# 50 scored best on the klintan and written dev sets among 20-2,000 (training/README.md).
SCB_GIVEN_NAMES = Path("gazetteers/given-names")
SCB_MIN_BEARERS = 50
AGENCIES = Path("gazetteers/agencies/myndigheter_merged.tsv")
POLITICIANS = Path("gazetteers/riksdagen-persons/gazetteer_modern.tsv")
# Municipal housing and property companies are named "<Place>byggen", "<Place>bostäder", ...
HOUSING_COMPANY = {"label": "ORG", "pattern": [{"TEXT": {"REGEX": "^[A-ZÅÄÖ][a-zåäö]+(byggen|bostäder|fastigheter)$"}}]}


def rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def with_genitive(name: str) -> list[str]:
    return [name] if name.endswith("s") else [name, name + "s"]


@lru_cache(maxsize=None)
def lower_case_words(corpora: Path) -> frozenset[str]:
    """Every lower-case word of klintan and Talbanken: read once, as the place and given-name lists both ask."""
    words = {w for s in read_tagged_sentences(corpora / KLINTAN) for w in s.words}
    for path in TALBANKEN:
        for sentence in conllu_sentences(corpora / path):
            words |= {line.split("\t")[1] for line in sentence.splitlines() if line[:1].isdigit()}
    return frozenset(w for w in words if w.islower())


def organisation_names(corpora: Path) -> list[str]:
    gazetteers = corpora / "gazetteers"
    names = ["Länsstyrelsen"]
    names += [r["municipality_name"] for r in rows(gazetteers / "geodata/municipalities.csv")]
    for county in rows(gazetteers / "own/regions_lansstyrelser_sv_en.csv"):
        names += [county["region_org_sv"], county["lansstyrelse_sv"]]
    names += [p["name_sv"] for p in rows(gazetteers / "own/riksdag_parties_sv_en.csv")]
    for path in CURATED_ORGANISATIONS:
        names += listed_names(path)
    names += agency_names(corpora)
    return sorted({form for name in names for form in with_genitive(name)})


def agency_names(corpora: Path) -> list[str]:
    """Agency names, short names and former names as written in running text.

    Upper-case register forms ("ALLMÄNNA REKLAMATIONSNÄMNDEN") and forms with a
    comma ("Svenska kraftnät, affärsverk") are left out, and so is a short form
    that is also an ordinary word ("Sida": "sida"), has two letters ("AI", "FM",
    "JO") or is a title-case word of three ("Eon", "Mah").
    """
    ordinary = lower_case_words(corpora)

    def usable(name: str) -> bool:
        if " " in name:
            return "," not in name and not name.isupper()
        return len(name) >= 3 and name.lower() not in ordinary and (len(name) >= 4 or not name.istitle())

    names = []
    for agency in rows(corpora / AGENCIES, delimiter="\t"):
        names += [n for n in (agency["name"], agency["short_name"], *agency["other_names"].split("|")) if n and usable(n)]
    return names


def politician_names(corpora: Path) -> list[str]:
    """Primary names (given name and surname) of the Riksdag members and ministers active since 1990."""
    return sorted({p["primary_name"] for p in rows(corpora / POLITICIANS, delimiter="\t") if len(p["primary_name"].split()) >= 2})


def listed_names(path: Path) -> list[str]:
    """The names of a curated list: one per line, "#" comments and blank lines skipped."""
    return [n for n in path.read_text(encoding="utf-8").splitlines() if n and not n.startswith("#")]


def place_names(corpora: Path) -> list[str]:
    gazetteers = corpora / "gazetteers"
    names = [r["municipality_name_short"] for r in rows(gazetteers / "geodata/municipalities.csv")]
    for county in rows(gazetteers / "geodata/counties.csv"):
        names += [county["county_name"], county["county_name_short"]]
    ordinary = lower_case_words(corpora)
    return sorted({name for name in names if name.lower() not in ordinary})


def given_names(corpora: Path) -> list[str]:
    """First words of multi-word PER spans in the NER's training sentences (never klintan's dev slice), the
    common given names of `gazetteers/given_names.txt`, which the corpus is too small to hold, and SCB's
    common given names (`common_given_names`)."""
    person_first, other_first, lower_case = Counter(), Counter(), Counter()
    for sentence in ner_training_sentences(corpora):
        lower_case.update(w for w in sentence.words if w.islower())
        for start, end, label in entity_spans(sentence.tags):
            word = sentence.words[start]
            if label != "PER":
                other_first[word] += 1
            elif end - start >= 2 and word.istitle():
                person_first[word] += 1
    learned = {name for name, n in person_first.items() if n > other_first[name] and n > lower_case[name.lower()]}
    return sorted(learned | set(listed_names(GIVEN_NAMES)) | common_given_names(corpora))


def common_given_names(corpora: Path) -> set[str]:
    """The names at least SCB_MIN_BEARERS people in Sweden go by, except those that are also an ordinary
    lower-case word in the corpora ("Per", "Sten", "Bo") or a place the place patterns hold ("Nora")."""
    bearers: Counter = Counter()
    for path in sorted((corpora / SCB_GIVEN_NAMES).glob("svensktext_tilltalsnamn-*.tsv")):
        for row in rows(path, delimiter="\t"):
            bearers[row["name"]] += int(row["persons"])
    ordinary = lower_case_words(corpora)
    places = set(place_names(corpora))
    return {
        name for name, n in bearers.items()
        if n >= SCB_MIN_BEARERS and name.lower() not in ordinary and name not in places
    }


def party_abbreviations(corpora: Path) -> list[str]:
    parties = rows(corpora / "gazetteers/own/riksdag_parties_sv_en.csv")
    return sorted({a for p in parties for a in [p["abbrev"], *p["alt_abbrevs"].split(";")] if a})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    orgs = [{"label": "ORG", "pattern": n} for n in organisation_names(args.data_dir)] + [HOUSING_COMPANY]
    people = [{"label": "PER", "pattern": n} for n in politician_names(args.data_dir)]
    places = [{"label": "LOC", "pattern": n} for n in place_names(args.data_dir)]
    for name, patterns in (("org", orgs), ("person", people), ("place", places)):
        srsly.write_json(args.out_dir / f"{name}-patterns.json", patterns)
        print(f"{name}-patterns: {len(patterns)}")
    srsly.write_json(args.out_dir / "party-abbreviations.json", party_abbreviations(args.data_dir))
    names = given_names(args.data_dir)
    srsly.write_json(args.out_dir / "given-names.json", names)
    print(f"given-names: {len(names)}")


if __name__ == "__main__":
    main()
