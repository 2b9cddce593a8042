"""The code stays as the linter configured in pyproject.toml wants it (ruff: pycodestyle,
pyflakes, bugbear, import order, pyupgrade)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sitebuild import require

REPO = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing_in_generator_and_tests():
    require("ruff")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "generator", "tests"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
