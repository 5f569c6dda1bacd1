"""Person-role-organisation-party extraction, as a spaCy component (`role_extractor`).

The component reads the tokens around every person the NER found, in the Swedish
constructions news uses to say who holds which role where:

- apposition after the name: "Alvaro Fuentes, bosocial strateg Botkyrkabyggen",
  "Kevin Smithen, analytiker på Macquarie Securities";
- title before the name, with a genitive organisation: "Tuiflys vd Alexander Huber",
  or after a comma: "Den tidigare ägaren, Ken Bates";
- party markers: "Tomas Eneroth (S)", "Nackas moderata kommunalråd Erik Langby";
- copular and "som" forms: "Mikael Ohlsson är koncernchef för Ikea",
  "Kent Persson tillträdde som partisekreterare", "Andersson, som ... har varit reservmålvakt",
  "Xi väntas bli Kinas näste president";
- coordinated and fused titles: "psykiatern och författaren C G Jung", "Syrianskamålvakten" (Syrianska).

Titles are recognised by a lexicon (JobTech/SSYK occupation words and curated
offices, matched whole or on compound heads) rather than by the NER, which is weak
on organisations; the NER, the tags and the gazetteers decide what an organisation is.

The package, by job: `words` (word classes and lexicons, from `pipeline/data/`), `tokens` (token
predicates), `facts` (the token facts as `token._.role_*` extensions), `people` (who the people are),
`engine` (the constructions' patterns in `data/roles/constructions.jsonl`, run as one spaCy Matcher),
`organisations` and `titles` (phrase readers), `constructions` (the readers of the constructions,
listed by `rules`), `component` (the spaCy component), `summary` (the document's people,
organisations and places) and `politicians` (the party of a politician named without one, from the
Riksdag gazetteer as of the article's date, given after the summary).
"""

from pipeline.roles.component import COMPONENT, RoleExtractor
from pipeline.roles.people import known_names, person_spans, resolve_names
from pipeline.roles.summary import join_adjacent, summarise
from pipeline.roles.tokens import sentences
from pipeline.roles.words import base_name, party_abbreviation

__all__ = [
    "COMPONENT",
    "RoleExtractor",
    "base_name",
    "join_adjacent",
    "known_names",
    "party_abbreviation",
    "person_spans",
    "resolve_names",
    "sentences",
    "summarise",
]
