"""The constructions the role extractor knows, each a reader tagged with its id in
`data/roles/constructions.jsonl`, and how the readings of one person mention combine.

A reader runs only where its construction's pattern matched around the person (`engine.py`); which
construction of a group wins is the group's order in the data file (`rules.first_of`).
"""

from __future__ import annotations

from pipeline.roles.context import Reading
from pipeline.roles.engine import Match
from pipeline.roles.rules import construction, first_of
from pipeline.roles.titles import TitlePhrases
from pipeline.roles.tokens import (
    MAX_TITLE_GAP,
    PLACE_LABELS,
    SENTENCE_ENDS,
    capitalised,
    definiteness,
    is_definite_noun,
    is_finite_verb,
    is_name_like,
    is_plural,
    may_be_title,
    starts_sentence,
)
from pipeline.roles.words import WORDS, appoints, is_role_word

MAX_RELATIVE_WORDS = 12  # "som fyller 40 år i december och har varit reservmålvakt"


class Constructions(TitlePhrases):
    """Reads the role constructions around one person mention."""

    # -- the constructions

    def readings(self) -> list[Reading]:
        """Every construction in the order one person mention tries them: a title before the name (group
        "before"), then the apposition and party marker after it, the copular and "som" forms (groups
        "predicative", else "fronted"), a party word before it; within a group, the data file's order."""
        out = []
        before = first_of(self, "before")
        after_party, after = self.after_name()
        if before and after and before.title == after.title:  # "direktör X, direktör i Y": one role named twice
            before.organisation = before.organisation or after.organisation
            before.end = after.end
            after = None
        if before:
            if before.organisation is None and after is None:
                self._organisation_elsewhere(before)
            out.append(before)
            out += self.coordinated_title(before)
            if before.title and before.start - 1 > self.sent.start and self.doc[before.start - 1].text == ",":
                out += filter(None, [self.title_before_comma(before.start - 1)])  # "Landets högste ledare, ayatolla X"
        out += self.inverted_copular(before.start if before else self.person.start)
        if after:
            out.append(after)
            out += self.coordinated_apposition(after)
        out += first_of(self, "predicative") or first_of(self, "fronted") or []
        if after_party and self.matches.get("party_marker"):
            out.append(after_party)
        if not out or all(r.party is None for r in out):
            party = self.party_in_sentence_before()
            if party:
                out.append(party)
        return out

    def _organisation_elsewhere(self, reading: Reading) -> None:
        """The organisation of a title before the name that names none: after the name, or opening the sentence."""
        for rule, find in (
            ("workplace_after_name", self.place_after_name),
            ("subject_with_title", lambda: self.subject_with_title(reading.start)),
        ):
            organisation = find()
            if organisation:
                reading.organisation, reading.organisation_rule = organisation, rule
                return

    @construction("title_before_name")
    def title_before(self, match: Match) -> Reading | None:
        """ "Tuiflys vd Alexander Huber", "statsminister Fredrik Reinfeldt", "ECB-chefen Mario Draghi"."""
        return self.read_backward(match.first("title"))

    @construction("plural_title_before_names")
    def plural_title_before_coordination(self, match: Match) -> Reading | None:
        """ "skådespelarna Tilda Swinton och John C Reilly": a plural title before a list of names is each one's."""
        d, lo = self.doc, self.sent.start
        k = self.person.start - 1
        while k - 1 >= lo and (d[k].text == "," or d[k].lower_ in WORDS.coordinators) and d[k - 1].i in self.in_person:
            k -= 1
            while k >= lo and d[k].i in self.in_person:
                k -= 1
        if k == self.person.start - 1 or k < lo or not is_plural(d[k]):
            return None
        return self.read_backward(k)

    @construction("inverted_copula")
    def inverted_copular(self, start: int) -> list[Reading]:
        """ "Programledare blir journalisten Natalia Kazmierska", "Ny vd för Ikea blir Jesper Brodin": a sentence
        opening with a title (and its organisation), then a copula."""
        d = self.doc
        if start - 2 < self.sent.start or d[start - 1].lower_ not in WORDS.copulas:
            return []
        reading = self.read_backward(start - 2)
        if reading and reading.start <= self.sent.start + 1:
            return [reading]
        opening = self.read_forward(self.sent.start, apposition=False)  # "Ny vd för Ikea blir Jesper Brodin"
        return [opening] if opening and opening.end == start - 1 else []

    @construction("coordinated_titles_before_name")
    def coordinated_title(self, reading: Reading) -> list[Reading]:
        """ "psykiatern och författaren C G Jung": a second title coordinated with the one before the name.

        Both titles must agree in definiteness, as one person's titles do; the organisation is shared."""
        j = reading.start - 1
        if j - 1 < self.sent.start or self.doc[j].lower_ not in WORDS.coordinators:
            return []
        first = self.read_backward(j - 1)
        if first is None or definiteness(self.doc[j - 1]) != definiteness(self.doc[reading.start]):
            return []
        first.organisation = first.organisation or reading.organisation
        reading.organisation = reading.organisation or first.organisation
        first.party = first.party or reading.party
        first.end = self.person.start
        return [first]

    @construction("title_and_organisation_before_name")
    def title_and_organisation_before(self, match: Match) -> Reading | None:
        """ "chefen för avdelningen för diplomatisk säkerhet Eric Boswell": the organisation ends at the name."""
        for j in range(self.person.start - 3, max(self.sent.start, self.person.start - 9) - 1, -1):
            if not (may_be_title(self.doc[j]) and self.doc[j + 1].lower_ in WORDS.org_prepositions):
                continue
            org = self.read_organisation(j + 2)
            if org and org[1] == self.person.start:
                reading = self.read_backward(j)
                if reading:
                    reading.organisation = reading.organisation or org[0]
                    reading.end = self.person.start
                return reading
        return None

    @construction("title_before_comma")
    def title_before_comma(self, at: Match | int) -> Reading | None:
        """ "Den tidigare ägaren, Ken Bates,", "experten på sociala medier, Brit Stakston"; at a comma further
        left, the title before that comma ("Landets högste ledare, ayatolla Ali Khamenei")."""
        comma = self.person.start - 1 if isinstance(at, Match) else at
        if comma <= self.sent.start or self.doc[comma].text != ",":
            return None
        i = comma - 1
        lowest = max(self.sent.start, comma - MAX_TITLE_GAP - 1)
        while i >= lowest:
            t = self.doc[i]
            if t.is_punct or t.pos_ in ("VERB", "AUX") and not is_role_word(t.text) or t.i in self.in_person:
                return None  # a title word the tagger calls a verb ("ambassadör") is still a title word
            # an adjective-shaped title word ("ansvarig") only where the tagger guessed on a capital
            if is_role_word(t.text) and (t.pos_ != "ADJ" or starts_sentence(t) or not t.lower_.endswith(WORDS.adjective_endings)):
                reading = self.read_backward(i)
                if reading is None or self._apposition_of_earlier_person(reading.start):
                    return None
                tail = self.doc[i + 1 : comma]
                if tail and all(not is_name_like(x) and not is_definite_noun(x) for x in tail):
                    reading.title = f"{reading.title} {tail.text.lower()}"
                elif len(tail) > 1 and tail[0].lower_ in WORDS.org_prepositions and reading.organisation is None:
                    org = self.read_organisation(i + 2)  # "Ledaren för Södertäljenätverket, Bernard Khouri"
                    if org and org[1] == comma:
                        reading.organisation = org[0]
                return reading
            i -= 1
        return None

    def _apposition_of_earlier_person(self, start: int) -> bool:
        """ "Anna Berg, vd, Bo Ek": the title after the comma is Anna Berg's, not Bo Ek's."""
        return start - 2 >= self.sent.start and self.doc[start - 1].text == "," and self.doc[start - 2].i in self.in_person

    def after_name(self) -> tuple[Reading | None, Reading | None]:
        """Party marker and apposition after the name: "Stina Lundgren, (M) kommunstyrelsens ordförande"."""
        i = self.person.end
        party_reading = None
        party, j = self.party_marker(i)
        if party:
            party_reading = Reading(i, j, None, party=party, rule="party_marker")
            i = j
        if i < self.sent.end and self.doc[i].text == ",":
            i = self._skip_age(i + 1)
            party, j = self.party_marker(i)
            if party:
                party_reading = Reading(i, j, None, party=party, rule="party_marker")
                i = j
            reading = self.read_forward(i, apposition=True) if self.matches.get("apposition") else None
            if reading:
                party, j = self.party_marker(reading.end)  # "Anna Berg, kommunalråd (S)"
                if party:
                    reading.end = j
                reading.party = reading.party or party or (party_reading.party if party_reading else None)
                reading.rule = "apposition"
                return None, reading
        elif i < self.sent.end and self.doc[i].is_lower and is_role_word(self.doc[i].text):
            # "säger Paula Hammerskog kommunikatör på Academedia": no comma, so only with an organisation
            reading = self.read_forward(i, apposition=True) if self.matches.get("apposition_without_comma") else None
            if reading and reading.organisation:
                reading.rule = "apposition_without_comma"
                return party_reading, reading
        return party_reading, None

    @construction("coordinated_apposition")
    def coordinated_apposition(self, reading: Reading) -> list[Reading]:
        """ "Natalia Kazmierska, känd krönikör och kulturskribent", "Anna Berg, vd och koncernchef för Ikea":
        a second title coordinated in the apposition; an organisation after the second is the first's too."""
        j = reading.end
        if j + 1 >= self.sent.end or self.doc[j].lower_ not in WORDS.coordinators:
            return []
        k = j + 1
        while k + 1 < self.sent.end and self.doc[k].lower_ in WORDS.inserted_words:
            k += 1  # "tidigare vd för Saab och numera ordförande i Scania"
        second = self.read_forward(k, apposition=True)
        if second is None:
            return []
        if k == j + 1:  # one time for both: "vd och koncernchef för Ikea", not "tidigare X och numera Y"
            reading.organisation = reading.organisation or second.organisation
        second.party = second.party or reading.party
        return [second]

    def _skip_age(self, i: int) -> int:
        """ "Anna Berg, 45, vd för Ikea", "Anna Berg, 45 år, vd": past the age to the title."""
        d, hi = self.doc, self.sent.end
        if i < hi and d[i].like_num:
            j = i + 1 + (i + 1 < hi and d[i + 1].lower_ in WORDS.age_units)
            if j + 1 < hi and d[j].text == ",":
                return j + 1
        return i

    @construction("relative_copula")
    def relative_copula(self, match: Match) -> list[Reading] | None:
        """ "Anna Berg, som är vd för Ikea", "Andersson, som ... har varit reservmålvakt"."""
        title = self._relative_copula(match.first("relative_pronoun"))
        return None if title is None else self._predicative(title)

    @construction("copula_after_fronted_phrase")
    def copula_after_fronted_phrase(self, match: Match) -> list[Reading] | None:
        """ "Inför omröstningen var Eriksson en av två kandidater": inverted after a fronted phrase."""
        return self._predicative(self.person.end) or None

    @construction("copula")
    def copula(self, match: Match) -> list[Reading] | None:
        """ "Mikael Ohlsson är koncernchef för Ikea", "Xi väntas bli Kinas näste president"; a second title
        coordinated: "var partiledare för X och Ys premiärminister"."""
        after = self._after_copula(self._past_parenthesis(self.person.end))
        found = self._predicative(after) if after is not None else []
        return found + self.coordinated_apposition(found[-1]) if found else None

    @construction("appointment")
    def appointment(self, match: Match) -> list[Reading] | None:
        """ "Eva Nilsson blev i går utsedd till ny vd för Systembolaget"; not after a condition ("Om Erik Holm väljs")."""
        d, start = self.doc, self.person.start
        if start > self.sent.start and d[start - 1].lower_ in WORDS.conditionals:
            return None
        after = self._after_appointment(self._past_parenthesis(self.person.end))
        found = self._predicative(after) if after is not None else []
        return found + self.coordinated_apposition(found[-1]) if found else None

    @construction("relative_after_name")
    def relative_after_name(self, match: Match) -> list[Reading] | None:
        """ "efterträder Hans Lindblad som statssekreterare"."""
        i = self.person.end
        return self._predicative(i + 1) if i + 1 < self.sent.end and self._may_start_title(i + 1) else None

    @construction("appointed_till")
    def appointed_till(self, match: Match) -> list[Reading] | None:
        """ "utse den populära Wladyslaw Gomulka till ny premiärminister": a verb of appointing at most three words
        before the name."""
        d, i = self.doc, self.person.end
        if i + 1 < self.sent.end and any(appoints(t) for t in d[max(self.sent.start, self.person.start - 3) : self.person.start]):
            return self._predicative(i + 1)
        return None

    @construction("relative_predicative")
    def relative_predicative(self, match: Match) -> list[Reading]:
        """ "Berggren började som back men gjorde sig känd som tung forward": "som TITLE" later in the clause,
        with this person its first person (the subject)."""
        d, i, hi = self.doc, self.person.end, self.sent.end
        if any(t.i in self.in_person for t in d[self.sent.start : self.person.start]):
            return []
        out = []
        for t in d[i:hi]:
            if t.text in (".", ";", ":") or t.pos_ == "SCONJ" and t.lower_ not in WORDS.relative_pronouns:
                break  # "ersätta mig om jag inte kan ... som president": another subject's clause
            if t.i in self.in_person and t.i + 1 < hi and not (d[t.i + 1].lower_ in WORDS.relative_pronouns or d[t.i + 1].i in self.in_person):
                break  # "tar över John Howards post som ledare": the nearer name's title, not the subject's
            if t.lower_ in WORDS.relative_pronouns and t.i + 1 < hi and d[t.i - 1].text != "," and self._may_start_title(t.i + 1):
                # not "de artister som proffstyckarna hade lyft fram": a finite verb next makes "som" a
                # relative pronoun and the noun the subject of its clause
                out += [r for r in self._predicative(t.i + 1) if not (r.end < hi and is_finite_verb(d[r.end]))]
        return out

    @construction("fronted_relative")
    def fronted_relative(self, match: Match) -> list[Reading]:
        """ "Som ordförande i Svenska Bankföreningen har Hans Lindvall drivit frågan": a "som" phrase fronted
        before the finite verb, with the name the subject right after it."""
        d, lo, start = self.doc, self.sent.start, self.person.start
        if start - 1 <= lo or not (d[start - 1].pos_ in ("AUX", "VERB") and is_finite_verb(d[start - 1])):
            return []
        for k in range(lo, start - 2):
            if d[k].lower_ in WORDS.relative_pronouns and not any(t.i in self.in_person for t in d[lo:start]):
                reading = self.read_forward(k + 1, apposition=False)
                if reading and reading.end == start - 1:
                    return [reading]
        return []

    def _past_parenthesis(self, i: int) -> int:
        """Past a comma-bounded insertion after the name, to the verb: "Li Li, tidigare bosatt i Sverige, var"."""
        d, hi = self.doc, self.sent.end
        if i >= hi or d[i].text != ",":
            return i
        for k in range(i + 1, min(hi, i + 1 + MAX_RELATIVE_WORDS)):
            if d[k].i in self.in_person or d[k].text in SENTENCE_ENDS:
                return i
            if d[k].text == ",":
                return k + 1
        return i

    def _may_start_title(self, k: int) -> bool:
        """After "som": no verb, unless a title word, or a modifier before one, the tagger took for a verb
        ("som back", "som tung forward"); no rank ("som sista ryttare", "som första kvinna")."""
        d = self.doc
        if d[k].lower_ in WORDS.ranks:
            return False
        if d[k].pos_ not in ("VERB", "AUX") or d[k].is_lower and is_role_word(d[k].text):
            return True
        after = d[k + 1] if k + 1 < self.sent.end else None
        return "Fin" not in d[k].morph.get("VerbForm") and after is not None and after.is_lower and is_role_word(after.text)

    def _predicative(self, k: int) -> list[Reading]:
        """A title as predicative at k; not "var spelaren som kvitterade", which identifies rather than names a role,
        nor "utsågs till årets handlare", an award."""
        if k < self.sent.end and self.doc[k].lower_ in WORDS.award_genitives:
            return []
        reading = self.read_forward(k, apposition=False)
        if reading is None:
            return []
        d = self.doc
        if reading.end < self.sent.end and d[reading.end].i in self.in_person:
            return []  # "Ricky Gervais som terrorchefen David Brent": the title before a name is that name's
        last = d[reading.end - 1]
        if reading.organisation is None and reading.end < self.sent.end and d[reading.end].lower_ in WORDS.relative_pronouns and definiteness(last):
            return []
        return [reading]

    def _after_copula(self, k: int) -> int | None:
        """The token after a copula at k ("är", "har varit"), else None."""
        d, hi = self.doc, self.sent.end
        if k < hi and d[k].lower_ in WORDS.copulas:
            return self._past_adverbials(k + 1)  # "är sedan 2010 vd för Telia"
        if k + 1 < hi and d[k].lower_ in WORDS.perfect_auxiliaries and d[k + 1].lower_ in WORDS.perfect_copulas:
            return k + 2
        if k < hi and d[k].lower_ in WORDS.perfect_copulas:  # "har Jacobsen blivit", "efter att hon blivit"
            return k + 1
        if k + 1 < hi and d[k].pos_ in ("VERB", "AUX"):  # "Xi väntas bli Kinas näste president"
            j = k + 1
            while j < min(k + 3, hi - 1) and d[j].pos_ == "ADV" and d[j].lower_ not in WORDS.infinitive_markers:
                j += 1  # "kommer alltid att vara"
            j += d[j].lower_ in WORDS.infinitive_markers
            if j < hi and d[j].lower_ in WORDS.infinitive_copulas:
                return j + 1
        return None

    def _after_appointment(self, k: int) -> int | None:
        """Where the title after a verb of appointing and "till" starts: "valdes till ordförande",
        "har utsetts till ny vd", "ska väljas till"."""
        d, hi = self.doc, self.sent.end
        j = k
        if j < hi and (d[j].pos_ == "AUX" or d[j].lower_ in WORDS.perfect_auxiliaries or d[j].lower_ in WORDS.copulas):
            j = self._past_adverbials(j + 1)  # an auxiliary first: "blev i går utsedd till"
        if j + 1 < hi and appoints(d[j]) and d[j + 1].lower_ in WORDS.appointment_prepositions:
            return j + 2
        return None

    def _past_adverbials(self, k: int) -> int:
        """Past adverbs and short time phrases that may stand before a predicative: "sedan 2010", "i går",
        "också"; not past a negation ("är inte längre vd" names no role)."""
        d, hi = self.doc, self.sent.end
        while k < hi:
            t = d[k]
            if t.lower_ in WORDS.negations:
                break
            if t.lower_ in WORDS.time_prepositions and k + 1 < hi and (d[k + 1].like_num or d[k + 1].lower_ in WORDS.time_words):
                k += 2
            elif t.pos_ == "ADV" and t.is_lower and not is_role_word(t.text) and t.lower_ not in WORDS.relative_pronouns + WORDS.infinitive_markers:
                k += 1
            else:
                break
        return k

    def _relative_copula(self, som: int) -> int | None:
        """Where the complement of a copula in the relative clause at "som" starts, when "som" is its subject.

        The clause ends at punctuation; a subject of its own ("som Anna är chef för") makes "som" the object."""
        d = self.doc
        for k in range(som + 1, min(self.sent.end, som + 1 + MAX_RELATIVE_WORDS)):
            if d[k].is_punct or d[k].i in self.in_person or d[k].dep_.startswith("nsubj") and d[k].pos_ != "PRON":
                return None
            after = self._after_copula(k)
            if after is not None:
                return after
        return None

    @construction("party_before_name")
    def party_in_sentence_before(self, match: Match) -> Reading | None:
        """ "socialdemokraten Tomas X", "S-politikern Tomas X", "Folkpartiets Jan Björklund": a party word right
        before the name (`facts.named_party`)."""
        i = match.first("party")
        party = self.doc[i]._.role_party
        return Reading(i, i + 1, None, party=party) if party else None

    @construction("workplace_after_name")
    def place_after_name(self, match: Match) -> tuple[str, int, int] | None:
        """ "Professor Monica Rosén, också hon vid pedagogiska institutionen på Göteborgs universitet"."""
        i = self.person.end
        comma = i < self.sent.end and self.doc[i].text == ","
        i += comma
        if comma and i < self.sent.end and is_name_like(self.doc[i]):
            # "projektledaren Gustaf Schneidler, Stockholms exploateringskontor."
            org = self.read_organisation(i, must_end_clause=True)
            if org:
                return org[0]
        # "sångaren Tony Bennett på mikrobloggen Twitter": without a comma, "på" tells where, not whose
        prepositions = WORDS.workplace_prepositions if comma else WORDS.workplace_prepositions_bare
        for _ in range(3):
            if i >= self.sent.end:
                return None
            t = self.doc[i]
            if t.lower_ in prepositions:
                org = self.read_organisation(i + 1)
                return org[0] if org else None
            if t.lower_ in WORDS.employer_prepositions:  # "Chefredaktören Anders Kjell på Norran": a named employer, not "på mikrobloggen Twitter"
                return self._named_organisation_at(i + 1, lambda span: capitalised(span[0]))
            if t.lower_ in WORDS.member_prepositions and not comma:
                # "ombudsman Gösta Lindebo i Svenska ostkustfiskarnas centralförbund": "i" names a member's
                # organisation only when what follows is one, not a place, a team nickname ("i Minnesotakassen")
                # or a medium the person speaks in ("säger Göran Hägglund i Aftonbladet")
                return self._named_organisation_at(i + 1, lambda span: not self._names_medium(span))
            if t.pos_ not in ("ADV", "PRON") and t.lower_ not in WORDS.inserted_words or t.is_punct:
                return None
            i += 1
        return None


    @construction("subject_with_title")
    def subject_with_title(self, start: int) -> tuple[str, int, int] | None:
        """ "Vänersborg, med nye tränaren Stefan Karlsson, vann": the organisation the sentence opens with,
        described by a "med" phrase holding the title. A place named so is its team or its council: a
        place itself holds no title."""
        d, lo = self.doc, self.sent.start
        k = start - 1
        if k <= lo or d[k].lower_ not in WORDS.companion_prepositions:
            return None
        end = k - (d[k - 1].text == ",")
        org = self.read_organisation(lo)
        if not org or org[1] != end:
            return None
        span = d[lo:end]
        named_place = self.lex.public_bodies.get(span.text) == "PLACE" or all(t.ent_type_ in PLACE_LABELS for t in span)
        return org[0] if self._is_named_organisation(span) or named_place else None

    # -- phrase readers
