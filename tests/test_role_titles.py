"""A role title's base form, from the model's lemma or the role lexicon (pipeline.role_titles)."""

from __future__ import annotations

import pytest

from pipeline.role_titles import title_base


@pytest.mark.parametrize("title, base", [
    ("oppositionsrådet", "oppositionsråd"),  # a lexicon word less its definite ending
    ("huvudtränaren", "huvudtränare"),  # a compound on the lexicon head "tränare"
    ("rektorn", "rektor"),
    ("biträdande rektorn", "biträdande rektor"),  # only the last word inflects
    ("kommunstyrelsens ordförande", "kommunstyrelsens ordförande"),
    ("lärarna", "lärare"),  # a lexicon word of the same Snowball stem
    ("skådespelarna", "skådespelare"),
    ("ECB-chefen", "ECB-chef"),  # the part after the hyphen inflects
    ("vd:n", "vd"),  # the part before the colon is the base form
    ("trygghets- och säkerhetssamordnare", "trygghets- och säkerhetssamordnare"),
    ("bosocial strateg", "bosocial strateg"),
])
def test_title_base_from_the_role_lexicon(title, base):
    assert title_base(title) == base


def test_the_models_lemma_wins_when_the_lexicon_lists_it():
    assert title_base("ministrarna") == "ministrarna"  # neither a short ending nor a shared stem reaches "minister"
    assert title_base("ministrarna", {"ministrarna": "minister"}) == "minister"
    assert title_base("ministrarna", {"ministrarna": "ministrarnama"}) == "ministrarna"  # a lemma no lexicon lists
