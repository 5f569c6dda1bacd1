"""Build entity_ruler patterns from the shared gazetteers.

    python training/gazetteer_patterns.py DATA_DIR OUT_DIR
        -> org-patterns.json, place-patterns.json, party-abbreviations.json

Organisation names (municipalities as "Botkyrka kommun", regions, county
administrative boards, Riksdag parties) run before the statistical NER, which
then labels around them. Place names (municipalities, counties) run after it
and only fill gaps, so "Nora" tagged as a person stays a person. A place name
that is also an ordinary lower-case word in the corpora ("Vara", "Mark") is
left to the NER, since a sentence-initial "Vara" is a verb far more often.
Party abbreviations (current and older: M, S, SD, FP, ...) feed the guard that
keeps "(M)" from being an entity.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import srsly

from pipeline.evaluation.corpora import KLINTAN, TALBANKEN, conllu_sentences, read_tagged_sentences


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def with_genitive(name: str) -> list[str]:
    return [name] if name.endswith("s") else [name, name + "s"]


def lower_case_words(corpora: Path) -> set[str]:
    words = {w for s in read_tagged_sentences(corpora / KLINTAN) for w in s.words}
    for path in TALBANKEN:
        for sentence in conllu_sentences(corpora / path):
            words |= {line.split("\t")[1] for line in sentence.splitlines() if line[:1].isdigit()}
    return {w for w in words if w.islower()}


def organisation_names(corpora: Path) -> list[str]:
    gazetteers = corpora / "gazetteers"
    names = ["Länsstyrelsen"]
    names += [r["municipality_name"] for r in rows(gazetteers / "geodata/municipalities.csv")]
    for county in rows(gazetteers / "own/regions_lansstyrelser_sv_en.csv"):
        names += [county["region_org_sv"], county["lansstyrelse_sv"]]
    names += [p["name_sv"] for p in rows(gazetteers / "own/riksdag_parties_sv_en.csv")]
    return sorted({form for name in names for form in with_genitive(name)})


def place_names(corpora: Path) -> list[str]:
    gazetteers = corpora / "gazetteers"
    names = [r["municipality_name_short"] for r in rows(gazetteers / "geodata/municipalities.csv")]
    for county in rows(gazetteers / "geodata/counties.csv"):
        names += [county["county_name"], county["county_name_short"]]
    ordinary = lower_case_words(corpora)
    return sorted({name for name in names if name.lower() not in ordinary})


def party_abbreviations(corpora: Path) -> list[str]:
    parties = rows(corpora / "gazetteers/own/riksdag_parties_sv_en.csv")
    return sorted({a for p in parties for a in [p["abbrev"], *p["alt_abbrevs"].split(";")] if a})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name, label, names in (("org", "ORG", organisation_names(args.data_dir)), ("place", "LOC", place_names(args.data_dir))):
        srsly.write_json(args.out_dir / f"{name}-patterns.json", [{"label": label, "pattern": n} for n in names])
        print(f"{name}-patterns: {len(names)}")
    srsly.write_json(args.out_dir / "party-abbreviations.json", party_abbreviations(args.data_dir))


if __name__ == "__main__":
    main()
