"""The roles package's shape, as issue 20 set it: small modules, and the Swedish in the data files
(`pipeline/data/roles/`), not in the code; docstrings and comments may quote it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MODULES = sorted((Path(__file__).parents[1] / "pipeline" / "roles").glob("*.py"))
MAX_LINES = 500


def code_strings(path: Path) -> set[str]:
    """The string literals of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings}


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_a_roles_module_stays_under_500_lines(module):
    assert len(module.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_a_roles_module_writes_no_swedish_word_in_its_code(module):
    assert not [s for s in code_strings(module) if set(s.lower()) & set("åäö")]
