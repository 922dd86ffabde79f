"""Shared helpers: the pinsheet binary under test, and reading workbooks with openpyxl."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(FIXTURES))


def pinsheet_path():
    """The CLI under test: PINSHEET_BIN, else the release build."""
    binary = os.environ.get("PINSHEET_BIN", str(ROOT / "target" / "release" / "pinsheet"))
    assert Path(binary).exists(), f"build the CLI first: {binary}"
    return binary


@pytest.fixture(scope="session")
def pinsheet():
    """Runs the CLI with arguments and returns the CompletedProcess."""
    binary = pinsheet_path()

    def run(*args):
        return subprocess.run([binary, *map(str, args)], capture_output=True, text=True, timeout=120)

    return run
