"""Swedish date lines in the forms news pages use all read as ISO dates."""

import pytest

from pipeline.clean import find_date


@pytest.mark.parametrize(
    "line",
    [
        "16 februari 2024",
        "16 feb. 2024",
        "fredag 16 februari 2024",
        "Publicerad: 16 februari 2024 kl. 09.15",
        "2024-02-16",
    ],
)
def test_date_line_reads_as_iso_date(line):
    assert find_date(line) == "2024-02-16"


def test_a_line_without_a_date_has_none():
    assert find_date("Kommun och politik") is None
