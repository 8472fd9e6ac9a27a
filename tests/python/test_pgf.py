"""civica.pgf: the Presidential Grants Fund layout, checked against the sample file read with
Python's own csv module."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "pgf" / "sample.csv"


def rows():
    with open(SAMPLE, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def kopecks(text: str) -> int:
    return int(Decimal(text) * 100)


def test_the_columns_are_the_passports():
    import civica.pgf

    with open(SAMPLE, encoding="utf-8") as f:
        assert f.readline().rstrip("\n").split(";") == civica.pgf.COLUMNS
    assert len(civica.pgf.COLUMNS) == 29


def test_reads_counts_and_success_rates_of_the_sample():
    import civica.pgf

    ds = civica.pgf.read(SAMPLE)
    r = rows()
    assert len(ds.applications) == len(r) == 30
    pop = {"Москва": 13_000_000, "Республика Адыгея": 500_000,
           "Ханты-Мансийский автономный округ – Югра": 1_700_000}
    p = civica.pgf.panel(ds, pop)
    apps, wins, decided = Counter(), Counter(), Counter()
    for x in r:
        key = (int(x["year"]), x["region"])
        apps[key] += 1
        wins[key] += x["winner"] == "True"
        decided[key] += x["winner"] != ""
    t = p["by_region_year"]
    assert len(t["year"]) == len(apps)
    for y, reg, a, w, s in zip(t["year"], t["region"], t["applications"], t["winners"], t["success_rate"]):
        assert a == apps[(y, reg)]
        assert w == wins[(y, reg)]
        assert s == pytest.approx(wins[(y, reg)] / decided[(y, reg)], rel=1e-12)

    awarded = defaultdict(int)
    for x in r:
        if x["winner"] == "True":
            awarded[(int(x["year"]), x["direction"])] += kopecks(x["money_req_grant"])
    d = p["by_direction_year"]
    for y, direction, k in zip(d["year"], d["direction"], d["awarded_kopecks"]):
        assert k == awarded.get((y, direction), 0)
    assert sum(d["awarded_kopecks"]) == sum(awarded.values())


def test_lenient_identifiers_are_reported_and_strict_ones_raise(tmp_path):
    import civica
    import civica.pgf

    text = SAMPLE.read_text(encoding="utf-8").replace("1234567894", "1234567895")
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(civica.ParseError) as e:
        civica.pgf.read(bad)
    assert "inn" in str(e.value)
    assert isinstance(e.value, ValueError)
    issues: list = []
    ds = civica.pgf.read(bad, lenient_identifiers=True, issues=issues)
    assert len(ds.applications) == 30
    assert [(i.field, i.check, i.severity, i.file) for i in issues] == [
        ("inn", "invalid_identifier", "warning", "bad.csv")]


def test_read_takes_problems_as_civica_io_read_does(tmp_path):
    # civica.pgf.read is civica.io.read(path, "pgf", ...): the list of problems is problems=, as
    # there (it was a TypeError: "got multiple values for keyword argument 'problems'").
    import civica
    import civica.pgf

    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace("1234567894", "1234567895"), encoding="utf-8")
    expected: list = []
    civica.io.read(bad, "pgf", lenient_identifiers=True, problems=expected)
    problems: list = []
    ds = civica.pgf.read(bad, lenient_identifiers=True, problems=problems)
    assert len(ds.applications) == 30 and problems == expected
    assert [(p.field, p.check, p.severity) for p in problems] == [("inn", "invalid_identifier", "warning")]
    # Skip mode lists the rows left out there too.
    skipped: list = []
    ds = civica.pgf.read(bad, on_error="skip", problems=skipped)
    assert len(ds.applications) < 30 and skipped and all(p.severity == "error" for p in skipped)
    # issues= is another name for problems=; two different lists are a mistake.
    same: list = []
    assert civica.pgf.read(bad, lenient_identifiers=True, problems=same, issues=same) is not None
    assert same == expected
    with pytest.raises(TypeError, match="problems= or issues="):
        civica.pgf.read(bad, lenient_identifiers=True, problems=[], issues=[])


def test_writes_what_it_reads(tmp_path):
    import civica.pgf

    ds = civica.pgf.read(SAMPLE)
    out = tmp_path / "again.csv"
    civica.pgf.write(ds, out)
    again = civica.pgf.read(out)
    assert len(again.applications) == len(ds.applications)
    total = sum(kopecks(x["money_req_grant"]) for x in rows() if x["winner"] == "True")
    p = civica.pgf.panel(again, {})
    assert sum(p["by_direction_year"]["awarded_kopecks"]) == total


def test_a_mistyped_year_on_a_contests_first_line_is_that_line_not_the_rest(tmp_path):
    """A contest's year is the one most of its lines give: a year mistyped on its first line is
    the line refused (or, skipping, the one row left out), not every other row of the contest;
    and the contest does not take the id of the real contest of the mistyped year."""
    import warnings

    import civica
    import civica.io

    national = civica.synth.national(applications=2000, regions=3, seed=1)
    path = tmp_path / "registry.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", civica.io.DataNotKeptWarning)
        civica.io.write(national, path, "pgf")
    lines = path.read_text(encoding="utf-8").split("\n")
    fields = lines[1].split(";")
    contest, year = fields[1], fields[2]
    assert year == "2017" and any(line.split(";")[2:3] == ["2019"] for line in lines[2:] if line)
    same_contest = sum(1 for line in lines[1:] if line and line.split(";")[1] == contest)
    fields[2] = "2019"
    lines[1] = ";".join(fields)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(civica.ParseError, match=r'registry\.csv:2: column "year": .* is of 2017 on most of its lines, here of 2019'):
        civica.io.read(path)
    problems: list = []
    ds = civica.io.read(path, on_error="skip", problems=problems)
    assert [(p.line, p.field) for p in problems] == [(2, "year")]
    assert len(ds.applications) == 1999
    contests = {line.split(";")[1] for line in lines[1:] if line}
    assert len(ds.competitions) == len(contests)
    assert sum(1 for c in ds.competitions if c.year == 2017) == \
        len({line.split(";")[1] for line in lines[1:] if line and line.split(";")[2] == "2017"})
    assert same_contest > 100


@pytest.mark.parametrize("with_population", [False, True])
def test_the_panels_parts_are_columns_of_equal_length_and_the_per_capita_year(with_population):
    # As the docstring of civica.pgf.panel says: each part a dict of equal-length lists, but
    # per_capita["year"], one int, the last year of the data (with or without a population).
    import civica
    import civica.pgf

    nation = civica.synth.national(applications=3000, regions=8, seed=11)
    regions = sorted(set(civica.pgf.panel(nation, {})["by_region_year"]["region"]))
    population = {r: 10_000 * (i + 1) for i, r in enumerate(regions)} if with_population else {}
    p = civica.pgf.panel(nation, population)
    assert list(p) == ["by_region_year", "by_direction_year", "top_recipients", "concentration",
                       "winner_trends", "per_capita"]
    for name, part in p.items():
        columns = {k: v for k, v in part.items() if not (name == "per_capita" and k == "year")}
        assert all(isinstance(v, list) for v in columns.values()), name
        assert len({len(v) for v in columns.values()}) == 1, name
    year = p["per_capita"]["year"]
    assert type(year) is int and year == max(p["by_region_year"]["year"])
    assert len(p["per_capita"]["region"]) == (len(regions) if with_population else 0)
    assert "per_capita[\"year\"]``, one int" in " ".join((civica.pgf.panel.__doc__ or "").split())


def test_an_inn_named_otherwise_on_a_later_row_is_a_warning_in_validate(tmp_path):
    # The registry's applicant is one organisation per INN, with its first row's name: a later
    # row naming the INN otherwise (a renamed organisation) is not kept, and is said once.
    import civica

    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    for n in (11, 20):  # lines 2, 9, 11, 20 and 29 hold INN 8614008550
        lines[n - 1] = lines[n - 1].replace("Ассоциация «Северный край»", "Ассоциация «Северный край — Югра»")
    renamed = tmp_path / "renamed.csv"
    renamed.write_text("".join(lines), encoding="utf-8")
    problems: list = []
    ds = civica.io.read(renamed, "pgf", problems=problems)
    assert ds.organizations["inn-8614008550"].full_name == "Ассоциация «Северный край»"
    assert [(p.line, p.field, p.check, p.severity, p.record_id) for p in problems] == [
        (11, "org", "shared_inn", "warning", "inn-8614008550")]
    assert "«Северный край — Югра»" in problems[0].message and "on line 2" in problems[0].message
    assert [(p.line, p.check) for p in civica.io.problems(renamed, format="pgf")] == [(11, "shared_inn")]
