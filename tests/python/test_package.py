"""The package itself: public names, version, lazy submodules, stubs and typing."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

civica = pytest.importorskip("civica")

REPO = Path(__file__).resolve().parents[2]


def test_version_matches_the_cpp_header():
    header = (REPO / "include" / "civica" / "version.hpp").read_text(encoding="utf-8")
    version = re.search(r'CIVICA_VERSION_STRING "([0-9.]+)"', header).group(1)
    assert civica.__version__ == version


def test_every_name_in_all_exists():
    for name in civica.__all__:
        assert hasattr(civica, name), name


def test_public_names_of_the_issue_are_exported():
    for name in ("Dataset", "CivicaError", "ValidationError", "ParseError", "NotFoundError",
                 "CivicaIOError", "Municipality", "Organization", "Person", "GrantOperator",
                 "Programme", "Competition", "Application", "Course", "Enrolment",
                 "CollegialBody", "MembershipTerm", "Meeting", "AgendaQuestion", "SupportService",
                 "MonitoringRecord", "Indicator", "datasets", "ids", "io", "synth"):
        assert name in civica.__all__, name


def test_an_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError):
        civica.no_such_thing  # noqa: B018


def test_stubs_and_py_typed_ship_with_the_package():
    folder = Path(civica.__file__).parent
    assert (folder / "py.typed").is_file()
    assert (folder / "_core.pyi").is_file()


def test_the_stubs_name_every_class_of_the_core():
    stub = (Path(civica.__file__).parent / "_core.pyi").read_text(encoding="utf-8")
    for name in ("Dataset", "Table", "ColumnarTable", "Application", "Indicator", "ParseError"):
        assert f"class {name}" in stub


def test_bundled_data_is_found():
    assert "khanty-mansiysk-2020" in civica.datasets.names()
    assert (civica.datasets.data_dir() / "datasets" / "khanty-mansiysk-2020" / "manifest.json").is_file()


def test_indicator_vocabulary_has_the_domain_keys():
    keys = {k: unit for k, unit, _ in civica.known_indicator_keys()}
    assert keys["councils.meetings"] == "count"
    assert keys["grants.funds_attracted"] == "RUB"
    assert keys["grants.individual.rank_among_municipalities"] == "rank"
    assert civica.default_unit("grants.individual.amount") == "RUB"
    assert civica.default_unit("no.such.key") is None


# The modules of the package core and its stubs (other areas check their own modules).
TYPED_MODULES = ["civica", "civica._core", "civica.datasets", "civica.ids", "civica.io",
                 "civica.synth", "civica.cli", "civica._pandas", "civica.pgf", "civica.formats",
                 "civica.cli_io"]


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_the_package_type_checks_with_mypy_strict(tmp_path):
    args = [sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports",
            "--follow-imports=silent", "--no-incremental", "--cache-dir", str(tmp_path / "cache")]
    for module in TYPED_MODULES:
        args += ["-m", module]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _mypy_strict(tmp_path, user, *, passes: bool = True):
    """Type-checks the user file ``user`` against the installed stubs with ``mypy --strict``;
    asserts that it passes (unless ``passes`` is False) and returns the finished process."""
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir",
         str(tmp_path / "cache"), str(user)],
        capture_output=True, text=True, cwd=tmp_path)
    if passes:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_user_code_type_checks_against_the_stubs(tmp_path):
    user = tmp_path / "user.py"
    user.write_text(
        "from decimal import Decimal\n"
        "import civica\n"
        "ds: civica.Dataset = civica.datasets.load('khanty-mansiysk-2020')\n"
        "v = ds.indicator('councils.meetings', 2020).value\n"
        "app: civica.Application = ds.applications[0]\n"
        "amount: Decimal = app.cofunding\n"
        "asked: Decimal | None = app.requested\n"
        "n: int = len(ds.organizations)\n"
        "col = ds.applications.column('requested_kopecks')\n"
        "ok: bool = civica.ids.is_valid_inn('7707083893')\n"
        "names: list[str] = civica.datasets.names()\n",
        encoding="utf-8")
    _mypy_strict(tmp_path, user)


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_the_stubs_type_a_slice_of_a_table_and_where_a_parse_error_is(tmp_path):
    # docs/python.md: t[a:b] is a list of rows; docs/formats.md: a workbook's ParseError carries
    # its sheet. The stubs had neither (mypy: no overload of __getitem__ takes a slice; ParseError
    # has no attribute "sheet").
    user = tmp_path / "user.py"
    user.write_text(
        "from typing import Optional\n"
        "import civica\n"
        "ds = civica.datasets.load('khanty-mansiysk-2020-synthetic')\n"
        "first: list[civica.Organization] = ds.organizations[0:3]\n"
        "apps: list[civica.Application] = ds.applications[::2]\n"
        "try:\n"
        "    civica.io.read('surgut.xlsx')\n"
        "except civica.ParseError as e:\n"
        "    where: tuple[Optional[str], Optional[int], Optional[int], Optional[str], Optional[str], Optional[str]] = (\n"
        "        e.file, e.line, e.column, e.field, e.reason, e.sheet)\n",
        encoding="utf-8")
    _mypy_strict(tmp_path, user)


def test_a_slice_of_a_table_is_a_list_and_every_parse_error_has_a_sheet():
    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    first = ds.organizations[0:3]
    assert type(first) is list and [o.id for o in first] == [ds.organizations[i].id for i in range(3)]
    assert all(type(a) is civica.Application for a in ds.applications[1:4])
    # Not a workbook's: None, as file, line, column, field and reason are when unknown.
    with pytest.raises(civica.ParseError) as e:
        civica.io.read(Path(__file__).resolve().parents[1] / "data" / "bad" / "pgf" / "bad_inn.csv", "pgf")
    assert e.value.sheet is None and e.value.file == "bad_inn.csv"
    assert civica.ParseError("raised from Python").sheet is None


def test_every_module_the_docs_use_is_reached_from_import_civica_alone():
    # `import civica` then `civica.xlsx.new_workbook(...)`, as docs/your-city.md writes it.
    modules = [p.stem for p in Path(civica.__file__).parent.glob("*.py")
               if not p.stem.startswith("_") and p.stem not in ("cli", "cli_io", "cli_new", "cli_report",
                                                                 "cli_calendar", "dask")]
    code = "import civica\n" + "".join(f"assert civica.{m}.__name__ == 'civica.{m}'\n" for m in modules)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert {"xlsx", "document", "report", "analysis"} <= set(modules)


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_the_lazily_imported_areas_are_typed_after_import_civica(tmp_path):
    # civica.report, civica.analysis… are imported on first use (a module __getattr__), so a type
    # checker saw them as Any after `import civica`: a wrong keyword passed mypy --strict and
    # failed at run time.
    code = ["import civica", "ds = civica.datasets.load('khanty-mansiysk-2020')",
            "civica.report.render(ds, 2020, language='en')"]
    (tmp_path / "user.py").write_text("\n".join(code) + "\n", encoding="utf-8")
    proc = _mypy_strict(tmp_path, tmp_path / "user.py", passes=False)
    assert proc.returncode == 1 and 'Unexpected keyword argument "language"' in proc.stdout, proc.stdout


def test_python_m_civica_runs_the_tool_and_importing_it_does_not(tmp_path):
    # `python -m civica` is the command line; importing civica.__main__ (pydoc, stubtest, doc
    # generators walk every module) used to run it and exit with status 2.
    proc = subprocess.run([sys.executable, "-c", "import civica.__main__; print('imported')"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.strip() == "imported", proc.stderr
    proc = subprocess.run([sys.executable, "-m", "civica", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0 and civica_version() in proc.stdout, proc.stderr


def civica_version() -> str:
    import civica

    return civica.__version__


def test_the_package_states_its_licence():
    # The bundled data says it is distributed "under the same terms as civica": there must be
    # terms, in the repository and in the installed package's metadata.
    from importlib import metadata

    from conftest import REPO

    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    meta = metadata.metadata("civica")
    assert "MIT License" in (meta.get("License") or "") + " ".join(meta.get_all("Classifier") or [])
