"""Shared fixtures for the Python package's tests: the CLI to compare with, and a
pinsheet-resolver in front of the fake services (crates/fake-upstream), both on loopback."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(FIXTURES))


def binary(variable, default):
    path = os.environ.get(variable, str(ROOT / "target" / default))
    assert Path(path).exists(), f"build it first ({variable}): {path}"
    return path


@pytest.fixture(scope="session")
def cli():
    """Runs the pinsheet CLI: cli(*args, stdin=None) → CompletedProcess."""
    path = binary("PINSHEET_BIN", "release/pinsheet")

    def run(*args, stdin=None):
        return subprocess.run([path, *map(str, args)], input=stdin, capture_output=True, text=True, timeout=300)

    return run


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def resolver():
    """The address of a test-hook pinsheet-resolver whose every service is the fake on loopback."""
    fake = subprocess.Popen(
        [binary("FAKE_UPSTREAM_BIN", "debug/pinsheet-fake-upstream")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = fake.stdout.readline().split()
    assert line[:1] == ["listening"], line
    port = free_port()
    server = subprocess.Popen(
        [
            binary("RESOLVER_BIN", "debug/pinsheet-resolver"),
            "--bind",
            f"127.0.0.1:{port}",
            "--test-upstream",
            line[1],
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        fake.stdin.close()
        fake.terminate()
        fake.wait(timeout=10)
