"""Seed the sv->en role-title glossary from the shared lexicons, keeping curated rows.

Rows marked `curated` in pipeline/data/role_glossary_sv_en.csv are hand-written
and always win; the other rows are regenerated here:
  - `folkets`: a JobTech occupation name that is a Folkets lexikon headword,
    with its first English sense;
  - `ssyk2012`: an SSYK 2012 unit group whose one-word Swedish name is also a
    JobTech occupation name (so singular and plural coincide: "åklagare"), with
    the SCB English name singularised ("Prosecutors" -> "prosecutor").

Usage: DATA_DIR=../shared/corpora python scripts/build_role_glossary.py
"""

from __future__ import annotations

import csv
import html
import json
import re

from pipeline.config import SHARED_CORPORA
from pipeline.translate import GLOSSARY_PATH


def read_csv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def first_sense(translations: list[str]) -> str | None:
    """The first plain English sense: entities decoded, bracketed notes and alternatives dropped."""
    for translation in translations:
        sense = re.sub(r"\(.*?\)|\[.*?\]", "", html.unescape(translation))
        sense = " ".join(re.split(r"[,;]", sense)[0].split())
        if sense:
            return sense
    return None


def singular(english_plural: str) -> str | None:
    """'Prosecutors' -> 'prosecutor'; None for group names that are not one plural noun phrase."""
    if re.search(r"[,(]| and | - |other|n\.e\.c", english_plural, re.IGNORECASE):
        return None
    words = english_plural.split()
    last = words[-1]
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    else:
        return None
    return " ".join([w.lower() for w in words[:-1]] + [last.lower()])


def seed_rows() -> dict[str, tuple[str, str]]:
    folkets = json.loads((SHARED_CORPORA / "dictionaries/folkets-2012/folkets_2012_sv_en_glossary.json").read_text())
    folkets = {headword.lower(): senses for headword, senses in folkets.items()}
    jobtech = SHARED_CORPORA / "lexicons/jobtech/occupation-name.csv"
    occupations = {row["preferred_label_sv"].lower() for row in read_csv(jobtech)}
    rows: dict[str, tuple[str, str]] = {}
    for row in read_csv(SHARED_CORPORA / "lexicons/ssyk2012/ssyk2012_sv_en.csv"):
        name = row["name_sv"].lower()
        english = singular(row["name_en"])
        if row["level"] == "4" and name in occupations and " " not in name and english:
            rows[name] = (english, "ssyk2012")
    for name in sorted(occupations & folkets.keys()):
        english = first_sense(folkets[name])
        if english:
            rows[name] = (english, "folkets")
    return rows


def main() -> None:
    curated = {row["sv"]: (row["en"], "curated") for row in read_csv(GLOSSARY_PATH) if row["source"] == "curated"}
    rows = {**seed_rows(), **curated}
    with open(GLOSSARY_PATH, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["sv", "en", "source"])
        for sv in sorted(rows):
            writer.writerow([sv, *rows[sv]])
    counts = {source: sum(1 for _, s in rows.values() if s == source) for source in ("curated", "folkets", "ssyk2012")}
    print(f"wrote {len(rows)} titles to {GLOSSARY_PATH}: {counts}")


if __name__ == "__main__":
    main()
