"""Shared helpers: the pinsheet binary under test, and reading workbooks with openpyxl."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(FIXTURES))


@pytest.fixture(scope="session")
def pinsheet():
    """Runs the CLI (PINSHEET_BIN, else the release build) and returns the CompletedProcess."""
    binary = os.environ.get("PINSHEET_BIN", str(ROOT / "target" / "release" / "pinsheet"))
    assert Path(binary).exists(), f"build the CLI first: {binary}"

    def run(*args):
        return subprocess.run([binary, *map(str, args)], capture_output=True, text=True, timeout=120)

    return run
