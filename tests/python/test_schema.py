"""The declared tables (civica/model/schema.hpp) against what users read: the row classes, the
.pyi stubs, the dataset format documentation and to_pandas() all list the declared columns."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest

civica = pytest.importorskip("civica")
from civica import _core  # noqa: E402
from conftest import one_competition  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

ROW_CLASSES = {
    "municipalities": "Municipality", "organizations": "Organization", "persons": "Person",
    "operators": "GrantOperator", "programmes": "Programme", "competitions": "Competition",
    "applications": "Application", "courses": "Course", "enrolments": "Enrolment",
    "bodies": "CollegialBody", "membership_terms": "MembershipTerm", "meetings": "Meeting",
    "agenda_questions": "AgendaQuestion", "services": "SupportService",
    "monitoring": "MonitoringRecord", "indicators": "Indicator",
}

# The stub annotation of each declared type (nullable form second).
STUB_TYPES = {
    "id": ("Optional[str]", "Optional[str]"),
    "reference": ("Optional[str]", "Optional[str]"),
    "party": ("str", "str"),
    "text": ("str", "Optional[str]"),
    "enum": ("str", "str"),
    "integer": ("int", "Optional[int]"),
    "real": ("float", "Optional[float]"),
    "money": ("Decimal", "Optional[Decimal]"),
    "date": ("Optional[datetime.date]", "Optional[datetime.date]"),
    "boolean": ("bool", "bool"),
    "list": ("List[str]", "List[str]"),
    "year_counts": ("Dict[int, int]", "Dict[int, int]"),
}


def tables():
    return {t["name"]: t for t in _core.table_schema()}


def test_the_declaration_lists_every_table_in_add_order():
    names = [t["name"] for t in _core.table_schema()]
    assert names == list(ROW_CLASSES)
    assert names == list(civica.Dataset().table_names)
    for t in _core.table_schema():
        assert t["file"] == t["name"] + ".csv"
        for c in t["columns"]:
            if c["type"] == "reference":
                assert names.index(c["references"]) < names.index(t["name"]), (t["name"], c["name"])


@pytest.mark.parametrize("table", list(ROW_CLASSES))
def test_row_classes_have_the_declared_attributes_in_order(table):
    cls = getattr(civica, ROW_CLASSES[table])
    assert list(cls._fields) == [c["attribute"] for c in tables()[table]["columns"]]


def _stub_classes():
    tree = ast.parse((ROOT / "python" / "civica" / "_core.pyi").read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in ROW_CLASSES.values():
            attributes = [(n.target.id, ast.unparse(n.annotation)) for n in node.body
                          if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)]
            init = next(n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
            out[node.name] = (attributes, [a.arg for a in init.args.kwonlyargs])
    return out


@pytest.mark.parametrize("table", list(ROW_CLASSES))
def test_the_stubs_row_classes_match_the_declaration(table):
    attributes, keywords = _stub_classes()[ROW_CLASSES[table]]
    declared = tables()[table]["columns"]
    assert [a for a, _ in attributes] == [c["attribute"] for c in declared]
    assert keywords == [c["attribute"] for c in declared]
    for (name, annotation), c in zip(attributes, declared):
        if table == "indicators" and name == "value":
            assert annotation == "Union[int, float, Decimal]"  # Decimal for RUB figures
            continue
        assert annotation == STUB_TYPES[c["type"]][c["nullable"]], (table, name)


def _documented_tables():
    """file -> (columns, required, text of the entry) from docs/dataset-format.md's table list."""
    text = (ROOT / "docs" / "dataset-format.md").read_text(encoding="utf-8")
    section = text[text.index("## Tables (file: columns)"):]
    section = section[:section.index("\n## ", 5)]
    entries = re.split(r"\n\d+\. ", section)[1:]
    out = {}
    for entry in entries:
        entry = " ".join(entry.split())
        m = re.match(r"`(\w+\.csv)`: `([^`]*)`", entry)
        assert m, entry[:80]
        columns = [c.strip() for c in m.group(2).split(",")]
        r = re.search(r"required: `([^`]*)`", entry)
        required = [c.strip() for c in r.group(1).split(",")] if r else []
        out[m.group(1)] = (columns, required, entry)
    return out


@pytest.mark.parametrize("table", list(ROW_CLASSES))
def test_the_format_documentation_lists_the_declared_columns(table):
    t = tables()[table]
    columns, required, entry = _documented_tables()[t["file"]]
    assert columns == [c["name"] for c in t["columns"]]
    assert required == [c["name"] for c in t["columns"] if c["required"]]
    for c in t["columns"]:
        if c["type"] == "enum":
            for value in c["values"]:
                assert f"`{value}`" in entry, (table, c["name"], value)


def test_documented_tables_are_exactly_the_declared_ones():
    assert list(_documented_tables()) == [t["file"] for t in _core.table_schema()]


def _with_enrolments() -> "civica.Dataset":
    ds = civica.Dataset()
    ds.add(civica.Municipality(id="m"))
    ds.add(civica.Organization(id="o", full_name="НКО"))
    ds.add(civica.Person(id="h", municipality="m"))
    ds.add(civica.Course(id="k", title="Курс", start=dt.date(2021, 3, 1)))
    ds.add(civica.Enrolment(course="k", organization="o", participants=3, completed=True))
    ds.add(civica.Enrolment(course="k", person="h"))
    ds.add(civica.SupportService(id="s", provider="o", recipient_type="person", recipient="h", kind="consulting",
                                 provided=dt.date(2021, 3, 2)))
    ds.add(civica.CollegialBody(id="b", name="Совет"))
    ds.add(civica.Meeting(id="e", body="b", held=dt.date(2021, 3, 3), attendance=9))
    ds.add(civica.AgendaQuestion(id="q", meeting="e", title="О бюджете"))
    ds.add(civica.GrantOperator(id="g", name="Фонд"))
    ds.add(civica.Programme(id="p", grant_operator="g"))
    ds.add(civica.Competition(id="c", programme="p", year=2021))
    ds.add(civica.Application(id="a", competition="c", applicant="o", status="winner", awarded=10))
    ds.add(civica.MonitoringRecord(application="a", checked=dt.date(2022, 1, 10), score=4.5))
    return ds


def test_to_pandas_dtypes_follow_the_declared_types():
    from civica import _pandas

    checked = set()
    for ds in (civica.datasets.load("khanty-mansiysk-2020"), civica.synth.national(applications=300, regions=2, seed=3),
               _with_enrolments()):
        for table in [t["name"] for t in _core.table_schema()]:
            if not len(getattr(ds, table)):
                continue
            df = getattr(ds, table).to_pandas()
            expected = _pandas.dtypes(table)
            assert list(df.columns) == list(expected), table
            for name, dtype in expected.items():
                if table == "indicators" and name == "value":
                    continue  # a figure: a number, or Decimal roubles
                assert str(df[name].dtype) == str(dtype), (table, name, df[name].dtype, dtype)
                if isinstance(dtype, type(df[name].dtype)) and str(dtype) == "category":
                    assert list(df[name].dtype.categories) == list(dtype.categories)
                checked.add((table, name))
    assert ("enrolments", "participants") in checked
    assert {t for t, _ in checked} == {t["name"] for t in _core.table_schema()}


def test_rate_and_attendance_flow_through_every_layer_from_the_declaration(tmp_path):
    assert tables()["applications"]["columns"][-1]["name"] == "rate"
    assert tables()["meetings"]["columns"][-1]["name"] == "attendance"
    ds = one_competition()
    ds.add(civica.Application(id="a", competition="c", applicant="o", status="winner", awarded=10, rate=77.5))
    ds.add(civica.CollegialBody(id="b", name="Совет"))
    ds.add(civica.Meeting(id="e", body="b", held=dt.date(2021, 3, 1), attendance=11))
    for target in (tmp_path / "folder", tmp_path / "d.json", tmp_path / "d.sqlite"):
        civica.io.write(ds, target)
        back = civica.io.read(target)
        assert back.applications[0].rate == 77.5, target
        assert back.meetings[0].attendance == 11, target
        assert back == ds, target
    assert "rate" in (tmp_path / "folder" / "applications.csv").read_text(encoding="utf-8").splitlines()[0]
    assert ds.meetings.to_pandas()["attendance"].tolist() == [11]
    assert np.isclose(ds.applications.to_pandas()["rate"][0], 77.5)


def test_workbook_sheets_follow_the_declaration():
    from dataclasses import replace

    from civica import _xlsx_tables as x

    for t, declared in zip(x.TABLES, _core.table_schema()):
        assert t.name == declared["name"]
        assert [c.name for c in t.columns] == [c["name"] for c in declared["columns"]]
    # A declared column without words (a new one) still gets its sheet column, of its type's kind.
    without_rate = tuple(replace(t, columns=tuple(c for c in t.columns if c.name != "rate")) if t.name == "applications" else t
                         for t in x._WORDED)
    rate = next(t for t in x._follow_declaration(without_rate) if t.name == "applications").column("rate")
    assert (rate.kind, rate.ru, rate.en) == ("number", "rate", "rate")
    # Words for a column the declaration lacks are refused.
    stale = tuple(replace(t, columns=t.columns + (x.Column("no_such", "text", "-", "-"),)) if t.name == "applications" else t
                  for t in x._WORDED)
    with pytest.raises(RuntimeError, match="no_such"):
        x._follow_declaration(stale)
