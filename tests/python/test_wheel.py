"""The built wheel, installed with pip into a fresh venv (offline: the wheel and pyarrow's),
works with nothing else installed: no pandas, Polars, DuckDB or Spark."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SNIPPET = """
import pinsheet
row = pinsheet.extract(["https://www.google.com/maps/place/40.689247,-74.044502"])[0].as_py()
assert (row["lat"], row["lon"], row["status"]) == (40.689247, -74.044502, "ok"), row
try:
    import pinsheet.polars
except ImportError as e:
    assert "polars" in str(e)
else:
    raise AssertionError("polars is not installed here")
print("ok", pinsheet.__version__)
"""


def test_pip_install_of_the_wheel_in_a_fresh_venv(tmp_path):
    wheels = sorted((ROOT / "target" / "wheels").glob("pinsheet-*.whl"))
    assert len(wheels) == 1, f"make python builds one wheel into target/wheels: {wheels}"
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-index", "--find-links", ROOT / "target" / "wheelhouse", wheels[0]],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    run = subprocess.run([python, "-c", SNIPPET], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0 and run.stdout.startswith("ok 0.1.0"), run.stderr
