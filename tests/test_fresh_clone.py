"""A clone of the public repository has no `../shared`: its default suite still collects, and the
tests that read the shared corpora skip with one line naming the folder."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def tracked_copy(destination: Path) -> Path:
    """The files git tracks (plus this session's untracked ones), as a fresh clone would have them."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def pytest_in(clone: Path, *args: str) -> subprocess.CompletedProcess:
    missing = clone.parent / "shared" / "corpora"
    env = {**os.environ, "DATA_DIR": str(missing), "PYTHONPATH": str(clone)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=clone, env=env, capture_output=True, text=True, timeout=300,
    )


def test_a_clone_without_the_shared_corpora_collects_the_whole_default_suite(tmp_path):
    clone = tracked_copy(tmp_path / "pipeline")

    collected = pytest_in(clone, "--collect-only", "-q")

    assert collected.returncode == 0, collected.stdout[-2000:]
    assert "error" not in collected.stdout.splitlines()[-1]


def test_a_test_that_reads_the_shared_corpora_skips_with_one_line_naming_the_folder(tmp_path):
    clone = tracked_copy(tmp_path / "pipeline")

    ran = pytest_in(clone, "-rs", "-q", "tests/test_translation_eval.py")

    assert ran.returncode == 0, ran.stdout[-2000:]
    skips = [line for line in ran.stdout.splitlines() if line.startswith("SKIPPED")]
    assert skips
    assert all(f"needs the shared corpora at {tmp_path / 'shared' / 'corpora'}" in line for line in skips)
