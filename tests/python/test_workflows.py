"""The GitHub workflows cannot run here; they are checked against GitHub's workflow schema
(check-jsonschema's vendored copy, offline), and the wheels workflow against what it must build."""

import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML  # check-jsonschema's own YAML reader

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"


def test_every_workflow_matches_the_schema():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"pages.yml", "wheels.yml"}
    check = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [check, "--builtin-schema", "vendor.github-workflows", *files], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_wheels_workflow_builds_every_platform_and_publishes_on_tags():
    flow = YAML(typ="safe").load((WORKFLOWS / "wheels.yml").read_text())
    jobs = flow["jobs"]
    targets = {(name, entry["target"]) for name in ("linux", "macos") for entry in jobs[name]["strategy"]["matrix"]["include"]}
    assert targets == {("linux", "x86_64"), ("linux", "aarch64"), ("macos", "x86_64"), ("macos", "aarch64")}
    assert "windows" in jobs and "sdist" in jobs
    for name in ("linux", "macos", "windows"):
        steps = jobs[name]["steps"]
        assert any("crates/python/Cargo.toml" in str(s.get("with", {}).get("args", "")) for s in steps)
        assert any("pytest" in s.get("run", "") for s in steps), name
    assert set(jobs["publish"]["needs"]) == {"linux", "macos", "windows", "sdist"}
    assert jobs["publish"]["permissions"]["id-token"] == "write"
