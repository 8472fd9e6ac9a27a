"""The bundled datasets against the Khanty-Mansiysk 2020 report (DOMAIN.md section 1).

The published dataset must hold every figure of the report as an indicator; the synthetic
dataset must reproduce every figure when its records are counted with pandas, independently of
civica's own analyses.
"""

from __future__ import annotations

import pandas as pd
import pytest

civica = pytest.importorskip("civica")

KM = "khanty-mansiysk"
SOCIAL_DESIGN = "Социальное проектирование в НКО"
NGO_REPORTING = "Отчетность некоммерческой организации"

# DOMAIN.md section 1: (key, year, breakdown, value, qualifier, unit).
PUBLISHED = [
    ("councils.public_councils", 2020, "", 13, "exact", "count"),
    ("councils.chamber_renewals", 2020, "", 1, "exact", "count"),  # row 2: membership renewed in 2020
    ("councils.collegial_bodies", 2020, "", 14, "exact", "count"),
    ("councils.meetings", 2020, "", 59, "exact", "count"),
    ("councils.agenda_questions", 2020, "", 134, "exact", "count"),
    ("resource_centre.openings", 2020, "", 1, "exact", "count"),  # row 6: the centre started work in 2020
    ("training.courses", 2020, "", 2, "exact", "count"),
    ("training.ngos_trained", 2020, "", 31, "exact", "count"),
    ("training.participants", 2020, SOCIAL_DESIGN, 26, "exact", "count"),
    ("training.participants", 2020, NGO_REPORTING, 5, "exact", "count"),
    ("ngo.registered", 2020, "", 300, "more_than", "count"),
    ("ngo.public_associations", 2020, "", 50, "exact", "count"),
    ("grants.winners", 2017, "", 7, "exact", "count"),
    ("grants.winners", 2020, "", 52, "exact", "count"),
    ("grants.funds_attracted", 2020, "", 30_000_000, "more_than", "RUB"),
    ("grants.individual.applicants", 2020, "", 70, "more_than", "count"),
    ("grants.individual.winners", 2020, "", 16, "exact", "count"),
    ("grants.individual.amount", 2020, "", 3_700_000, "exact", "RUB"),
    ("grants.individual.rank_among_municipalities", 2020, "", 1, "exact", "rank"),
]


def _text(series: pd.Series) -> pd.Series:
    """A column as plain strings, missing values as ''."""
    return series.astype(object).where(series.notna(), "").astype(str)


@pytest.fixture(scope="module")
def published():
    return civica.datasets.load("khanty-mansiysk-2020")


@pytest.fixture(scope="module")
def synthetic():
    return civica.datasets.load("khanty-mansiysk-2020-synthetic")


# ---------------------------------------------------------------- the published figures


def test_both_datasets_are_bundled():
    names = civica.datasets.names()
    assert "khanty-mansiysk-2020" in names
    assert "khanty-mansiysk-2020-synthetic" in names


def test_a_bundled_name_is_read_with_the_read_options_given(tmp_path, monkeypatch):
    # The options hold as they do for the dataset's folder: a bad one is refused, not ignored.
    name = "khanty-mansiysk-2020-synthetic"
    for options, error in (({"on_error": "bogus"}, civica.ValidationError), ({"no_such_option": 1}, TypeError)):
        with pytest.raises(error):
            civica.io.read(civica.datasets.path(name), **options)
        with pytest.raises(error):
            civica.datasets.load(name, **options)
    # A good one takes effect: a data folder whose copy of the dataset has one bad row is read
    # in skip mode with that row listed, and refused without it.
    import shutil

    data = tmp_path / "data"
    shutil.copytree(civica.datasets.path(name), data / "datasets" / name)
    courses = data / "datasets" / name / "courses.csv"
    lines = courses.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[1].split(",")
    fields[4] = "many"  # hours
    courses.write_text(lines[0] + ",".join(fields) + "".join(lines[2:]), encoding="utf-8")
    monkeypatch.setenv("CIVICA_DATA_DIR", str(data))
    with pytest.raises(civica.ParseError, match="courses.csv"):
        civica.datasets.load(name)
    problems = []
    ds = civica.datasets.load(name, on_error="skip", problems=problems)
    errors = [(p.file, p.line, p.field) for p in problems if p.severity == "error"]
    assert errors[0] == ("courses.csv", 2, "hours")
    assert len(ds.courses) == len(lines) - 2


def test_the_published_dataset_is_not_synthetic(published):
    assert published.info.synthetic is False
    assert published.info.territory == KM


def test_the_published_dataset_holds_every_figure_of_the_report(published):
    ind = published.indicators.to_pandas()
    ind["breakdown"] = _text(ind["breakdown"])
    ind["territory"] = _text(ind["territory"])
    ind["qualifier"] = _text(ind["qualifier"])
    assert len(ind) == len(PUBLISHED)
    for key, year, breakdown, value, qualifier, unit in PUBLISHED:
        row = ind[(ind["key"] == key) & (ind["year"] == year) & (ind["breakdown"] == breakdown)]
        assert len(row) == 1, (key, year, breakdown)
        row = row.iloc[0]
        assert row["value"] == value, key
        assert row["qualifier"] == qualifier, key
        assert row["unit"] == unit, key
        assert row["territory"] == KM, key
        assert "Ханты-Мансийска" in row["source"], key


def test_the_published_dataset_invents_no_identifiers_or_records(published):
    orgs = published.organizations.to_pandas()
    assert (_text(orgs["inn"]) == "").all()
    assert (_text(orgs["ogrn"]) == "").all()
    assert len(published.applications) == 0
    assert len(published.meetings) == 0
    assert len(published.enrolments) == 0


# ---------------------------------------------------------------- the synthetic records


def test_the_synthetic_dataset_says_it_is_synthetic(synthetic):
    assert synthetic.info.synthetic is True
    assert "SYNTHETIC" in synthetic.info.title
    assert "SYNTHETIC" in synthetic.info.description
    assert len(synthetic.indicators) == 0


def test_synthetic_ngos_more_than_300_of_which_50_public_associations(synthetic):
    orgs = synthetic.organizations.to_pandas()
    city = orgs[(_text(orgs["municipality"]) == KM) & orgs["nonprofit"]]
    assert len(city) > 300
    assert int(city["public_association"].sum()) == 50


def test_synthetic_councils_meetings_and_questions(synthetic):
    bodies = synthetic.bodies.to_pandas()
    kinds = _text(bodies["kind"])
    assert (kinds == "public_council").sum() == 13
    assert (kinds == "public_chamber").sum() == 1
    assert len(bodies) == 14

    terms = synthetic.membership_terms.to_pandas()
    chamber = terms[_text(terms["body"]) == "public-chamber"]
    renewed = chamber[pd.to_datetime(chamber["start"]).dt.year == 2020]
    assert len(renewed) == 1
    assert "renewed" in renewed.iloc[0]["note"]

    meetings = synthetic.meetings.to_pandas()
    meetings_2020 = meetings[pd.to_datetime(meetings["held"]).dt.year == 2020]
    assert len(meetings_2020) == 59
    assert meetings_2020["body"].nunique() == 14

    questions = synthetic.agenda_questions.to_pandas()
    assert questions["meeting"].isin(meetings_2020["id"]).sum() == 134


@pytest.mark.parametrize("seed", [None, 1, 7, 123])
def test_synthetic_meetings_are_held_by_a_membership_in_office_with_a_quorum(synthetic, seed):
    # 15 of the 59 meetings fell outside every term of their council (terms of 2017 ended in
    # 2020 and were not renewed), and so had no attendance though held in person.
    ds = synthetic if seed is None else civica.synth.khanty_mansiysk_2020(seed=seed)
    terms = ds.membership_terms.to_pandas()
    meetings = ds.meetings.to_pandas()
    pairs = meetings.merge(terms, on="body")
    inside = pairs[(pairs["held"] >= pairs["start"]) & (pairs["held"] <= pairs["end"])]
    assert set(inside["id"]) == set(meetings["id"])
    # At most one term of a body in office on any day.
    assert not inside["id"].duplicated().any()
    # Attendance, where recorded, is a quorum of that term: more than half its members.
    held_by = inside.set_index("id")
    with_attendance = meetings.dropna(subset=["attendance"])
    for _, m in with_attendance.iterrows():
        size = held_by.loc[m["id"], "members"]
        assert size // 2 < m["attendance"] <= size, m["id"]
    not_absentee = meetings[meetings["format"] != "absentee"]
    assert not_absentee["attendance"].notna().all()


def test_synthetic_training_26_and_5_participants_from_31_ngos(synthetic):
    courses = synthetic.courses.to_pandas()
    enrolments = synthetic.enrolments.to_pandas()
    merged = enrolments.merge(courses, left_on="course", right_on="id")
    per_course = merged.groupby("title")["participants"].sum()
    assert per_course[SOCIAL_DESIGN] == 26
    assert per_course[NGO_REPORTING] == 5
    assert enrolments["organization"].nunique() == 31
    assert len(courses) == 2
    assert (_text(courses["format"]) == "distance").all()
    assert (_text(courses["organiser"]) == "resource-centre").all()
    assert (_text(courses["partner"]) == "csi-yugra-foundation").all()


def _applications_with_context(ds) -> pd.DataFrame:
    apps = ds.applications.to_pandas()
    comps = ds.competitions.to_pandas()[["id", "programme", "year"]].rename(columns={"id": "competition"})
    progs = ds.programmes.to_pandas()[["id", "kind"]].rename(columns={"id": "programme"})
    orgs = ds.organizations.to_pandas()[["id", "municipality"]]
    persons = ds.persons.to_pandas()[["id", "municipality"]]
    places = pd.concat([orgs, persons]).rename(columns={"id": "applicant"})
    apps["competition"] = _text(apps["competition"])
    comps["competition"] = _text(comps["competition"])
    comps["programme"] = _text(comps["programme"])
    progs["programme"] = _text(progs["programme"])
    places["applicant"] = _text(places["applicant"])
    apps["applicant"] = _text(apps["applicant"])
    out = apps.merge(comps, on="competition").merge(progs, on="programme").merge(places, on="applicant")
    out["kind"] = _text(out["kind"])
    out["status"] = _text(out["status"])
    out["municipality"] = _text(out["municipality"])
    assert len(out) == len(apps)
    return out


def test_synthetic_grant_winners_7_in_2017_52_in_2020_and_more_than_30_million(synthetic):
    apps = _applications_with_context(synthetic)
    ngo = apps[apps["kind"].isin(["presidential_grants", "governor_ngo"]) & (apps["municipality"] == KM)]
    winners = ngo[ngo["status"] == "winner"].groupby("year").size()
    assert winners[2017] == 7
    assert winners[2020] == 52
    assert winners[2017] < winners[2018] < winners[2019] < winners[2020]

    per_year = ngo.groupby("year").size()
    assert list(per_year.index) == [2017, 2018, 2019, 2020]
    assert per_year.is_monotonic_increasing and per_year.is_unique  # grows every year
    rejected = ngo[ngo["status"] == "rejected"].groupby("year").size()
    assert all(rejected.get(y, 0) > 0 for y in range(2017, 2021))

    awarded_2020 = ngo[(ngo["year"] == 2020) & (ngo["status"] == "winner")]["awarded_kopecks"].sum()
    assert int(awarded_2020) > 30_000_000 * 100
    assert ngo[ngo["status"] != "winner"]["awarded_kopecks"].isna().all()


def test_synthetic_individual_grants_more_than_70_applicants_16_winners_3_7_million_rank_1(synthetic):
    apps = _applications_with_context(synthetic)
    ind = apps[apps["kind"] == "governor_individual"]
    assert (ind["year"] == 2020).all()
    city = ind[ind["municipality"] == KM]
    assert city["applicant"].nunique() > 70
    city_winners = city[city["status"] == "winner"]
    assert len(city_winners) == 16
    assert int(city_winners["awarded_kopecks"].sum()) == 370_000_000  # 3 700 000.00 roubles

    by_city = ind[ind["status"] == "winner"].groupby("municipality").size().sort_values(ascending=False)
    assert by_city.index[0] == KM
    assert by_city.iloc[0] == 16
    assert (by_city.iloc[1:] < 16).all()
    assert len(by_city) >= 5


def test_synthetic_resource_centre_gives_every_kind_of_support_and_monitors_projects(synthetic):
    services = synthetic.services.to_pandas()
    assert set(_text(services["kind"])) == {
        "information", "consulting", "education", "organization", "grants_help", "other"}
    assert (_text(services["provider"]) == "resource-centre").all()
    assert (pd.to_datetime(services["provided"]).dt.year == 2020).all()

    monitoring = synthetic.monitoring.to_pandas()
    apps = synthetic.applications.to_pandas()
    winners = set(_text(apps[_text(apps["status"]) == "winner"]["id"]))
    assert len(monitoring) > 0
    assert set(_text(monitoring["application"])) <= winners


def test_synthetic_identifiers_have_valid_checksums(synthetic):
    orgs = synthetic.organizations.to_pandas()
    inns = [x for x in _text(orgs["inn"]) if x]
    assert len(inns) > 300
    assert all(civica.ids.is_valid_inn10(x) for x in inns)
    assert all(civica.ids.is_valid_ogrn(x) for x in _text(orgs["ogrn"]) if x)


def test_the_synthetic_folder_is_what_the_generator_makes(synthetic):
    assert civica.synth.khanty_mansiysk_2020() == synthetic


@pytest.mark.parametrize("seed", [2020, 1, 2, 3, 7, 2021])
def test_no_synthetic_organisation_applies_before_it_is_registered(seed):
    # km-ngo-289, registered 2017-12-06, applied on 2017-01-20 and won (seed 2020, the bundled
    # folder); other seeds had 4 to 9 such applications.
    ds = civica.synth.khanty_mansiysk_2020(seed=seed)
    apps = ds.applications.to_pandas()
    orgs = ds.organizations.to_pandas().set_index("id")
    by_orgs = apps[apps["applicant_type"] == "organization"]
    registered = by_orgs["applicant"].astype(str).map(orgs["registered"])
    early = by_orgs[registered.notna() & (registered >= by_orgs["submitted"])]
    assert early.empty, early[["id", "applicant", "submitted"]].head()
    # Every organisation still applies at most once to a competition.
    assert not by_orgs.duplicated(["competition", "applicant"]).any()


@pytest.mark.parametrize("seed", [None, 1, 5, 100])
def test_synthetic_help_with_a_residents_application_comes_before_it(synthetic, seed):
    # 8 of 23 services "помощь в подготовке заявки на грант Губернатора для физических лиц" were
    # dated after the person had submitted.
    ds = synthetic if seed is None else civica.synth.khanty_mansiysk_2020(seed=seed)
    services = ds.services.to_pandas()
    apps = ds.applications.to_pandas()
    help_ = services[(services["recipient_type"] == "person") & (services["kind"] == "grants_help")]
    first = apps[apps["applicant_type"] == "person"].groupby("applicant")["submitted"].min()
    joined = help_.join(first, on="recipient")
    assert len(joined) == len(help_) and joined["submitted"].notna().all()
    assert (joined["provided"] < joined["submitted"]).all()
    # Still on working days: no Saturday or Sunday.
    assert (joined["provided"].dt.day_of_week < 5).all()
