"""The README's Python section and the package's docstrings, run as doctests: what a person
copies from them works and prints what they say."""

import doctest
import re
from pathlib import Path

import pytest

import pinsheet
import pinsheet.duckdb
import pinsheet.polars

README = Path(__file__).resolve().parents[2] / "README.md"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def readme_examples():
    section = README.read_text(encoding="utf-8").split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(>>> .*?)```", section, flags=re.S)


def test_the_readme_has_python_examples():
    assert len(readme_examples()) >= 3


def test_readme_examples_in_one_session():
    # One session, as a person pasting them one after the other: later blocks use earlier names.
    globs = {}
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for index, text in enumerate(readme_examples()):
        name = f"README.md Python example {index + 1}"
        test = doctest.DocTestParser().get_doctest(text, globs, name, str(README), 0)
        runner.run(test, clear_globs=False)
        globs = test.globs  # the test ran on a copy
    assert runner.summarize(verbose=False).failed == 0


@pytest.mark.parametrize("module", [pinsheet, pinsheet.polars, pinsheet.duckdb])
def test_docstrings(module):
    result = doctest.testmod(module, optionflags=FLAGS)
    assert result.failed == 0 and result.attempted > 0
