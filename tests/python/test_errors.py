"""The exception classes: civica.CivicaError and subclasses that are also the natural builtins."""

from __future__ import annotations

import pytest

civica = pytest.importorskip("civica")


@pytest.mark.parametrize("cls, builtin", [
    (civica.ValidationError, ValueError),
    (civica.ParseError, ValueError),
    (civica.NotFoundError, KeyError),
    (civica.CivicaIOError, OSError),
])
def test_each_error_is_a_civica_error_and_a_builtin(cls, builtin):
    assert issubclass(cls, civica.CivicaError)
    assert issubclass(cls, builtin)
    assert issubclass(civica.CivicaError, Exception)
    assert cls.__module__ == "civica"


def test_validation_errors_from_cpp_are_caught_as_value_error():
    ds = civica.Dataset()
    with pytest.raises(ValueError, match="duplicate"):
        ds.add(civica.Person(id="p"))
        ds.add(civica.Person(id="p"))


def test_not_found_is_a_key_error_with_a_readable_message():
    with pytest.raises(KeyError) as info:
        civica.datasets.load("no-such-dataset-name")
    assert isinstance(info.value, civica.NotFoundError)
    assert str(info.value).startswith("no") or "no-such-dataset-name" in str(info.value)
    assert not str(info.value).startswith("'")


def test_parse_error_attributes_default_to_none():
    err = civica.ParseError("x")
    assert (err.file, err.line, err.column, err.field) == (None, None, None, None)


def test_io_error_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        civica.io.read_dataset_folder(tmp_path / "missing")
