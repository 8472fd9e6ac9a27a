"""civica.formats: 360Giving, Popolo and SQLite from Python, as aliases of civica.io.read/write.

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
import civica  # noqa: E402

ABCT = REPO / "tests" / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.json"
TAS = REPO / "tests" / "data" / "popolo" / "tas_local_councillor_popolo.json"
SCHEMAS = REPO / "data" / "schemas" / "360giving"


def _raw_abct():
    grants = json.loads(ABCT.read_text(encoding="utf-8"))["grants"]
    total = sum(Decimal(str(g["amountAwarded"])) for g in grants)
    recipients = {g["recipientOrganization"][0]["id"] for g in grants}
    return grants, total, recipients


def test_the_real_360giving_file_imports_completely():
    import datetime

    grants, total, recipients = _raw_abct()
    ds = formats.read_360giving(ABCT)
    assert ds.info.currency == "GBP"
    assert {g["currency"] for g in grants} == {"GBP"}
    assert len(ds.applications) == len(grants) == 783
    assert [ds.applications[i].decided for i in range(len(grants))] == [
        datetime.date.fromisoformat(g["awardDate"][:10]) for g in grants]
    awarded = ds.applications.column("awarded_kopecks")
    assert int(awarded.sum()) == int(total * 100)
    applicants = {ds.applications[i].applicant for i in range(len(ds.applications))}
    assert applicants == recipients


def test_the_360giving_export_validates_against_the_bundled_schema(tmp_path: Path):
    jsonschema = pytest.importorskip("jsonschema")
    ds = formats.read_360giving(ABCT)
    out = tmp_path / "export.json"
    formats.write_360giving(ds, out)
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

    assert {g["currency"] for g in written["grants"]} == {"GBP"}
    grants, _, _ = _raw_abct()
    assert [g["awardDate"] for g in written["grants"]] == [g["awardDate"][:10] for g in grants]
    again = formats.read_360giving(out)
    assert again.info.currency == "GBP"
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

    out = tmp_path / TAS.name  # a dataset read from Popolo is named after its file
    formats.write_popolo(ds, out)
    assert formats.read_popolo(out) == ds


def test_sqlite_store_round_trips_and_is_queryable(tmp_path: Path):
    ds = formats.read_360giving(ABCT)
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
        assert con.execute("select value from civica_meta where key = 'currency'").fetchone()[0] == "GBP"
        decided = [r[0] for r in con.execute("select decided from applications order by rowid")]
        assert decided == [g["awardDate"][:10] for g in grants]
    con.close()
    assert formats.load_sqlite(f) == ds


def test_a_file_that_is_not_a_database_is_a_parse_error_naming_it(tmp_path: Path):
    import civica

    f = tmp_path / "notes.sqlite"
    f.write_text("just some text\n" * 100, encoding="utf-8")
    with pytest.raises(civica.ParseError, match="notes.sqlite"):
        formats.load_sqlite(f)


ABCT_CSV = REPO / "tests" / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.csv"


def test_the_360giving_flat_csv_made_by_python_imports_like_the_json():
    grants, total, recipients = _raw_abct()
    ds = formats.read_360giving(ABCT_CSV)
    assert ds.info.currency == "GBP"
    assert len(ds.applications) == 783
    assert int(ds.applications.column("awarded_kopecks").sum()) == int(total * 100)
    assert {ds.applications[i].applicant for i in range(len(ds.applications))} == recipients
    # Read as the JSON, but for the package's name and source.
    from_json = formats.read_360giving(ABCT)
    ds.info = from_json.info
    assert ds == from_json


def test_extras_return_what_the_dataset_has_no_place_for(tmp_path: Path):
    grants, _, _ = _raw_abct()
    extras: list = []
    ds = formats.read_360giving(ABCT, extras=extras)
    assert len(extras) == len(grants)
    for x, g in zip(extras, grants):
        assert x["id"] == g["id"]
        assert x["description"] == g["description"]
        assert [loc["name"] for loc in x["beneficiary_locations"]] == [
            loc["name"] for loc in g.get("beneficiaryLocation", [])]
        assert x["extra_keys"]["Award Date - website format"] == g["Award Date - website format"]
        assert x["extra_keys"].get("Website") == g.get("Website")

    out = tmp_path / "export.json"
    formats.write_360giving(ds, out, extras=extras)
    written = json.loads(out.read_text(encoding="utf-8"))["grants"]
    assert [g["awardDate"][:10] for g in written] == [g["awardDate"][:10] for g in grants]
    assert [g.get("Website") for g in written] == [g.get("Website") for g in grants]
    assert [g["description"] for g in written] == [g["description"] for g in grants]

    out_csv = tmp_path / "export.csv"
    formats.write_360giving_csv(ds, out_csv, extras=extras)
    extras2: list = []
    ds2 = formats.read_360giving(out_csv, extras=extras2)
    assert ds2.info.currency == "GBP"
    assert [a.decided for a in ds2.applications] == [a.decided for a in ds.applications]
    assert [x["description"] for x in extras2] == [x["description"] for x in extras]


@pytest.mark.parametrize("where", ["id", "recipientOrganization", "fundingOrganization"])
def test_a_360giving_id_of_spaces_is_a_problem_of_its_grant(tmp_path: Path, where):
    # An organisation id of spaces passed the reader's check for a missing id, and the dataset's
    # refusal stopped the whole read, even with on_error="skip", naming no grant.
    def grant(i):
        return {"id": f"G-{i}", "title": "T", "currency": "GBP", "amountAwarded": 100, "awardDate": "2020-02-29",
                "recipientOrganization": [{"id": f"GB-CHC-{i}", "name": "R"}],
                "fundingOrganization": [{"id": "GB-CHC-9", "name": "F"}]}
    bad = grant(2)
    if where == "id":
        bad["id"] = "  "
    else:
        bad[where][0]["id"] = "  "
    src = tmp_path / "grants.json"
    src.write_text(json.dumps({"grants": [grant(1), bad, grant(3)]}), encoding="utf-8")
    problems: list = []
    ds = civica.io.read(src, on_error="skip", problems=problems)
    assert [a.id for a in ds.applications] == ["G-1", "G-3"]
    assert len(problems) == 1 and problems[0].check == "bad_value", problems
    assert "is only spaces" in problems[0].message and where in problems[0].field, problems[0]
    with pytest.raises(civica.ParseError, match="is only spaces"):
        civica.io.read(src)


@pytest.mark.parametrize("key, says", [("Identifier", "is the header of the standard field id"),
                                       ("Amount Applied For", "is the header of the standard field amountAppliedFor"),
                                       ("recipientOrganization/0/name",
                                        "is the header of the standard field recipientOrganization.name"),
                                       (" Website ", "has spaces around it, which a CSV header loses")])
def test_a_grants_own_key_flat_csv_cannot_keep_is_refused_not_lost(tmp_path: Path, key, says):
    # A publisher's key named like a column's title: written to flat CSV, "Identifier" was
    # overwritten by the grant's id and "Amount Applied For" became the grant's request.
    g = {"id": "G-1", "title": "T", "currency": "GBP", "amountAwarded": 100, "awardDate": "2020-02-29",
         "recipientOrganization": [{"id": "GB-CHC-1", "name": "R"}],
         "fundingOrganization": [{"id": "GB-CHC-2", "name": "F"}], key: "500"}
    src = tmp_path / "grants.json"
    src.write_text(json.dumps({"grants": [g]}), encoding="utf-8")
    extras: list = []
    ds = civica.io.read(src, extras=extras)
    assert extras[0]["extra_keys"] == {key: "500"}
    out = tmp_path / "grants.csv"
    with pytest.raises(civica.ValidationError, match=f'grant "G-1": its own key "{key}" {says}, so flat CSV cannot '
                                                     "keep it: write 360Giving JSON"):
        civica.io.write(ds, out, "360giving", extras=extras)
    assert not out.exists()
    civica.io.write(ds, tmp_path / "back.json", "360giving", extras=extras)  # JSON keeps it
    back: list = []
    civica.io.read(tmp_path / "back.json", extras=back)
    assert back[0]["extra_keys"] == {key: "500"}


def test_check_360giving_reports_problems_by_line_and_column(tmp_path: Path):
    p = tmp_path / "grants.csv"
    p.write_text(
        "Identifier,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,"
        "Funding Org:Identifier,Funding Org:Name\n"
        "A,GBP,0,01/01/2020,GB-CHC-1,R,GB-CHC-2,F\n"
        "A,GBP,-5,2020-01-01,GB-CHC-1,R,GB-CHC-2,F\n",
        encoding="utf-8")
    problems = formats.check_360giving(p)
    found = {(x.check, x.severity, x.line, x.field) for x in problems}
    assert ("zero_amount", "warning", 2, "Amount Awarded") in found
    assert ("duplicate_id", "error", 3, "Identifier") in found
    assert ("negative_amount", "error", 3, "Amount Awarded") in found
    assert formats.check_360giving(ABCT_CSV) == [] or all(
        x.severity == "warning" for x in formats.check_360giving(ABCT_CSV))


def test_a_negative_360giving_amount_is_a_parse_error_named_as_the_checks_name_it():
    # The reader and check_360giving agree: check "negative_amount", field "amountAwarded".
    import civica

    path = REPO / "tests" / "data" / "bad" / "360giving" / "negative_amount.json"
    with pytest.raises(civica.ParseError) as e:
        civica.io.read(path)
    assert e.value.field == "amountAwarded" and "cannot be negative" in str(e.value)
    skipped = []
    civica.io.read(path, on_error="skip", problems=skipped)
    assert [(p.check, p.field) for p in skipped] == [("negative_amount", "amountAwarded")]


def test_two_terms_of_one_body_with_the_same_dates_read_back_from_popolo_as_one(tmp_path):
    import datetime as dt

    import civica

    # As docs/formats.md says: Popolo holds a term as memberships of its body and dates, so two
    # such terms share them and read back as one of both sizes, with the first one's note; the
    # writer's warning counts the term not kept.
    ds = civica.Dataset(name="council")
    ds.add(civica.CollegialBody(id="b", name="Совет"))
    for members, note in ((5, "первый"), (7, "второй")):
        ds.add(civica.MembershipTerm(body="b", start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1),
                                     members=members, note=note))
    path = tmp_path / "council.json"
    with pytest.warns(civica.io.DataNotKeptWarning, match=r"1 membership_terms"):
        civica.io.write(ds, path, format="popolo")
    terms = [(t.members, t.note) for t in civica.io.read(path).membership_terms]
    assert terms == [(12, "первый")]


def test_the_popolo_writer_says_the_currency_of_a_dataset_with_money_is_not_kept(tmp_path):
    # docs/formats.md: Popolo holds no money, and its writer says the currency is not kept.
    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    ds.info.currency = "GBP"
    with pytest.warns(civica.io.DataNotKeptWarning) as caught:
        civica.io.write(ds, tmp_path / "council.json", "popolo")
    said = " ".join(str(w.message) for w in caught)
    assert "the currency: GBP reads back as RUB" in said, said
    assert civica.io.read(tmp_path / "council.json", "popolo").info.currency == "RUB"

