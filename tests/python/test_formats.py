"""civica.formats: 360Giving, Popolo and SQLite from Python.

Independent truth: the real files read with Python's json module (amounts summed as Decimal),
the 360Giving JSON Schema bundled in data/schemas/360giving applied with the jsonschema
package (with format checking, which the schema's oneOf on dates needs), and SQLite files
queried with Python's own sqlite3 module.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import REPO

formats = pytest.importorskip("civica.formats")

ABCT = REPO / "tests" / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.json"
TAS = REPO / "tests" / "data" / "popolo" / "tas_local_councillor_popolo.json"
SCHEMAS = REPO / "data" / "schemas" / "360giving"


def _raw_abct():
    grants = json.loads(ABCT.read_text(encoding="utf-8"))["grants"]
    total = sum(Decimal(str(g["amountAwarded"])) for g in grants)
    recipients = {g["recipientOrganization"][0]["id"] for g in grants}
    return grants, total, recipients


def test_the_real_360giving_file_imports_completely():
    grants, total, recipients = _raw_abct()
    ds, currency = formats.read_360giving(ABCT)
    assert currency == "GBP"
    assert len(ds.applications) == len(grants) == 783
    awarded = ds.applications.column("awarded_kopecks")
    assert int(awarded.sum()) == int(total * 100)
    applicants = {ds.applications[i].applicant for i in range(len(ds.applications))}
    assert applicants == recipients


def test_the_360giving_export_validates_against_the_bundled_schema(tmp_path: Path):
    jsonschema = pytest.importorskip("jsonschema")
    ds, currency = formats.read_360giving(ABCT)
    out = tmp_path / "export.json"
    formats.write_360giving(ds, out, currency=currency)
    written = json.loads(out.read_text(encoding="utf-8"))

    grant_schema = json.loads((SCHEMAS / "360-giving-schema.json").read_text(encoding="utf-8"))
    package_schema = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    # The package refers to the grant schema by URL; check the package without it, then
    # every grant against the grant schema.
    package_only = dict(package_schema)
    package_only["properties"] = dict(package_schema["properties"])
    package_only["properties"]["grants"] = {"type": "array", "minItems": 1}
    jsonschema.Draft202012Validator(package_only, format_checker=checker).validate(written)
    validator = jsonschema.Draft202012Validator(grant_schema, format_checker=checker)
    errors = [e.message for g in written["grants"] for e in validator.iter_errors(g)]
    assert errors == []
    assert len(written["grants"]) == 783

    # The validator does reject a grant that breaks the schema.
    bad = dict(written["grants"][0])
    del bad["fundingOrganization"]
    assert list(validator.iter_errors(bad))

    again, again_currency = formats.read_360giving(out)
    assert again_currency == "GBP"
    assert again == ds


def test_popolo_councils_import_and_round_trip(tmp_path: Path):
    raw = json.loads(TAS.read_text(encoding="utf-8"))
    councils = {o["id"] for o in raw["organizations"] if o["classification"] == "legislature"}
    members = {}
    for m in raw["memberships"]:
        if m["organization_id"] in councils:
            members.setdefault(m["organization_id"], set()).add(m["person_id"])

    ds = formats.read_popolo(TAS)
    assert len(ds.bodies) == len(councils) == 29
    assert len(ds.persons) == len(raw["persons"])
    terms = ds.membership_terms
    assert len(terms) == len(members)
    for i in range(len(terms)):
        assert terms[i].members == len(members[terms[i].body])

    out = tmp_path / "councils.json"
    formats.write_popolo(ds, out)
    assert formats.read_popolo(out) == ds


def test_sqlite_store_round_trips_and_is_queryable(tmp_path: Path):
    ds, _ = formats.read_360giving(ABCT)
    grants, total, recipients = _raw_abct()
    f = tmp_path / "abct.sqlite"
    formats.save_sqlite(ds, f)
    with sqlite3.connect(f) as con:
        version = con.execute("select value from civica_meta where key = 'schema_version'").fetchone()[0]
        assert int(version) == formats.sqlite_schema_version
        n, kopecks = con.execute("select count(*), sum(awarded) from applications").fetchone()
        assert n == len(grants)
        assert kopecks == int(total * 100)
        assert con.execute("select count(distinct applicant_organization) from applications").fetchone()[0] == len(recipients)
        assert con.execute("pragma foreign_key_check").fetchall() == []
    con.close()
    assert formats.load_sqlite(f) == ds


def test_a_file_that_is_not_a_database_is_a_parse_error_naming_it(tmp_path: Path):
    import civica

    f = tmp_path / "notes.sqlite"
    f.write_text("just some text\n" * 100, encoding="utf-8")
    with pytest.raises(civica.ParseError, match="notes.sqlite"):
        formats.load_sqlite(f)
