"""ruff and mypy stay clean: the team's style rules are part of the build, not a suggestion."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "ruff", "check", "app", "tests", "benchmarks", "resources"],
        [sys.executable, "-m", "mypy", "app"],
    ],
    ids=["ruff", "mypy"],
)
def test_linters_are_clean(command: list[str]) -> None:
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
