"""`make eval`: role extraction meets the issue's targets on the whole of roles-dev.jsonl and on the
second development set, tests/fixtures/roles-klintan-dev.jsonl."""

from pathlib import Path

import pytest

from pipeline.evaluation import roles as evaluation
from pipeline.nlp import ModelNotInstalled


@pytest.mark.slow
def test_roles_dev_meets_the_targets(shared_corpora):
    try:
        scores = evaluation.evaluate(shared_corpora / "roles" / "roles-dev.jsonl", evaluation.extract_with_model)
    except ModelNotInstalled as missing:
        pytest.fail(str(missing))
    print("\n".join(scores.lines()))
    assert scores.person_title["lenient"].f1 >= 0.85
    assert scores.person_title_org["lenient"].f1 >= 0.75
    assert scores.party_accuracy >= 0.9


@pytest.mark.slow
def test_roles_klintan_dev_meets_the_targets():
    """The second development set: klintan sentences outside roles-dev, annotated in its format."""
    try:
        scores = evaluation.evaluate(Path(__file__).parent / "fixtures" / "roles-klintan-dev.jsonl", evaluation.extract_with_model)
    except ModelNotInstalled as missing:
        pytest.fail(str(missing))
    print("\n".join(scores.lines()))
    assert scores.person_title["lenient"].f1 >= 0.85
    assert scores.person_title_org["lenient"].f1 >= 0.75
    assert scores.party_accuracy >= 0.9
