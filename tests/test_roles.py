"""Role extraction, one construction per test, on real sentences: roles-dev.jsonl lines 1-51 (the
development slice), the sample article, the issue's examples, and Webbnyheter 2012 sentences from the
klintan NER corpus outside roles-dev. Where the real sets hold a construction too rarely, a sentence
written for this project around the issue's examples stands in ("our sentence"). Needs the Swedish
model: `pipeline.nlp.load(model_path())`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from spacy.tokens import Span

from pipeline import nlp as pipeline_nlp
from pipeline.records import Entity
from pipeline.roles import base_name, join_adjacent, resolve_names


@pytest.fixture(scope="module")
def roles(nlp):
    def read(text: str) -> set[tuple]:
        return {(r.person, r.title, r.organisation, r.party) for r in nlp(text)._.roles}

    return read


def test_apposition_with_the_organisation_bare_or_after_a_comma(roles):
    text = (
        "Alvaro Fuentes, bosocial strateg Botkyrkabyggen tillsammans med Björn Johansson, kommunpolis Botkyrka "
        "och Åsa Winfridsson, trygghets- och säkerhetssamordnare, Botkyrka kommun."
    )
    assert roles(text) == {
        ("Alvaro Fuentes", "bosocial strateg", "Botkyrkabyggen", None),
        ("Björn Johansson", "kommunpolis", "Botkyrka", None),
        ("Åsa Winfridsson", "trygghets- och säkerhetssamordnare", "Botkyrka kommun", None),
    }


def test_apposition_with_the_organisation_after_a_preposition(roles):
    text = "”Vi har en pressad situation”, säger Mats Freij, pressansvarig på Trafikkontoret i Stockholms stad."
    assert roles(text) == {("Mats Freij", "pressansvarig", "Trafikkontoret i Stockholms stad", None)}


def test_apposition_keeps_a_field_complement_in_the_title(roles):
    text = (
        "Gunhild Westman, tidigare lektor i pedagogik vid Uppsala universitet och som forskat på barns lek, "
        "anser att naturlig lek är avgörande för barns utveckling."
    )
    assert roles(text) == {("Gunhild Westman", "tidigare lektor i pedagogik", "Uppsala universitet", None)}


def test_apposition_with_a_definite_common_noun_organisation_capitalises_national_bodies(roles):
    assert roles("Det bekräftar Ulf Sempert, chef för polisen i Malmö.") == {
        ("Ulf Sempert", "chef", "Polisen i Malmö", None)
    }


def test_apposition_names_the_organisation_a_common_noun_introduces(roles):
    text = (
        "Jojk kan vara en människa, ett djur eller en känsla, men det kan också vara en lång berättelse, "
        "säger Katarina Rimpi, sångare i folkpopbandet Jar."
    )
    assert roles(text) == {("Katarina Rimpi", "sångare", "folkpopbandet Jar", None)}


def test_apposition_naming_a_party_as_organisation_sets_the_party(roles):
    assert roles("Annie Lööf, ledare för Centerpartiet.") == {("Annie Lööf", "ledare", "Centerpartiet", "C")}


def test_title_with_organisation_before_the_name_and_a_comma(roles):
    text = "Ledaren för Södertäljenätverket, Bernard Khouri, döms till livstids fängelse för att ha beordrat tre mord."
    assert roles(text) == {("Bernard Khouri", "ledaren", "Södertäljenätverket", None)}


def test_a_verb_of_saying_is_no_part_of_the_title(roles):
    assert roles("De tar pucken dit det händer, sade förbundskaptenen Pär Mårts.") == {
        ("Pär Mårts", "förbundskaptenen", None, None)
    }


def test_title_before_the_name_with_a_genitive_organisation(roles):
    text = (
        "– Vår uppgift är att stoppa spionprogrammen, oberoende om de härstammar från ryska brottslingar "
        "eller polisen, säger F-Secures forskningsledare Mikko Hyppönen."
    )
    assert roles(text) == {("Mikko Hyppönen", "forskningsledare", "F-Secure", None)}


def test_a_party_as_genitive_organisation_sets_the_party(roles):
    assert roles("Det anser Centerpartiets rättspolitiske talesman Johan Linander.") == {
        ("Johan Linander", "rättspolitiske talesman", "Centerpartiet", "C")
    }


def test_bare_title_before_the_name(roles):
    text = (
        "Statsminister Fredrik Reinfeldt har förekommit oftast, i drygt 40 000 artiklar, "
        "följt av finansminister Anders Borg med 24 739 artiklar."
    )
    assert roles(text) == {
        ("Fredrik Reinfeldt", "statsminister", None, None),
        ("Anders Borg", "finansminister", None, None),
    }


def test_hyphenated_title_names_its_organisation_or_party(roles):
    text = "Räntebeslutet fattades av en enig direktion, men efter en bred diskussion om alternativ, enligt ECB-chefen Mario Draghi."
    assert roles(text) == {("Mario Draghi", "ecb-chefen", "ECB", None)}


def test_title_and_organisation_before_the_name(roles):
    text = (
        "De som nu avgår är chefen för avdelningen för diplomatisk säkerhet Eric Boswell "
        "och hans närmaste underlydande Charlene Lamb."
    )
    assert roles(text) == {("Eric Boswell", "chefen", "avdelningen för diplomatisk säkerhet", None)}


def test_title_before_the_name_and_a_comma(roles):
    text = "Den tidigare ägaren, Ken Bates, kommer dock att vara kvar som klubbens ordförande till säsongen är slut."
    assert roles(text) == {("Ken Bates", "tidigare ägaren", None, None), ("Ken Bates", "ordförande", None, None)}


def test_party_marker_after_the_name(roles):
    assert roles("Förslaget kritiseras av Tomas Eneroth (S).") == {("Tomas Eneroth", None, None, "S")}


def test_party_marker_before_the_title(roles):
    text = "Dessa frågor stod i centrum när Stina Lundgren, (M) kommunstyrelsens ordförande hälsade deltagarna välkomna till Fittja."
    assert roles(text) == {("Stina Lundgren", "kommunstyrelsens ordförande", None, "M")}


def test_party_adjective_before_the_title(roles):
    assert roles("Nackas moderata kommunalråd Erik Langby är nöjd.") == {("Erik Langby", "kommunalråd", "Nacka", "M")}


def test_copular_title(roles):
    assert roles("Mikael Ohlsson är koncernchef för Ikea.") == {("Mikael Ohlsson", "koncernchef", "Ikea", None)}


def test_som_title_belongs_to_the_subject_and_to_the_name_before_it(roles):
    text = "Hans Lindberg efterträder Hans Lindblad som statssekreterare på Finansdepartementet, med ansvar för budgetfrågor."
    assert roles(text) == {
        ("Hans Lindberg", "statssekreterare", "Finansdepartementet", None),
        ("Hans Lindblad", "statssekreterare", "Finansdepartementet", None),
    }


def test_the_party_resolves_a_later_partiets(roles):
    text = (
        "I onsdags tog sig SD-ledamoten Stellan Bojerud, som lider av hjärtsvikt, till kammaren trots att han "
        "egentligen skulle ha stannat hemma, enligt partiets gruppledare Björn Söder."
    )
    assert roles(text) == {
        ("Stellan Bojerud", "sd-ledamoten", None, "SD"),
        ("Björn Söder", "gruppledare", "SD", "SD"),
    }


def test_a_person_without_a_title_gets_no_assertion(roles):
    text = "– I Bagarmossens centrum lät några ungdomar en femåring hålla i raketen när de tände på, säger Albin Näverberg på Stockholmspolisen."
    assert roles(text) == set()


def test_a_name_the_ner_missed_is_read_from_the_apposition(nlp):
    doc = nlp.make_doc("Det bekräftar Ulf Sempert, chef för polisen i Malmö.")
    for name, component in nlp.pipeline:
        if name not in ("ner", "role_extractor"):
            doc = component(doc)
    doc = nlp.get_pipe("role_extractor")(doc)  # the NER left out: no entities at all
    assert [(r.person, r.title, r.organisation) for r in doc._.roles] == [("Ulf Sempert", "chef", "Polisen i Malmö")]


def test_a_person_named_in_the_genitive_is_named_without_the_s(roles):
    text = "Under nuvarande ledaren Annie Lööfs ledning identifierades tio ”väldigt tydliga brister” som ska åtgärdas successivt."
    assert roles(text) == {("Annie Lööf", "nuvarande ledaren", None, None)}


def test_surnames_resolve_to_the_full_name_once_in_the_document():
    assert resolve_names(["Alvaro Fuentes", "Fuentes", "Anna Berg", "Bergs", "Berg"]) == {
        "Alvaro Fuentes": "Alvaro Fuentes",
        "Fuentes": "Alvaro Fuentes",
        "Anna Berg": "Anna Berg",
        "Bergs": "Anna Berg",
        "Berg": "Anna Berg",
    }


def test_organisations_one_space_apart_are_one_organisation():
    text = "MTR, Trafikförvaltningen Region Stockholm, BRÅ"
    found = [Entity(n, "ORG", text.index(n), text.index(n) + len(n)) for n in ("MTR", "Trafikförvaltningen", "Region Stockholm", "BRÅ")]
    assert [e.text for e in join_adjacent(found, "ORG", text)] == ["MTR", "Trafikförvaltningen Region Stockholm", "BRÅ"]


def test_sample_article_yields_its_five_people_and_roles(nlp, sample_text):
    text = sample_text[sample_text.index("Botkyrka höll konferens") :]
    analysis = pipeline_nlp.analyse(nlp(text), "model")
    people = {
        p.name: [(r.title, r.organisation, r.party) for r in p.roles] for p in analysis.people
    }
    assert people == {
        "Alvaro Fuentes": [("bosocial strateg", "Botkyrkabyggen", None)],
        "Björn Johansson": [("kommunpolis", "Botkyrka", None)],
        "Åsa Winfridsson": [("trygghets- och säkerhetssamordnare", "Botkyrka kommun", None)],
        "Stina Lundgren": [("kommunstyrelsens ordförande", None, "M")],
        "Mi Sundquist": [("fastighetsutvecklare", "Kungsvåningen", None)],
    }
    assert {p.name: p.mentions for p in analysis.people}["Alvaro Fuentes"] == 3
    evidence = next(p.roles[0] for p in analysis.people if p.name == "Mi Sundquist")
    assert text[evidence.start : evidence.end] == "Kungsvåningens fastighetsutvecklare Mi Sundquist"
    organisations = {o.name: o.mentions for o in analysis.organisations}
    for name in ("Botkyrka kommun", "MTR", "Länsstyrelsen", "Polisen", "Kungsvåningen", "Nobina", "BRÅ",
                 "Trafikförvaltningen Region Stockholm",
                 "Företagarna", "Stockholms handelskammare", "Livsmedelshandlarna", "SKR"):
        assert name in organisations
    assert organisations["Botkyrkabyggen"] == 4
    places = {p.name for p in analysis.places}
    assert {"Botkyrka", "Fittja", "Stockholm"} <= places


def test_eval_roles_command_scores_a_gold_file(nlp, tmp_path, shared_corpora):
    lines = (shared_corpora / "roles" / "roles-dev.jsonl").read_text(encoding="utf-8").splitlines()[:1]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert json.loads(lines[0])["id"] == "sample-botkyrka-caption"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "eval", "roles", "--data", str(gold)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "(person, title, organisation) strict    1.000  1.000  1.000  (3/3/3)" in result.stdout
    assert "party accuracy                                        1.000  (3/3)" in result.stdout


def test_roles_survive_multiprocess_pipe(nlp):
    texts = ["Tuiflys vd Alexander Huber säger nej.", "Mikael Ohlsson är koncernchef för Ikea."]
    docs = list(nlp.pipe(texts, n_process=2))
    assert [(r.person, r.title, r.organisation) for d in docs for r in d._.roles] == [
        ("Alexander Huber", "vd", "Tuifly"),
        ("Mikael Ohlsson", "koncernchef", "Ikea"),
    ]


# Constructions found on tests/fixtures/roles-klintan-dev.jsonl (klintan sentences outside roles-dev) and the
# development slice of roles-dev.


def test_sports_position_with_a_genitive_club(roles):
    text = "Evertons försvarare Seamus Coleman har skrivit på ett nytt kontrakt för Premier League-klubben."
    assert roles(text) == {("Seamus Coleman", "försvarare", "Everton", None)}


def test_a_genitive_the_document_names_as_a_person_elsewhere_owns_no_title(roles):
    # tests/fixtures/roles-klintan-dev2.jsonl: the agent is Eriksson's own, not an organisation's
    text = (
        "Erikssons agent Carlos Carvalho har tidigare uttalat sig om att det inte är självklart "
        "att ta jobbet för Eriksson."
    )
    assert roles(text) == {("Carlos Carvalho", "agent", None, None)}


def test_compound_title_with_a_fused_organisation(roles):
    text = "Det hände inget ens under den dryga halvtimmen då ordinarie Syrianskamålvakten Dwayne Mill... "
    assert roles(text) == {("Dwayne Mill", "ordinarie syrianskamålvakten", "Syrianska", None)}


def test_coordinated_titles_before_the_name_both_belong_to_the_person(roles):
    text = (
        "Och läser vi psykiatern och författaren C G Jung ser han gudabarnet som en arketyp, nedlagd i det "
        "kollektivt omedvetna, det som förenar människan i alla tider och alla kulturer."
    )
    assert roles(text) == {("C G Jung", "psykiatern", None, None), ("C G Jung", "författaren", None, None)}


def test_title_before_the_name_with_the_organisation_after_a_comma(roles):
    text = (
        "Att bygga invid och över spåren är förenat med tekniska svårigheter vilket gör tidplanen väldigt osäker, "
        "säger projektledaren Gustaf Schneidler, Stockholms exploateringskontor."
    )
    assert roles(text) == {("Gustaf Schneidler", "projektledaren", "Stockholms exploateringskontor", None)}


def test_apposition_without_a_comma_when_it_names_an_organisation(roles):
    text = (
        "– Eleverna kommer att samlas i sina klassrum, säger Paula Hammerskog kommunikatör på "
        "utbildningsföretaget Academedia som äger skolan."
    )
    assert roles(text) == {("Paula Hammerskog", "kommunikatör", "utbildningsföretaget Academedia", None)}


def test_copula_inside_a_relative_clause(roles):
    text = (
        "Andersson, som fyller 40 år i december och har varit reservmålvakt bakom Pär Hansson de senaste åren, "
        "skriver på för ett år till."
    )
    assert roles(text) == {("Andersson", "reservmålvakt", None, None)}


def test_organisation_named_by_a_nominalised_adjective(roles):
    text = (
        "87-åriga Thatcher var partiledare för de konservativa och Storbritanniens hittills enda kvinnliga "
        "premiärminister under åren 1979 – 1990."
    )
    assert ("Thatcher", "partiledare", "de konservativa", None) in roles(text)


def test_every_som_predicative_of_the_subject(roles):
    text = "Berggren började som back men gjorde sig känd som tung forward."
    assert roles(text) == {("Berggren", "back", None, None), ("Berggren", "tung forward", None, None)}


def test_a_definite_noun_with_a_relative_clause_identifies_rather_than_names_a_role(roles):
    assert roles("Joel Armani var spelaren som kvitterade till 3-3.") == set()


def test_genitive_institution_with_a_unit_noun_is_an_organisation(roles):
    text = "– Vissa olägenheter får man tåla, säger Ulla Alm, jurist på trafikkontorets tillståndsavdelning."
    assert roles(text) == {("Ulla Alm", "jurist", "trafikkontorets tillståndsavdelning", None)}


def test_copula_in_the_infinitive_after_a_verb(roles):
    assert roles("Xi väntas bli Kinas näste president.") == {("Xi", "näste president", "Kina", None)}


def test_a_soft_hyphen_inside_a_title_is_ignored(roles):
    text = (
        "Den innehöll giftmord på den brittiske affärs\u00admannen Neil Heywood och polischefen Wang Lijuns flykt "
        "till det amerikanska konsulatet i Chengdu."
    )
    assert roles(text) == {
        ("Neil Heywood", "brittiske affärs\u00admannen", None, None),
        ("Wang Lijun", "polischefen", None, None),
    }


# Constructions found on tests/fixtures/roles-klintan-dev2.jsonl (more klintan sentences outside roles-dev and
# roles-klintan-dev, annotated before the system was run on them).


def test_a_plural_title_before_coordinated_names_is_each_ones(roles):
    text = "Mamman och pappan spelas av de etablerade skådespelarna Tilda Swinton och John C Reilly."
    assert roles(text) == {
        ("Tilda Swinton", "etablerade skådespelarna", None, None),
        ("John C Reilly", "etablerade skådespelarna", None, None),
    }


def test_inverted_copula_with_the_title_first(roles):
    text = "Programledare blir journalisten Natalia Kazmierska, känd krönikör och kulturskribent."
    assert {("Natalia Kazmierska", "programledare", None, None), ("Natalia Kazmierska", "journalisten", None, None)} <= roles(text)


def test_perfect_copula_after_an_inverted_subject(roles):
    text = "Redan under debutsäsongen har Jacobsen blivit en nyckelspelare i sin nya klubb."
    assert roles(text) == {("Jacobsen", "nyckelspelare", None, None)}


def test_a_capitalised_title_after_a_colon_starts_a_clause(roles):
    text = "Efter veckor av förväntan skedde det: Påven Benedictus XVI twittrade för allra första gången från sitt nya konto."
    assert roles(text) == {("Benedictus XVI", "påven", None, None)}


def test_som_title_before_another_name_is_that_names(roles):
    text = (
        "Den brittiska komediserien ” The office” med Ricky Gervais som terrorchefen David Brent hade premiär 2001 "
        "och hyllades som banbrytande."
    )
    assert roles(text) == {("David Brent", "terrorchefen", None, None)}


def test_som_title_in_a_subordinate_clause_belongs_to_its_own_subject(roles):
    text = "Nicolas Maduro ska inte bara ersätta mig om jag inte kan utföra mina uppgifter som president."
    assert roles(text) == set()


def test_a_name_ends_with_a_hyphenated_particle(roles):
    text = (
        "Ännu en grupp fogas till Syriens splittrade opposition när den kände oppositionsaktivisten "
        "Haytham al-Maleh nu bildar Syriska revolutionsrådet."
    )
    assert roles(text) == {("Haytham al-Maleh", "kände oppositionsaktivisten", None, None)}


def test_a_name_ending_in_s_before_a_verb_is_no_genitive(roles):
    text = "Den palestinske presidenten Abbas betonade under 2011 att han ville se fredsförhandlingar med Israel."
    assert roles(text) == {("Abbas", "palestinske presidenten", None, None)}


def test_a_lower_case_genitive_the_ner_calls_an_organisation_keeps_its_unit(roles):
    text = (
        "– De band fast honom med tejp på en toalett, säger Albin Näverberg, informatör på polisens "
        "länskommunikationscentral i Stockholm."
    )
    assert roles(text) == {("Albin Näverberg", "informatör", "polisens länskommunikationscentral i Stockholm", None)}


def test_common_news_role_heads_outside_the_occupation_lists(roles):
    text = "Sveriges storskytt Kim Andersson konstaterar att laget inte gjorde lika många tekniska fel som i tidigare matcher."
    assert roles(text) == {("Kim Andersson", "storskytt", "Sverige", None)}
    text = (
        "– Som läget ser ut i dag ser inte vi några positiva tecken, utan snarare att striderna fortsätter och att "
        "vintern försvårar för människor att leva ett drägligt liv, säger Tomas Söderman som är seniorrådgivare på "
        "Röda Korset."
    )
    assert roles(text) == {("Tomas Söderman", "seniorrådgivare", "Röda Korset", None)}


def test_a_bare_lower_case_unit_noun_points_back_and_names_no_organisation(roles):
    text = "På så vis kan vi sätta ut fler mål och avgöra fler mål snabbare, säger Mari Hallberg, kanslichef på tingsrätten."
    assert roles(text) == {("Mari Hallberg", "kanslichef", None, None)}


def test_coordinated_titles_in_the_apposition_after_the_name(roles):
    text = "Programledare blir journalisten Natalia Kazmierska, känd krönikör och kulturskribent."
    assert {("Natalia Kazmierska", "känd krönikör", None, None), ("Natalia Kazmierska", "kulturskribent", None, None)} <= roles(text)


# Constructions found on tests/fixtures/roles-other-dev.jsonl (FLORES-101 and Talbanken sentences, CC BY-SA 4.0).


def test_a_name_after_a_titles_preposition_is_the_organisation_even_if_the_ner_calls_it_a_person(roles):
    text = (
        "Leslie Aun, talesperson för Komen Foundation, sa att organisationen antagit en ny regel som inte tillåter "
        "bidrag eller finansiering till organisationer som är under rättslig utredning."
    )
    assert roles(text) == {("Leslie Aun", "talesperson", "Komen Foundation", None)}


def test_a_hyphenated_first_name_after_a_title(roles):
    text = "I den första och tredje undersökningen deltog också psykolog Per-Erik Almgren."
    assert roles(text) == {("Per-Erik Almgren", "psykolog", None, None)}


def test_a_som_title_after_another_name_is_not_the_subjects(roles):
    text = (
        "Peter Costello, australiensisk finansminister och den man som mest sannolikt tar över premiärminister "
        "John Howards post som ledare för det liberala partiet, har tagit ställning för en kärnenergiindustri i Australien."
    )
    assert ("Peter Costello", "ledare", None, None) not in roles(text)
    assert ("Peter Costello", "australiensisk finansminister", None, None) in roles(text)


def test_a_finite_verb_is_no_title_modifier(roles):
    text = (
        'För några veckor sedan, efter att informationen publicerats av journalisten Makis Triantafylopoulos i hans '
        'populära tv-program "Zoungla" på Alpha TV, avgick parlamentsledamoten och advokaten Petros Mantouvalos '
        "eftersom medarbetare vid hans kontor varit involverade i olagligt mygel och korruption."
    )
    assert roles(text) == {
        ("Makis Triantafylopoulos", "journalisten", None, None),
        ("Petros Mantouvalos", "parlamentsledamoten", None, None),
        ("Petros Mantouvalos", "advokaten", None, None),
    }


def test_apposition_with_an_indefinite_article(roles):
    text = "Robert Hooke, en biolog från England, såg små fyrkanter i kork med ett mikroskop."
    assert roles(text) == {("Robert Hooke", "biolog", None, None)}


def test_the_same_title_before_and_after_the_name_is_one_role(roles):
    text = (
        "- Rubrikerna om gifthalterna i bland annat strömming har resulterat i nästan totalstopp för "
        "strömmingsförsäljningen i större delen av Sverige, säger direktör John Erik Boork, direktör i Ostkustfisk "
        "Centralförening till Aftonbladet."
    )
    assert roles(text) == {("John Erik Boork", "direktör", "Ostkustfisk Centralförening", None)}


def test_a_compound_on_a_long_lexicon_title_is_a_title(roles):
    text = (
        "Den 28 juni dödades marskalk Italo Balbo, generalguvernör i Libyen och den troliga efterträdaren till "
        "Mussolini, av ett vådaskott under landning i Tobruk."
    )
    assert ("Italo Balbo", "generalguvernör", "Libyen", None) in roles(text)


def test_copula_after_an_insertion_between_commas(roles):
    text = (
        "Bakgrunden till bråket är att Göran Malmqvist under ett Kinabesök i oktober sa att Li Li, tidigare bosatt "
        "i Sverige, var en undermålig översättare."
    )
    assert roles(text) == {("Li Li", "undermålig översättare", None, None)}


def test_title_name_and_i_before_a_named_organisation_without_a_comma(roles):
    # roles-other-dev.jsonl line 52 (Talbanken test sentence 513)
    text = "En sån här sak gör den inte bättre, säger ombudsman Gösta Lindebo i Svenska ostkustfiskarnas centralförbund."
    assert roles(text) == {("Gösta Lindebo", "ombudsman", "Svenska ostkustfiskarnas centralförbund", None)}


def test_a_fused_prefix_past_its_linking_s_names_a_known_organisation_in_its_definite_form(roles):
    # tests/fixtures/roles-klintan-dev2.jsonl (klintan-train-5607)
    text = (
        "När Victor två och en halv minut senare försökte igen studsade passningen på Kyle Klubertanz och förbi "
        "Djurgårdsmålvakten Gustaf Wesslau till 3 – 1."
    )
    assert roles(text) == {("Gustaf Wesslau", "djurgårdsmålvakten", "Djurgården", None)}


def test_a_genitive_plural_unit_names_every_unit_of_its_kind(roles):
    # tests/fixtures/roles-klintan-dev.jsonl (klintan-train-3262)
    text = "Det framhåller Lars G Brandt, länsstyrelsernas samordnare i migrationsfrågor."
    assert roles(text) == {("Lars G Brandt", "samordnare i migrationsfrågor", "länsstyrelserna", None)}


def test_a_sentence_initial_definite_genitive_of_a_named_unit_is_the_organisation(roles):
    # tests/fixtures/roles-other-dev.jsonl line 24 (FLORES dev 279)
    text = "Representanthusets förre talman Newt Gingrich kom tvåa med 32 procent."
    assert roles(text) == {("Newt Gingrich", "förre talman", "Representanthuset", None)}


def test_an_organisation_opening_the_sentence_with_a_med_phrase_holding_the_title(roles):
    # tests/fixtures/roles-klintan-dev.jsonl (klintan-train-1796)
    text = "Vänersborg, med nye tränaren Stefan Karlsson, vann med 7 – 3 efter att ha gjort fem raka mål i den andra halvleken."
    assert roles(text) == {("Stefan Karlsson", "nye tränaren", "Vänersborg", None)}


def test_a_non_finite_verb_before_a_noun_is_an_adjective_in_a_units_complement(roles):
    # tests/fixtures/roles-klintan-dev.jsonl (klintan-train-2718); the tagger reads "grova" as a verb
    text = (
        "Mannen är förhörd och fler förhör kommer att hållas, men jag kan inte gå in på vad han har sagt, "
        "säger Bengt Jansson, chef för roteln för grova brott i Nyköping."
    )
    assert roles(text) == {("Bengt Jansson", "chef", "roteln för grova brott i Nyköping", None)}


def test_a_compound_on_center_continues_the_organisations_name(roles):
    # Webbnyheter 2012, klintan train_corpus.txt sentence 4616 (0-based)
    text = (
        "Mårten Johansson, instruktör vid Åre lavincenter, säger att stor lavinfara innebär att man både för Åres "
        "och Idres del väntar sig både naturligt och mänskligt utlösta laviner."
    )
    assert roles(text) == {("Mårten Johansson", "instruktör", "Åre lavincenter", None)}


def test_ranks_representatives_and_voice_types_are_titles(roles):
    # tests/fixtures/roles-other-dev.jsonl (FLORES dev 336)
    text = (
        "Den turkiska divan Sezen Aksu uppträdde med den italienske tenoren Alessandro Safina och den grekiska "
        "sångerskan Haris Alexiou."
    )
    assert roles(text) == {
        ("Alessandro Safina", "italienske tenoren", None, None),
        ("Haris Alexiou", "grekiska sångerskan", None, None),
    }


def test_a_city_name_ending_on_polis_is_no_title(roles):
    # FLORES-101 dev Swedish source (mt-eval/flores-sv-en/flores-dev.sv) line 338
    text = (
        "Peter Lenz, en 13-årig motorcykel-tävlande, har dött efter att ha varit med om en krasch på "
        "Indianapolis Motor Speedway."
    )
    assert roles(text) == set()


def test_a_gazetteer_name_ending_on_its_own_s_keeps_it_as_genitive_and_organisation():
    # names as the klintan corpus writes them: "Åklagaren i Borås" (sentence 907), "gav Brynäs ledningen" (3797);
    # no sentence there puts them after a title, so the rule is checked on the name itself
    assert base_name("Borås", set()) == "Borås"
    assert base_name("Brynäs", set()) == "Brynäs"
    assert base_name("Tuiflys", set()) == "Tuifly"


def test_a_name_hyphened_to_a_performers_title_is_a_work_not_an_organisation(roles):
    # tests/fixtures/roles-klintan-dev.jsonl (klintan-train-3702)
    text = "JR-skådespelaren Larry Hagman avled den 23 november i sviterna av cancer på ett sjukhus i Dallas."
    assert roles(text) == {("Larry Hagman", "jr-skådespelaren", None, None)}


def test_center_is_a_sports_position_after_a_hyphened_club(roles):
    # roles-dev.jsonl line 10, in the development slice (wn2012-train-124)
    text = (
        "Musikaliskt sett är det sådant man inte visste att man behövde, men som ofta visar sig oumbärligt: Från t... "
        "Skellefteå-centern Erik Forssell måste opereras för en skada och blir borta från elitseriespel i hockey i tre "
        "månader."
    )
    assert roles(text) == {("Erik Forssell", "skellefteå-centern", "Skellefteå", None)}


def test_a_title_after_a_verb_of_appointing_and_till(roles):
    # tests/fixtures/roles-other-dev.jsonl line 37 (FLORES dev 491)
    text = (
        "Även om Chrustjov i slutändan skickade in stridsvagnar för att återställa ordningen, gav han vika för vissa "
        "ekonomiska krav och gick med på att utse den populära Wladyslaw Gomulka till ny premiärminister."
    )
    assert roles(text) == {("Wladyslaw Gomulka", "ny premiärminister", None, None)}


def test_a_name_with_a_middle_initial_is_whole_where_the_ner_began_at_the_initial(roles):
    # roles-dev.jsonl line 37 (development half)
    text = "Programmets ansvariga utgivare Ylva M Andersson tycker att lyssnarna ska få information att de registreras."
    assert roles(text) == {("Ylva M Andersson", "ansvariga utgivare", None, None)}


def test_a_bulleted_item_opens_like_a_sentence_and_an_athlete_is_named_by_the_sport(roles):
    # tests/fixtures/roles-klintan-dev3.jsonl line 41
    text = (
        "Spelen har hittills kantats av hemmafavoriter som dukat under för pressen eller åtminstone inte nått hela "
        "vägen fram: • Cyklisten Mark Cavendish var chanslös i linjeloppet, vilket till och med fick "
        "idrottsministern att uttrycka sin besvikelse."
    )
    assert roles(text) == {("Mark Cavendish", "cyklisten", None, None)}


def test_a_degree_adverb_grading_the_title_is_part_of_it(roles):
    # tests/fixtures/roles-klintan-dev3.jsonl line 12
    text = "Mo Yan är en mycket bra författare som berättar med överdåd i en månghundraårig tradition."
    assert roles(text) == {("Mo Yan", "mycket bra författare", None, None)}


def test_one_of_someones_group_takes_the_groups_title_but_one_of_a_ranking_takes_none(roles):
    # tests/fixtures/roles-klintan-dev3.jsonl line 32; roles-other-dev.jsonl (FLORES)
    assert roles("Ilmari Tapiovaara är en av mina absoluta favoritformgivare.") == {
        ("Ilmari Tapiovaara", "absoluta favoritformgivare", None, None)
    }
    text = 'Ja! Kung Tutankhamun, ibland kallad "Kung Tut" eller "Pojkkungen", är en av de mest kända forntida egyptiska kungarna i modern tid.'
    assert roles(text) == {("Tutankhamun", "kung", None, None)}


def test_a_copula_after_an_auxiliary_and_an_adverb(roles):
    # tests/fixtures/roles-klintan-dev3.jsonl line 33
    text = (
        "Gösta Thorstrand” Whitney Houston kommer alltid att vara den stora artisten med den fantastiska rösten "
        "som levererade sin musik med stor känsla."
    )
    assert roles(text) == {("Whitney Houston", "stora artisten", None, None)}


def test_a_rank_from_the_curated_offices(roles):
    # tests/fixtures/roles-klintan-dev3.jsonl line 27
    text = "Det var vid sin död 1992 den äldre Kim blev generalissimo samtidigt som hans son förlänades titeln marskalk."
    assert roles(text) == {("Kim", "generalissimo", None, None)}


def test_som_followed_by_a_noun_and_a_finite_verb_is_a_relative_clause_not_a_role(roles):
    # tests/fixtures/roles-klintan-dev3.jsonl line 24
    text = (
        "Till skillnad från David Lindgren tillhörde 17-åringen från Kungsbacka de artister som proffstyckarna "
        "hade lyft fram på förhand."
    )
    assert roles(text) == set()


def test_writers_scholars_rulers_and_trades_outside_the_occupation_lists_are_titles(roles):
    # tests/fixtures/roles-klintan-dev4.jsonl lines 139, 278, 171
    assert roles("Den ryske bloggaren Aleksej Navalnyj kommer att åtalas för bedrägeri och penningtvätt.") == {
        ("Aleksej Navalnyj", "ryske bloggaren", None, None)
    }
    text = "Vågen av ensidig kritik riskerar att gå ut över författarens rätt att välja sina egna teman och uttryck, skriver sinologen Li Silfverberg."
    assert roles(text) == {("Li Silfverberg", "sinologen", None, None)}
    assert roles("En som lever efter sin inre övertygelse är kycklinguppfödaren Scott Sechler i USA.") == {
        ("Scott Sechler", "kycklinguppfödaren", None, None)
    }


def test_one_of_a_counted_group_takes_the_groups_title_also_after_an_inverted_copula(roles):
    # tests/fixtures/roles-klintan-dev4.jsonl line 263
    assert roles("Inför den slutna omröstningen i förbundet var Eriksson en av två kandidater.") == {
        ("Eriksson", "kandidater", None, None)
    }


def test_a_name_ending_on_s_before_a_verb_is_no_genitive(roles):
    # tests/fixtures/roles-klintan-dev4.jsonl line 75
    text = "Den franska parlamentarikern Rudy Salles har bland annat besökt Sverige inför sin rapport i maj."
    assert roles(text) == {("Rudy Salles", "franska parlamentarikern", None, None)}


def test_som_before_an_ordinal_places_in_an_order_and_names_no_role(roles):
    # tests/fixtures/roles-klintan-dev4.jsonl line 81
    assert roles("Holländaren och tvåan Jur Vrieling var 93 hundradelar för långsam som sista ryttare.") == set()


def test_a_title_names_the_one_word_the_ner_took_for_a_place(roles):
    # tests/fixtures/roles-other-dev.jsonl (Talbanken): the NER reads "Kling" as a place
    text = "Förutvarande justitieminister Kling tillsatte strax före sin avgång en utredning, familjesakkunniga."
    assert roles(text) == {("Kling", "förutvarande justitieminister", None, None)}


def test_a_title_joins_the_given_name_the_ner_split_from_the_surname(roles):
    # tests/fixtures/roles-klintan-dev2.jsonl: the NER reads "Per" as a place and "Sandström" as a person
    text = "En av Melsungens stora segerorganisatörer var svenske målvakten Per Sandström."
    assert {(p, t) for p, t, _, _ in roles(text)} == {("Per Sandström", "svenske målvakten")}


def roles_after_ner_errors(nlp, text: str, entities: list[tuple[str, str]]) -> set[tuple]:
    """Roles read with the NER's entities replaced by `entities` ((words, label) in text order): the
    mistakes a NER that never saw the sentence makes, which the shipped NER, trained on it, does not."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == "ner":
            spans, at = [], 0
            for words, label in entities:
                start = text.index(words, at)
                spans.append(doc.char_span(start, start + len(words), label=label))
                at = start + len(words)
            doc.ents = spans
    return {(r.person, r.title, r.organisation, r.party) for r in doc._.roles}


def test_a_title_and_name_the_ner_read_as_one_organisation_are_a_titled_person(nlp):
    # tests/fixtures/roles-klintan-dev.jsonl line 46
    text = "President Muhammad Mursi har anklagats för att ha hastat fram en ofärdig författning."
    assert roles_after_ner_errors(nlp, text, [("President Muhammad Mursi", "ORG")]) == {
        ("Muhammad Mursi", "president", None, None)
    }


def test_a_title_names_the_one_word_the_ner_took_for_an_organisation_unless_it_follows_a_comma(nlp):
    # tests/fixtures/roles-klintan-dev2.jsonl line 104
    text = "Danmarks drottning Margrethe II varnade i sitt nyårstal för sociala mediers påverkan på mänskliga relationer."
    assert roles_after_ner_errors(nlp, text, [("Danmarks", "LOC"), ("Margrethe", "ORG")]) == {
        ("Margrethe II", "drottning", "Danmark", None)
    }
    text = "Det säger Anna Berg, kommunikatör Sweco, till tidningen."
    assert roles_after_ner_errors(nlp, text, [("Anna Berg", "PER"), ("Sweco", "ORG")]) == {
        ("Anna Berg", "kommunikatör", "Sweco", None)
    }


def test_a_genitive_that_the_document_names_as_a_person_is_no_organisation(nlp):
    # tests/fixtures/roles-klintan-dev2.jsonl line 25: the NER leaves the genitive untagged
    text = "Erikssons agent Carlos Carvalho har tidigare uttalat sig om att det inte är självklart att ta jobbet för Eriksson."
    assert roles_after_ner_errors(nlp, text, [("Carlos Carvalho", "PER"), ("Eriksson", "PER")]) == {
        ("Carlos Carvalho", "agent", None, None)
    }


def test_a_name_continues_over_a_lower_case_particle_joined_by_a_hyphen(nlp):
    # tests/fixtures/roles-klintan-dev2.jsonl line 189: the NER calls the name MISC
    text = "Ännu en grupp fogas till Syriens splittrade opposition när den kände oppositionsaktivisten Haytham al-Maleh nu bildar Syriska revolutionsrådet."
    entities = [("Syriens", "LOC"), ("Haytham al-Maleh", "MISC"), ("Syriska revolutionsrådet", "ORG")]
    assert roles_after_ner_errors(nlp, text, entities) == {("Haytham al-Maleh", "kände oppositionsaktivisten", None, None)}


def test_a_title_before_one_word_that_names_a_known_place_names_no_person(roles):
    # the sample article's apposition: "kommunpolis Botkyrka" is the police of a municipality
    assert roles("Björn Johansson, kommunpolis Botkyrka, var på plats.") == {("Björn Johansson", "kommunpolis", "Botkyrka", None)}


def test_a_party_genitive_right_before_a_name_gives_the_party(roles):
    # our sentence
    assert roles("Folkpartiets Jan Björklund är utbildningsminister.") == {("Jan Björklund", "utbildningsminister", None, "L")}


def test_a_hyphened_adjective_belongs_to_the_title(roles):
    # our sentence, on the "Centerpartiets rättspolitiske talesman Johan Linander"
    text = "Vänsterpartiets ekonomisk-politiske talesperson Ulla Andersson kritiserar budgeten."
    assert roles(text) == {("Ulla Andersson", "ekonomisk-politiske talesperson", "Vänsterpartiet", "V")}


def test_a_genitive_the_ner_took_for_a_person_owns_the_title_past_a_party_adjective(roles):
    # our sentence, on the "Nackas moderata kommunalråd Erik Langby"
    text = "– Vi måste bygga fler bostäder, säger Nackas moderata kommunalråd Erik Langby."
    assert roles(text) == {("Erik Langby", "kommunalråd", "Nacka", "M")}


def test_a_name_the_ner_missed_before_a_party_marker_and_an_apposition(roles):
    # our sentence, on the sample's "Stina Lundgren, (M) kommunstyrelsens ordförande"
    text = "Anneli Hulthén (S), kommunstyrelsens ordförande i Göteborg, vill bygga fler bostäder."
    assert roles(text) == {("Anneli Hulthén", "kommunstyrelsens ordförande", "Göteborg", "S")}


def test_a_one_word_name_the_ner_missed_before_a_relative_clause_with_a_title(roles):
    # our sentence
    assert roles("Hamrén, som är förbundskapten sedan 2009, har ett kontrakt till 2016.") == {
        ("Hamrén", "förbundskapten", None, None)
    }


def test_a_time_phrase_between_copula_and_title_but_no_negation(roles):
    # our sentences, on the "Mikael Ohlsson är koncernchef för Ikea"
    assert roles("Maria Holm är sedan 2010 vd för Telia.") == {("Maria Holm", "vd", "Telia", None)}
    assert roles("Maria Holm är inte längre vd för Telia.") == set()


def test_a_verb_of_appointing_after_an_auxiliary_and_a_time_phrase(roles):
    # our sentence
    assert roles("Eva Nilsson blev i går utsedd till ny vd för Systembolaget.") == {
        ("Eva Nilsson", "ny vd", "Systembolaget", None)
    }


def test_a_party_fused_into_a_title_names_the_party_in_full(roles):
    # our sentences
    assert roles("Moderatledaren Anna Kinberg Batra höll tal i Almedalen.") == {
        ("Anna Kinberg Batra", "moderatledaren", "Moderaterna", "M")
    }
    assert roles("Centerledaren Annie Lööf vill sänka skatten.") == {("Annie Lööf", "centerledaren", "Centerpartiet", "C")}


def test_a_sentence_initial_title_the_tagger_called_an_adjective_before_a_comma_and_the_name(roles):
    # our sentence, on "Den tidigare ägaren, Ken Bates" (roles-dev.jsonl line 25)
    assert roles("Styrelseordförande i Ericsson, Leif Johansson, kommenterar beslutet.") == {
        ("Leif Johansson", "styrelseordförande", "Ericsson", None)
    }


def test_a_chancellor_is_a_title(roles):
    # our sentence
    text = "Tysklands förbundskansler Angela Merkel träffade Frankrikes president François Hollande."
    assert roles(text) == {
        ("Angela Merkel", "förbundskansler", "Tyskland", None),
        ("François Hollande", "president", "Frankrike", None),
    }


def test_a_name_the_ner_missed_takes_no_preposition_from_the_start_of_the_sentence(roles):
    # our sentence
    assert roles("Enligt Sten Tolgfors, försvarsminister, är beslutet riktigt.") == {
        ("Sten Tolgfors", "försvarsminister", None, None)
    }


def test_an_adverb_inside_the_relative_clause_after_a_name_the_ner_missed(roles):
    # our sentence
    assert roles("Ravelli, som numera är expertkommentator, var kritisk.") == {("Ravelli", "expertkommentator", None, None)}


def test_a_named_owners_unit_is_the_organisation_whole(roles):
    # tests/fixtures/roles-klintan-dev.jsonl line 45; our sentences for a place after it and "på Xs vägnar"
    text = "Enligt Christoffer Tilstam, marknadsansvarig på Stötens skidanläggning, ser hela säsongen bra ut."
    assert roles(text) == {("Christoffer Tilstam", "marknadsansvarig", "Stötens skidanläggning", None)}
    assert roles("Eva Ström, chef för Volvos fabrik i Torslanda, bekräftar uppsägningarna.") == {
        ("Eva Ström", "chef", "Volvos fabrik i Torslanda", None)
    }
    assert roles("Anna Ek, talesperson på Volvos vägnar, säger nej.") == {("Anna Ek", "talesperson", "Volvo", None)}


def test_a_second_title_after_och_and_an_adverb_keeps_its_own_organisation(roles):
    # our sentences
    text = "Lars Heikensten, tidigare riksbankschef och numera chef för Nobelstiftelsen, delade ut priset."
    assert roles(text) == {
        ("Lars Heikensten", "tidigare riksbankschef", "Riksbanken", None),
        ("Lars Heikensten", "chef", "Nobelstiftelsen", None),
    }
    assert roles("Karin Mattsson, vd och koncernchef för Holmen, lämnar bolaget.") == {
        ("Karin Mattsson", "vd", "Holmen", None),
        ("Karin Mattsson", "koncernchef", "Holmen", None),
    }


def test_a_politician_before_a_party_marker_whatever_the_ner_called_the_name(nlp):
    # our sentence; a NER that never saw it tags "Ilmar Reepalu" ORG
    text = "Kommunalrådet Ilmar Reepalu (S) i Malmö avgår."
    assert roles_after_ner_errors(nlp, text, [("Ilmar Reepalu", "ORG"), ("Malmö", "LOC")]) == {
        ("Ilmar Reepalu", "kommunalrådet", None, "S")
    }


def test_a_surname_the_ner_called_an_organisation_continues_the_name_after_a_title(nlp):
    # the "Kungsvåningens fastighetsutvecklare Mi Sundquist", in a sentence of ours
    text = "Kungsvåningens fastighetsutvecklare Mi Sundquist säger att centrumet ska rustas upp."
    assert roles_after_ner_errors(nlp, text, [("Sundquist", "ORG")]) == {("Mi Sundquist", "fastighetsutvecklare", None, None)}


def test_a_party_genitive_the_ner_ran_into_the_name_is_the_party(nlp):
    # our sentence
    text = "Folkpartiets Jan Björklund är utbildningsminister."
    assert roles_after_ner_errors(nlp, text, [("Folkpartiets Jan Björklund", "PER")]) == {
        ("Jan Björklund", "utbildningsminister", None, "L")
    }


def test_a_second_predicative_title_after_och_with_its_own_genitive_organisation(roles):
    # roles-dev.jsonl line 27
    text = "87-åriga Thatcher var partiledare för de konservativa och Storbritanniens hittills enda kvinnliga premiärminister under åren 1979 – 1990."
    assert {(p, t.split()[-1], o) for p, t, o, _ in roles(text)} == {
        ("Thatcher", "partiledare", "de konservativa"),
        ("Thatcher", "premiärminister", "Storbritannien"),
    }


def test_a_name_with_an_apostrophe_and_a_name_ending_on_s_before_a_verb_of_saying(roles):
    # FLORES-101 dev (Swedish side), outside roles-other-dev
    text = "Chefinspektör David O'Shannessy vid RSPCA New South Wales berättade för ABC att övervakning bör vara standard."
    assert {(p, t) for p, t, _, _ in roles(text)} == {("David O'Shannessy", "chefinspektör")}
    text = 'Brandkapten Scott Kouns sade, "Det var en het dag i Santa Clara med temperaturer runt 90 grader."'
    assert roles(text) == {("Scott Kouns", "brandkapten", None, None)}


def test_a_name_the_ner_missed_before_an_age_and_a_title(roles):
    # our sentences: the NER finds neither "Anna Ek" nor "Per Ek" ("ek" is an oak, "per" a preposition)
    assert roles("Anna Ek, 52, kommunalråd (S) i Huddinge, är kritisk.") == {("Anna Ek", "kommunalråd", "Huddinge", "S")}
    assert {(p, t) for p, t, _, _ in roles("Per Ek, 61 år, kommunalråd för Moderaterna i Solna, vill sänka skatten.")} == {
        ("Per Ek", "kommunalråd")
    }


def test_forra_is_a_modifier_of_the_title(roles):
    # our sentence
    assert roles("Förra statsministern Göran Persson (S) är kritisk till förslaget.") == {
        ("Göran Persson", "förra statsministern", None, "S")
    }


def test_a_party_whose_unit_is_the_organisation_sets_the_party(roles):
    # our sentence
    assert roles("– Det är för tidigt, säger Anna Berg, ordförande i Moderaternas valberedning.") == {
        ("Anna Berg", "ordförande", "Moderaternas valberedning", "M")
    }


def test_a_sentence_opening_with_a_title_and_its_organisation_then_a_copula(roles):
    # our sentence, on "Programledare blir journalisten Natalia Kazmierska" (roles-klintan-dev.jsonl)
    assert roles("Ny vd för Ikea blir Jesper Brodin, meddelar bolaget.") == {("Jesper Brodin", "ny vd", "Ikea", None)}


def test_a_title_before_a_comma_and_another_title_before_the_name_are_both_the_names(roles):
    # tests/fixtures/roles-other-dev.jsonl (FLORES)
    text = 'Landets högste ledare, ayatolla Ali Khamenei, har beskrivit oljeberoendet som "en fälla".'
    assert roles(text) == {("Ali Khamenei", "ayatolla", None, None), ("Ali Khamenei", "högste ledare", None, None)}


def test_names_with_runs_of_particles(roles):
    # tests/fixtures/roles-written-dev.jsonl
    text = "– Vi ser tydliga spår av torkan i skördarna, säger Jan van der Meer, forskningschef vid Wageningen University."
    assert roles(text) == {("Jan van der Meer", "forskningschef", "Wageningen University", None)}
    text = "Carmen de la Fuente, borgmästare i Valencia, kräver att staten tar ett större ansvar."
    assert roles(text) == {("Carmen de la Fuente", "borgmästare", "Valencia", None)}
    text = "Saudiarabiens energiminister Abdulaziz bin Salman sade efter mötet att Opec+ står enat."
    assert roles(text) == {("Abdulaziz bin Salman", "energiminister", "Saudiarabien", None)}


def test_a_person_inside_an_organisation_another_reading_found_is_part_of_its_name(roles):
    # tests/fixtures/roles-written-dev.jsonl: the NER calls "Norr" a person
    text = "Lars Örn, som är ordförande i Hyresgästföreningen region Norr, kritiserar hyreshöjningen skarpt."
    assert roles(text) == {("Lars Örn", "ordförande", "Hyresgästföreningen region Norr", None)}


def test_an_appointment_in_a_conditional_clause_names_no_role(roles):
    # tests/fixtures/roles-written-dev.jsonl
    assert roles("Om Erik Holm väljs till ordförande på årsmötet kan föreningen komma att byta inriktning.") == set()


def test_a_founder_of_an_organisation_and_an_award_is_no_title(roles):
    # tests/fixtures/roles-written-dev.jsonl
    text = "Maria Lindgren, vd och grundare av betaltjänstbolaget Sendly, säger att expansionen skjuts upp."
    assert {(p, t, o) for p, t, o, _ in roles(text)} == {
        ("Maria Lindgren", "vd", "betaltjänstbolaget Sendly"),
        ("Maria Lindgren", "grundare", "betaltjänstbolaget Sendly"),
    }
    assert {t for _, t, _, _ in roles("ICA-handlaren Bengt Stridh har utsetts till årets handlare.")} == {"ica-handlaren"}


def test_a_sentence_initial_definite_genitive_points_back_unless_it_names_a_known_body(roles):
    # tests/fixtures/roles-written-dev.jsonl; our sentence for the party
    assert roles("Bolagets finanschef Sanna Åkesson lämnar sin tjänst efter bara åtta månader.") == {
        ("Sanna Åkesson", "finanschef", None, None)
    }
    assert roles("Miljöpartiets språkrör Daniel Helldén kallade budgeten ett haveri.") == {
        ("Daniel Helldén", "språkrör", "Miljöpartiet", "MP")
    }


def test_fore_detta_opens_a_title_in_an_apposition(roles):
    # tests/fixtures/roles-written-dev.jsonl
    text = "Henrik Wallin, före detta landslagsman och numera expertkommentator i SVT, tror på svensk medalj i stafetten."
    assert roles(text) == {
        ("Henrik Wallin", "före detta landslagsman", None, None),
        ("Henrik Wallin", "expertkommentator", "SVT", None),
    }


def test_organisations_a_genitive_chain_a_unit_of_a_national_body_a_first_word_capital_and_a_region_name(roles):
    # tests/fixtures/roles-written-dev.jsonl
    text = "Kinas utrikesministeriums talesperson Mao Ning uppmanade Sverige att respektera Kinas inre angelägenheter."
    assert roles(text) == {("Mao Ning", "talesperson", "Kinas utrikesministerium", None)}
    text = "Peter Sandgren (SD), ordförande i riksdagens justitieutskott, vill se en snabbutredning av frågan."
    assert roles(text) == {("Peter Sandgren", "ordförande", "riksdagens justitieutskott", "SD")}
    text = "Jordan Bardella, partiledare för Nationell samling, leder i de senaste opinionsmätningarna."
    assert roles(text) == {("Jordan Bardella", "partiledare", "Nationell samling", None)}
    text = "– Vi har förstärkt med extra patruller under helgen, säger Mats Karlsson, presstalesperson vid polisregion Syd."
    assert roles(text) == {("Mats Karlsson", "presstalesperson", "polisregion Syd", None)}


def test_a_som_phrase_fronted_before_the_verb_and_its_subject(roles):
    # tests/fixtures/roles-written-dev.jsonl
    text = "Som ordförande i Svenska Bankföreningen har Hans Lindvall drivit frågan om telefonbedrägerier i flera år."
    assert roles(text) == {("Hans Lindvall", "ordförande", "Svenska Bankföreningen", None)}


def test_av_names_the_organisation_after_a_founder_and_a_work_after_others(roles):
    # our sentence
    assert roles("Ruben Östlund, regissör av Triangle of Sadness, vann Guldpalmen.") == {("Ruben Östlund", "regissör", None, None)}


def test_a_club_abbreviation_with_are_is_a_player_of_the_club(roles):
    # tests/fixtures/roles-klintan-dev4.jsonl
    assert roles("Förre HIF:aren Markus Holgersson är klar för klubben.") == {
        ("Markus Holgersson", "förre hif:aren", "HIF", None)
    }


def test_organisations_after_a_determiner_and_adjectives_and_after_a_truncated_compound(roles):
    # tests/fixtures/roles-written-dev.jsonl
    text = "Natalja Sorokina, chefredaktör för den oberoende ryska nyhetssajten Novaja Rech, har dömts i sin frånvaro."
    assert roles(text) == {("Natalja Sorokina", "chefredaktör", "den oberoende ryska nyhetssajten Novaja Rech", None)}
    text = "Göran Svensk (KD), ordförande i miljö- och byggnadsnämnden i Härryda, säger att bygglovet hanterades korrekt."
    assert roles(text) == {("Göran Svensk", "ordförande", "miljö- och byggnadsnämnden i Härryda", "KD")}


def test_a_hyphened_name_the_ner_missed_before_an_apposition(roles):
    # tests/fixtures/roles-written-dev.jsonl
    text = "Khalid al-Mansouri, talesman för Förenade Arabemiraternas utrikesdepartement, bekräftade att två svenskar har frigivits."
    assert roles(text) == {("Khalid al-Mansouri", "talesman", "Förenade Arabemiraternas utrikesdepartement", None)}


def test_a_name_that_a_prefix_or_capital_makes_of_a_body_is_an_organisation_at_the_start_of_a_sentence(roles):
    # tests/fixtures/roles-written-dev2.jsonl; "Bolagets", "Partiets" still point back
    assert roles("EU-kommissionens talesman Marc Dupont säger att Sverige riskerar böter.") == {
        ("Marc Dupont", "talesman", "EU-kommissionen", None)
    }
    assert roles("Arbeiderpartiets stortingsledamot Kari Nilsen kallar förslaget ett slag.") == {
        ("Kari Nilsen", "stortingsledamot", "Arbeiderpartiet", None)
    }
    assert roles("Partiets gruppledare Anna Berg säger nej.") == {("Anna Berg", "gruppledare", None, None)}


def test_an_abbreviation_ending_on_s_and_a_nationality_the_tagger_called_an_adverb(roles):
    # tests/fixtures/roles-written-dev2.jsonl
    assert roles("SAS koncernchef Martin Björnberg varnar för fler nedskärningar.") == {
        ("Martin Björnberg", "koncernchef", "SAS", None)
    }
    assert roles("Rosenborgs norske mittfältare Stian Berg är aktuell för flera klubbar.") == {
        ("Stian Berg", "norske mittfältare", "Rosenborg", None)
    }


def test_a_named_employer_after_a_titled_name_without_a_comma(roles):
    # tests/fixtures/roles-written-dev2.jsonl; roles-klintan-dev2.jsonl for the medium one speaks on
    assert roles("Chefredaktören Anders Kjell på Norran försvarar beslutet att publicera mannens namn.") == {
        ("Anders Kjell", "chefredaktören", "Norran", None)
    }
    text = "Whitney Houston var den största sångerska jag någonsin har hört, skrev den amerikanske sångaren Tony Bennett på mikrobloggen Twitter."
    assert ("Tony Bennett", "amerikanske sångaren", None, None) in roles(text)


def test_organisations_of_a_genitive_chain_a_national_ministry_and_a_club_the_ner_took_for_a_person(roles):
    # tests/fixtures/roles-written-dev2.jsonl; a bare "tingsrätten" still points back
    assert roles("Göteborgs stads miljöchef Helena Bergvall vill förbjuda dubbdäck på fler gator.") == {
        ("Helena Bergvall", "miljöchef", "Göteborgs stad", None)
    }
    assert roles("Sergej Orlov, talesman för ryska utrikesministeriet, avfärdar uppgifterna som rena spekulationer.") == {
        ("Sergej Orlov", "talesman", "ryska utrikesministeriet", None)
    }
    assert roles("IFK Göteborgs mittback Daniel Sjöholm nickade in 1–0 efter en hörna.") == {
        ("Daniel Sjöholm", "mittback", "IFK Göteborg", None)
    }
    assert roles("– Nej, säger Per Ek, kanslichef på tingsrätten.") == {("Per Ek", "kanslichef", None, None)}


def test_a_lower_case_prefix_names_a_listed_organisation_but_not_a_national_body(roles):
    # tests/fixtures/roles-written-dev2.jsonl; roles-dev.jsonl line 30 for "biträdande polischefen" (no organisation)
    assert roles("Vice riksbankschef Karin Wall reserverade sig mot räntebeslutet.") == {
        ("Karin Wall", "vice riksbankschef", "Riksbanken", None)
    }
    assert roles("Stefan Ingves, riksbankschef, lämnar räntan oförändrad.") == {("Stefan Ingves", "riksbankschef", "Riksbanken", None)}
    assert roles("– Vi vet inte, säger biträdande polischefen George Hamilton.") == {
        ("George Hamilton", "biträdande polischefen", None, None)
    }
