"""The ``>>>`` examples in civica's docstrings run and print what they show (doctest), in a
folder of their own so that an example that writes a file writes it there."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import civica

MODULES = sorted(m.name for m in pkgutil.iter_modules(civica.__path__) if not m.name.startswith("_"))


def test_the_modules_with_examples_are_found():
    assert {"analysis", "calendar", "io", "report", "synth"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_print_what_they_show(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    module = importlib.import_module(f"civica.{name}")
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    failures: list[str] = []
    for test in finder.find(module, f"civica.{name}"):
        out: list[str] = []
        runner.run(test, out=out.append)
        failures.extend(out)
    assert not failures, "".join(failures)
