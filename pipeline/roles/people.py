"""Who the people of a document are: the NER's persons trimmed and extended, and names it missed
before an apposition, after a title or before a party marker; and their names resolved.
"""

from __future__ import annotations

from spacy.lang.sv.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from pipeline.roles.facts import word_flag
from pipeline.roles.tokens import (
    ORG_LABELS,
    PERSON_LABELS,
    capitalised,
    continues_name,
    in_apposition,
    is_genitive,
    is_initial,
    lone_organisation_word,
    may_be_title,
    name_part,
    party_marker,
    starts_noun_phrase,
    starts_sentence,
    token_texts,
)
from pipeline.roles.words import WORDS, base_name, is_role_word, lexicon, swedish_party
from pipeline.word_classes import carries_genitive_s

MAX_NAME_WORDS = 4
# What a genitive never stands before: a name ending in s before a verb or a conjunction is no genitive.
UNGOVERNED = {"VERB", "AUX", "ADP", "CCONJ", "SCONJ"}


def person_spans(doc: Doc, texts: list[str] | None = None) -> list[Span]:
    """PERSON entities, trimmed of title words and lower-case words the NER swallowed, and the names the NER
    missed before an apposition, after a title or before a party marker. `texts`: as `token_texts` gives them."""
    spans = []
    for ent in doc.ents:
        if ent.label_ not in PERSON_LABELS:
            continue
        start, end = ent.start, ent.end
        while start < end and (not capitalised(doc[start]) or is_role_word(doc[start].text) or doc[start].is_punct):
            start += 1
        if end - start >= 3 and _names_owner(doc[start]):
            start += 1  # "Folkpartiets Jan Björklund" taken as one name
        while end > start and (doc[end - 1].is_punct or not name_part(doc[end - 1])):
            end -= 1
        if start < end and is_initial(doc[start]) and start > 0 and continues_name(doc[start - 1]):
            start -= 1  # "Ylva" + "M Andersson": the NER began at the middle initial
        while end < len(doc) and end - start < MAX_NAME_WORDS:  # "Torbjörn" + "Klingvall": the NER stopped early
            if continues_name(doc[end]):
                end += 1
            elif (joined := _past_particles(doc, end)) > end:
                end = joined + 1  # "Casper von Koskull", "Jan van der Meer"
            else:
                break
        if start < end and not names_organisation(doc[start:end]) and not _owns_title(doc[start:end]):
            spans.append(doc[start:end])
    taken = {t.i for s in spans for t in s}
    texts = texts or token_texts(doc)
    ends_title = doc.to_array(word_flag(doc.vocab, "role_word")).tolist()  # every role word, and a few more
    for i in (i for i, flag in enumerate(ends_title[:-1]) if flag):
        if i not in taken and i + 1 not in taken and is_role_word(texts[i]) and may_be_title(doc[i]):
            name = _name_after_title(doc[i], taken)
            if name is not None:
                spans.append(name)  # "kammaråklagare Thomas Hertz" with the NER calling "Thomas" a place
    for comma in (i for i, text in enumerate(texts) if text == ","):
        if comma + 1 < len(doc) and _title_follows(doc, _past_age(doc, comma + 1)):
            end = comma
            if end >= 3 and party_marker(doc, end - 3)[1] == end:
                end -= 3  # "Anneli Hulthén (S), kommunstyrelsens ordförande"
            start = end
            while start > 0 and end - start < 5 and doc[start - 1].text.replace("-", "").isalpha() and (
                name_part(doc[start - 1]) or doc[start - 1].lower_ in WORDS.name_particles and start - 1 > 0
            ):
                if capitalised(doc[start - 1]) and doc[start - 1].lower_ in STOP_WORDS:
                    break  # "Enligt Sten Tolgfors, försvarsminister": a capital the sentence gave a preposition
                start -= 1
            while start < end and not capitalised(doc[start]):
                start += 1  # a name starts with a capital: not "la Fuente"
            name = doc[start:end]
            relative = doc[comma + 1].lower_ in WORDS.relative_pronouns and len(name) == 1 and name[0].pos_ == "PROPN"  # "Hamrén, som är"
            full_name = _full_name_taken_for_organisation(doc, start)
            organisation = any(x.ent_type_ in ORG_LABELS for x in name) and (full_name is None or full_name.end != end)
            if (2 <= len(name) <= 5 or relative) and not any(x.i in taken for x in name) and not organisation and not names_organisation(name):
                spans.append(name)  # "Ulf Sempert, chef för polisen i Malmö" with no PER from the NER
                taken |= {x.i for x in name}
    for bracket in (i for i, text in enumerate(texts) if text == "("):
        if party_marker(doc, bracket)[0]:
            name = _name_before_party_marker(doc, bracket, taken)
            if name is not None:
                spans.append(name)  # "Ilmar Reepalu (S)" with the NER calling the name an organisation
                taken |= {x.i for x in name}
    spans = [s for s in spans if not any(o.start <= s.start and s.end <= o.end and len(o) > len(s) for o in spans)]
    return sorted(spans, key=lambda s: s.start)


def _names_owner(t: Token) -> bool:
    """A genitive of a party, a public body or a known organisation: "Folkpartiets", "Nackas", "Volvos"."""
    if not is_genitive(t):
        return False
    lex = lexicon()
    base = base_name(t.text, set())
    return swedish_party(base) is not None or base in lex.public_bodies or base in lex.named_organisations


def _name_before_party_marker(doc: Doc, bracket: int, taken: set[int]) -> Span | None:
    """Two or three capitalised words right before "(S)": a politician, whatever the NER called them, unless
    they name a party, a public body or an organisation the tables know."""
    start = bracket
    while start > 0 and bracket - start < 3 and doc[start - 1].is_alpha and capitalised(doc[start - 1]):
        if doc[start - 1].lower_ in STOP_WORDS or doc[start - 1].i in taken or is_role_word(doc[start - 1].text):
            break
        start -= 1
    name = doc[start:bracket]
    if len(name) < 2 or any(x.i in taken for x in name) or names_organisation(name) or swedish_party(name.text):
        return None
    if name.text in lexicon().named_organisations or name.text in lexicon().public_bodies:
        return None
    return name


def _full_name_taken_for_organisation(doc: Doc, start: int) -> Span | None:
    """The ORG entity at `start` where it reads as a full name: two or three title-case words ("Dwayne Mill",
    "Leslie Aun"), none an organisation word, naming nothing the tables know, after no preposition ("vd för
    Svenska Spel, blir ordförande" names a company). Called only right after a title or right before ", title",
    where an organisation would take a preposition or a genitive instead."""
    ent = next((e for e in doc.ents if e.start == start and e.label_ in ORG_LABELS), None)
    if ent is None or not 2 <= len(ent) <= 3 or not all(t.is_alpha and t.text.istitle() for t in ent):
        return None
    if start > 0 and (doc[start - 1].pos_ == "ADP" or doc[start - 1].lower_ in WORDS.org_prepositions):
        return None
    lex = lexicon()
    if names_organisation(ent) or ent.text in lex.named_organisations or ent.text in lex.public_bodies:
        return None
    return ent


def _past_particles(doc: Doc, i: int) -> int:
    """Past a run of name particles at i to the capitalised part they join ("van der" Meer, "bin" Salman), or i."""
    j = i
    while j < len(doc) and doc[j].lower_ in WORDS.name_particles and j - i < 3:
        j += 1
    joined = j > i and j < len(doc) and capitalised(doc[j]) and doc[j].is_alpha and doc[j].ent_type_ not in ORG_LABELS
    return j if joined else i


def _name_after_title(title: Token, taken: set[int]) -> Span | None:
    """The name a title stands before where the NER found no person there: "kammaråklagare Thomas Hertz"
    (a place to the NER), "President Muhammad Mursi" (one organisation to it, title included), or one
    word that names no place or organisation the tables know ("prinsessan Estelle", "säkerhetsvakten Goran")."""
    doc = title.doc
    swallowed = title.ent_type_ in ORG_LABELS and title.ent_iob_ == "B"
    # "drottning Margrethe II", "profeten Muhammed": the NER calls the name alone an organisation
    lone_organisation = title.i + 1 < len(doc) and lone_organisation_word(doc, title.i + 1) and not in_apposition(title)
    end = title.i + 1 + lone_organisation
    if (full := _full_name_taken_for_organisation(doc, title.i + 1)) is not None:
        return full  # "Syrianskamålvakten Dwayne Mill" with the NER calling the name an organisation
    while end < len(doc) and end - title.i - 1 < MAX_NAME_WORDS and end not in taken:
        t = doc[end]
        inside_title_org = swallowed and t.ent_iob_ == "I" and t.text.isalpha() and capitalised(t)
        surname = end > title.i + 1 and lone_organisation_word(doc, end)  # "Mi" + "Sundquist" the NER calls an organisation
        if end > title.i + 1 and (joined := _past_particles(doc, end)) > end:
            end = joined + 1  # "Abdulaziz bin Salman"
            continue
        if not (continues_name(t) or inside_title_org or surname):
            break
        end += 1
    if end == title.i + 2 and end < len(doc) and doc[end].ent_type_ in PERSON_LABELS and doc[end].ent_iob_ == "B":
        end = next((e.end for e in doc.ents if e.start == end), end)  # "Per" + "Sandström": the NER split the name
    name = doc[title.i + 1 : end]
    if not name or names_organisation(name):
        return None
    if len(name) >= 2:
        return name
    lex = lexicon()
    word = name[0].text
    known = {word, base_name(word, set())}
    return None if known & (lex.public_bodies.keys() | lex.named_organisations) else name


def _owns_title(span: Span) -> bool:
    """A one-word genitive "person" before a title and a name, or in an apposition after one, owns the title:
    "Evertons försvarare Seamus Coleman", "F-Secures forskningsledare Mikko Hyppönen", "Tom Duxbury, Stardusts
    projektledare" name a club and companies the NER took for people.
    Not where the document names the same one as a person elsewhere ("Erikssons agent ... för Eriksson")."""
    doc, end = span.doc, span.end
    base = base_name(span.text, set())
    lex = lexicon()
    while end + 2 < len(doc) and (doc[end].lower_ in lex.party_words or doc[end].lower_ in lex.modifiers):
        end += 1  # "Nackas moderata kommunalråd Erik Langby"
    # "Tom Duxbury, Stardusts projektledare": the genitive opens an apposition to the name before the comma
    after_named = span.start >= 2 and doc[span.start - 1].text == "," and doc[span.start - 2].ent_type_ in PERSON_LABELS
    return (
        (len(span) == 1 or len(span) == 2 and span[0].text.isupper())  # "IFK Göteborgs mittback"
        and is_genitive(span[-1])
        and end + 1 < len(doc)
        and may_be_title(doc[end])
        and (capitalised(doc[end + 1]) and not starts_sentence(doc[end + 1]) or after_named)
        and not any(e.label_ in PERSON_LABELS and e[-1].text == base for e in doc.ents)
    )


def _past_age(doc: Doc, i: int) -> int:
    """Past an age in an apposition: "Anna Ek, 52, kommunalråd", "Per Ek, 61 år, kommunalråd"."""
    if i < len(doc) and doc[i].like_num:
        j = i + 1 + (i + 1 < len(doc) and doc[i + 1].lower_ in WORDS.age_units)
        if j < len(doc) and doc[j].text == ",":
            return j + 1
    return i


def _title_follows(doc: Doc, i: int) -> bool:
    """A lower-case title within a few words from i, with no punctuation before it; a word more after
    "som" ("som numera är expertkommentator")."""
    for t in doc[i : i + 3 + (doc[i].lower_ in WORDS.relative_pronouns)]:
        if t.is_punct:
            return False
        if t.is_lower and is_role_word(t.text):
            return True
    return False


def person_name(span: Span) -> str:
    """The name without a genitive s: "nye förbundskaptenen Torbjörn Klingvalls [ansats]" -> "Torbjörn Klingvall"."""
    last = span[-1]
    after = span.doc[span.end] if span.end < len(span.doc) else None
    governs = (  # "Rudy Salles har besökt", "Scott Kouns sade"
        after is not None and not after.is_punct and after.pos_ not in UNGOVERNED and after.lower_ not in WORDS.speech_verbs
    )
    genitive = governs and ("Gen" in last.morph.get("Case") or after.is_lower and starts_noun_phrase(after))
    if genitive and carries_genitive_s(last.text) and len(last.text) > 3:
        return span.text[:-1]
    return span.text


def names_organisation(span: Span) -> bool:
    """A "person" the NER got wrong: "Trafikförvaltningen Region Stockholm" holds organisation words."""
    lex = lexicon()
    # "Deutsche Banks chefsekonom": an organisation word in the genitive too
    if any(t.lower_ in lex.org_after or t.lower_[:-1] in lex.org_after and is_genitive(t) or t.lower_.endswith(lex.org_units) for t in span):
        return True
    return any(lex.public_bodies.get(span[i:j].text) == "ORG" for i in range(len(span)) for j in range(i + 1, len(span) + 1))


def resolve_names(names: list[str]) -> dict[str, str]:
    """Each name as written -> the fullest name in the document it refers to.

    "Fuentes" -> "Alvaro Fuentes" when exactly one fuller name ends with it, else "Bradley" ->
    "Bradley Wiggins" when exactly one starts with it ("Sir Bradley"); a genitive ("Lindströms")
    resolves like its base form ("Lindström").
    """
    full = {n for n in names if " " in n}
    out = {}
    for name in names:
        out[name] = name
        for candidate in (name, name[:-1]) if name.endswith("s") else (name,):
            if candidate in full:
                out[name] = candidate
                break
            longer = {f for f in full if f.endswith(" " + candidate)} or {f for f in full if f.startswith(candidate + " ")}
            if len(longer) == 1:
                out[name] = longer.pop()
                break
    return out


def known_names(doc: Doc, texts: list[str] | None = None) -> set[str]:
    """Names the document itself vouches for: NER entities and capitalised words, for genitive stripping."""
    capitals = {text for i, text in enumerate(texts or token_texts(doc)) if text[:1].isupper() and not starts_sentence(doc[i])}
    known = {e.text for e in doc.ents} | capitals
    return known | set(lexicon().public_bodies)

