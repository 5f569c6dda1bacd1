"""The roles scorer: strict and lenient matching and party accuracy."""

import json

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.evaluation.roles import Gold, Item, by_rule, load, same_form, same_organisation, score, title_head
from pipeline.records import RoleAssertion


def assertion(person, title, organisation=None, party=None):
    return RoleAssertion(person, title, organisation, party, 0, 1)


def test_title_head_is_the_last_word_before_a_complement():
    assert title_head("rättspolitiske talesman") == "talesman"
    assert title_head("ansvarig för viltvård och skadedjur") == "ansvarig"
    assert title_head("tidigare lektor i pedagogik") == "lektor"


def test_definite_and_indefinite_forms_are_the_same_title_leniently():
    assert same_form("förbundskaptenen", "förbundskapten")
    assert same_form("ledare", "ledaren")
    assert same_form("talesman", "talesmannen")
    assert not same_form("chef", "chefredaktör")


def test_lenient_organisation_accepts_a_named_part_of_a_nested_organisation():
    whole = "pedagogiska institutionen på Göteborgs universitet"
    assert same_organisation(whole, "Göteborgs universitet", lenient=True)
    assert same_organisation("polisen i Malmö", "Polisen i Malmö", lenient=True)
    assert not same_organisation(whole, "Göteborgs universitet", lenient=False)
    assert not same_organisation("Nordea", None, lenient=True)


def test_scores_strict_and_lenient_pairs_and_triples_and_party_accuracy():
    items = [
        Item("a", "…", [Gold("Johan Linander", "rättspolitiske talesman", "Centerpartiet", "C")]),
        Item("b", "…", [Gold("Tomas Eneroth", None, None, "S"), Gold("Mats Berg", "befäl", "polisen i Kalmar", None)]),
    ]
    predictions = [
        [assertion("Johan Linander", "rättspolitiske talesmannen", "Centerpartiet", "C")],
        [
            assertion("Tomas Eneroth", None, None, "s"),
            assertion("Mats Berg", "befäl", "Polisen", None),
            assertion("Mats Berg", "polis", None, None),
        ],
    ]
    s = score(items, predictions)
    strict = s.person_title["strict"]
    assert (strict.tp, strict.predicted, strict.expected) == (1, 3, 2)
    assert s.person_title["lenient"].tp == 2
    assert s.person_title_org["strict"].tp == 0
    assert s.person_title_org["lenient"].tp == 2
    assert (s.party_correct, s.party_total) == (3, 3)  # "s" is S; Mats Berg has no party, rightly


def test_a_line_range_scores_only_those_lines_of_the_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [{"id": f"s{n}", "text": f"Mening {n}.", "assertions": []} for n in range(1, 5)]
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert [item.id for item in load(gold, (2, 3))] == ["s2", "s3"]
    assert [item.id for item in load(gold)] == ["s1", "s2", "s3", "s4"]


def test_eval_roles_rejects_a_line_range_that_is_not_first_dash_last():
    result = CliRunner().invoke(cli, ["eval", "roles", "--lines", "101-52"])
    assert result.exit_code == 2
    assert "expected FIRST-LAST, e.g. 52-101" in result.output


def test_by_rule_counts_each_constructions_assertions_and_those_the_gold_holds():
    items = [
        Item("a", "…", [Gold("Anna Berg", "vd", "Ikea", None), Gold("Tomas Eneroth", None, None, "S")]),
        Item("b", "…", [Gold("Bo Ek", "chef", None, None)]),
    ]
    predictions = [
        [(assertion("Anna Berg", "vd", "Ikea"), ["apposition"]), (assertion("Tomas Eneroth", None, None, "S"), ["party_marker"])],
        [(assertion("Bo Ek", "chefen"), ["title_before_name", "workplace_after_name"]), (assertion("Bo Ek", "ordförande"), ["copula"])],
    ]
    figures = by_rule(items, predictions)
    assert (figures["apposition"].fired, figures["apposition"].correct) == (1, 1)
    assert (figures["workplace_after_name"].fired, figures["workplace_after_name"].correct) == (1, 1)
    assert (figures["party_marker"].fired, figures["party_marker"].correct) == (1, 1)
    assert (figures["copula"].fired, figures["copula"].correct, figures["copula"].precision) == (1, 0, 0.0)
    assert figures["fronted_relative"].fired == 0  # every known construction is listed


def test_eval_roles_by_rule_prints_a_line_per_construction(nlp, tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"id": "s1", "text": "Mikael Ohlsson är koncernchef för Ikea.",
         "assertions": [{"person": "Mikael Ohlsson", "title": "koncernchef", "organisation": "Ikea", "party": None}]},
        {"id": "s2", "text": "Förslaget kritiseras av Tomas Eneroth (S).",
         "assertions": [{"person": "Tomas Eneroth", "title": None, "organisation": None, "party": "S"}]},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "roles", "--by-rule", "--data", str(gold)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "sets: gold.jsonl"
    assert "copula                                      1      1  1.000" in lines
    assert "party_marker                                1      1  1.000" in lines
    assert f"{'fronted_relative':<38}      0      0      -" in lines
