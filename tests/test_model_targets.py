"""The shipped model meets the issue's targets on the carved dev slices (run by `make eval`)."""

import pytest

from pipeline.config import model_path
from pipeline.evaluation.nlp import MAX_LOAD_SECONDS, MAX_SIZE_MB, TARGETS, evaluate_model


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    return evaluate_model(model_path()).figures()


@pytest.mark.slow
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_shipped_model_meets_target(figures, target):
    assert figures[target.name] >= target.minimum


@pytest.mark.slow
def test_shipped_model_is_small_and_loads_fast(figures):
    assert figures["size_mb"] <= MAX_SIZE_MB
    assert figures["load_seconds"] <= MAX_LOAD_SECONDS
