"""Organisation phrases: how far an organisation named after a title, a preposition or a genitive reaches.

Procedural readers over the tokens of one sentence; the constructions call them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from spacy.tokens import Span, Token

from pipeline.roles.context import Context
from pipeline.roles.tokens import (
    ORG_LABELS,
    PLACE_LABELS,
    capitalised,
    ends_organisation_name,
    inside_organisation,
    is_adjective,
    is_definite_noun,
    is_finite_verb,
    is_genitive,
    is_genitive_common,
    is_name_like,
    is_plural,
    is_truncated,
    starts_sentence,
)
from pipeline.roles.words import (
    FUNCTION_WORDS,
    NAME_ADJECTIVE_ENDINGS,
    WORDS,
    base_forms,
    base_name,
    base_names,
    fused_prefix,
    is_role_word,
    is_unit,
    names_body,
    names_work,
    normalise_organisation,
    swedish_party,
)


class OrganisationPhrases(Context):
    """Reads organisation phrases in the sentence of one person mention."""

    def _named_organisation_at(self, i: int, also: Callable[[Span], bool]) -> tuple[str, int, int] | None:
        """The organisation phrase at i if it names an organisation and passes `also`."""
        org = self.read_organisation(i)
        span = self.doc[i : org[1]] if org else None
        return org[0] if span and self._is_named_organisation(span) and also(span) else None

    def _known_organisation(self, name: str) -> bool:
        """A name the document, the gazetteers, the institutions or the parties know."""
        lex = self.lex
        return (
            name in self.known
            or name in self.organisations
            or name.lower() in lex.institutions
            or name in lex.public_bodies
            or swedish_party(name) is not None
        )

    def _genitive_body(self, j: int) -> tuple[str, int, int] | None:
        """A definite genitive common noun that names a body rather than pointing back to one: a national body
        ("polisens"), every unit of a kind ("länsstyrelsernas" -> länsstyrelserna), or, capitalised by the
        sentence, a known organisation or a named unit ("Representanthusets" -> Representanthuset)."""
        t = self.doc[j]
        if t.i in self.in_person or self._names_person(t) or not is_genitive_common(t, any_case=True):
            return None
        base = t.text[:-1]
        low = base.lower()
        plural_unit = is_plural(t) and any(is_unit(form) for form in base_forms(low)[1:])
        # capitalised by a name, not by the sentence ("Bolagets finanschef": the company already named)
        named = capitalised(t) and (is_unit(low) or self._known_organisation(base) and not starts_sentence(t))
        if low in self.lex.institutions or plural_unit or named:
            return normalise_organisation(base), t.idx, t.idx + len(t.text)
        return None

    def _fused_organisation(self, prefix: str, head: Token) -> str | None:
        """The organisation a capitalised prefix fused into a title names: a known one, also past a linking s
        and in its definite form ("Riksbankschefen" -> Riksbanken, "Djurgårdsmålvakten" -> Djurgården); else
        the prefix itself where a capital mid-sentence marks it a name, no linking s hides its base form and
        no performer's title makes it a work ("Hollywoodskådespelaren")."""
        for name in base_names(prefix):
            if swedish_party(name):
                return self.lex.party_names[swedish_party(name)]  # "Moderatledaren" -> Moderaterna
            if self._known_organisation(name):
                return normalise_organisation(name)
        if not starts_sentence(head) and not prefix.endswith("s") and not names_work(head.text):
            return normalise_organisation(prefix)
        return None

    def _fused_listed_organisation(self, head: Token) -> tuple[str, int, int] | None:
        """The gazetteer organisation a lower-case prefix names ("riksbankschef" -> Riksbanken), never a national
        body named by a common noun ("polischefen" names no organisation)."""
        prefix = fused_prefix(head.text)
        for name in base_names(prefix.capitalize()) if prefix else ():
            if name in self.organisations and name.lower() not in self.lex.institutions:
                return name, head.idx, head.idx + len(prefix)
        return None

    def _is_named_organisation(self, span: Span) -> bool:
        """An organisation by the NER's word, its last noun ("centralförbund", "kommun") or the gazetteers; a club
        named after its town ("Luleå") only where the NER says so, as the town is meant as often."""
        return (
            any(t.ent_type_ in ORG_LABELS for t in span)
            or ends_organisation_name(span[-1])
            or self.lex.public_bodies.get(span.text) == "ORG"
            or span.text in self.organisations and span.text not in self.lex.public_bodies
            or swedish_party(span.text) is not None
        )

    def _names_medium(self, span: Span) -> bool:
        """A news medium or programme, or one's programme: "Aftonbladet", "SVT:s Agenda", "Borås Tidning"."""
        media = self.lex.media
        owner = base_name(span[0].text, self.known) if is_genitive(span[0]) else span[0].text
        return span.text in media or owner in media or span[-1].lower_.endswith(WORDS.media_endings)

    def _genitive_organisation(self, j: int) -> bool:
        """Is the genitive at j a named organisation or place ("Tuiflys"), not a common noun ("klubbens")?"""
        t = self.doc[j]
        if t.i in self.in_person or self._names_person(t):
            return False
        if starts_sentence(t) and t.text[:-1].lower() in WORDS.generic_bodies and t.text[:-1] not in self.known:
            return False  # "Bolagets finanschef": the company the text already named, whatever the NER says
        if swedish_party(t.text[:-1]) or t.ent_type_ in ORG_LABELS | PLACE_LABELS:
            return True
        if starts_sentence(t):  # capitalised anyway: a name if tagged or named so elsewhere ("Nackas" -> Nacka),
            # or if not shaped like a definite common noun ("Tuiflys vd", but "Företagets vd")
            return (
                t.pos_ == "PROPN"
                or t.text[:-1] in self.known
                or t.text[:-1] in self.organisations  # "Lantmännens koncernchef": a name the tables know
                or not is_genitive_common(t, any_case=True)
                or any(c.isupper() for c in t.text[1:])  # "EU-kommissionens"
                or names_body(t.text[:-1])  # "Arbeiderpartiets"
            )
        return capitalised(t)

    def _kind_of_body(self, t: Token) -> bool:
        """A capitalised common noun for a kind of body before a name, no name itself: "Appföretaget" in
        "Appföretaget Bytes", "Bokförlaget" (but "Systembolaget", which the tables know, names one)."""
        return (
            t.is_alpha
            and t.text[1:].islower()
            and t.lower_.endswith(WORDS.generic_bodies)
            and not self._known_organisation(t.text)
        )

    def _names_person(self, genitive: Token) -> bool:
        """A genitive whose base form the document names as a person: "Erikssons agent" with Eriksson a person."""
        return base_name(genitive.text, self.known) in self._person_words

    @cached_property
    def _person_words(self) -> set[str]:
        return {self.doc[i].text for i in self.in_person}

    def party_anaphor(self, j: int) -> tuple[str, int, int] | None:
        """ "partiets gruppledare": the one Swedish party named earlier in the sentence, as written."""
        if self.doc[j].lower_ not in WORDS.party_anaphors:
            return None
        named = []
        for t in self.doc[self.sent.start : j]:
            for form in (t.text, t.text.split("-")[0]) if "-" in t.text else (t.text,):
                if swedish_party(form) and (form.isupper() or form[:1].isupper() and len(form) > 3):
                    named.append((form, t.idx, t.idx + len(form)))
                    break
        return named[0] if len({swedish_party(n[0]) for n in named}) == 1 else None

    def _is_complement(self, j: int) -> bool:
        t = self.doc[j]
        k = self._past_adjectives(j)
        if k > j and k < self.sent.end and is_definite_noun(self.doc[k]):
            return False  # "talesman för ryska utrikesministeriet": an organisation, not a field
        return (
            t.is_alpha
            and not capitalised(t)
            and not is_definite_noun(t)
            and not is_genitive_common(t)
            and (t.pos_ not in ("VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PRON", "DET") or self._attributive_verb(j))
            and t.lower_ not in WORDS.org_prepositions
            and t.lower_ not in FUNCTION_WORDS
        )

    def _past_adjectives(self, k: int) -> int:
        """Past a run of lower-case adjectives from k: "den oberoende ryska [nyhetssajten]"."""
        while k < self.sent.end and is_adjective(self.doc[k]) and not capitalised(self.doc[k]):
            k += 1
        return k

    def _attributive_verb(self, j: int) -> bool:
        """A non-finite "verb" before a noun is an adjective the tagger missed: "för grova brott"."""
        t = self.doc[j]
        return (
            t.pos_ == "VERB"
            and not is_finite_verb(t)
            and j + 1 < self.sent.end
            and self.doc[j + 1].pos_ == "NOUN"
        )

    def _owned_unit(self, t: Token) -> bool:
        """A lower-case noun a genitive name owns as a unit ("fabrik", "skidanläggning"), not a title or a
        phrase of behalf ("på Volvos vägnar")."""
        return (
            t.pos_ == "NOUN"
            and t.is_lower
            and t.is_alpha
            and not is_role_word(t.text)
            and t.lower_ not in self.lex.org_not
            and t.lower_ not in WORDS.on_behalf
        )

    def _nominalised_adjective(self, j: int) -> bool:
        """ "de konservativa", "de gröna": a determiner and an adjective with no noun after, naming a group."""
        d, hi = self.doc, self.sent.end
        if d[j].lower_ not in WORDS.definite_determiners or j + 1 >= hi or not is_adjective(d[j + 1]) or capitalised(d[j + 1]):
            return False
        return j + 2 >= hi or d[j + 2].pos_ not in ("NOUN", "PROPN", "ADJ")

    def read_organisation(
        self, i: int, must_end_clause: bool = False, attached: bool = False
    ) -> tuple[tuple[str, int, int], int] | None:
        """An organisation phrase at token i: "Macquarie Securities", "Botkyrka kommun", "polisen i Malmö",
        "enheten för utvärdering på Socialstyrelsen", "polisens länskommunikationscentral i Kalmar".

        `attached`: right after a title and its preposition ("talesperson för Komen Foundation"), where a
        name is the organisation even if the NER calls it a person."""
        d = self.doc
        hi = self.sent.end
        people = set() if attached else self.in_person
        if i >= hi or d[i].i in people:
            return None
        j = i
        common = unit = False
        if d[j].lower_ in WORDS.definite_determiners and not self._nominalised_adjective(j):
            k = self._past_adjectives(j + 1)
            j += k < hi and is_definite_noun(d[k])  # "den oberoende ryska nyhetssajten Novaja Rech"
        if j + 2 < hi and is_truncated(d[j]) and d[j + 1].lower_ in WORDS.phrase_conjunctions:
            j += 2  # "miljö- och byggnadsnämnden"
        j = self._past_adjectives(j)  # "pedagogiska institutionen"
        if j < hi and not capitalised(d[j]) and is_genitive_common(d[j]) and j + 1 < hi and d[j + 1].is_alpha:
            j += 2  # "polisens länskommunikationscentral", even where the NER calls "polisens" an organisation
            common = True
            unit = is_unit(d[j - 1].lower_)  # "trafikkontorets tillståndsavdelning"
        elif j < hi and is_name_like(d[j]) and d[j].i not in people and not d[j].lower_ in WORDS.determiners:
            j += 1
            while j < hi and d[j].i not in people and (
                is_name_like(d[j])
                or ends_organisation_name(d[j])
                or inside_organisation(d[j])
                or is_genitive_common(d[j]) and j + 1 < hi and ends_organisation_name(d[j + 1])  # "ostkustfiskarnas centralförbund"
            ):
                j += 1
            common = unit = d[j - 1].lower_.endswith(self.lex.org_units)  # "Trafikkontoret" takes "i Stockholms stad"
            adjective = d[i].pos_ == "ADJ" or d[i].lower_.endswith(NAME_ADJECTIVE_ENDINGS)
            if j == i + 1 and j < hi and adjective and d[j].is_lower and d[j].pos_ == "NOUN":
                j += 1  # "Nationell samling", "Röda korset": a name capitalised on its first word only
            if j == i + 1 and j < hi and is_genitive(d[i]) and self._owned_unit(d[j]):
                j += 1  # "Volvos fabrik i Torslanda", "Stötens skidanläggning": a named owner's unit, kept whole
                common = unit = True
        elif j + 1 < hi and d[j].is_lower and d[j].lower_.endswith(tuple(self.lex.org_after)) and is_name_like(d[j + 1]):
            j += 2  # "polisregion Syd"
            while j < hi and is_name_like(d[j]) and d[j].i not in people:
                j += 1
        elif j < hi and is_definite_noun(d[j]) and d[j].lower_ not in self.lex.org_not:
            j += 1
            common = True
            unit = j - 1 > i and is_unit(d[j - 1].lower_)  # "ryska utrikesministeriet", not a bare "tingsrätten"
            # a nation's one: "det svenska handbollslandslaget", not "den nya tingsrätten"
            unit = unit or any(t.lower_.endswith(WORDS.nationality_endings) for t in d[i : j - 1])
        elif j == i and self._nominalised_adjective(j):
            j += 2  # "partiledare för de konservativa"
        else:
            return None
        if common:
            # a named unit ("Trafikkontoret", "polisens länskommunikationscentral") or a national body ("polisen")
            # names one; a bare one ("kanslichef på tingsrätten") points back, unless a name or place follows
            specified = unit or d[i].lower_ in self.lex.institutions or d[i].lower_[:-1] in self.lex.institutions  # "riksdagens"
            while j < hi and is_name_like(d[j]) and d[j].i not in people:
                j += 1  # "folkpopbandet Jar"
                specified = True
            if j + 1 < hi and d[j].lower_ in WORDS.field_prepositions and self._is_complement(j + 1):  # "enheten för utvärdering"
                specified = True
                j += 1
                while j < hi and (self._is_complement(j)):
                    j += 1
            if j + 1 < hi and d[j].lower_ in WORDS.location_prepositions and is_name_like(d[j + 1]) and d[j + 1].i not in people:
                j += 2
                while j < hi and (is_name_like(d[j]) or ends_organisation_name(d[j])) and d[j].i not in people:
                    j += 1
                specified = True
            if not specified:
                return None  # "sångare i folkpopbandet": a common noun pointing back, no named organisation
        while j > i + 1 and d[j - 1].lower_ in FUNCTION_WORDS:
            j -= 1  # an entity the NER ran into "och": "Försäkring och"
        if must_end_clause and j < hi and not (d[j].is_punct or d[j].lower_ in WORDS.clause_continuers):
            return None
        span = d[i:j]
        name = span.text
        if len(span) == 1 and is_genitive(span[0]) and not common:
            name = base_name(name, self.known)
        return (normalise_organisation(name), span.start_char, span.end_char), j

