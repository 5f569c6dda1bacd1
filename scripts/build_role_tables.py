"""Build the role and organisation tables under pipeline/data/ from the shared corpora.

The shared corpora are read here, at build time, and never copied: what lands in
the repository is derived (lower-cased role words and compound heads, party forms,
public-body names).  Run: `python scripts/build_role_tables.py` (DATA_DIR picks the corpora).
Country names come from the Unicode CLDR through babel (already installed with
trafilatura's dependencies; CLDR data is under the Unicode licence).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from babel import Locale

from pipeline.config import DATA_DIR, SHARED_CORPORA

MIN_HEAD = 4  # shorter derived heads ("man", "vakt") make too many false compounds
MIN_COMPOUNDS = 2
# Occupation-list words that read as something else in news text ("design", "modell").
EXCLUDED = {"design", "modell", "guide", "manager", "produkt", "teknik", "analytik"}  # a derived head must end at least this many occupation names


def occupation_words() -> set[str]:
    """Single-word Swedish occupation names, lower-case: JobTech names and SSYK groups."""
    words: set[str] = set()
    with open(SHARED_CORPORA / "lexicons/jobtech/occupation-name.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for alternative in row["preferred_label_sv"].split("/"):
                name = alternative.split(",")[0].strip().lower()
                if re.fullmatch(r"[a-zåäöé-]{4,}", name):
                    words.add(name)
    jobtech = set(words)
    with open(SHARED_CORPORA / "lexicons/ssyk2012/ssyk2012_sv_en.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for part in re.split(r",| och | m\.fl\.| inom | med ", row["name_sv"]):
                word = part.strip().split(" ")[-1].lower() if part.strip() else ""
                if re.fullmatch(r"[a-zåäö]{4,}er", word) and word[-3] not in "aeiouyåäö" and not word.endswith("iker"):
                    singular = word[:-2]  # plural group names: "chefer" -> "chef" ("tekniker" is both)
                    if any(w.endswith(singular) for w in jobtech):  # "produkter" is no occupation
                        words.add(singular)
    return words - EXCLUDED


def compound_heads(words: set[str]) -> set[str]:
    """Occupation words that end other occupation words: productive compound heads."""
    heads = set()
    for head in words:
        if len(head) >= MIN_HEAD:
            n = sum(1 for w in words if w != head and w.endswith(head) and len(w) - len(head) >= 3)
            if n >= MIN_COMPOUNDS:
                heads.add(head)
    return heads


def write_role_lexicon(out: Path) -> int:
    words = occupation_words()
    heads = compound_heads(words)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# derived by scripts/build_role_tables.py from JobTech Taxonomy occupation names (Arbetsförmedlingen JobTech)\n")
        f.write("# and SSYK 2012 occupation groups (Statistics Sweden, SCB); lower-case single words only\n")
        f.write("# word<TAB>kind: title = a whole occupation word, head = also matches as a compound head\n")
        for w in sorted(words):
            f.write(f"{w}\t{'head' if w in heads else 'title'}\n")
    return len(words)


def write_parties(out: Path) -> int:
    rows = list(csv.DictReader(open(SHARED_CORPORA / "gazetteers/own/riksdag_parties_sv_en.csv", encoding="utf-8")))
    with open(out, "w", encoding="utf-8") as f:
        f.write("# derived by scripts/build_role_tables.py from gazetteers/own/riksdag_parties_sv_en.csv\n")
        f.write("abbrev\tname_sv\tforms\n")
        for r in rows:
            forms = {r["abbrev"], r["name_sv"], *filter(None, r["alt_abbrevs"].split(";"))}
            short = r["name_sv"].split(" ")[0]  # "Miljöpartiet de gröna" -> "Miljöpartiet"
            forms.add(short)
            f.write(f"{r['abbrev']}\t{r['name_sv']}\t{';'.join(sorted(forms))}\n")
    return len(rows)


# CLDR region codes that name no country (EU, UN, the euro area, test and unknown regions),
# and a territory whose name reads as a person's.
NOT_COUNTRIES = {"EU", "EZ", "UN", "XA", "XB", "ZZ", "QO", "DG"}


def country_names() -> list[str]:
    """Swedish names of the world's countries and territories ("Sverige", "Mexiko"), qualifiers dropped."""
    territories = Locale("sv").territories
    names = [territories[code] for code in territories if re.fullmatch(r"[A-Z]{2}", code) and code not in NOT_COUNTRIES]
    return [re.sub(r" (\(.*\)|SAR)$", "", name) for name in names]


def write_public_bodies(out: Path) -> int:
    """Municipalities, counties, regions and county boards: organisation and place names; countries: places."""
    rows: list[tuple[str, str]] = []
    for r in csv.DictReader(open(SHARED_CORPORA / "gazetteers/geodata/municipalities.csv", encoding="utf-8")):
        rows += [(r["municipality_name"], "ORG"), (r["municipality_name_short"], "PLACE")]
    for r in csv.DictReader(open(SHARED_CORPORA / "gazetteers/own/regions_lansstyrelser_sv_en.csv", encoding="utf-8")):
        rows += [(r["county_name_sv"], "PLACE"), (r["region_org_sv"], "ORG"), (r["lansstyrelse_sv"], "ORG")]
    rows += [(name, "PLACE") for name in country_names()]
    with open(out, "w", encoding="utf-8") as f:
        f.write(
            "# derived by scripts/build_role_tables.py from gazetteers/geodata (CC0), gazetteers/own\n"
            "# and the Unicode CLDR's Swedish country names (Unicode licence)\n"
        )
        for name, kind in sorted(set(rows)):
            f.write(f"{name}\t{kind}\n")
    return len(set(rows))


def main() -> None:
    print("role words:", write_role_lexicon(DATA_DIR / "role_lexicon.tsv"))
    print("parties:", write_parties(DATA_DIR / "parties.tsv"))
    print("public bodies:", write_public_bodies(DATA_DIR / "public_bodies.tsv"))


if __name__ == "__main__":
    main()
