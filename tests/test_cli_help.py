"""Every command's --help teaches its use with an example."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import cli


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            paths += command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


@pytest.mark.parametrize("path", command_paths(cli), ids=lambda p: " ".join(p) or "pipeline")
def test_help_has_examples(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    examples = re.split(r"Examples?:", result.output, maxsplit=1)
    assert len(examples) == 2, result.output
    assert f"pipeline {' '.join(path)}".strip() in examples[1]
