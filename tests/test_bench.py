"""`make bench` says of each figure with a target whether it is within it (the figures themselves are
measured by `make bench`, never asserted here)."""

import pytest

from pipeline.bench import ENTITY_SHARE_TARGET, RATIO_TARGET, ROLE_SHARE_TARGET, verdict


@pytest.mark.parametrize(
    ("value", "target", "said"),
    [
        (0.047, ROLE_SHARE_TARGET, "within"),
        (0.061, ROLE_SHARE_TARGET, "OVER"),
        (0.05, ROLE_SHARE_TARGET, "within"),
        (1.29, RATIO_TARGET, "OVER"),
        (1.21, RATIO_TARGET, "within"),
        (0.019, ENTITY_SHARE_TARGET, "within"),
    ],
)
def test_a_figure_at_or_under_its_target_is_within_it_and_one_above_is_over(value, target, said):
    assert verdict(value, target) == said
