"""Derive the role titles and the organisation names the role tables lack from the Almedalen speaker lines (CC0).

`roles/almedalen-speakers/almedalen_speakers.tsv` in the shared corpora holds 16,775
"Name, Title, Organisation" lines as Almedalsveckan organisers wrote them (2021-2023). Their
titles are real Swedish role words, many of them missing from the occupation lists the lexicon
is built from ("föreläsare", "suppleant", "prodekan"). A title's head word (the word before its
first complement: "ledamot i socialutskottet" -> "ledamot") is kept when it is

- written by several organisers for several speakers (MIN_SPEAKERS, MIN_ORGANISERS),
- a Swedish person noun in base form: it ends like one (PERSON_ENDINGS: "föreläsare", "suppleant";
  not "hållbarhet", "socialutskottet") and is no English word (the English of Folkets lexikon, and
  the English titles organisers write: "director", "advisor"),
- more often a title than a speaker's name or an organisation in the lines (a line that lacks a
  title puts the organisation in its place),
- not already a role word of the lexicon, whole or as a compound on one of its heads.

Only the derived words are written (`pipeline/data/roles/almedalen_titles.tsv`), never the lines.
Run: `python scripts/build_almedalen_tables.py` (DATA_DIR picks the corpora).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from pipeline.config import DATA_DIR, SHARED_CORPORA
from pipeline.roles import words
from pipeline.roles.words import is_role_word, lexicon, swedish_party

SPEAKERS = SHARED_CORPORA / "roles/almedalen-speakers/almedalen_speakers.tsv"
FOLKETS = SHARED_CORPORA / "dictionaries/folkets-2012/folkets_2012_sv_en_glossary.json"
GIVEN_NAMES = SHARED_CORPORA / "gazetteers/given-names"
OUT = DATA_DIR / "roles"
TITLES, ORGANISATIONS = "almedalen_titles.tsv", "almedalen_organisations.tsv"
MIN_GIVEN_NAME = 100  # people who go by a name for it to count as a given name

MIN_SPEAKERS = 2  # distinct speakers who hold the title
MIN_ORGANISATION_SPEAKERS = 3  # distinct speakers of an organisation: a name is riskier than a title word
MIN_ORGANISERS = 2  # distinct organisers who wrote it: one organiser's house style is no Swedish usage
MIN_LENGTH = 5  # shorter words are abbreviations ("kso", "ordf", "vvd")
TITLE_WORD = re.compile(r"[a-zåäöé]+(?:-[a-zåäöé]+)?")
COMPLEMENT = re.compile(r"\s(?:i|för|på|vid|inom|av|med|till|hos|mot|om|och|&)\s|[/,(]")
# Endings of Swedish person nouns: agent nouns ("-are", "-ör"), loans ("-ant", "-ist", "-or"), "-log", "-kt".
PERSON_ENDINGS = ("are", "ör", "ant", "ent", "ist", "or", "log", "kt", "iker", "nom")
# English titles organisers write that Folkets lexikon does not translate to.
ENGLISH = {"advisor", "co-creator", "facilitator", "strategist", "coordinator", "assessment", "healthcare"}
# Words that pass every test and still name no role: a participant, a sector, a misspelling ("modertor").
EXCLUDED = {"deltagare", "student", "senior", "sektor", "projekt", "modertor"}

# What the lexicon knows without these tables: a rerun derives the same words.
words.TITLE_TABLES = tuple(t for t in words.TITLE_TABLES if not t.endswith(TITLES))
words.ORGANISATION_TABLES = tuple(t for t in words.ORGANISATION_TABLES if not t.endswith(ORGANISATIONS))


def title_heads(title: str) -> list[str]:
    """The head word of a title as organisers write it: "Vice ordförande i SKR (S)" -> ["ordförande"]."""
    head = COMPLEMENT.split(title.strip(), maxsplit=1)[0].strip()
    last = head.split(" ")[-1].lower() if head else ""
    return [last] if TITLE_WORD.fullmatch(last) else []


def swedish_person_noun(word: str, english: set[str]) -> bool:
    """Ends like a Swedish person noun and is no English word."""
    return word.endswith(PERSON_ENDINGS) and word not in english and word not in ENGLISH


def _written_by(rows: list[dict[str, str]], entries: Callable[[dict[str, str]], list[str]]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The speakers and the organisers of each entry (a title word, an organisation) the lines hold."""
    speakers: dict[str, set[str]] = defaultdict(set)
    organisers: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for entry in entries(row):
            speakers[entry].add(row["name"])
            organisers[entry].add(row["organiser"])
    return speakers, organisers


def derive(rows: list[dict[str, str]], english: set[str]) -> list[tuple[str, int]]:
    """(title word, speakers) for every word that passes the tests in the module docstring."""
    speakers, organisers = _written_by(rows, lambda row: title_heads(row["title"]))
    name_words = Counter(w.lower() for row in rows for w in row["name"].split())
    organisations = Counter(row["organisation"].strip().lower() for row in rows)
    found = []
    for word, held_by in speakers.items():
        if (
            len(held_by) >= MIN_SPEAKERS
            and len(organisers[word]) >= MIN_ORGANISERS
            and len(word) >= MIN_LENGTH
            and word not in EXCLUDED
            and name_words[word] <= len(held_by)
            and organisations[word] <= len(held_by)
            and swedish_person_noun(word, english)
            and not is_role_word(word)
        ):
            found.append((word, len(held_by)))
    return sorted(found)


def derive_organisations(rows: list[dict[str, str]], known: set[str], common: set[str], given: set[str]) -> list[tuple[str, int]]:
    """(organisation, speakers) for every name that passes the tests in the module docstring."""
    speakers, organisers = _written_by(rows, lambda row: [row["organisation"].strip()])
    found = []
    for name, held_by in speakers.items():
        if (
            len(held_by) >= MIN_ORGANISATION_SPEAKERS
            and len(organisers[name]) >= MIN_ORGANISERS
            and name[:1].isupper()
            and not re.search(r"[(),/]", name)
            and name not in known
            and not swedish_party(name)
            and (" " in name or name.lower() not in common)
            and name.split(" ")[0] not in given
        ):
            found.append((name, len(held_by)))
    return sorted(found)


def known_organisations() -> set[str]:
    """The names the extractor knows already: the model's gazetteer, the public bodies, clubs, media, parties."""
    from pipeline import nlp
    from pipeline.config import model_path
    from pipeline.roles.component import COMPONENT

    lex = lexicon()
    extractor = nlp.load(model_path()).get_pipe(COMPONENT)
    return set(extractor.organisations) | set(lex.public_bodies) | set(lex.party_names.values())


def given_names() -> set[str]:
    """Names at least MIN_GIVEN_NAME people in Sweden go by."""
    names = set()
    for path in sorted(GIVEN_NAMES.glob("svensktext_tilltalsnamn-*.tsv")):
        with open(path, encoding="utf-8") as f:
            names |= {row["name"] for row in csv.DictReader(f, delimiter="\t") if int(row["persons"]) >= MIN_GIVEN_NAME}
    return names


def swedish_words() -> set[str]:
    """The headwords of Folkets lexikon, lower case."""
    return {w.lower() for w in json.loads(FOLKETS.read_text(encoding="utf-8"))}


def english_words() -> set[str]:
    """The single English words of Folkets lexikon's translations, less its Swedish headwords ("partner")."""
    glossary = json.loads(FOLKETS.read_text(encoding="utf-8"))
    english = {t.lower() for ts in glossary.values() for t in ts if re.fullmatch(r"[A-Za-z-]+", t)}
    return english - swedish_words()


def write(path: Path, header: str, kind: str, entries: list[tuple[str, int]]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            "# derived by scripts/build_almedalen_tables.py from the Almedalsveckan speaker lines 2021-2023\n"
            "# (civictechsweden/almedalsdata, CC0), checked against Folkets lexikon (KTH, CC BY-SA 2.5):\n"
            f"{header}"
        )
        for entry, count in entries:
            f.write(f"{entry}\t{kind}\t{count}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"the folder to write both tables to (default: {OUT})")
    out = parser.parse_args().out
    with open(SPEAKERS, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    titles = derive(rows, english_words())
    write(out / TITLES, (
        "# title head words organisers wrote for several speakers that the occupation lists lack.\n"
        "# word<TAB>kind<TAB>speakers: kind as in role_lexicon.tsv (title = matched as a whole word)\n"
    ), "title", titles)
    organisations = derive_organisations(rows, known_organisations(), swedish_words(), given_names())
    write(out / ORGANISATIONS, (
        "# organisations organisers wrote for several speakers that the extractor's tables lack.\n"
        "# name<TAB>kind<TAB>speakers: kind as in organisations.tsv (organisation = any other body)\n"
    ), "organisation", organisations)
    print(f"{len(titles)} titles and {len(organisations)} organisations from {len(rows)} speaker lines -> {out}")


if __name__ == "__main__":
    main()
