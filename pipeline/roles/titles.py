"""Title phrases: how far a title reaches before a name (leftwards) or after one (rightwards).

A title phrase holds its modifiers, its head from the lexicon and a field complement, and
brings the organisation and party it names (genitive, hyphened or fused prefix, preposition).
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.roles.context import Reading
from pipeline.roles.organisations import OrganisationPhrases
from pipeline.roles.tokens import (
    MAX_TITLE_GAP,
    ORG_LABELS,
    capitalised,
    is_adjective,
    is_genitive,
    is_genitive_common,
    is_name_like,
    is_truncated,
    join_tokens,
    party_marker,
    starts_sentence,
)
from pipeline.roles.words import (
    WORDS,
    base_name,
    fused_prefix,
    is_compound_title,
    is_role_word,
    names_work,
    swedish_party,
)


class TitlePhrases(OrganisationPhrases):
    """Reads title phrases in the sentence of one person mention."""

    def party_marker(self, i: int) -> tuple[str | None, int]:
        """The party marker at token i, closing at the latest right after the sentence (see `tokens.party_marker`)."""
        return party_marker(self.doc, i, self.sent.end + 1)

    def read_backward(self, i: int) -> Reading | None:
        """A title phrase ending at token i (right before a name), read leftwards."""
        d, lex = self.doc, self.lex
        lo = self.sent.start
        head_start = None
        for n in (3, 2):  # "kommunstyrelsens ordförande", "vice ordförande"
            if i - n + 1 >= lo and d[i - n + 1 : i + 1].text.lower() in lex.titles:
                head_start = i - n + 1
                break
        if head_start is None:
            t = d[i]
            if not is_role_word(t.text) or t.i in self.in_person or t.is_punct:
                return None
            written_as_name = not (starts_sentence(t) or "-" in t.text or t.text.isupper() or is_compound_title(t.text))
            if capitalised(t) and written_as_name and t.lower_ not in WORDS.capitalised_titles:
                return None  # a capitalised word mid-sentence is a name, not a title ("Sir" is one)
            head_start = i
        reading = Reading(head_start, i + 1, None)
        title_tokens = list(d[head_start : i + 1])
        head = d[i]
        if "-" in head.text.strip("-"):
            prefix = head.text.rsplit("-", 1)[0]
            party = swedish_party(prefix)
            if party:
                reading.party = party
            elif prefix[:1].isupper() and (self._known_organisation(prefix) or not names_work(head.text)):
                reading.organisation = (prefix, head.idx, head.idx + len(prefix))
        elif capitalised(head) and not head.text.isupper():
            prefix = fused_prefix(head.text)  # "Säpochefen", "Expressenreportern": a name fused into the title
            name = prefix and self._fused_organisation(prefix, head)
            if name:
                reading.organisation = (name, head.idx, head.idx + len(prefix))
        else:
            reading.organisation = self._fused_listed_organisation(head)  # "vice riksbankschef": Riksbanken
        j = head_start - 1
        while j >= lo:
            t = d[j]
            low = t.lower_
            if low in lex.party_words:  # "Nackas moderata kommunalråd"
                reading.party = lex.party_words[low]
            elif j - 1 >= lo and d[j - 1 : j + 1].text.lower() in lex.modifiers:
                title_tokens[:0] = [d[j - 1], t]
                j -= 2
                continue
            elif j - 1 >= lo and t.is_lower and is_genitive(t) and is_genitive(d[j - 1]) and capitalised(d[j - 1]):
                break  # "Göteborgs stads miljöchef": a genitive chain names the organisation
            elif low in lex.modifiers or (is_adjective(t) and not capitalised(t) and low not in WORDS.speech_verbs):
                title_tokens.insert(0, t)
            else:
                break
            j -= 1
        reading.start = j + 1
        if j >= lo and d[j].lower_ in WORDS.party_anaphors:
            reading.organisation = self.party_anaphor(j)
            reading.start = j
        elif j >= lo and d[j].text.isupper() and len(d[j].text) > 1 and d[j].text[-1] in "SXZ" and d[j].ent_type_ in ORG_LABELS:
            # "SAS koncernchef": an abbreviation ending on S takes no genitive s
            reading.organisation = (d[j].text, d[j].idx, d[j].idx + len(d[j].text))
            reading.start = j
        elif j >= lo and "-" not in head.text.strip("-") and is_genitive(d[j]) and self._genitive_organisation(j):
            org_start = j
            while org_start - 1 >= lo and is_name_like(d[org_start - 1]) and d[org_start - 1].i not in self.in_person:
                if self._kind_of_body(d[org_start - 1]):
                    break  # "Appföretaget Bytes grundare": the company is Byte
                org_start -= 1
            words = [x.text for x in d[org_start:j]] + [base_name(d[j].text, self.known)]
            name = " ".join(words)
            reading.organisation = (name, d[org_start].idx, d[j].idx + len(d[j].text))
            reading.party = reading.party or swedish_party(name)
            reading.start = org_start
        elif j - 1 >= lo and d[j].is_lower and is_genitive(d[j]) and is_genitive(d[j - 1]) and self._genitive_organisation(j - 1):
            name = f"{d[j - 1].text} {d[j].text[:-1]}"  # "Kinas utrikesministeriums talesperson": the owner stays genitive
            reading.organisation = (name, d[j - 1].idx, d[j].idx + len(d[j].text))
            reading.start = j - 1
        elif j >= lo and (body := self._genitive_body(j)):
            reading.organisation = body  # "Representanthusets förre talman"
            reading.start = j
        reading.title = " ".join(x.text for x in title_tokens).lower()
        return reading

    def read_forward(self, i: int, apposition: bool) -> Reading | None:
        """A title phrase starting at token i, with its complement and organisation, read rightwards."""
        d, lex = self.doc, self.lex
        hi = self.sent.end
        if i >= hi:
            return None
        reading = Reading(i, i, None)
        if d[i].lower_ in WORDS.determiners:
            i += 1  # "är en känd jurist", "Robert Hooke, en biolog från England", "Wiggins, den förste brittiske cyklist"
            if i + 1 < hi and d[i].lower_ in WORDS.partitive_prepositions and (d[i + 1].lower_ in WORDS.partitive_possessives or d[i + 1].like_num):
                i += 2  # "är en av mina absoluta favoritformgivare", "var en av två kandidater"
        # genitive organisation first: "som Cullbergbalettens konstnärliga ledare"
        if i + 1 < hi and is_genitive(d[i]) and self._genitive_organisation(i) and not is_role_word(d[i].text):
            reading.organisation = (base_name(d[i].text, self.known), d[i].idx, d[i].idx + len(d[i].text))
            i += 1
        title_tokens: list[Token] = []
        if self._head_within(i) is None:
            return None
        while i < hi:
            t = d[i]
            low = t.lower_
            if i + 1 < hi and d[i : i + 2].text.lower() in lex.titles:
                break
            if low in lex.party_words and not is_role_word(low):
                reading.party = lex.party_words[low]
            elif is_genitive_common(t) and not title_tokens:
                # "klubbens ordförande": no named organisation, unless a party or a body ("länsstyrelsernas samordnare")
                reading.organisation = self.party_anaphor(i) or self._genitive_body(i)
            elif i + 1 < hi and d[i : i + 2].text.lower() in lex.modifiers:
                title_tokens += [t, d[i + 1]]
                i += 2
                continue
            elif low in WORDS.degree_adverbs and i + 1 < hi and is_adjective(d[i + 1]):
                title_tokens.append(t)
            elif not is_role_word(low) and (not capitalised(t) or starts_sentence(t) and low in lex.modifiers) and (
                low in lex.modifiers
                or t.pos_ in ("ADJ", "NOUN", "VERB", "") and t.is_alpha and "Fin" not in t.morph.get("VerbForm")
            ):
                title_tokens.append(t)  # "bosocial strateg", even when the tagger calls "bosocial" a noun
            elif is_truncated(t) or (i + 1 < hi and d[i + 1].text == "-" and t.is_alpha):
                # truncated compound in a coordination: "trygghets- och säkerhetssamordnare"
                title_tokens.append(t)
            elif t.text == "-" or (low in WORDS.phrase_conjunctions and title_tokens and title_tokens[-1].text.endswith("-")):
                title_tokens.append(t)
            else:
                break
            i += 1
        head_end = None
        for n in (3, 2):
            if i + n <= hi and d[i : i + n].text.lower() in lex.titles:
                head_end = i + n
                break
        if head_end is None:
            if i >= hi or not is_role_word(d[i].text) or d[i].i in self.in_person or capitalised(d[i]) and not d[i].text.isupper():
                return None
            head_end = i + 1
        title_tokens += list(d[i:head_end])
        if reading.organisation is None and d[head_end - 1].is_lower:
            reading.organisation = self._fused_listed_organisation(d[head_end - 1])  # "Stefan Ingves, riksbankschef"
        i = head_end
        # complement that belongs to the title: "lektor i pedagogik", "ansvarig för viltvård och skadedjur"
        if i + 1 < hi and d[i].lower_ in WORDS.complement_prepositions and self._is_complement(i + 1):
            j = i + 1
            while j < hi and (self._is_complement(j) or d[j].lower_ in WORDS.phrase_conjunctions and j + 1 < hi and self._is_complement(j + 1)):
                j += 1
            title_tokens += list(d[i:j])
            i = j
        reading.title = join_tokens(title_tokens).lower()
        party, i = self.party_marker(i)  # "kommunalråd (S) i Nacka"
        reading.party = reading.party or party
        reading.end = i
        if reading.organisation is None:
            org = None
            founder = i < hi and d[i].lower_ in WORDS.founder_prepositions and d[i - 1].lower_.endswith(WORDS.founder_titles)
            if i < hi and (d[i].lower_ in WORDS.org_prepositions or founder):
                org = self.read_organisation(i + 1, attached=True)
            elif i < hi and is_name_like(d[i]) and d[i].i not in self.in_person and apposition:
                org = self.read_organisation(i)  # "bosocial strateg Botkyrkabyggen"
            elif apposition and i + 1 < hi and d[i].text == ",":
                org = self.read_organisation(i + 1, must_end_clause=True)  # "samordnare, Botkyrka kommun."
            if org:
                reading.organisation, reading.end = org
        if reading.organisation:
            reading.party = reading.party or swedish_party(reading.organisation[0])
        if not apposition:
            reading.start = min(reading.start, self.person.start)
        return reading

    def _head_within(self, i: int) -> int | None:
        """The first title word within a few words from i, reached over lower-case content words only."""
        d = self.doc
        for j in range(i, min(i + 1 + MAX_TITLE_GAP, self.sent.end)):
            t = d[j]
            if is_role_word(t.text) and (not capitalised(t) or t.text.isupper()) and t.i not in self.in_person:
                return j
            if j + 1 < self.sent.end and d[j : j + 2].text.lower() in self.lex.titles:
                return j
            if t.is_punct and t.text != "-" or capitalised(t) or t.pos_ in ("AUX", "ADP", "PRON", "SCONJ", "ADV"):
                if not (
                    t.lower_ in self.lex.modifiers
                    or d[j : j + 2].text.lower() in self.lex.modifiers  # "före detta"
                    or j > 0 and d[j - 1 : j + 1].text.lower() in self.lex.modifiers
                    or t.lower_ in self.lex.party_words
                    or t.lower_ in WORDS.degree_adverbs
                    or t.text.endswith("-")
                ):
                    return None
        return None
