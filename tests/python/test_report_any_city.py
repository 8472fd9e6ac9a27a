"""The report is right for any city, and states every figure as analysis defines it.

The Surgut 2024 dataset (tests/data/surgut-2024, hand-made, see its SOURCE.md) is the shape a
clerk of another city makes: its own municipal competition, courses that are not
Khanty-Mansiysk's, a youth parliament, other cities' organisations and residents, withdrawn
applications, the city's name forms. Every expected figure is counted here from the CSV files
with the csv module, not read back from civica.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import tempfile
from contextlib import redirect_stdout
from decimal import Decimal
from pathlib import Path
from typing import Dict, List

import pytest

civica = pytest.importorskip("civica")
report = pytest.importorskip("civica.report")
analysis = pytest.importorskip("civica.analysis")

REPO = Path(__file__).resolve().parents[2]
SURGUT = REPO / "tests" / "data" / "surgut-2024"


def rows(table: str, folder: Path = SURGUT) -> List[Dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_rows(folder: Path, table: str, data: List[Dict[str, str]]) -> None:
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(data[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(data)


def copy_of_surgut(tmp_path: Path) -> Path:
    folder = Path(tempfile.mkdtemp(dir=tmp_path)) / "surgut-2024"
    shutil.copytree(SURGUT, folder)
    return folder


@pytest.fixture(scope="module")
def surgut():
    return civica.io.read(SURGUT)


def run_cli(*args: str) -> str:
    from civica import cli

    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["report", *args]) == 0
    return out.getvalue()


def section_text(r, section_id: str) -> str:
    for s in r.sections:
        if s.id == section_id:
            return " ".join(st.text or "" for st in s.statements)
    raise KeyError(section_id)


# ---------------------------------------------------------------- counts made here


def applicant_municipality() -> Dict[tuple, str]:
    out = {("organization", r["id"]): r["municipality"] for r in rows("organizations")}
    out.update({("person", r["id"]): r["municipality"] for r in rows("persons")})
    return out


def applications_of(kinds: set, year: str, municipality: str = "surgut") -> List[Dict[str, str]]:
    kind = {r["id"]: r["kind"] for r in rows("programmes")}
    comp = {r["id"]: r for r in rows("competitions")}
    where = applicant_municipality()
    return [a for a in rows("applications")
            if kind[comp[a["competition"]]["programme"]] in kinds and comp[a["competition"]]["year"] == year
            and where[(a["applicant_type"] or "organization", a["applicant"])] == municipality]


# ---------------------------------------------------------------- the city's own competitions


def test_the_citys_own_competition_has_a_section_with_its_figures(surgut):
    apps = applications_of({"municipal_subsidy"}, "2024")
    winners = [a for a in apps if a["status"] == "winner"]
    # Decided: won or rejected (m5 was withdrawn; m7 is admitted, still being judged).
    decided = [a for a in apps if a["status"] in ("winner", "rejected")]
    amount = sum(Decimal(a["awarded"]) for a in winners)
    assert (len(apps), len(winners), len(decided), amount) == (7, 3, 5, Decimal("1130000.50"))  # the file as written

    r = report.build(surgut, 2024, lang="ru")
    assert [s.id for s in r.sections][4:6] == ["grants", "municipal_grants"]
    assert r.figure("grants.municipal.applications").value == len(apps)
    assert r.figure("grants.municipal.winners").value == len(winners)
    assert r.figure("grants.municipal.success_rate").value == pytest.approx(len(winners) / len(decided))
    assert Decimal(str(r.figure("grants.municipal.amount").value)) == amount
    text = section_text(r, "municipal_grants")
    assert "муниципальные грантовые конкурсы («Гранты Главы города Сургута социально ориентированным НКО»)" in text
    assert "подано 7 заявок" in text
    assert "Поддержаны 3 проекта — 60 % рассмотренных заявок" in text.replace("\xa0", " ")
    assert "около 1,1 млн рублей" in text.replace("\xa0", " ")


def test_the_residents_who_won_are_counted_once_each(surgut):
    # A resident of Khanty-Mansiysk won twice in the 2024 competition for individuals: the
    # report's "residents who received support" counts people (as the published "16 горожан …
    # получили поддержку"), the money counts both wins.
    won = [a for a in applications_of({"governor_individual"}, "2024", "khanty-mansiysk") if a["status"] == "winner"]
    people = {a["applicant"] for a in won}
    assert len(won) > len(people)  # the file as written: someone won twice
    r = report.build(surgut, 2024, lang="en", territory="khanty-mansiysk")
    assert r.figure("grants.individual.winners").value == len(people)
    assert Decimal(str(r.figure("grants.individual.amount").value)) == sum(Decimal(a["awarded"]) for a in won)
    text = section_text(r, "individuals")
    assert f"{len(people)} residents who submitted projects received support" in text, text


def test_every_grant_figure_says_which_programmes_it_covers(surgut):
    r = report.build(surgut, 2024)
    kinds = {r_["id"]: r_["kind"] for r_ in rows("programmes")}
    grant_figures = [f for f in r.figures() if f.key.startswith("grants.")]
    assert grant_figures
    for f in grant_figures:
        assert f.programmes, f.key
        for p in f.programmes:
            assert p["kind"] == kinds[p["id"]]
        covered = {p["kind"] for p in f.programmes}
        if f.key.startswith("grants.municipal."):
            assert covered == {"municipal_subsidy"}, f.key
        elif f.key.startswith("grants.individual."):
            assert covered == {"governor_individual"}, f.key
        else:
            assert covered == {"presidential_grants", "governor_ngo"}, f.key
    # The Presidential and Governor's winners are theirs alone, never the city's competition.
    winners = [a for a in applications_of({"presidential_grants", "governor_ngo"}, "2024") if a["status"] == "winner"]
    assert r.figure("grants.winners").value == len(winners) == 3
    assert "Главы города Сургута" not in section_text(r, "grants")


# ---------------------------------------------------------------- sentences backed by the data


def test_no_sentence_of_khanty_mansiysk_is_said_about_another_city(surgut):
    md = report.render(surgut, 2024)
    assert "повышения квалификации" not in md
    # A course whose title holds «отчётность» says nothing of a reporting calendar.
    assert "Финансовая отчётность НКО" in md
    assert "календар" not in md
    # What a course taught is its topic, as its record says.
    for c in rows("courses"):
        if c["start"].startswith("2024") and c["topic"]:
            # «Тематика» whether the record names one topic or several («Темы курса …: гранты.»).
            assert f"Тематика курса «{c['title']}»: {c['topic']}." in md
    assert "Основы грантрайтинга" not in md  # a course of 2023
    # Not said of the city's courses: they were not all distance courses.
    assert "дистанционной форме" not in md


def test_the_khanty_mansiysk_reporting_calendar_comes_from_its_course_record(tmp_path):
    km = REPO / "data" / "datasets" / "khanty-mansiysk-2020"
    assert "календарь отчётности на 2021 год" in report.render("khanty-mansiysk-2020", 2020)
    folder = tmp_path / "km"
    shutil.copytree(km, folder)
    courses = rows("courses", folder)
    for c in courses:
        c["topic"] = ""
    write_rows(folder, "courses", courses)
    md = report.render(civica.io.read(folder), 2020)
    assert "календар" not in md  # no record says it: no sentence
    assert "«Отчетность некоммерческой организации» (5 представителей НКО)" in md


def test_a_course_attended_by_residents_on_their_own_counts_participants_not_ngo_representatives():
    # A resident enrolled without an organisation is no NGO's representative: «Проектная
    # деятельность НКО» (4 of the city's NGO representatives and a resident) said
    # «(5 представителей НКО)». A course of NGOs alone keeps the words of the source document.
    where = {r["id"]: r["municipality"] for r in rows("organizations") + rows("persons")}
    titles = {r["id"]: r["title"] for r in rows("courses") if r["start"].startswith("2024")}
    counts: Dict[str, List[int]] = {}
    for e in rows("enrolments"):
        who = e["organization"] or e["person"]
        if e["course"] in titles and where.get(who) == "surgut":
            n = counts.setdefault(titles[e["course"]], [0, 0])
            n[0] += int(e["participants"])
            n[1] += 0 if e["organization"] else 1
    assert sorted(counts.values()) == [[4, 0], [5, 1]]
    ru = report.render(civica.io.read(SURGUT), 2024)
    en = report.render(civica.io.read(SURGUT), 2024, lang="en")
    for title, (participants, residents) in counts.items():
        if residents:
            assert f"«{title}» ({participants} участников)" in ru, ru
            assert f"“{title}” ({participants} participants)" in en
        else:
            assert f"«{title}» ({participants} представителя НКО)" in ru, ru
            assert f"“{title}” ({participants} NGO representatives)" in en
    assert "представителей НКО" not in ru


def test_two_courses_of_one_title_are_worded_by_all_their_participants(tmp_path):
    # A title's participants count every course of that title: the wording followed one course
    # row, so one sentence called the same 7 participants «участников» and «представителей НКО».
    folder = tmp_path / "surgut-2024"
    shutil.copytree(SURGUT, folder)
    courses = rows("courses", folder)
    again = dict(next(c for c in courses if c["id"] == "c-projects"), id="c-projects-2")
    write_rows(folder, "courses", courses + [again])
    write_rows(folder, "enrolments", rows("enrolments", folder) + [
        {"course": "c-projects-2", "organization": "srg-sport", "person": "", "participants": "2", "completed": "true"}])
    ru = report.render(civica.io.read(folder), 2024)
    assert ru.count("«Проектная деятельность НКО» (7 участников)") == 2, ru
    assert "(7 представителей НКО)" not in ru


def test_individual_applicants_of_a_dataset_without_a_territory_are_residents_not_townspeople(tmp_path):
    # «горожане» are the people of one city: applicants from the region's 13 municipalities of a
    # dataset with no territory are «жители».
    folder = tmp_path / "no-territory"
    shutil.copytree(REPO / "data" / "datasets" / "khanty-mansiysk-2020-synthetic", folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    del manifest["territory"]
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    text = section_text(report.build(civica.io.read(folder), 2020, lang="ru"), "individuals")
    assert "горожан" not in text, text
    assert re.search(r"В 2020 году \d+ жител(ь|я|ей) воспользовал", text), text
    assert re.search(r"\d+ жител(ь|я|ей), представивш", text), text
    town = section_text(report.build(civica.datasets.load("khanty-mansiysk-2020-synthetic"), 2020, lang="ru"),
                        "individuals")
    assert "горожан воспользовались" in town and "жител" not in town, town


# ---------------------------------------------------------------- the city's name


def test_the_citys_name_is_declined_from_its_forms(surgut):
    md = report.render(surgut, 2024)
    assert "В городе Сургуте при органах местного самоуправления" in md
    assert "НКО города Сургута" in md
    assert not re.search(r"город[еау] Сургут(?![а-яё])", md), md
    assert md.startswith("# СУРГУТ")
    en = report.render(surgut, 2024, lang="en")
    assert en.startswith("# SURGUT")
    assert "In Surgut, 3 public councils work" in en


def test_the_verb_agrees_with_the_number_of_winners(tmp_path):
    """«победителем … стал 1 проект», «победителями … стали 2 проекта» (DOMAIN.md, plural rules)."""
    folder = copy_of_surgut(tmp_path)
    kinds = {"presidential_grants", "governor_ngo"}
    winners = [a["id"] for a in applications_of(kinds, "2024") if a["status"] == "winner"]
    assert len(winners) >= 2
    # One year of winners, so that the report states that year's number alone.
    comp_year = {r["id"]: r["year"] for r in rows("competitions")}
    data = [a for a in rows("applications", folder) if comp_year[a["competition"]] == "2024"]
    write_rows(folder, "applications", data)
    kept = {a["id"] for a in data}
    write_rows(folder, "monitoring", [m for m in rows("monitoring", folder) if m["application"] in kept])
    inds = [r for r in rows("indicators", folder) if r["key"] != "grants.winners"]
    write_rows(folder, "indicators", inds)
    many = " ".join(report.render(civica.io.read(folder), 2024).split())
    assert re.search(rf"победителями конкурсов на гранты Президента Российской Федерации и Губернатора"
                     rf"(?: Югры)? стали {len(winners)} проект", many), many
    for a in data:
        if a["id"] in winners[1:]:
            a["status"], a["awarded"] = "rejected", ""
    write_rows(folder, "applications", data)
    one = " ".join(report.render(civica.io.read(folder), 2024).split())
    assert re.search(r"победителем конкурсов на гранты Президента Российской Федерации и Губернатора"
                     r"(?: Югры)? стал 1 проект НКО", one), one


def test_no_public_associations_is_left_unsaid(tmp_path):
    """«из них 0 являются общественными объединениями» is not a sentence a city publishes."""
    folder = copy_of_surgut(tmp_path)
    orgs = rows("organizations", folder)
    for o in orgs:
        o["public_association"] = "false"
    write_rows(folder, "organizations", orgs)
    inds = [r for r in rows("indicators", folder) if r["key"] != "ngo.public_associations"]
    write_rows(folder, "indicators", inds)
    md = " ".join(report.render(civica.io.read(folder), 2024).split())
    registered = next(r["value"] for r in rows("indicators", folder) if r["key"] == "ngo.registered")
    assert f"действуют {registered} некоммерческих организаций." in md, md
    assert "из них" not in md
    assert "из них" in " ".join(report.render(civica.io.read(SURGUT), 2024).split())


def test_without_forms_the_report_words_its_sentences_so_that_they_need_none(tmp_path):
    folder = copy_of_surgut(tmp_path)
    munis = rows("municipalities", folder)
    for m in munis:
        m["name_genitive"] = m["name_prepositional"] = m["name_en"] = ""
    write_rows(folder, "municipalities", munis)
    ds = civica.io.read(folder)
    assert ds.municipalities[0].name_genitive == ""
    md = report.render(ds, 2024)
    assert "В муниципальном образовании «Сургут» при органах местного самоуправления" in md
    assert "муниципального образования «Сургут»" in md
    # Never the nominative where a case is needed (names from the data are declined already).
    assert not re.search(r"город[еау] Сургут(?![а-яё])", md), md
    assert not re.search(r"(в|В) Сургут(?![а-яё])", md), md


def test_an_untranslated_russian_name_stands_without_the_english_article(tmp_path):
    centre = next(r for r in rows("organizations") if r["id"] == "srg-rc")
    md = report.render(civica.io.read(SURGUT), 2024, lang="en")
    assert f"In Surgut, {centre['full_name']} works for NGOs" in md, md
    assert f"the {centre['full_name']}" not in md
    # A name in English keeps its article.
    folder = copy_of_surgut(tmp_path)
    orgs = rows("organizations", folder)
    for r in orgs:
        if r["id"] == "srg-rc":
            r["full_name"] = "Surgut NGO Resource Centre"
    write_rows(folder, "organizations", orgs)
    md = report.render(civica.io.read(folder), 2024, lang="en")
    assert "In Surgut, the Surgut NGO Resource Centre works for NGOs" in md, md


@pytest.mark.parametrize("name, kwargs", [
    ("folder", {}),
    ("db.sqlite", {}),
    ("tables.json", {}),
    ("tables.parquet", {}),
    ("csv-tab-cp1251", {"format": "csv", "separator": "\t", "encoding": "windows-1251"}),
])
def test_name_forms_travel_through_every_native_format(tmp_path, surgut, name, kwargs):
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    civica.io.write(surgut, tmp_path / name, **kwargs)
    back = civica.io.read(tmp_path / name, format=kwargs.get("format"))
    assert back == surgut
    m = back.municipalities[0]
    assert (m.name_genitive, m.name_prepositional, m.name_en) == ("Сургута", "Сургуте", "Surgut"), name
    assert civica.Municipality(id="x", name="Нягань", name_genitive="Нягани").name_genitive == "Нягани"


# ---------------------------------------------------------------- notes


def contradicted(tmp_path: Path):
    ds = civica.io.read(copy_of_surgut(tmp_path))
    ds.set_indicator("grants.municipal.winners", 2024, 5, source="выдумано для теста")
    return ds


def test_the_public_text_has_no_analysts_notes(tmp_path, surgut):
    for ds in (surgut, contradicted(tmp_path)):
        for fmt in ("md", "txt", "html"):
            text = report.render(ds, 2024, format=fmt)
            assert "опубликовано" not in text
            assert "таблица «" not in text
            assert not re.search(r"\((organizations|meetings|applications|enrolments|bodies|courses)\b", text)
            # Where the figures come from is said to every reader, in the report's language.
            assert "подсчитаны по записям набора данных «surgut-2024»" in text
    # The discrepancy is still data: in the content and in JSON.
    assert report.build(contradicted(tmp_path), 2024).discrepancies[0]["key"] == "grants.municipal.winners"


def test_notes_when_asked_are_in_the_reports_language(tmp_path):
    ds = contradicted(tmp_path)
    md = report.render(ds, 2024, notes=True)
    notes = md.split("### Примечания", 1)[1]
    assert ("число победителей муниципальных конкурсов (2024): опубликовано 5, по записям набора данных "
            "(таблица «заявки», 3 строки) — 3") in notes
    assert "подсчитаны по записям набора данных «surgut-2024»" in notes
    # No English table name or key: the only Latin letters are the dataset's name.
    assert not re.search(r"[A-Za-z]", notes.replace("surgut-2024", "")), notes
    en = report.render(ds, 2024, lang="en", notes=True)
    assert "winners of municipal competitions (2024): published 5, the dataset's records (table “applications”, 3 rows) give 3" in en


def test_the_command_line_adds_notes_with_notes(tmp_path):
    folder = copy_of_surgut(tmp_path)
    with (folder / "indicators.csv").open("a", encoding="utf-8") as f:
        f.write("grants.municipal.winners,2024,surgut,,5,exact,count,выдумано для теста\n")
    public = run_cli("--dataset", str(folder), "--year", "2024")
    noted = run_cli("--dataset", str(folder), "--year", "2024", "--notes")
    assert "опубликовано 5" not in public
    assert "опубликовано 5, по записям набора данных (таблица «заявки», 3 строки) — 3" in noted


# ---------------------------------------------------------------- spheres


def test_a_sphere_with_a_typo_is_refused_naming_the_record_field_value_and_codes(tmp_path):
    folder = copy_of_surgut(tmp_path)
    orgs = rows("organizations", folder)
    line = next(i for i, o in enumerate(orgs) if o["id"] == "srg-culture") + 2  # header is line 1
    orgs[line - 2]["spheres"] = "culure"
    write_rows(folder, "organizations", orgs)
    with pytest.raises(civica.CivicaError) as e:
        civica.io.read(folder)
    msg = str(e.value)
    for part in (f"organizations.csv:{line}", "spheres", "srg-culture", '"culure"', 'did you mean "culture"?',
                 "military_patriotic"):
        assert part in msg, msg
    # The model refuses it too, and every listed code is allowed.
    codes = [c for c, _ in civica.sphere_codes()]
    assert "culture" in codes and "culure" not in codes
    ds = civica.Dataset(name="x")
    with pytest.raises(civica.ValidationError, match='did you mean "sport"'):
        ds.add(civica.Organization(id="o", full_name="O", spheres=["spotr"]))
    ds.add(civica.Organization(id="o", full_name="O", spheres=codes))


def test_every_sphere_code_has_words_in_both_templates(surgut):
    for lang in ("ru", "en"):
        text = report.template_path(lang).read_text(encoding="utf-8")
        for code, _ in civica.sphere_codes():
            assert f"@term sphere.{code} " in text, (lang, code)
    md = report.render(surgut, 2024)
    landscape = md.split("## Некоммерческие организации", 1)[1].split("##", 1)[0]
    for code in ("military_patriotic", "sport", "ecology", "history", "youth"):
        assert code not in landscape
    assert "военно-патриотическое воспитание" in landscape


def test_every_key_and_table_the_notes_can_name_has_words_in_both_templates():
    tables = {"municipalities", "organizations", "persons", "programmes", "competitions", "applications",
              "courses", "enrolments", "bodies", "membership_terms", "meetings", "agenda_questions", "services",
              "monitoring", "indicators"}
    keys = {f["key"] for f in _definitions()}
    for lang in ("ru", "en"):
        text = report.template_path(lang).read_text(encoding="utf-8")
        for t in tables:
            assert f"@term table.{t} " in text, (lang, t)
        for k in keys - {"grants.winners.cagr"}:
            assert f"@term {k} " in text, (lang, k)


def _definitions() -> List[Dict[str, str]]:
    doc = (REPO / "docs" / "analysis.md").read_text(encoding="utf-8")
    section = doc.split("## Definitions", 1)[1].split("\n## ", 1)[0]
    return [{"key": m.group(1)} for m in re.finditer(r"^\| `([a-z_.]+)` \|", section, re.M)]


def test_the_definitions_table_of_the_docs_lists_every_key_the_report_states(surgut):
    documented = {d["key"] for d in _definitions()}
    assert {k for k, _, _ in civica.known_indicator_keys()} <= documented
    for ds, year in ((surgut, 2024), (civica.datasets.load("khanty-mansiysk-2020-synthetic"), 2020)):
        for f in report.build(ds, year, growth_rate=True).figures():
            assert f.key in documented, f.key


# ---------------------------------------------------------------- one definition of every figure


def _datasets(tmp_path: Path):
    """Varied datasets, with the year of their report."""
    out = [("khanty-mansiysk-2020", civica.datasets.load("khanty-mansiysk-2020"), 2020),
           ("khanty-mansiysk-2020-synthetic", civica.datasets.load("khanty-mansiysk-2020-synthetic"), 2020)]
    # A youth parliament (kind other) that met once, a council without a municipality, a
    # chamber term without a start date, and the published meetings changed.
    km = civica.synth.khanty_mansiysk_2020()
    km.add(civica.CollegialBody(id="youth", name="Молодёжный парламент", kind="other",
                                municipality="khanty-mansiysk"))
    km.add(civica.Meeting(id="youth-1", body="youth", held=dt.date(2020, 10, 1)))
    km.add(civica.CollegialBody(id="no-muni", name="Общественный совет без муниципалитета", kind="public_council"))
    km.add(civica.Meeting(id="no-muni-1", body="no-muni", held=dt.date(2020, 11, 2)))
    km.add(civica.MembershipTerm(body="public-chamber", note="без даты"))
    km.set_indicator("councils.meetings", 2020, 61)
    out.append(("khanty-mansiysk, other bodies", km, 2020))
    out.append(("surgut-2024", civica.io.read(SURGUT), 2024))
    # Surgut with published figures, one contradicted, one for a course, one of another city.
    s = civica.io.read(copy_of_surgut(tmp_path))
    s.set_indicator("grants.municipal.winners", 2024, 5)
    s.set_indicator("training.participants", 2024, 2, qualifier="more_than", breakdown="Финансовая отчётность НКО")
    s.set_indicator("councils.meetings", 2024, 10, territory="khanty-mansiysk")
    out.append(("surgut, published", s, 2024))
    # Surgut's report for Khanty-Mansiysk: the other city's records of the same dataset.
    out.append(("surgut-2024 for khanty-mansiysk", civica.io.read(SURGUT), 2024))
    from conftest import small_dataset  # a hand-made dataset touching every table

    out.append(("small", small_dataset(), 2020))
    return out


def test_every_figure_of_the_report_json_is_what_analysis_gives_for_its_key(tmp_path):
    checked = 0
    for name, ds, year in _datasets(tmp_path):
        territory = "khanty-mansiysk" if name.endswith("for khanty-mansiysk") else None
        data = json.loads(report.render(ds, year, format="json", territory=territory, growth_rate=True))
        assert data["discrepancies"] is not None
        statements = [st for s in data["sections"] for st in s["statements"]]
        for st in statements:
            figures = list(st["figures"])
            for items in st.get("lists", {}).values():
                for it in items:
                    figures += it["figures"]
            named = {f["name"]: f for f in st["figures"]}
            for f in figures:
                where = (name, f["key"], f["year"], f.get("breakdown", ""))
                assert f["territory"] == data["territory"], where
                computed = analysis.compute_indicator(ds, f["key"], f["year"], territory=f["territory"],
                                                      breakdown=f.get("breakdown") or None)
                if f["provenance"]["kind"] == "published":
                    ind = ds.find_indicator(f["key"], f["year"], territory=f["territory"],
                                            breakdown=f.get("breakdown") or None)
                    assert ind is not None, where
                    assert f["value"] == pytest.approx(float(ind.value)), where
                    assert f["qualifier"] == ind.qualifier, where
                    if computed is None:
                        assert "records" not in f, where
                    else:
                        assert f["records"]["value"] == pytest.approx(computed), where
                elif f["key"] == "grants.winners.cagr":
                    first, last = named["first"], named["last"]
                    assert f["value"] == pytest.approx(analysis.cagr(first["value"], last["value"],
                                                                     last["year"] - first["year"])), where
                else:
                    assert ds.find_indicator(f["key"], f["year"], territory=f["territory"],
                                             breakdown=f.get("breakdown") or None) is None, where
                    assert computed is not None, where
                    assert f["value"] == pytest.approx(computed), where
                checked += 1
    assert checked >= 100


def test_the_report_states_what_ds_indicator_returns_after_set_indicator():
    ds = civica.datasets.load("khanty-mansiysk-2020")
    assert ds.indicator("councils.meetings", 2020).value == 59
    before = len(ds.indicators)
    ds.set_indicator("councils.meetings", 2020, 61)
    assert len(ds.indicators) == before  # replaced, not added
    assert ds.indicator("councils.meetings", 2020).value == 61
    assert ds.indicator("councils.meetings", 2020, territory="khanty-mansiysk").value == 61
    assert ds.indicator("councils.meetings", 2020, territory="Ханты-Мансийск").value == 61
    assert report.build(ds, 2020).figure("councils.meetings").value == 61
    assert "61 заседание" in report.render(ds, 2020)


def test_collegial_bodies_are_counted_alike_by_the_report_and_the_analysis():
    km = civica.synth.khanty_mansiysk_2020()
    km.add(civica.CollegialBody(id="youth", name="Молодёжный парламент", kind="other",
                                municipality="khanty-mansiysk"))
    km.add(civica.Meeting(id="youth-1", body="youth", held=dt.date(2020, 10, 1)))
    total = analysis.council_activity(km, 2020).attrs["total"]
    assert (total["collegial_bodies"], total["meetings"], total["other_meetings"]) == (14, 59, 1)
    r = report.build(km, 2020)
    assert r.figure("councils.collegial_bodies").value == 14
    assert r.figure("councils.meetings").value == 59
    assert "14 коллегиальными общественными органами" in report.render(km, 2020)


def test_a_town_none_of_whose_applicants_is_in_the_records_has_no_grants_section():
    # Surgut in the Khanty-Mansiysk dataset: no organisation of it applied, and nothing of it
    # is published. The report said "0 winners, the same as in 2017; 0 roubles attracted".
    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    apps = ds.applications.to_pandas(context=True)
    ngo = apps[apps["applicant_type"] == "organization"]
    assert (ngo["municipality"] == "surgut").sum() == 0 and (apps["municipality"] == "surgut").sum() > 0
    sections = lambda **o: {s["id"]: s["missing"] for s in json.loads(
        civica.report.render(ds, 2020, territory="surgut", format="json", **o))["sections"]}
    assert sections() == {"individuals": False}
    assert sections(show_missing=True)["grants"] is True
    assert "0 победител" not in civica.report.render(ds, 2020, territory="surgut")
    # Khanty-Mansiysk itself keeps it.
    assert {s["id"] for s in json.loads(civica.report.render(ds, 2020, format="json"))["sections"]} >= {"grants"}


def test_the_individuals_competition_is_called_the_first_only_when_the_data_goes_back_further():
    # A dataset of one year alone cannot tell a first competition from the first one it holds:
    # a workbook of 2023 alone was reported as "the first competition for individuals".
    from civica import _core

    full = civica.datasets.load("khanty-mansiysk-2020")
    assert "первом конкурсе для физических лиц" in civica.report.render(full, 2020)
    one_year = civica.Dataset(**{k: getattr(full.info, k) for k in ("name", "title", "territory", "description",
                                                                    "source", "licence", "currency")})
    for table in (t["name"] for t in _core.table_schema()):
        for row in getattr(full, table):
            if table != "indicators" or row.year == 2020:
                one_year.add(row)
    assert min(i.year for i in one_year.indicators) == 2020 and len(one_year.indicators) < len(full.indicators)
    text = civica.report.render(one_year, 2020)
    assert "конкурсе для физических лиц" in text and "первом конкурсе" not in text
    # An older figure of another kind says nothing of grants; one of the programme itself
    # shows it ran before.
    one_year.set_indicator("ngo.registered", 2019, 300, territory="khanty-mansiysk")
    assert "первом конкурсе" not in civica.report.render(one_year, 2020)
    full.set_indicator("grants.individual.applicants", 2019, 20, territory="khanty-mansiysk")
    assert "первом конкурсе" not in civica.report.render(full, 2020)


def test_a_report_without_a_territory_is_titled_with_the_datasets_title():
    # It was headed with the dataset's name, an identifier: "# presidential-grants-fund".
    from conftest import REPO

    ds = civica.io.read(REPO / "tests" / "data" / "pgf" / "sample.csv")
    assert ds.info.name == "presidential-grants-fund" and ds.info.territory == ""
    year = max(c.year for c in ds.competitions)
    assert civica.report.render(ds, year).splitlines()[0] == f"# {ds.info.title}"
    assert json.loads(civica.report.render(ds, year, format="json"))["title"] == ds.info.title
    for blank in ("", "   "):
        ds.info.title = blank
        assert civica.report.render(ds, year).splitlines()[0] == "# presidential-grants-fund"
        assert json.loads(civica.report.render(ds, year, format="json"))["title"] == "presidential-grants-fund"


# ---------------------------------------------------------------- nothing recorded is not an achievement


def _statement_ids(r) -> List[str]:
    return [st.id for s in r.sections for st in s.statements]


def _edited_copy(tmp_path: Path, table: str, edit) -> tuple:
    """A copy of the Surgut dataset with ``edit`` applied to each row of ``table``: the folder
    and the edited rows."""
    folder = copy_of_surgut(tmp_path)
    data = rows(table, folder)
    for r in data:
        edit(r)
    write_rows(folder, table, data)
    return folder, data


def test_a_year_without_meetings_of_collegial_bodies_states_no_meetings(tmp_path):
    # Only the youth parliament (kind other) met in 2023: "the 4 collegial public bodies held
    # 0 meetings, considering 0 questions" was stated.
    folder, meetings = _edited_copy(tmp_path, "meetings",
                                    lambda m: m.update(body="youth-parliament") if m["id"] == "mt9" else None)
    kinds = {b["id"]: b["kind"] for b in rows("bodies", folder)}
    of_2023 = [m for m in meetings if m["date"].startswith("2023")]
    assert of_2023 and all(kinds[m["body"]] == "other" for m in of_2023)  # counted here: none of a council
    for lang in ("ru", "en"):
        r = report.build(civica.io.read(folder), 2023, lang=lang)
        assert "councils.activity" not in _statement_ids(r)
        text = section_text(r, "councils")
        assert " 0 " not in f" {text} ", text
    assert "councils.bodies" in _statement_ids(report.build(civica.io.read(folder), 2023))


def test_a_territory_without_applications_to_the_municipal_competitions_says_nothing_of_them(surgut):
    # Nefteyugansk: no application of its applicants to any municipal competition (the only one
    # is Surgut's), and the report said "submitted 0 applications … 0 projects … 0 roubles".
    assert applications_of({"municipal_subsidy"}, "2024", "nefteyugansk") == []
    for lang in ("ru", "en"):
        r = report.build(surgut, 2024, territory="nefteyugansk", lang=lang)
        assert "grants.municipal.summary" not in _statement_ids(r)
        assert "municipal_grants" not in [s.id for s in r.sections if s.statements]


def test_no_winner_among_residents_gives_no_rank_and_no_zero_winners(tmp_path):
    # Every application to the competitions for individuals rejected: "Surgut ranked 3rd … by the
    # number of winners" and "0 residents … received support totalling 0 roubles" were stated.
    folder, _ = _edited_copy(tmp_path, "applications",
                             lambda a: a.update(status="rejected", awarded="") if a["id"] in ("i0", "i1", "i2") else None)
    assert [a for a in applications_of({"governor_individual"}, "2024") if a["id"] in ("i1", "i2")]
    ds = civica.io.read(folder)
    for lang in ("ru", "en"):
        ids = _statement_ids(report.build(ds, 2024, lang=lang))
        assert "grants.individual.winners" not in ids and "grants.individual.rank" not in ids
        assert "grants.individual.leader" not in ids
        assert "grants.individual.participation" in ids  # its residents did apply
    assert analysis.compute_indicator(ds, "grants.individual.rank_among_municipalities", 2024) is None


def test_the_rank_of_residents_counts_winners_as_the_winners_figure_does(surgut):
    # 2024, counted here: Khanty-Mansiysk's residents won three times but are two people, as are
    # Surgut's; the rank "by the number of winners" counted applications and put Surgut second.
    won = {}
    for m in ("surgut", "khanty-mansiysk", "nefteyugansk"):
        apps = [a for a in applications_of({"governor_individual"}, "2024", m) if a["status"] == "winner"]
        won[m] = (len(apps), len({a["applicant"] for a in apps}))
    assert won["khanty-mansiysk"][0] > won["khanty-mansiysk"][1] == won["surgut"][1]
    people = {m: w[1] for m, w in won.items()}
    r = report.build(surgut, 2024, lang="en")
    expected_rank = 1 + sum(1 for v in people.values() if v > people["surgut"])  # ties share the best place
    rank = r.figure("grants.individual.rank_among_municipalities")
    assert rank.value == expected_rank
    # Its rows are the winning applications read (a resident of no municipality's too), as the
    # winners figure counts its rows.
    kind = {r["id"]: r["kind"] for r in rows("programmes")}
    comp = {r["id"]: r for r in rows("competitions")}
    read = [a for a in rows("applications") if a["status"] == "winner" and a["applicant_type"] == "person"
            and kind[comp[a["competition"]]["programme"]] == "governor_individual"
            and comp[a["competition"]]["year"] == "2024"]
    assert rank.provenance["rows"] == len(read) == sum(w[0] for w in won.values()) + 1
    chart = next(c for c in r.charts if c["id"] == "ranking")
    assert {p["label"]: p["value"] for p in chart["points"]}["Ханты-Мансийск"] == people["khanty-mansiysk"]


def test_a_place_another_municipality_holds_too_is_shared(surgut, tmp_path):
    # 2024, counted here: Surgut's and Khanty-Mansiysk's residents are two winners each, so both
    # hold first place, and the report said Surgut "took first place" («занял первое место»).
    people = {}
    for m in ("surgut", "khanty-mansiysk", "nefteyugansk"):
        people[m] = len({a["applicant"] for a in applications_of({"governor_individual"}, "2024", m)
                         if a["status"] == "winner"})
    assert people["surgut"] == people["khanty-mansiysk"] == max(people.values())
    ru = report.render(surgut, 2024)
    assert "Город Сургут разделил первое место среди муниципальных образований" in " ".join(ru.split()), ru
    assert "занял первое место" not in ru
    en = " ".join(report.render(surgut, 2024, lang="en").split())
    assert "Surgut shared first place among the municipalities" in en, en
    # One winner more for Surgut (a rejected resident who has not won made a winner) breaks the tie.
    apps = applications_of({"governor_individual"}, "2024", "surgut")
    won = {a["applicant"] for a in apps if a["status"] == "winner"}
    rejected = next(a["id"] for a in apps if a["status"] == "rejected" and a["applicant"] not in won)
    folder, _ = _edited_copy(tmp_path, "applications",
                             lambda a: a.update(status="winner", awarded="100000.00") if a["id"] == rejected else None)
    alone = " ".join(report.render(civica.io.read(folder), 2024).split())
    assert "Город Сургут занял первое место" in alone and "разделил" not in alone, alone


def test_training_without_a_completed_course_does_not_say_for_0_ngos(tmp_path):
    folder, _ = _edited_copy(tmp_path, "enrolments",
                             lambda e: e.update(completed="false") if e["course"] == "c-old" else None)
    for lang in ("ru", "en"):
        text = section_text(report.build(civica.io.read(folder), 2023, lang=lang), "training")
        assert text and "0 НКО" not in text and "0 NGOs" not in text, text


def test_a_synthetic_municipality_without_a_winner_is_not_said_to_have_won_0_grants(tmp_path):
    ds = civica.synth.national(applications=3000, seed=11, regions=6, municipalities_per_region=5)
    apps = ds.applications.to_pandas(context=True)
    winners = apps[(apps["status"] == "winner") & (apps["applicant_type"] == "organization")]
    counts = winners.groupby(["municipality", "year"]).size()
    # A municipality and year with applications but no winner, counted here with pandas.
    applied = apps[apps["applicant_type"] == "organization"].groupby(["municipality", "year"]).size()
    none_won = [k for k in applied.index if k not in counts.index]
    assert none_won
    municipality, year = none_won[0]
    for lang in ("ru", "en"):
        r = report.build(ds, int(year), territory=municipality, lang=lang)
        ids = _statement_ids(r)
        assert "grants.funds_attracted" not in ids
        if "grants.winners_year" in ids:
            raise AssertionError(section_text(r, "grants"))


def test_no_resident_applicant_and_no_municipal_winner_are_not_stated_as_zeros(tmp_path, surgut):
    # "In 2023 0 residents took part…" for Nefteyugansk, and "7 applications … 0 projects were
    # supported (0 %), with 0 roubles in all" with every municipal application rejected.
    assert applications_of({"governor_individual"}, "2023", "nefteyugansk") == []
    for lang in ("ru", "en"):
        ids = _statement_ids(report.build(surgut, 2023, territory="nefteyugansk", lang=lang))
        assert "grants.individual.participation" not in ids
    folder, apps = _edited_copy(tmp_path, "applications",
                                lambda a: a.update(status="rejected", awarded="") if a["id"].startswith("m") else None)
    municipal = [a for a in apps if a["id"].startswith("m")]
    assert municipal and all(a["status"] == "rejected" for a in municipal)
    ds = civica.io.read(folder)
    r = report.build(ds, 2024, lang="en")
    text = section_text(r, "municipal_grants")
    assert "submitted 7 applications" in text and "0 projects" not in text and "0%" not in text, text
    assert "grants.municipal.winners" not in {f.key for st in r.sections for s in [st] for x in s.statements
                                              for f in x.figures}


def test_a_run_of_years_without_a_winner_is_not_stated_as_the_same_0_winners():
    ds = civica.synth.national(applications=3000, seed=11, regions=6, municipalities_per_region=5)
    apps = ds.applications.to_pandas(context=True)
    orgs = apps[apps["applicant_type"] == "organization"]
    won = orgs[orgs["status"] == "winner"].groupby(["municipality", "year"]).size()
    applied = orgs.groupby(["municipality", "year"]).size()
    # A municipality with applications in two years and a winner in neither, counted with pandas.
    none = {}
    for (m, y) in applied.index:
        if (m, y) not in won.index:
            none.setdefault(m, []).append(int(y))
    m, years = next((m, ys) for m, ys in none.items() if len(ys) >= 2 and not any(k[0] == m for k in won.index))
    ids = _statement_ids(report.build(ds, max(years), territory=m, lang="en"))
    assert not {"grants.winners_same", "grants.winners_year", "grants.winners_change"} & set(ids)


def _one_ngo_city(statuses):
    """A city with one NGO applying to the Presidential grants: (year, status) per application."""
    ds = civica.Dataset(name="z", title="Z", territory="a")
    ds.add(civica.Municipality(id="a", name="Сургут", name_genitive="Сургута", name_prepositional="Сургуте",
                               name_en="Surgut"))
    ds.add(civica.Organization(id="o1", full_name="АНО", municipality="a", registered=dt.date(2015, 1, 1)))
    ds.add(civica.GrantOperator(id="g", name="G"))
    ds.add(civica.Programme(id="p", grant_operator="g", name="P", kind="presidential_grants"))
    for i, (year, status) in enumerate(statuses):
        if f"c{year}" not in ds.competitions:
            ds.add(civica.Competition(id=f"c{year}", programme="p", year=year))
        ds.add(civica.Application(id=f"a{i}", competition=f"c{year}", applicant="o1", title=f"t{i}",
                                  status=status, awarded="100" if status == "winner" else None))
    return ds


def test_a_fall_to_no_winner_is_said_as_a_change_without_a_total_of_0():
    # "changed from 1 in 2019 to 0 in 2020. In 2020 there were 0 winners."
    city = _one_ngo_city
    fell = city([(2019, "winner"), (2020, "rejected")])
    ru = section_text(report.build(fell, 2020, lang="ru"), "grants")
    en = section_text(report.build(fell, 2020, lang="en"), "grants")
    assert "изменилось с 1 в 2019 году до 0 в 2020 году." in ru and "Итого" not in ru, ru
    assert "changed from 1 in 2019 to 0 in 2020." in en and "there were" not in en, en
    # A change to a number of winners still states it.
    mixed = city([(2018, "winner"), (2018, "winner"), (2019, "winner"), (2020, "winner")])
    ru = section_text(report.build(mixed, 2020, lang="ru"), "grants")
    en = section_text(report.build(mixed, 2020, lang="en"), "grants")
    assert "изменилось с 2 в 2018 году до 1 в 2020 году. В 2020 году — 1 победитель." in ru, ru
    assert "In 2020 there was 1 winner." in en, en


def test_years_before_the_first_winner_are_no_start_of_a_trend():
    # "…в 2020 году то же, что в 2017 году: 0 победителей" with a winner in between, and "grows
    # every year: from 0 in 2019 to 1 in 2020".
    ds = _one_ngo_city([(2017, "rejected"), (2018, "winner"), (2019, "rejected"), (2020, "rejected")])
    assert _statement_ids(report.build(ds, 2020, lang="en")).count("grants.winners_change") == 1
    en = section_text(report.build(ds, 2020, lang="en"), "grants")
    assert "changed from 1 in 2018 to 0 in 2020." in en and "0 winners" not in en, en
    ru = section_text(report.build(ds, 2020, lang="ru"), "grants")
    assert "изменилось с 1 в 2018 году до 0 в 2020 году." in ru and "0 победител" not in ru, ru
    rose = _one_ngo_city([(2019, "rejected"), (2020, "winner")])
    ids = _statement_ids(report.build(rose, 2020, lang="en"))
    assert "grants.winners_year" in ids and "grants.winners_growth" not in ids
    assert "from 0" not in section_text(report.build(rose, 2020, lang="en"), "grants")


def test_the_growth_rate_counts_the_rows_of_its_two_figures():
    # It said "applications, 2 rows": the number of figures, not of rows.
    ds = _one_ngo_city([(2018, "winner"), (2018, "winner"), (2018, "rejected"), (2020, "winner"), (2020, "rejected")])
    r = report.build(ds, 2020, lang="en", growth_rate=True)
    figures = {f.name: f for sec in r.sections for st in sec.statements for f in st.figures}
    cagr, first, last = figures["cagr"], figures["first"], figures["last"]
    assert cagr.provenance["table"] == "applications"
    assert cagr.provenance["rows"] == first.provenance["rows"] + last.provenance["rows"] > 2


def test_one_sphere_is_said_in_the_singular():
    # «…ведущим социально значимую работу в сферах: защита прав человека» for a single sphere.
    ds = civica.synth.national(applications=3000, seed=11, regions=6, municipalities_per_region=5)
    orgs = ds.organizations.to_pandas()
    seen = {"one": False, "many": False}
    for m in sorted(set(orgs["municipality"].dropna()))[:30]:
        r = report.build(ds, 2020, territory=m, lang="ru")
        st = next((x for s in r.sections for x in s.statements if x.id == "ngo.landscape"), None)
        if st is None or "spheres" not in st.lists or not st.text:
            continue
        n = len(st.lists["spheres"])
        if n == 1:
            seen["one"] = True
            assert "в сфере:" in st.text and "в сферах" not in st.text, st.text
        else:
            seen["many"] = True
            assert "в сферах:" in st.text, st.text
    assert seen["one"] and seen["many"]
