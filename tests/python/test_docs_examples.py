"""What the documentation shows against what civica does: the JSON form example of
docs/dataset-format.md loads, docs/python.md's table of row classes and its list of
civica.io.FORMATS name every column and format there is, and the national panel's examples
(README, civica.pgf, civica.dask) give it a population it takes."""

from __future__ import annotations

import ast
import csv
import re
import textwrap
from pathlib import Path

import pytest

civica = pytest.importorskip("civica")
from civica import _core  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _section(text: str, heading: str) -> str:
    """The text under ``heading`` (a Markdown heading line) up to the next heading of any level."""
    start = text.index(f"\n{heading}\n") + len(heading) + 2
    end = re.search(r"\n#{1,6} ", text[start:])
    return text[start:start + end.start()] if end else text[start:]


# docs/dataset-format.md, "JSON form" ------------------------------------------------------

def _json_form_example() -> str:
    text = (DOCS / "dataset-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", _section(text, "## JSON form"), re.S)
    assert len(blocks) == 1, "the JSON form section should show one ```json block"
    return blocks[0]


def test_the_json_form_example_of_the_dataset_format_docs_loads(tmp_path):
    path = tmp_path / "city.json"
    path.write_text(_json_form_example(), encoding="utf-8")
    ds = civica.io.read(path)
    counts = {table: n for table, n in ds.row_counts().items() if n}
    assert counts == {"municipalities": 1, "organizations": 1, "operators": 1, "programmes": 1,
                      "competitions": 1, "applications": 1}
    assert ds.info.name == "city-2020" and ds.info.territory == "khm" and ds.info.currency == "RUB"
    a = ds.applications["a1"]
    assert (a.competition, a.applicant, a.status) == ("c1", "o1", "winner")
    assert (str(a.requested), str(a.awarded)) == ("250000.00", "200000.00")
    assert ds.competitions["c1"].year == 2020


# docs/datasets.md, the published figures of khanty-mansiysk-2020 ----------------------------

def test_the_datasets_docs_list_every_published_figure_of_khanty_mansiysk_2020():
    text = (DOCS / "datasets.md").read_text(encoding="utf-8")
    section = _section(text, "## `khanty-mansiysk-2020`: the published figures")
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 6:
            key, year, breakdown, value, qualifier, unit = cells
            rows.append((key.strip("`"), int(year), breakdown, int(value.replace(" ", "")), qualifier, unit))
    ds = civica.datasets.load("khanty-mansiysk-2020")
    assert rows == [(i.key, i.year, i.breakdown or "", int(i.value), i.qualifier, i.unit) for i in ds.indicators]
    m = re.search(r"\(`indicators.csv`, (\d+) rows", section)
    assert m and int(m.group(1)) == len(ds.indicators)


# docs/python.md, "Datasets and tables" ----------------------------------------------------

def _python_docs() -> str:
    return (DOCS / "python.md").read_text(encoding="utf-8")


def _documented_row_classes() -> dict[str, tuple[str, list[str]]]:
    """table attribute -> (row class, its fields) from the table of docs/python.md."""
    out = {}
    for line in _section(_python_docs(), "## Datasets and tables").splitlines():
        m = re.match(r"\| `(\w+)` \| `(\w+)\(([^)]*)\)` \|", line)
        if m:
            out[m.group(1)] = (m.group(2), [f.strip() for f in m.group(3).split(",")])
    return out


def test_the_python_docs_list_every_table_with_its_row_class():
    documented = _documented_row_classes()
    assert list(documented) == [t["name"] for t in _core.table_schema()]
    for table, (cls, _fields) in documented.items():
        assert hasattr(civica.Dataset(), table), table
        assert hasattr(civica, cls), (table, cls)


@pytest.mark.parametrize("table", [t["name"] for t in _core.table_schema()])
def test_the_python_docs_name_every_column_attribute_of_each_row_class(table):
    cls, fields = _documented_row_classes()[table]
    schema = next(t for t in _core.table_schema() if t["name"] == table)
    attributes = [c["attribute"] for c in schema["columns"]]
    missing = [a for a in attributes if a not in fields]
    assert not missing, f"docs/python.md: {cls}(…) leaves out {missing}"
    assert sorted(fields) == sorted(attributes), (table, fields, attributes)
    row_class = getattr(civica, cls)
    assert all(hasattr(row_class, f) for f in fields), (cls, fields)


def test_the_python_docs_list_every_io_format():
    # "`FORMATS`: civica, store (…), csv, …; guessed when not given" in the Modules list.
    text = " ".join(_python_docs().split())
    m = re.search(r"\(`FORMATS`: (.*?); guessed", text)
    assert m, "docs/python.md: no `FORMATS` list"
    listed = re.sub(r"\([^)]*\)", "", m.group(1))  # without the parenthesised remarks
    names = [n.strip() for n in listed.split(",")]
    assert names == list(civica.io.FORMATS)


# docs/calendar.md, "Not modelled" ------------------------------------------------------------

def test_the_calendar_docs_name_the_general_system_filings_the_catalogue_lacks():
    # A user on ОСН gets no profit tax return and no ЕНП notification from the bundled rules;
    # the docs must say so where they list what is not modelled.
    from civica import calendar

    rules = calendar.obligations()
    texts = " ".join(rules.report) + " " + " ".join(calendar.obligations(lang="en").report)
    assert "прибыл" not in texts and "profit" not in texts.lower()
    assert "уведомлени" not in texts.lower() and "ЕНП" not in texts
    doc = (DOCS / "calendar.md").read_text(encoding="utf-8")
    start = doc.index("\nNot modelled:")
    not_modelled = " ".join(doc[start:doc.index("\n\n", start)].split())
    assert "profit tax return" in not_modelled and "art. 289" in not_modelled
    assert "ЕНП" in not_modelled and "notifications" in not_modelled and "2023" in not_modelled
    assert "--tax-regime osn" in not_modelled


# README, "Scaling out with Dask", and the civica.pgf and civica.dask docstrings: the population --

def _readme_dask_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", _section(text, "## Scaling out with Dask"), re.S)
    assert len(blocks) == 1, "the README's Dask section should show one ```python block"
    return blocks[0]


def _population_texts() -> dict[str, str]:
    """Each text whose examples pass a panel its population, as Python (doctest prompts off)."""
    import civica.dask
    import civica.pgf

    def code(doc: str) -> str:
        return "\n".join(re.sub(r"^\s*(>>> |\.\.\. )", "", line) for line in doc.splitlines())

    return {"README.md": _readme_dask_example(), "civica.pgf": code(civica.pgf.__doc__ or ""),
            "civica.dask": code(civica.dask.__doc__ or "")}


def test_the_docs_pass_a_panel_every_regions_population_or_none():
    # A population naming a region or two is a ValidationError for data of more regions: the
    # examples pass {} or the residents of every region read from a file.
    calls = 0
    for where, text in _population_texts().items():
        for m in re.finditer(r"civica\.(?:pgf|dask)\.(?:panel|finish)\(.*", text):
            call = ast.parse(m.group(0).split("  #")[0].strip()).body[0].value
            assert isinstance(call, ast.Call) and len(call.args) == 2, (where, m.group(0))
            population = call.args[1]
            assert (isinstance(population, ast.Name) and population.id == "population") or \
                (isinstance(population, ast.Dict) and not population.keys), (where, m.group(0))
            calls += 1
    assert calls >= 3


@pytest.mark.parametrize("where", ["README.md", "civica.pgf"])
def test_the_docs_population_recipe_gives_the_panel_every_region(where, tmp_path, monkeypatch):
    import civica.pgf

    text = _population_texts()[where]
    m = re.search(r'^([ \t]*)with open\("([^"]+)".*\n\1    population = .*$', text, re.M)
    assert m, f"{where}: no `with open(...)` reading the population"
    recipe, path = textwrap.dedent(m.group(0)), tmp_path / m.group(2)
    nation = civica.synth.national(applications=2000, regions=12, seed=5)
    regions = sorted(set(civica.pgf.panel(nation, {})["by_region_year"]["region"]))
    assert len(regions) == 12
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("region,residents\n" + "".join(f"{r},{100_000 + i}\n" for i, r in enumerate(regions)),
                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    scope: dict = {"csv": csv}
    exec(recipe, scope)
    p = civica.pgf.panel(nation, scope["population"])
    assert sorted(p["per_capita"]["region"]) == regions
    with pytest.raises(civica.ValidationError, match="population has no figure for the region"):
        civica.pgf.panel(nation, {regions[0]: 100_000})
