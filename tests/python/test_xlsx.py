"""Excel workbooks: the civica workbook (civica new, civica.io.read/write of .xlsx) and the ФПГ
registry and 360Giving spreadsheets.

Truth comes from elsewhere: the folder writer's CSV headers and the compiled model for the
workbook's columns and choices, the CSV files that the same data reads from for the ФПГ and
360Giving workbooks, workbooks saved by LibreOffice (tests/data/xlsx, made by
make_fixtures.py), and values typed in the tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

civica = pytest.importorskip("civica")
openpyxl = pytest.importorskip("openpyxl")
xlsx = pytest.importorskip("civica.xlsx")

from conftest import small_dataset  # noqa: E402

from civica._xlsx_tables import ENUM_WORDS, TABLE_BY_NAME, TABLES, UNITS  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"


def same_tables(a, b):
    return all(getattr(a, t).to_pandas().equals(getattr(b, t).to_pandas()) for t in a.row_counts())


# ---- the workbook's tables follow the folder format -----------------------------------------


@pytest.mark.filterwarnings("ignore::civica.io.DataNotKeptWarning")
@pytest.mark.parametrize("fmt,sheet", [("xlsx", "the sheet of the table organizations"), ("pgf", "the sheet 'registry'"),
                                       ("360giving", "the sheet 'grants'")])
def test_more_rows_than_a_sheet_holds_are_refused_before_the_workbook_is_made(tmp_path, monkeypatch, fmt, sheet):
    # An Excel sheet holds 1 048 576 rows. A dataset of more applications failed in openpyxl
    # ("Max value is 1048576", a traceback) after building every row before the limit, 45 s for
    # a civica workbook and 105 s for the registry. The limit is made small here: the rule is
    # the same at any size.
    ds = civica.synth.national(applications=60, regions=1, seed=2)
    monkeypatch.setattr(xlsx, "_SHEET_ROWS", 11)  # the 360Giving sheet has a row per winner: 12
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(civica.ValidationError, match=rf"{re.escape(sheet)} would have \d+ rows below its heading, "
                                                     r"and an Excel sheet holds 10: write the data as CSV"):
        civica.io.write(ds, target, fmt)
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]
    monkeypatch.setattr(xlsx, "_SHEET_ROWS", 1_048_576)
    civica.io.write(ds, target, fmt)
    assert target.read_bytes()[:2] == b"PK"


def test_the_spare_rows_of_a_civica_workbook_end_with_the_sheet(tmp_path, monkeypatch):
    # The drop-downs and formats reach 1 000 rows past the filled ones: a table a little short of
    # the sheet's rows passed the row check and then failed in openpyxl ("Max value is
    # 1048576"). The limit is made small here: the spare rows stop at it.
    ds = civica.synth.national(applications=60, regions=1, seed=2)
    monkeypatch.setattr(xlsx, "_SHEET_ROWS", 100)
    civica.io.write(ds, tmp_path / "book.xlsx", "xlsx")
    book = openpyxl.load_workbook(tmp_path / "book.xlsx")
    reach = [r.max_row for ws in book.worksheets for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges]
    assert reach and max(reach) == 100


def test_the_sheets_are_the_folder_formats_tables_in_load_order():
    assert [t.name + ".csv" for t in TABLES] == civica.io.dataset_table_files()


def test_every_sheets_columns_are_the_folder_writers_header(tmp_path):
    ds = small_dataset()  # a row in every table
    civica.io.write_dataset_folder(ds, tmp_path / "f")
    for t in TABLES:
        with open(tmp_path / "f" / (t.name + ".csv"), encoding="utf-8") as f:
            header = next(csv.reader(f))
        assert [c.name for c in t.columns] == header, t.name


def test_every_choice_of_the_model_has_words_in_both_languages():
    for t in TABLES:
        for c in t.columns:
            if c.kind == "enum":
                values = xlsx.enum_values(t.name, c.name)
                assert values, (t.name, c.name)
                assert set(ENUM_WORDS[f"{t.name}.{c.name}"]) == set(values), (t.name, c.name)


def test_every_declared_enumeration_has_words_for_exactly_its_values():
    # Independent of the sheets' cell kinds and of to_pandas(): the declaration itself
    # (civica/model/schema.hpp) lists each enumeration's values; a value added there without
    # words here, or words left for a value it no longer has, fails.
    declared = {}
    for t in civica._core.table_schema():
        for c in t["columns"]:
            if c["type"] == "enum":
                declared[f"{t['name']}.{c['name']}"] = list(c["values"])
                assert TABLE_BY_NAME[t["name"]].column(c["name"]).kind == "enum", (t["name"], c["name"])
    assert declared, "the declaration lists no enumeration"
    for column, values in declared.items():
        assert column in ENUM_WORDS, f"{column} has no words"
        assert set(ENUM_WORDS[column]) == set(values), column
        for value, (ru, en) in ENUM_WORDS[column].items():
            assert ru.strip() and en.strip(), (column, value)
    # The only other words are the indicator units' (free text with suggested values).
    assert set(ENUM_WORDS) - set(declared) == {"indicators.unit"}
    assert set(ENUM_WORDS["indicators.unit"]) == set(UNITS)


def test_every_reference_column_names_the_table_the_reader_checks(tmp_path):
    ds = small_dataset()
    for t in TABLES:
        for c in t.columns:
            if c.kind not in ("ref", "party") or t.name == "indicators":
                continue
            folder = tmp_path / f"{t.name}-{c.name}"
            civica.io.write_dataset_folder(ds, folder)
            path = folder / (t.name + ".csv")
            with open(path, encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            rows[0][c.name] = "no-such-row"
            with open(path, "w", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
                w.writeheader()
                w.writerows(rows)
            found = [p for p in civica.io.check_dataset_folder(folder)
                     if p.check == "unknown_reference" and p.field == c.name]
            assert found, (t.name, c.name)
            if c.kind == "ref":
                assert f"{c.ref}.csv" in found[0].message, (t.name, c.name, found[0].message)


# ---- civica new ----------------------------------------------------------------------------


def test_new_workbook_guides_then_describes_then_one_sheet_per_table(tmp_path):
    path = xlsx.new_workbook(tmp_path / "surgut", "Сургут", region="Ханты-Мансийский автономный округ – Югра",
                             year=2024)
    assert path.endswith("surgut.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Как заполнять", "О наборе данных"] + [t.ru for t in TABLES] + ["Списки"]
    assert wb["Списки"].sheet_state == "hidden"
    guide = "\n".join(str(c.value) for row in wb["Как заполнять"].iter_rows() for c in row if c.value)
    assert "по порядку" in guide and "civica validate" in guide and "civica report" in guide
    assert "Сургут" in guide
    apps = wb["Заявки"]
    headings = [c.value for c in apps[1]]
    assert headings[0] == "Код (id)" and "Дата подачи (submitted)" in headings
    about = {str(r[0].value): r[1].value for r in wb["О наборе данных"].iter_rows(min_row=2)}
    assert about["Год отчёта (year)"] == 2024 and about["Территория (territory)"] == "surgut"
    assert about["Язык (language)"] == "ru"
    ds = civica.io.read(path)
    assert ds.info.territory == "surgut" and ds.info.name == "surgut-2024"
    assert [m.name for m in ds.municipalities] == ["Сургут"]
    assert {p.kind for p in ds.programmes} == {"presidential_grants", "governor_ngo", "governor_individual"}


def _validations(ws):
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            out[rng.split(":")[0].rstrip("0123456789")] = dv
    return out


def test_a_column_with_a_written_form_shows_it_when_its_cell_is_selected(tmp_path):
    # «Население» took "2010:306703|2024:400000" and refused 400000, but nothing in the
    # workbook said so before the error; the sphere codes likewise.
    wb = openpyxl.load_workbook(xlsx.new_workbook(tmp_path / "s.xlsx", "Сургут", year=2024))
    for sheet, heading, form in (("Территории", "Население (population)", "2010:306703|2024:400000"),
                                 ("Организации", "Сферы деятельности (spheres)", "culture|sport")):
        ws = wb[sheet]
        letter = next(c.column_letter for c in ws[1] if c.value == heading)
        dv = _validations(ws)[letter]
        assert dv.showInputMessage and form in dv.prompt, (sheet, dv.prompt)
        assert dv.type is None  # shown, not checked: the reader checks the form


def test_new_workbook_has_drop_downs_for_choices_and_references_and_cell_formats(tmp_path):
    path = xlsx.new_workbook(tmp_path / "city.xlsx", "Сургут", year=2024)
    wb = openpyxl.load_workbook(path)
    lists = wb["Списки"]
    columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in lists.iter_cols()}
    for t in TABLES:
        ws = wb[t.ru]
        dvs = _validations(ws)
        for j, c in enumerate(t.columns):
            letter = openpyxl.utils.get_column_letter(j + 1)
            if c.kind in ("enum", "bool", "key", "okopf", "unit"):
                assert dvs[letter].type == "list", (t.name, c.name)
                assert dvs[letter].formula1.startswith("'Списки'!")
            elif c.kind == "ref":
                target = next(x for x in TABLES if x.name == c.ref)
                assert dvs[letter].type == "list" and dvs[letter].formula1.startswith(f"'{target.ru}'!$A$2")
            elif c.kind == "party":  # an organisation or a person: both sheets' codes (see below)
                assert dvs[letter].type == "custom" and "'Граждане'!$A:$A" in dvs[letter].formula1
            elif c.kind == "date":
                assert dvs[letter].type == "date"
                assert ws.column_dimensions[letter].number_format == "DD.MM.YYYY"
            elif c.kind == "money":
                assert dvs[letter].type == "decimal"
                assert ws.column_dimensions[letter].number_format == "#,##0.00"
    # The published figures: every indicator key of DOMAIN.md and the four qualifiers.
    keys = columns["indicators.key"]
    for key in ("councils.public_councils", "councils.collegial_bodies", "councils.meetings",
                "councils.agenda_questions", "training.courses", "training.ngos_trained", "training.participants",
                "ngo.registered", "ngo.public_associations", "grants.winners", "grants.funds_attracted",
                "grants.individual.applicants", "grants.individual.winners", "grants.individual.amount",
                "grants.individual.rank_among_municipalities"):
        assert any(k.endswith(f"({key})") for k in keys), key
    assert columns["indicators.qualifier"] == ["точно (exact)", "более (more_than)", "не менее (at_least)",
                                               "около (about)"]
    assert "победитель (winner)" in columns["applications.status"]


def test_an_english_workbook_has_english_headings_and_choices(tmp_path):
    path = xlsx.new_workbook(tmp_path / "tomsk", "Tomsk", year=2022, lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["How to fill in", "About", "Territories"]
    assert "Submitted (submitted)" in [c.value for c in wb["Applications"][1]]
    assert civica.io.read(path).info.territory == "tomsk"


def test_new_refuses_to_replace_a_file(tmp_path):
    xlsx.new_workbook(tmp_path / "a.xlsx", "Сургут")
    with pytest.raises(civica.CivicaIOError, match="already exists"):
        xlsx.new_workbook(tmp_path / "a.xlsx", "Сургут")


def test_new_refuses_a_link_even_one_that_leads_nowhere_yet(tmp_path):
    # A dangling link passed the check of an existing file, and was refused later in other words.
    (tmp_path / "dang.xlsx").symlink_to("nowhere.xlsx")
    with pytest.raises(civica.CivicaIOError, match="dang.xlsx already exists; choose another name or remove it"):
        xlsx.new_workbook(tmp_path / "dang", "Сургут")
    assert os.readlink(tmp_path / "dang.xlsx") == "nowhere.xlsx" and not (tmp_path / "nowhere.xlsx").exists()


def test_new_keeps_a_file_another_program_makes_while_the_workbook_is_written(tmp_path, monkeypatch):
    # docs/your-city.md: "an existing file is never replaced". Before, new_workbook checked that
    # the name was free, then wrote the workbook over whatever was there by then: two
    # `civica new s` at once both said "создана", and one workbook replaced the other.
    import openpyxl

    target = tmp_path / "surgut.xlsx"
    save = openpyxl.Workbook.save

    def save_while_another_writes(self, filename):
        target.write_bytes(b"another program's workbook")
        save(self, filename)

    monkeypatch.setattr(openpyxl.Workbook, "save", save_while_another_writes)
    with pytest.raises(civica.CivicaIOError, match="it exists already"):
        xlsx.new_workbook(target, "Сургут", year=2024)
    assert target.read_bytes() == b"another program's workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["surgut.xlsx"]  # no hidden sibling left


@pytest.mark.parametrize("given, made", [("surgut", "surgut.xlsx"), ("surgut.xlsx", "surgut.xlsx"),
                                         ("SURGUT.XLSX", "SURGUT.XLSX"), ("г. Сургут", "г. Сургут.xlsx"),
                                         ("surgut.2024", "surgut.2024.xlsx"),
                                         ("surgut.", "surgut.xlsx")])  # was surgut..xlsx
def test_new_adds_xlsx_to_a_name_without_a_suffix_and_keeps_an_xlsx_one(tmp_path, given, made):
    path = xlsx.new_workbook(tmp_path / given, "Сургут", year=2024)
    assert path == str(tmp_path / made)
    assert [p.name for p in tmp_path.iterdir()] == [made]


@pytest.mark.parametrize("given", ["surgut.xls", "x.csv", "city.ODS", "surgut.xlsx.bak"])
def test_new_refuses_a_name_with_another_suffix_and_writes_nothing(tmp_path, given):
    # Before, surgut.xls became surgut.xls.xlsx.
    with pytest.raises(civica.ValidationError, match=r"civica writes \.xlsx workbooks") as e:
        xlsx.new_workbook(tmp_path / given, "Сургут", year=2024)
    assert str(e.value).startswith(f"{tmp_path / given}: ")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("year", [-1, 0, 1899, 2201, 10**10])
def test_a_report_year_outside_1900_to_2200_is_refused_and_nothing_is_written(tmp_path, year):
    # Years in civica are 1900..2200 (a competition's, the CLI's --year); a workbook's report
    # year is one too. Before, year=-1 made a workbook of a dataset named "x--1".
    with pytest.raises(civica.ValidationError, match=rf"^year {year} is outside 1900\.\.2200"):
        xlsx.new_workbook(tmp_path / "x.xlsx", "x", year=year)
    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    with pytest.raises(civica.ValidationError, match=rf"^year {year} is outside 1900\.\.2200"):
        xlsx.write_workbook(ds, tmp_path / "w.xlsx", year=year)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("year", [1900, 2200])
def test_the_first_and_last_report_years_make_a_workbook(tmp_path, year):
    path = xlsx.new_workbook(tmp_path / "x.xlsx", "x", year=year)
    assert xlsx.workbook_settings(path)["year"] == str(year)
    assert civica.io.read(path).info.name == f"x-{year}"


def test_slug_transliterates_russian_names():
    assert xlsx.slug("Сургут") == "surgut"
    assert xlsx.slug("Ханты-Мансийск") == "khanty-mansiisk"
    assert xlsx.slug("Пыть-Ях") == "pyt-iakh"


def test_slug_gives_canonically_equivalent_names_one_code():
    # «Й» typed as «И» and a combining breve is the same letter (Unicode canonical equivalence):
    # it was "i-oshkar-ola", the combining mark turned into a hyphen.
    import unicodedata

    for name in ("Йошкар-Ола", "Ёлкино"):
        decomposed = unicodedata.normalize("NFD", name)
        assert decomposed != name
        assert xlsx.slug(decomposed) == xlsx.slug(name)
    assert xlsx.slug(unicodedata.normalize("NFD", "Йошкар-Ола")) == "ioshkar-ola"


def test_headings_and_labels_written_with_e_for_yo_are_read(tmp_path):
    # Russian writing may leave «ё» unmarked: «Партнер» is the heading «Партнёр»; it was "такого
    # столбца нет".
    ds = civica.datasets.load("khanty-mansiysk-2020")
    path = tmp_path / "km.xlsx"
    civica.io.write(ds, path)
    wb = openpyxl.load_workbook(path)
    heading = next(c for c in wb["Курсы"][1] if isinstance(c.value, str) and c.value.startswith("Партнёр"))
    heading.value = "Партнер"
    wb.save(path)
    back = civica.io.read(path)
    assert [c.partner for c in back.courses] == [c.partner for c in ds.courses]
    assert any(c.partner for c in back.courses)


# ---- any dataset as a workbook, and back ----------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_dataset_written_to_a_workbook_reads_back_equal(tmp_path, lang):
    ds = small_dataset()
    civica.io.write(ds, tmp_path / "small.xlsx", lang=lang)
    assert civica.io.guess_format(tmp_path / "small.xlsx") == "xlsx"
    assert civica.io.read(tmp_path / "small.xlsx") == ds


@pytest.mark.parametrize("call", [
    lambda p: civica.xlsx.read_workbook(p, lang="xx"),
    lambda p: civica.xlsx.check_workbook(p, lang="xx"),
    lambda p: civica.io.read(p, lang="xx"),
])
def test_an_unknown_language_is_refused_and_leaves_no_converted_sheets(tmp_path, monkeypatch, call):
    # The sheets were converted to CSV in a temporary folder before the language was checked,
    # and the folder was left behind.
    book = tmp_path / "book.xlsx"
    civica.xlsx.write_workbook(small_dataset(), book)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with pytest.raises(ValueError, match=r"unknown language 'xx' \(use one of ru, en\)"):
        call(book)
    assert list(scratch.iterdir()) == []


def _one_grant(title: str, full_name: str = "АНО «Север»", directions=()):
    """A dataset of one winning application, whose title and applicant's name are given."""
    from decimal import Decimal

    ds = civica.Dataset(name="one-grant")
    ds.add(civica.Organization(id="fund", full_name="Фонд", inn="7707083893"))
    ds.add(civica.Organization(id="o1", full_name=full_name, inn="7736050003"))
    ds.add(civica.GrantOperator(id="op", name="Оператор", organization="fund"))
    ds.add(civica.Programme(id="pg", grant_operator="op", name="Программа"))
    ds.add(civica.Competition(id="c", programme="pg", year=2020, directions=list(directions)))
    ds.add(civica.Application(id="a", competition="c", applicant="o1", title=title, requested=Decimal("10"),
                              submitted=dt.date(2020, 1, 1), status="winner", awarded=Decimal("10"),
                              decided=dt.date(2020, 5, 5), implementation_start=dt.date(2020, 6, 1),
                              implementation_end=dt.date(2020, 12, 1)))
    return ds


@pytest.mark.filterwarnings("ignore::civica.io.DataNotKeptWarning")  # the flat formats keep part of it
@pytest.mark.parametrize("fmt", ["xlsx", "360giving", "pgf"])
def test_text_that_starts_with_an_equals_sign_is_a_text_cell_not_a_formula(tmp_path, fmt):
    # openpyxl stored such a str as a formula: a spreadsheet computed it (=HYPERLINK a live
    # link) and civica read back its empty result (xlsx, 360giving) or refused the row (pgf).
    import openpyxl

    title = '=HYPERLINK("https://example.org", "1+2")'
    path = tmp_path / "book.xlsx"
    civica.io.write(_one_grant(title, full_name="=Север"), path, format=fmt)
    formulas = [c.coordinate for ws in openpyxl.load_workbook(path).worksheets for row in ws.iter_rows()
                for c in row if c.data_type == "f"]
    assert formulas == []
    back = civica.io.read(path)
    assert back.applications[0].title == title
    assert back.organizations[back.applications[0].applicant].full_name == "=Север"


def test_a_control_character_no_workbook_can_hold_is_refused_naming_the_cell(tmp_path):
    # openpyxl's IllegalCharacterError named neither the record nor the cell, and was not a
    # civica error.
    path = tmp_path / "book.xlsx"
    civica.io.write(small_dataset(), path)
    before = path.read_bytes()
    ds = small_dataset()
    ds.add(civica.Municipality(id="m-bell", name="Звонок\x07"))
    with pytest.raises(civica.ValidationError,
                       match=r'^sheet "Территории", row \d+, column "Название \(name\)" \(record "m-bell"\): the text '
                             r"holds the control character U\+0007 \(at character 6\), which a workbook cannot hold$"):
        civica.io.write(ds, path)
    assert path.read_bytes() == before


@pytest.mark.filterwarnings("ignore::civica.io.DataNotKeptWarning")  # the partial formats say what they drop
@pytest.mark.parametrize("fmt", ["xlsx", "pgf", "360giving"])
def test_a_text_longer_than_a_cell_holds_is_refused_not_cut(tmp_path, fmt):
    # openpyxl cut a text to Excel's 32 767 characters without a word: the workbook read back
    # another title. A text of exactly that length is kept whole.
    path = tmp_path / "book.xlsx"
    civica.io.write(_one_grant("x" * 32767), path, format=fmt)
    assert civica.io.read(path).applications[0].title == "x" * 32767
    before = path.read_bytes()
    with pytest.raises(civica.ValidationError, match=r"the text has 40000 UTF-16 units \(40000 characters\), more "
                                                     r"than the 32767 a workbook cell holds"):
        civica.io.write(_one_grant("x" * 40000), path, format=fmt)
    # Excel's limit counts UTF-16 units: an emoji is two. 20 000 of them fit no cell (LibreOffice
    # cut them to 16 383 on a re-save); 16 383 do.
    with pytest.raises(civica.ValidationError, match=r"the text has 40000 UTF-16 units \(20000 characters\)"):
        civica.io.write(_one_grant("\U0001F600" * 20000), path, format=fmt)
    assert path.read_bytes() == before
    civica.io.write(_one_grant("\U0001F600" * 16383), path, format=fmt)
    assert civica.io.read(path).applications[0].title == "\U0001F600" * 16383


@pytest.mark.parametrize("char", ["\ufffe", "\uffff"])
def test_a_non_character_xml_cannot_hold_is_refused_naming_its_cell(tmp_path, char):
    # U+FFFE and U+FFFF are not XML characters: lxml's ValueError ended convert in a traceback.
    path = tmp_path / "book.xlsx"
    ds = small_dataset()
    ds.add(civica.Municipality(id="m-odd", name=f"a{char}b"))
    with pytest.raises(civica.ValidationError,
                       match=rf'^sheet "Территории", row \d+, column "Название \(name\)" \(record "m-odd"\): the text '
                             rf"holds the non-character U\+{ord(char):04X} \(at character 1\), which a workbook cannot hold$"):
        civica.io.write(ds, path)
    assert not path.exists()


def test_free_text_keeps_its_surrounding_spaces_and_a_list_of_codes_is_trimmed(tmp_path):
    # The About sheet's text lost its surrounding spaces; a list cell is trimmed as a person
    # types it (" culture" is the sphere code culture), as a cell of spaces only is no value.
    import openpyxl

    ds = _one_grant("Проект", directions=["культура", "спорт"])
    ds.info.title = " Отчёт 2020 "
    ds.info.description = "строка\nещё строка\n"
    ds.info.source = "  сайт администрации"
    path = tmp_path / "book.xlsx"
    civica.io.write(ds, path, lang="en")
    back = civica.io.read(path)
    assert (back.info.title, back.info.description, back.info.source) == (
        " Отчёт 2020 ", "строка\nещё строка\n", "  сайт администрации")
    assert back == ds
    wb = openpyxl.load_workbook(path)
    ws = wb["Organisations"]
    col = [c.value for c in ws[1]].index("Spheres (spheres)") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "o1")
    ws.cell(row, col, " culture ")
    about = wb["About"]
    licence = next(r for r in range(2, about.max_row + 1) if "(licence)" in str(about.cell(r, 1).value))
    about.cell(licence, 2, "   ")
    wb.save(path)
    typed = civica.io.read(path)
    assert typed.organizations["o1"].spheres == ["culture"] and typed.info.licence == ""


def test_a_carriage_return_in_a_cell_reads_as_a_line_break(tmp_path):
    # As docs/formats.md says: one of the two things a workbook does not give back as it was.
    ds = _one_grant("строка\r\nвторая\rтретья")
    civica.io.write(ds, tmp_path / "book.xlsx")
    assert civica.io.read(tmp_path / "book.xlsx").applications[0].title == "строка\nвторая\nтретья"


def test_spaces_around_an_id_are_dropped_and_free_text_keeps_its_own(tmp_path):
    # The other, as docs/formats.md says: a cell that is not free text is read as a person
    # types it; a name keeps its spaces.
    ds = civica.Dataset(name="x")
    ds.add(civica.Organization(id=" o1 ", full_name=" Фонд "))
    civica.io.write(ds, tmp_path / "book.xlsx")
    back = civica.io.read(tmp_path / "book.xlsx").organizations[0]
    assert (back.id, back.full_name) == ("o1", " Фонд ")


@pytest.mark.parametrize("name", ["saved-as.csv", "no-suffix"])
def test_a_workbook_under_another_name_is_read_by_its_content(tmp_path, name):
    # openpyxl refused it by its name: "openpyxl does not support .csv file format, …".
    ds = small_dataset()
    civica.io.write(ds, tmp_path / "book.xlsx")
    shutil.copy(tmp_path / "book.xlsx", tmp_path / name)
    assert civica.io.guess_format(tmp_path / name) == "xlsx"
    assert civica.io.read(tmp_path / name) == ds
    assert civica.xlsx.check_workbook(tmp_path / name) == []


def test_real_numbers_with_more_digits_than_a_spreadsheet_keeps_read_back_exactly(tmp_path):
    # Rates whose shortest spelling has 16 or 17 significant digits (0.1 + 0.2, 1/3, ...).
    civica.io.write(civica.synth.national(applications=60, seed=5), tmp_path / "f", format="civica")
    table = tmp_path / "f" / "applications.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rate = header.index("rate")
    exact = [repr(0.1 + 0.2), repr(1 / 3), "12.345678901234567", "91.2"]
    changed = 0
    for i, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if len(cells) == len(header) and cells[rate] and changed < len(exact):
            cells[rate] = exact[changed]
            lines[i] = ",".join(cells)
            changed += 1
    assert changed == len(exact)
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = civica.io.read(tmp_path / "f")
    assert {repr(float(x)) for x in ds.applications.column("rate")} >= set(exact)
    civica.io.write(ds, tmp_path / "rates.xlsx")
    back = civica.io.read(tmp_path / "rates.xlsx")
    assert back == ds
    assert {repr(float(x)) for x in back.applications.column("rate")} >= set(exact)


def test_the_bundled_datasets_round_trip_through_a_workbook(tmp_path):
    for name in civica.datasets.names():
        ds = civica.datasets.load(name)
        civica.io.write(ds, tmp_path / f"{name}.xlsx")
        assert civica.io.read(tmp_path / f"{name}.xlsx") == ds, name


def test_cells_are_typed_dates_numbers_and_choices(tmp_path):
    civica.io.write(small_dataset(), tmp_path / "small.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "small.xlsx")
    apps = wb["Заявки"]
    head = {str(c.value).rsplit("(", 1)[1].rstrip(")"): c.column for c in apps[1]}
    assert apps.cell(2, head["submitted"]).value == dt.datetime(2020, 3, 1)
    assert apps.cell(2, head["requested"]).value == 450000.5
    assert apps.cell(2, head["status"]).value == "победитель (winner)"
    orgs = wb["Организации"]
    head = {str(c.value).rsplit("(", 1)[1].rstrip(")"): c.column for c in orgs[1]}
    assert orgs.cell(2, head["inn"]).value == "7707083893"
    assert orgs.cell(2, head["socially_oriented"]).value == "да"


# ---- bad cells ---------------------------------------------------------------------------------


def _bad_workbook(tmp_path):
    """A workbook with a date typed as text, "3,7 млн" in a money cell and an application of
    an organisation the Organisations sheet lacks, besides good rows."""
    path = xlsx.new_workbook(tmp_path / "bad.xlsx", "Сургут", year=2024)
    wb = openpyxl.load_workbook(path)
    orgs = wb["Организации"]
    orgs.append(["ngo-1", "АНО «Свет»", None, None, None, None, None, dt.date(2015, 3, 1), "surgut"])
    orgs.append(["ngo-2", "Фонд «Дом»", None, None, None, None, None, "весной 2019", "surgut"])  # row 3
    wb["Конкурсы"].append(["pg-2024", "presidential-grants", 2024, 1])
    apps = wb["Заявки"]
    apps.append(["a-1", "pg-2024", None, "ngo-1", "Проект", None, 500000, None, None, "победитель (winner)",
                 "3,7 млн"])                                                                   # row 2
    apps.append(["a-2", "pg-2024", None, "ngo-9", "Проект 2", None, 100000, None, None, "отклонена (rejected)"])
    apps.append(["a-3", "pg-2024", None, "ngo-1", "Проект 3", None, 100000, None, None, "победитель (winner)",
                 90000])                                                                       # row 4: good
    wb.save(path)
    return path


def test_a_bad_cell_stops_a_read_naming_sheet_row_heading_and_rule(tmp_path):
    path = _bad_workbook(tmp_path)
    with pytest.raises(civica.ParseError) as e:
        civica.io.read(path, lang="en")
    assert str(e.value) == (f'{path}: sheet "Организации", row 3, column "Дата регистрации (registered)": '
                            '"весной 2019" is not a date (use YYYY-MM-DD or DD.MM.YYYY)')
    assert (e.value.line, e.value.field, e.value.sheet) == (3, "Дата регистрации (registered)", "Организации")


def test_a_russian_workbook_says_the_rule_in_russian(tmp_path):
    path = _bad_workbook(tmp_path)
    with pytest.raises(civica.ParseError) as e:
        civica.io.read(path)  # the workbook was made with --lang ru
    assert "лист «Организации», строка 3, столбец «Дата регистрации (registered)»" in str(e.value)
    assert "«весной 2019» — не дата" in str(e.value)


def test_a_russian_workbook_says_the_rule_a_whole_number_or_a_rating_breaks(tmp_path):
    # 0 participants and the year -2024 were «не целое число» (they are whole numbers), and a
    # negative rate or an organisation without a name said the rule in English or not at all.
    path = tmp_path / "city.xlsx"
    civica.io.write(civica.datasets.load("khanty-mansiysk-2020-synthetic"), path, "xlsx", lang="ru")
    wb = openpyxl.load_workbook(path)

    def put(sheet: str, key: str, value: object) -> None:
        ws = wb[sheet]
        col = next(c.column for c in ws[1] if str(c.value or "").endswith(f"({key})"))
        ws.cell(row=2, column=col).value = value  # cell(value=None) would leave the cell as it was

    put("Слушатели", "participants", 0)
    put("Конкурсы", "year", -2024)
    put("Заявки", "rate", -5)
    put("Организации", "full_name", None)
    put("Организации", "short_name", None)
    wb.save(path)
    said = {p.file: p.message for p in civica.io.problems(path) if p.severity == "error" and p.line == 2}
    assert said["Слушатели"] == "«0»: число должно быть не меньше 1"
    assert said["Конкурсы"] == "«-2024»: число должно быть от 1900 до 2200"
    assert said["Заявки"] == "«-5»: рейтинг заявки — число, 0 или больше"
    assert said["Организации"] == "не заполнено ни полное, ни краткое наименование: заполните хотя бы одно"


def test_a_misspelt_territory_is_said_in_russian_with_the_one_meant_and_its_row(tmp_path):
    # The About sheet's «surgt» was an English warning with no row, and a figure's «surgt» said
    # nothing at all: the report of the city left the figure out without a word.
    made = tmp_path / "city.xlsx"
    civica.io.write(civica.datasets.load("khanty-mansiysk-2020"), made, "xlsx", lang="ru")

    def with_typo(sheet: str, key: str) -> "tuple[Path, int]":
        wb = openpyxl.load_workbook(made)
        ws = wb[sheet]
        if sheet == "О наборе данных":
            row = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").endswith(f"({key})"))
            ws.cell(row, 2).value = "khanty-mansisk"
        else:
            row = 2
            col = next(c.column for c in ws[1] if str(c.value or "").endswith(f"({key})"))
            ws.cell(row, col).value = "khanty-mansisk"
        path = tmp_path / f"{key}-{len(sheet)}.xlsx"
        wb.save(path)
        return path, row

    path, row = with_typo("О наборе данных", "territory")
    [p] = civica.io.problems(path)
    assert (p.severity, p.check, p.file, p.line) == ("warning", "unknown_territory", "О наборе данных", row)
    assert p.message.startswith("«khanty-mansisk» — нет такой территории на листе «Территории»")
    assert p.message.endswith("; возможно, имелось в виду «khanty-mansiysk»")
    path, _ = with_typo("Опубликованные показатели", "territory")
    [p] = civica.io.problems(path)
    assert (p.severity, p.check, p.file) == ("warning", "territory_spelling", "Опубликованные показатели")
    assert p.message.startswith("«khanty-mansisk» — нет такой территории в наборе")
    assert p.message.endswith("; возможно, имелось в виду «khanty-mansiysk»")


def test_skip_mode_lists_every_bad_cell_and_loads_the_rest(tmp_path):
    path = _bad_workbook(tmp_path)
    skipped = []
    ds = civica.io.read(path, on_error="skip", problems=skipped)
    assert [o.id for o in ds.organizations] == ["ngo-1"]
    assert [a.id for a in ds.applications] == ["a-3"]
    found = {(p.file, p.line, p.field, p.check) for p in skipped}
    assert found == {
        ("Организации", 3, "Дата регистрации (registered)", "bad_value"),
        ("Заявки", 2, "Сумма гранта, руб. (awarded)", "bad_value"),
        ("Заявки", 3, "Заявитель (applicant)", "unknown_reference"),
    }
    messages = {p.line: p.message for p in skipped if p.file == "Заявки"}
    assert messages[2].startswith("«3,7 млн» — не сумма")
    assert messages[3].startswith("«ngo-9» нет на листе «Организации» (в столбце «Код»)")
    # In English the rule is the workbook's too: it said "'.' as decimal point" of a sheet that
    # takes 3700000,50.
    english = [p.message for p in civica.io.problems(path, lang="en") if p.line == 2 and p.file == "Заявки"]
    assert english == ['"3,7 млн" is not an amount: type a number, e.g. 3700000 or 3700000.50 (3700000,50 on a '
                       'sheet of a Russian workbook), without "million", the currency or spaces']


def test_validate_lists_every_problem_of_a_workbook(tmp_path):
    path = _bad_workbook(tmp_path)
    problems = civica.io.problems(path, lang="en")
    errors = sorted((p.file, p.line, p.check) for p in problems if p.severity == "error")
    assert errors == [("Заявки", 2, "bad_value"), ("Заявки", 3, "unknown_reference"),
                      ("Организации", 3, "bad_value")]
    text = [xlsx.format_problem(p, "en") for p in problems]
    assert ('sheet "Заявки", row 3, column "Заявитель (applicant)": application "a-2": applicant "ngo-9" '
            'is not on sheet "Организации" [unknown_reference]') in text


def test_a_date_typed_as_text_checks_as_it_reads(tmp_path):
    # "12.03.2019" typed as text under Дата регистрации reads as 12 March 2019, so validate
    # must not call it an error; "весной 2019" is one for both.
    path = _bad_workbook(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Организации"]["H3"] = "12.03.2019"
    wb["Организации"]["H3"].number_format = "@"
    wb.save(path)
    skipped = []
    ds = civica.io.read(path, on_error="skip", problems=skipped, lenient_money=True)
    assert ds.organizations["ngo-2"].registered == dt.date(2019, 3, 12)
    problems = civica.io.problems(path, lang="en")
    assert not [p for p in problems if p.file == "Организации"], [str(p) for p in problems]
    wb["Организации"]["H3"] = "весной 2019"
    wb.save(path)
    assert ("Организации", 3, "bad_value") in {(p.file, p.line, p.check) for p in civica.io.problems(path)}


def test_lenient_money_reads_millions(tmp_path):
    path = _bad_workbook(tmp_path)
    skipped = []
    ds = civica.io.read(path, on_error="skip", problems=skipped, lenient_money=True)
    assert next(a for a in ds.applications if a.id == "a-1").awarded == 3_700_000
    # The check takes the option too: validate --lenient-money called "3,7 млн" an error
    # that convert --lenient-money read.
    strict = {(p.file, p.line, p.check) for p in civica.io.problems(path) if p.severity == "error"}
    lenient = {(p.file, p.line, p.check) for p in civica.io.problems(path, lenient_money=True) if p.severity == "error"}
    assert ("Заявки", 2, "bad_value") in strict
    assert lenient == strict - {("Заявки", 2, "bad_value")}


def _typed_as_text(path, sheet, rows, column, texts):
    """The workbook at ``path`` with ``texts`` typed into cells formatted as text, one per
    row from row 2, under the heading that ends in "(column)"."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    letter = next(c.column_letter for c in ws[1] if str(c.value).endswith(f"({column})"))
    for row, text in zip(range(2, 2 + len(texts)), texts):
        for i, value in enumerate(rows[row - 2]):
            ws.cell(row, i + 1, value)
        ws[f"{letter}{row}"] = text
        ws[f"{letter}{row}"].number_format = "@"
    wb.save(path)
    return path


def _winners(n):
    return [[f"a-{i}", "pg-2024", None, "ngo-1", f"Проект {i}", None, 1, None, None, "победитель (winner)", 1]
            for i in range(1, n + 1)]


def _one_ngo_workbook(path, lang):
    path = xlsx.new_workbook(path, "Сургут", year=2024, lang=lang)
    wb = openpyxl.load_workbook(path)
    wb.worksheets[[t.name for t in TABLES].index("organizations") + 2].append(
        ["ngo-1", "АНО «Свет»", None, None, None, None, None, dt.date(2015, 3, 1), "surgut"])
    wb.worksheets[[t.name for t in TABLES].index("competitions") + 2].append(["pg-2024", "presidential-grants", 2024, 1])
    wb.save(path)
    return path


def test_an_amount_typed_as_text_with_a_decimal_comma_reads_as_the_workbooks_help_says(tmp_path):
    # The help of a money column gives "450000 или 450000,50"; Excel keeps such an entry as text
    # in a cell formatted as text. Kopecks (one or two digits) cannot be a thousands group.
    path = _typed_as_text(_one_ngo_workbook(tmp_path / "ru.xlsx", "ru"), "Заявки", _winners(3), "requested",
                          ["450000,50", "7", "12,5"])
    requested = {a.id: a.requested for a in civica.io.read(path).applications}
    assert requested == {"a-1": 450000.50, "a-2": 7, "a-3": 12.50}


@pytest.mark.parametrize("text", ["450,500", "450000,505", "1 450,50", "450.000,50", "3,7 млн"])
def test_text_where_a_comma_could_group_thousands_is_still_refused(tmp_path, text):
    path = _typed_as_text(_one_ngo_workbook(tmp_path / "ru.xlsx", "ru"), "Заявки", _winners(1), "requested", [text])
    with pytest.raises(civica.ParseError, match=f"строка 2, столбец «Запрошено, руб. \\(requested\\)»: «{text}» — не сумма"):
        civica.io.read(path)


def test_a_rating_typed_with_a_decimal_comma_depends_on_the_workbooks_language(tmp_path):
    # "4,125": a decimal comma on a Russian sheet (thousands go by spaces), a thousands group on an
    # English one, refused there rather than read as 4125 or 4.125; "4,5" is a decimal either way.
    ru = _typed_as_text(_one_ngo_workbook(tmp_path / "ru.xlsx", "ru"), "Заявки", _winners(2), "rate",
                        ["4,125", "4,5"])
    assert [a.rate for a in civica.io.read(ru).applications] == [4.125, 4.5]
    en = _typed_as_text(_one_ngo_workbook(tmp_path / "en.xlsx", "en"), "Applications", _winners(1), "rate", ["4,5"])
    assert [a.rate for a in civica.io.read(en).applications] == [4.5]
    en = _typed_as_text(_one_ngo_workbook(tmp_path / "en3.xlsx", "en"), "Applications", _winners(1), "rate",
                        ["4,125"])
    with pytest.raises(civica.ParseError, match="4,125"):
        civica.io.read(en)


def test_a_renamed_sheet_of_a_russian_workbook_reads_a_decimal_comma_as_russian_sheets_do(tmp_path):
    # The workbook's language (its About sheet), not the sheet's title, says how "4,125" reads
    # (docs/your-city.md): a Russian workbook whose «Заявки» was renamed "Applications" refused it.
    ru = _typed_as_text(_one_ngo_workbook(tmp_path / "ru.xlsx", "ru"), "Заявки", _winners(1), "rate", ["4,125"])
    wb = openpyxl.load_workbook(ru)
    wb["Заявки"].title = "Applications"
    wb.save(ru)
    assert [a.rate for a in civica.io.read(ru).applications] == [4.125]


def test_values_under_no_heading_are_named_by_their_sheet_column(tmp_path):
    # They were "column 16 has no name" (the place in a CSV file the user never sees) and, in
    # Russian, two identical lines naming no column at all.
    path = _one_ngo_workbook(tmp_path / "h.xlsx", "ru")
    wb = openpyxl.load_workbook(path)
    for row in _winners(2):
        wb["Заявки"].append(row)
    wb["Заявки"]["R2"], wb["Заявки"]["T3"] = "x", "y"
    wb.save(path)
    for lang, words in (("ru", "у столбца {} есть значения, но нет заголовка"), ("en", "column {} has values but no heading")):
        found = [p for p in civica.io.problems(path, lang=lang) if p.check == "unknown_column"]
        assert [(p.file, p.line, p.field) for p in found] == [("Заявки", 1, None)] * 2
        assert [words.format(letter) in p.message for p, letter in zip(found, "RT")] == [True, True], found


def _with_formula_values(path, values, computed=True):
    """The workbook at ``path`` with a value stored beside each formula of the sheet that has
    formulas, ``values`` in order (openpyxl stores none): computed, as Excel saves them, or as
    placeholders to be computed when the workbook is opened (``fullCalcOnLoad``, as xlsxwriter
    writes them; openpyxl asks for it too)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n, d in parts.items() if n.startswith("xl/worksheets/") and b"<f>" in d)
    text = parts[sheet].decode("utf-8")
    for v in values:
        text = re.sub(r"(<f>[^<]*</f>)<v\s*/?>(</v>)?", rf"\1<v>{v}</v>", text, count=1)
    parts[sheet] = text.encode("utf-8")
    book = parts["xl/workbook.xml"].decode("utf-8")
    assert 'fullCalcOnLoad="1"' in book
    if computed:
        parts["xl/workbook.xml"] = book.replace(' fullCalcOnLoad="1"', "").encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return path


def _with_application_cell(path, winners, heading_end, value, number_format=None):
    """A one-NGO workbook with ``winners`` applications whose first one's cell under the heading
    ending in ``heading_end`` (row 3) holds ``value``: (path, the cell's column letter)."""
    path = _one_ngo_workbook(path, "ru")
    wb = openpyxl.load_workbook(path)
    ws = wb["Заявки"]
    for row in _winners(winners):
        ws.append(row)
    letter = next(c.column_letter for c in ws[1] if str(c.value).endswith(heading_end))
    ws[f"{letter}3"] = value
    if number_format:
        ws[f"{letter}3"].number_format = number_format
    wb.save(path)
    return path, letter


def test_a_date_serial_past_the_calendar_is_named_by_its_cell_without_openpyxls_warning(tmp_path):
    # Before, openpyxl's "UserWarning: Cell I3 is marked as a date but the serial value 99999999 is
    # outside the limits for dates" reached stderr, pointing into openpyxl, before civica's message.
    path, _letter = _with_application_cell(tmp_path / "d.xlsx", 1, "(submitted)", 99999999, "DD.MM.YYYY")
    proc = subprocess.run([sys.executable, "-W", "default", "-m", "civica", "validate", str(path)],
                          capture_output=True, timeout=300)
    said = proc.stdout.decode("utf-8") + proc.stderr.decode("utf-8")
    assert proc.returncode == 1, said
    assert "Warning" not in said and "openpyxl" not in said, said
    assert f"строка 3, столбец «Дата подачи (submitted)»" in said, said


def test_a_formula_without_its_value_stops_the_read_naming_its_cell(tmp_path):
    # A workbook filled by a script (openpyxl stores formulas without values) read the cell as
    # empty: a request of 200 000 became "not stated", a cofunding of 2 500 became 0, no word.
    path, letter = _with_application_cell(tmp_path / "f.xlsx", 2, "(requested)", "=100000+100000")
    with pytest.raises(civica.ParseError) as e:
        civica.io.read(path)
    assert f"в ячейке {letter}3 формула =100000+100000, но её вычисленное значение в файле не сохранено" in str(e.value)
    assert (e.value.sheet, e.value.line, e.value.field) == ("Заявки", 3, "Запрошено, руб. (requested)")
    [p] = [p for p in civica.io.problems(path, lang="en") if p.severity == "error"]
    assert (p.check, p.file, p.line, p.field) == ("uncomputed_formula", "Заявки", 3, "Запрошено, руб. (requested)")
    assert f"cell {letter}3 holds a formula =100000+100000 but the workbook stores no computed value" in p.message
    # A placeholder to be computed on opening is no value either (it read as 0).
    placeholder = tmp_path / "placeholder.xlsx"
    shutil.copy(path, placeholder)
    with pytest.raises(civica.ParseError, match=f"в ячейке {letter}3 формула =100000\\+100000"):
        civica.io.read(_with_formula_values(placeholder, ["0"], computed=False))
    # Saved with its value, as Excel and LibreOffice save it, the formula reads as that value.
    _with_formula_values(path, ["200000"])
    assert [a.requested for a in civica.io.read(path).applications] == [1, 200000]


def test_a_row_of_formulas_without_values_is_not_passed_over_as_blank(tmp_path):
    # Every cell of the row a formula without its value: the row read as blank and was left
    # out, one application fewer and no word. A shared formula's cells hold no text of their own.
    path = _one_ngo_workbook(tmp_path / "f.xlsx", "en")
    wb = openpyxl.load_workbook(path)
    ws = wb["Applications"]
    ws.append(_winners(1)[0])
    ws.append([f"=A2&\"-copy\"" if i == 0 else f"={openpyxl.utils.get_column_letter(i + 1)}2" for i in range(11)])
    wb.save(path)
    with pytest.raises(civica.ParseError, match="row 3, column .*cell A3 holds a formula =A2&\"-copy\" but"):
        civica.io.read(path)
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n, d in parts.items() if n.startswith("xl/worksheets/") and b"<f>" in d)
    parts[sheet], n = re.subn(rb"<f>A2[^<]*</f>", b"", parts[sheet])
    assert n == 1
    parts[sheet] = re.sub(rb"<f>B2</f>", b'<f t="shared" si="0"/>', parts[sheet])
    with zipfile.ZipFile(path, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    with pytest.raises(civica.ParseError, match="cell B3 holds a formula but the workbook"):
        civica.io.read(path)


def _with_setting(path, key, value):
    """The workbook at ``path`` with ``value`` as its About sheet's ``key`` setting."""
    wb = openpyxl.load_workbook(path)
    about = wb[next(t for t in ("О наборе данных", "About") if t in wb.sheetnames)]
    row = next(r for r in range(1, about.max_row + 1) if str(about.cell(r, 1).value or "").endswith(f"({key})"))
    about.cell(row, 2, value)
    wb.save(path)
    return path


def test_a_setting_written_as_a_formula_without_its_value_is_refused_not_taken_as_not_given(tmp_path):
    # The report year "=2020+3" of a workbook filled by a script read as no year at all, and the
    # language ="r"&"u" as none: the Russian workbook was read and told of in English.
    path = _with_setting(_one_ngo_workbook(tmp_path / "about.xlsx", "ru"), "year", "=2020+3")
    with pytest.raises(civica.ParseError, match="лист «О наборе данных», строка 10: в ячейке B10 формула =2020\\+3"):
        civica.io.read(path)
    with pytest.raises(civica.ParseError, match="cell B10 holds a formula =2020"):
        xlsx.workbook_settings(path)  # in English, as workbook_settings speaks
    [p] = [p for p in civica.io.problems(path) if p.severity == "error"]
    assert (p.check, p.file, p.line) == ("uncomputed_formula", "О наборе данных", 10)


def test_cells_without_their_reference_are_placed_as_spreadsheet_programs_count_them(tmp_path):
    # A cell may leave out its reference ("r"); openpyxl's own exception escaped the read
    # (CellCoordinatesException, no ParseError, and problems() raised it too).
    import zipfile

    path = _one_ngo_workbook(tmp_path / "nor.xlsx", "en")
    wb = openpyxl.load_workbook(path)
    wb["Applications"].append(["a-1", "pg-2024", "organization", "ngo-1", "P1", "d", "=100000+100000"])
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n, d in parts.items() if n.startswith("xl/worksheets/") and b"<f>" in d)
    parts[sheet], n = re.subn(rb' r="[A-Z]+2"', b"", parts[sheet])
    assert n == 7
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(civica.ParseError, match="row 2, column .*cell G2 holds a formula =100000\\+100000"):
        civica.io.read(path)
    assert [p.check for p in civica.io.problems(path) if p.severity == "error"] == ["uncomputed_formula"]


def test_validate_names_a_workbook_language_civica_does_not_write_without_a_traceback(tmp_path):
    path = _with_setting(_one_ngo_workbook(tmp_path / "fr.xlsx", "en"), "language", "fr")
    proc = subprocess.run([sys.executable, "-m", "civica", "validate", str(path)], capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout == 'sheet "About", row 11: "Language (language)": "fr" is not a language civica writes: enter ' \
                          'ru or en [bad_value]\n'


def test_a_misspelt_table_sheet_is_an_error_and_another_sheet_a_warning(tmp_path):
    # «Заявкии»: every application was left out, validate exited 0 with one warning, and the
    # report lost its grant sections without a word.
    path = _one_ngo_workbook(tmp_path / "typo.xlsx", "ru")
    wb = openpyxl.load_workbook(path)
    for row in _winners(2):
        wb["Заявки"].append(row)
    wb["Заявки"].title = "Заявкии"
    wb.create_sheet("Заметки").append(["позвонить в фонд"])
    wb["Заметки"].append(["до пятницы"])
    wb["Заметки"].append(["=1+1"])  # a note's formula without its value: the sheet is not read
    wb.save(path)
    with pytest.raises(civica.ParseError, match="лист «Заявкии»: .*возможно, это лист «Заявки»"):
        civica.io.read(path)
    found = civica.io.problems(path)
    assert [(p.severity, p.check, p.file) for p in found] == [("error", "misnamed_sheet", "Заявкии")]
    # Beside its table's sheet, a sheet of another name is a note: a warning, the rows read.
    wb = openpyxl.load_workbook(path)
    wb["Заявкии"].title = "Заявки"
    wb.save(path)
    assert len(civica.io.read(path).applications) == 2
    assert [(p.severity, p.check, p.file) for p in civica.io.problems(path)] == [("warning", "unknown_sheet", "Заметки")]


def test_an_unknown_heading_is_named_with_the_columns_of_its_sheet(tmp_path):
    path = xlsx.new_workbook(tmp_path / "h.xlsx", "Сургут", year=2024)
    wb = openpyxl.load_workbook(path)
    wb["Заседания"]["E1"] = "Место"
    wb["Заседания"]["E2"] = "зал"
    wb["Заседания"].append([])
    wb.save(path)
    with pytest.raises(civica.ParseError, match="лист «Заседания», строка 1, столбец «Место»: такого столбца нет"):
        civica.io.read(path)


# ---- workbooks saved by LibreOffice ------------------------------------------------------------


def test_a_city_workbook_saved_by_libreoffice_is_read():
    import city_workbook

    ds = civica.io.read(DATA / "xlsx" / "niagan_libreoffice.xlsx")
    assert ds.info.territory == city_workbook.CITY_ID
    counts = ds.row_counts()
    assert counts["applications"] == 62 and counts["meetings"] == 18 and counts["agenda_questions"] == 45
    assert ds.indicator("ngo.registered", 2023).qualifier == "more_than"


def test_the_pgf_registry_saved_by_libreoffice_reads_as_its_csv():
    from_csv = civica.io.read(DATA / "pgf" / "sample.csv")
    path = DATA / "xlsx" / "pgf_sample_libreoffice.xlsx"
    assert civica.io.guess_format(path) == "pgf"
    assert same_tables(civica.io.read(path), from_csv)


def test_360giving_grants_saved_by_libreoffice_read_as_their_csv():
    from_csv = civica.io.read(DATA / "threesixtygiving" / "abct_grants_360G-ABCT.csv")
    path = DATA / "xlsx" / "abct_libreoffice.xlsx"
    assert civica.io.guess_format(path) == "360giving"
    assert same_tables(civica.io.read(path), from_csv)


def test_a_360giving_workbook_problem_names_the_other_row_it_points_at(tmp_path):
    # "… is named "A" here but "B" at line 85" said a CSV line beside the problem's sheet row; a
    # cell of two lines above made the line one past the row.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "grants"
    ws.append(["Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
               "Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier", "Funding Org:Name"])
    ws.append(["360G-x-1", "One", "two\nlines", "GBP", 100, "2020-01-02", "GB-CHC-1", "Alpha", "GB-CHC-9", "Funder"])
    ws.append(["360G-x-2", "Two", "", "GBP", 200, "2020-01-03", "GB-CHC-2", "Beta", "GB-CHC-9", "Funder"])
    ws.append(["360G-x-3", "Three", "", "GBP", 300, "2020-01-04", "GB-CHC-2", "Beta Trust", "GB-CHC-9", "Funder"])
    # A name holding the words is the name as written, not a place to rename.
    ws.append(["360G-x-4", "Four", "", "GBP", 400, "2020-01-05", "GB-CHC-2", "Bus line 2 Trust", "GB-CHC-9", "Funder"])
    path = tmp_path / "grants.xlsx"
    wb.save(path)
    found = [p for p in civica.io.problems(path) if p.check == "recipient_several_names"]
    assert len(found) == 2, found
    assert found[0].line == 4 and found[0].file == "grants"
    assert '"Beta Trust" here but "Beta" at row 3' in found[0].message, found[0].message
    assert '"Bus line 2 Trust" here but "Beta" at row 3' in found[1].message, found[1].message


def _grants_of_360giving_json(path: Path) -> dict:
    import json

    return {g["id"]: g for g in json.loads(path.read_text(encoding="utf-8"))["grants"]}


def test_a_360giving_workbook_keeps_what_the_dataset_has_no_place_for(tmp_path):
    # Descriptions, beneficiary locations and the recipients' charity numbers were dropped
    # without a word by the workbook's reader and writer (the JSON and CSV ones kept them).
    source = DATA / "threesixtygiving" / "abct_grants_360G-ABCT.json"
    grants = _grants_of_360giving_json(source)
    extras: list = []
    ds = civica.io.read(source, extras=extras)
    civica.io.write(ds, tmp_path / "grants.xlsx", "360giving", extras=extras)
    for path in (tmp_path / "grants.xlsx", DATA / "xlsx" / "abct_libreoffice.xlsx"):
        back: list = []
        civica.io.read(path, extras=back)
        assert len(back) == len(grants) == 783, path
        for e in back:
            g = grants[e["id"]]
            assert e["description"] == g["description"], (path, e["id"])
            assert [b["name"] for b in e["beneficiary_locations"]] == \
                [b["name"] for b in g.get("beneficiaryLocation", [])], (path, e["id"])
            # (LibreOffice opened the CSV it saved as a number: "06402143" lost its zero there.)
            if "charityNumber" in g["recipientOrganization"][0] and path.parent == tmp_path:
                assert e["extra_keys"]["recipientOrganization"]["charityNumber"] == \
                    str(g["recipientOrganization"][0]["charityNumber"]), (path, e["id"])
    # And from the command line, workbook to JSON: the descriptions reach the JSON file.
    from civica import cli

    assert cli.main(["convert", str(tmp_path / "grants.xlsx"), str(tmp_path / "again.json"), "--to", "360giving",
                     "--quiet"]) == 0
    again = _grants_of_360giving_json(tmp_path / "again.json")
    assert {k: g["description"] for k, g in again.items()} == {k: g["description"] for k, g in grants.items()}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_workbook_resaved_by_libreoffice_now_reads_back_equal(tmp_path):
    ds = small_dataset()
    civica.io.write(ds, tmp_path / "small.xlsx")
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(tmp_path / "small.xlsx")],
                   check=True, capture_output=True, timeout=180)
    assert civica.io.read(out / "small.xlsx") == ds


# ---- ФПГ registry and 360Giving workbooks -------------------------------------------------------


def test_the_pgf_registry_round_trips_through_a_workbook(tmp_path):
    ds = civica.io.read(DATA / "pgf" / "sample.csv")
    civica.io.write(ds, tmp_path / "registry.xlsx", format="pgf")
    wb = openpyxl.load_workbook(tmp_path / "registry.xlsx")
    assert len(next(wb.active.iter_rows(max_row=1, values_only=True))) == 29
    assert same_tables(civica.io.read(tmp_path / "registry.xlsx"), ds)


def test_a_pgf_workbook_whose_name_is_not_utf8_names_its_dataset_with_the_bytes_shown(tmp_path):
    ds = civica.io.read(DATA / "pgf" / "sample.csv")
    path = tmp_path / os.fsdecode(b"caf\xe9.xlsx")  # "café.xlsx" in Latin-1
    civica.io.write(ds, path, format="pgf")
    back = civica.io.read(path)
    assert back.info.title == "Presidential Grants Fund applications (caf\\xe9.xlsx)"
    assert back.info.source == "caf\\xe9.xlsx"


def test_a_bad_pgf_cell_is_named_by_sheet_row_and_column(tmp_path):
    ds = civica.io.read(DATA / "pgf" / "sample.csv")
    civica.io.write(ds, tmp_path / "registry.xlsx", format="pgf")
    wb = openpyxl.load_workbook(tmp_path / "registry.xlsx")
    ws = wb.active
    col = [c.value for c in ws[1]].index("money_req_grant") + 1
    ws.cell(4, col, "3,7 млн")
    wb.save(tmp_path / "registry.xlsx")
    with pytest.raises(civica.ParseError, match=r'sheet "registry", row 4, column "money_req_grant"'):
        civica.io.read(tmp_path / "registry.xlsx")
    skipped = []
    part = civica.io.read(tmp_path / "registry.xlsx", on_error="skip", problems=skipped)
    assert [(p.file, p.line, p.field) for p in skipped] == [("registry", 4, "money_req_grant")]
    assert part.row_counts()["applications"] == ds.row_counts()["applications"] - 1


@pytest.mark.parametrize("kind, source, heading, sheet", [
    ("pgf", DATA / "pgf" / "sample.csv", "money_req_grant", "registry"),
    ("360giving", DATA / "threesixtygiving" / "abct_grants_360G-ABCT.json", "Amount Awarded", "grants"),
])
def test_a_formula_without_its_value_in_a_pgf_or_360giving_workbook_stops_the_read_naming_its_cell(
        tmp_path, kind, source, heading, sheet):
    # Before, the cell was read as empty: the request of a ФПГ row became "not stated", and a
    # 360Giving grant's award "missing" (a misleading missing_field), as the civica workbook
    # already refused.
    path = tmp_path / "book.xlsx"
    civica.io.write(civica.io.read(source), path, format=kind)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    col = [c.value for c in ws[1]].index(heading) + 1
    letter = openpyxl.utils.get_column_letter(col)
    ws.cell(3, col, "=1000+1000")
    wb.save(path)
    with pytest.raises(civica.ParseError) as e:
        civica.io.read(path, lang="en")
    assert f"cell {letter}3 holds a formula =1000+1000 but the workbook stores no computed value" in str(e.value)
    assert (e.value.sheet, e.value.line, e.value.field) == (sheet, 3, heading)
    problems = [p for p in civica.io.problems(path) if p.severity == "error"]
    assert [p.check for p in problems] == ["uncomputed_formula"], problems


def test_360giving_grants_round_trip_through_a_workbook(tmp_path):
    ds = civica.formats.read_360giving(DATA / "threesixtygiving" / "abct_grants_360G-ABCT.json")
    civica.io.write(ds, tmp_path / "grants.xlsx", format="360giving")
    back = civica.io.read(tmp_path / "grants.xlsx")
    assert same_tables(back, ds)
    assert back.info.currency == "GBP"
    assert [a.decided for a in back.applications] == [a.decided for a in ds.applications]
    assert back.info.source == "360Giving spreadsheet (XLSX)"  # not the CSV file the sheet is read through


@pytest.mark.parametrize("kind, holds, reader", [
    ("pgf", "a ФПГ registry", xlsx.read_pgf),
    ("360giving", "360Giving grants", xlsx.read_360giving),
])
def test_a_pgf_or_360giving_workbook_read_as_a_civica_workbook_is_refused_not_read_as_empty(
        tmp_path, kind, holds, reader):
    # The workbook holds grants (its own reader finds them), so a civica workbook's reader must
    # not make an empty dataset of it; it says what the workbook holds and what reads it.
    ds = civica.synth.national(applications=200, seed=1)
    path = tmp_path / "book.xlsx"
    (xlsx.write_pgf if kind == "pgf" else xlsx.write_360giving)(ds, path)
    assert len(reader(path).applications) > 0  # the workbook's own reader finds its grants
    said = rf"^{re.escape(str(path))}: it holds {holds} .*not a civica workbook; read it as {kind}"
    with pytest.raises(civica.ParseError, match=said):
        xlsx.read_workbook(path)
    with pytest.raises(civica.ParseError, match=said):
        civica.io.read(path, "xlsx")
    with pytest.raises(civica.ParseError, match="не книга civica"):
        xlsx.read_workbook(path, lang="ru")
    found = xlsx.check_workbook(path)
    assert [(p.severity, p.check) for p in found] == [("error", "unreadable")]
    assert f"read it as {kind}" in found[0].message
    assert [(p.severity, p.check) for p in civica.io.problems(path, format="xlsx")] == [("error", "unreadable")]


def test_a_civica_workbook_names_the_datasets_currency_in_its_money_headings(tmp_path):
    ds = civica.io.read(DATA / "threesixtygiving" / "abct_grants_360G-ABCT.json")
    assert ds.info.currency == "GBP"
    for lang, words in (("ru", ("Запрошено, GBP", "Сумма гранта, GBP", "сумма в GBP")),
                        ("en", ("Requested, GBP", "Awarded, GBP", "the amount in GBP"))):
        path = tmp_path / f"grants-{lang}.xlsx"
        civica.xlsx.write_workbook(ds, path, lang=lang)
        ws = openpyxl.load_workbook(path)[civica.xlsx.TABLE_BY_NAME["applications"].sheet(lang)]
        headings = [c.value for c in ws[1]]
        notes = " ".join(c.comment.text for c in ws[1] if c.comment)
        assert words[0] + " (requested)" in headings and words[1] + " (awarded)" in headings, headings
        assert not any("руб" in h or "RUB" in h for h in headings), headings
        assert words[2] in notes
        assert civica.io.read(path) == ds
    # A dataset in roubles keeps its words.
    rub = tmp_path / "city.xlsx"
    civica.xlsx.write_workbook(civica.synth.khanty_mansiysk_2020(), rub, lang="ru")
    headings = [c.value for c in openpyxl.load_workbook(rub)[civica.xlsx.TABLE_BY_NAME["applications"].sheet("ru")][1]]
    assert "Сумма гранта, руб. (awarded)" in headings


def test_a_360giving_workbook_may_keep_one_to_many_columns_on_their_own_sheet(tmp_path):
    # The flat CSV with two beneficiary locations for the first grant, as columns...
    rows = [["Identifier", "Title", "Currency", "Amount Awarded", "Award Date", "Recipient Org:Identifier",
             "Recipient Org:Name", "Funding Org:Identifier", "Funding Org:Name", "Beneficiary Location:Name",
             "Beneficiary Location:1:Name"],
            ["G-1", "Trees", "GBP", "1500", "2021-03-01", "GB-CHC-1", "Oak", "GB-CHC-9", "Fund", "Leeds", "York"],
            ["G-2", "Books", "GBP", "250.5", "2021-04-02", "GB-CHC-2", "Ash", "GB-CHC-9", "Fund", "", ""]]
    with open(tmp_path / "grants.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    extras: list = []
    expected = civica.io.read(tmp_path / "grants.csv", extras=extras)
    # ... and as a grants sheet and a sheet of locations joined by Identifier.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "grants"
    for r in rows:
        ws.append(r[:9])
    ws.cell(2, 4, 1500)
    ws.cell(3, 4, 250.5)
    ws.cell(2, 5, dt.datetime(2021, 3, 1))
    loc = wb.create_sheet("Beneficiary Location")
    loc.append(["Identifier", "Beneficiary Location:Name"])
    loc.append(["G-1", "Leeds"])
    loc.append(["G-1", "York"])
    wb.save(tmp_path / "grants.xlsx")
    got = civica.io.read(tmp_path / "grants.xlsx")
    assert same_tables(got, expected)
    bad = openpyxl.load_workbook(tmp_path / "grants.xlsx")
    bad["Beneficiary Location"].append(["G-7", "Hull"])
    bad.save(tmp_path / "grants.xlsx")
    with pytest.raises(civica.ParseError, match=r'sheet "Beneficiary Location", row 4, column "Identifier": '
                                                 r"grant 'G-7' is not on sheet \"grants\""):
        civica.io.read(tmp_path / "grants.xlsx")
    assert extras[0]["beneficiary_locations"][1]["name"] == "York"


# ---- the command line --------------------------------------------------------------------------


def test_convert_goes_between_a_workbook_and_a_folder(tmp_path):
    from civica import cli

    civica.io.write(small_dataset(), tmp_path / "small.xlsx")
    assert cli.main(["convert", str(tmp_path / "small.xlsx"), str(tmp_path / "folder")]) == 0
    assert civica.io.read_dataset_folder(tmp_path / "folder") == small_dataset()
    assert cli.main(["convert", str(tmp_path / "folder"), str(tmp_path / "again.xlsx")]) == 0
    assert civica.io.read(tmp_path / "again.xlsx") == small_dataset()


def test_convert_of_a_workbook_to_a_workbook_keeps_its_language_and_report_year(tmp_path):
    # An English workbook came back with Russian sheets, and without its report year.
    from civica import cli

    xlsx.new_workbook(tmp_path / "tomsk.xlsx", "Tomsk", year=2024, lang="en")
    assert xlsx.workbook_settings(tmp_path / "tomsk.xlsx") == {"year": "2024", "language": "en"}
    assert cli.main(["convert", str(tmp_path / "tomsk.xlsx"), str(tmp_path / "t2.xlsx")]) == 0
    assert xlsx.workbook_settings(tmp_path / "t2.xlsx") == {"year": "2024", "language": "en"}
    assert "Organisations" in openpyxl.load_workbook(tmp_path / "t2.xlsx").sheetnames
    assert civica.io.read(tmp_path / "t2.xlsx") == civica.io.read(tmp_path / "tomsk.xlsx")
    # --lang chooses; from another format the default stays Russian; --lang for a non-workbook is refused.
    assert cli.main(["convert", str(tmp_path / "tomsk.xlsx"), str(tmp_path / "t3.xlsx"), "--lang", "ru"]) == 0
    assert xlsx.workbook_settings(tmp_path / "t3.xlsx")["language"] == "ru"
    civica.io.write(small_dataset(), tmp_path / "small.json")
    assert cli.main(["convert", str(tmp_path / "small.json"), str(tmp_path / "s.xlsx")]) == 0
    assert xlsx.workbook_settings(tmp_path / "s.xlsx") == {"language": "ru"}
    assert cli.main(["convert", str(tmp_path / "small.json"), str(tmp_path / "s2.json"), "--lang", "en"]) == 2
    assert not (tmp_path / "s2.json").exists()


def test_civica_new_and_validate_from_the_command_line(tmp_path, capsys):
    from civica import cli

    assert cli.main(["new", str(tmp_path / "surgut"), "--territory", "Сургут", "--year", "2024"]) == 0
    assert "civica validate" in capsys.readouterr().err
    assert (tmp_path / "surgut.xlsx").is_file()
    capsys.readouterr()
    assert cli.main(["validate", str(tmp_path / "surgut.xlsx")]) == 0
    # Not filled in yet: no error, and a warning that there is nothing to report (the tally on stderr).
    out = capsys.readouterr()
    assert out.err.endswith("surgut.xlsx: 0 ошибок, 1 предупреждение\n") and "[no_records" in out.out
    assert cli.main(["validate", str(tmp_path / "surgut.xlsx"), "--quiet"]) == 0
    out = capsys.readouterr()  # the warning left out of the list, and the count saying so
    assert out.out == "" and out.err.endswith(": 0 ошибок, 1 предупреждение (--quiet: предупреждения не показаны)\n")
    assert cli.main(["new", str(tmp_path / "surgut"), "--territory", "Сургут"]) == 2  # exists
    # The next steps are commands to paste: a path with a space is quoted, and the pasted
    # command, split as a shell splits it, validates the new workbook.
    import shlex

    spaced = tmp_path / "город с пробелом"
    capsys.readouterr()
    assert cli.main(["new", str(spaced), "--territory", "Сургут", "--year", "2024"]) == 0
    line = next(ln for ln in capsys.readouterr().err.splitlines() if "civica validate" in ln)
    argv = shlex.split(line.split("civica", 1)[1].split("—", 1)[0])
    assert argv == ["validate", str(spaced) + ".xlsx"]
    assert cli.main(argv) == 0
    bad = _bad_workbook(tmp_path)
    capsys.readouterr()
    assert cli.main(["validate", bad]) == 1
    said = capsys.readouterr()
    out = said.out
    assert "лист «Заявки», строка 2, столбец «Сумма гранта, руб. (awarded)»: «3,7 млн» — не сумма" in out
    errors = sum(1 for line in out.splitlines() if line.startswith("лист "))
    assert re.search(rf": {errors} ошиб(ка|ки|ок), \d+ предупрежден", said.err), said.err
    assert cli.main(["validate", bad, "--lang", "en"]) == 1
    said = capsys.readouterr()
    assert 'sheet "Организации", row 3' in said.out and re.search(r": \d+ errors?, \d+ warnings?", said.err)


def test_every_indicator_key_has_words_in_both_languages_of_the_workbook():
    """The figures sheet's drop-down speaks the workbook's language for every key civica knows."""
    from civica._xlsx_tables import KEY_WORDS

    for key, _unit, _description in civica.known_indicator_keys():
        ru, en = KEY_WORDS[key]
        assert re.search("[а-яё]", ru) and not re.search("[а-яё]", en, re.I), key


def test_a_damaged_workbook_is_one_problem_of_validate_not_an_error_of_the_command(tmp_path):
    # A workbook cut short (as a failed download leaves it) is named as such by a read; validate
    # lists it as the one problem of the file, with exit status 1, as for any unreadable file.
    whole = Path(xlsx.new_workbook(tmp_path / "whole.xlsx", "Сургут", year=2024)).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(civica.ParseError) as e:
        civica.io.read(cut)
    assert e.value.file == str(cut) and e.value.reason.startswith("not an Excel workbook (.xlsx)")
    found = civica.io.problems(cut)
    assert [(p.severity, p.check, p.file) for p in found] == [("error", "unreadable", str(cut))]
    assert found[0].message == e.value.reason
    proc = subprocess.run([sys.executable, "-m", "civica", "validate", str(cut)], capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stdout.startswith(f"{cut}: not an Excel workbook (.xlsx)") and "[unreadable]" in proc.stdout


def _rezipped(source: Path, target: Path, change) -> Path:
    """A copy of the workbook `source` whose parts go through change(name, bytes) -> bytes or
    None (the part left out)."""
    import zipfile

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = change(name, src.read(name))
            if data is not None:
                out.writestr(name, data)
    return target


def _sheet_part(book: Path, title: str) -> str:
    """The zip part of the sheet named `title` (openpyxl writes sheetN.xml in sheet order)."""
    import openpyxl

    return f"xl/worksheets/sheet{openpyxl.load_workbook(book, read_only=True).sheetnames.index(title) + 1}.xml"


def test_a_sheet_cut_short_or_missing_inside_a_whole_zip_is_a_parse_error_naming_it(tmp_path):
    # openpyxl reads a sheet only when its rows are asked for: a sheet part cut in half was a
    # traceback of the XML parser in every command, and a sheet whose part was missing was read
    # as an empty table (its rows lost, validate clean).
    book = tmp_path / "book.xlsx"
    civica.io.write(civica.datasets.load("khanty-mansiysk-2020-synthetic"), book, lang="ru")
    part = _sheet_part(book, "Заявки")
    cut = _rezipped(book, tmp_path / "cut.xlsx", lambda n, d: d[: len(d) // 2] if n == part else d)
    lost = _rezipped(book, tmp_path / "lost.xlsx", lambda n, d: None if n == part else d)
    for bad, words in ((cut, 'sheet "Заявки" cannot be read'), (lost, 'sheet "Заявки" is listed but its part is missing')):
        with pytest.raises(civica.ParseError, match=words) as e:
            civica.io.read(bad)
        assert str(bad) in str(e.value)
        proc = subprocess.run([sys.executable, "-m", "civica", "info", str(bad)], capture_output=True, text=True)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr and words in proc.stderr
        found = civica.io.problems(bad)
        assert [(p.severity, p.check) for p in found] == [("error", "unreadable")]


def test_the_workbook_readers_take_problems_as_civica_io_read_does(tmp_path):
    # civica.io.read lists what it leaves out in problems=; the workbook readers took only the
    # older skipped=, and io.read given both filled one list and left the other empty unsaid.
    from civica import xlsx

    path = _bad_workbook(tmp_path)
    expected: list = []
    read = civica.io.read(path, on_error="skip", problems=expected)
    got: list = []
    assert xlsx.read_workbook(path, on_error="skip", problems=got) == read
    assert len(expected) >= 3 and got == expected
    with pytest.raises(TypeError, match="not both"):
        xlsx.read_workbook(path, problems=[], skipped=[])
    with pytest.raises(TypeError, match="not both"), pytest.warns(DeprecationWarning):
        civica.io.read(path, problems=[], skipped=[])


def test_an_applicant_or_recipient_cell_takes_a_persons_code_as_well_as_an_organisations(tmp_path):
    # applicant_type / recipient_type may be a person (docs/dataset-format.md), but the cells
    # offered only the Organisations sheet's codes and warned "no such code" for a person's.
    path = xlsx.new_workbook(tmp_path / "w.xlsx", "Сургут", year=2023)
    wb = openpyxl.load_workbook(path)
    orgs, people = wb["Организации"], wb["Граждане"]
    orgs["A2"], people["A2"] = "ngo-1", "person-1"
    for sheet in ("Заявки", "Поддержка"):
        ws = wb[sheet]
        heading = {c.value.split(" (")[0]: c.column_letter for c in ws[1] if isinstance(c.value, str)}
        letter = heading["Заявитель" if sheet == "Заявки" else "Получатель"]
        (dv,) = [d for d in ws.data_validations.dataValidation if str(d.sqref).startswith(f"{letter}2:")]
        assert dv.type == "custom" and dv.errorStyle == "warning"
        # The rule as a spreadsheet computes it: blank, or the code is in column A of either sheet.
        m = re.fullmatch(rf"OR\(ISBLANK\({letter}2\),COUNTIF\('(.+)'!\$A:\$A,{letter}2\)>0,"
                         rf"COUNTIF\('(.+)'!\$A:\$A,{letter}2\)>0\)", dv.formula1)
        assert m, dv.formula1

        def accepts(value):
            codes = [c.value for name in m.groups() for c in wb[name]["A"]]
            return value is None or value in codes

        assert accepts("ngo-1") and accepts("person-1") and accepts(None) and not accepts("ngo-2")
        assert "Граждане" in dv.error and "Организации" in dv.error


def _grants_workbook(tmp_path: Path, name: str, extra_rows: str = "", dimension: str = "") -> Path:
    """A 360Giving workbook of one grant whose sheet part gets `extra_rows` (sheet XML) after
    its rows and, when given, the dimension `dimension`."""
    plain = tmp_path / ("plain-" + name)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "grants"
    ws.append(["Identifier", "Title", "Currency", "Amount Awarded", "Award Date", "Recipient Org:Identifier",
               "Recipient Org:Name", "Funding Org:Identifier", "Funding Org:Name"])
    ws.append(["360G-a", "t", "GBP", 100, "2020-01-01", "GB-CHC-1", "R", "GB-CHC-2", "F"])
    wb.save(plain)

    def change(part: str, data: bytes) -> bytes:
        if part != "xl/worksheets/sheet1.xml":
            return data
        text = data.decode("utf-8").replace("</sheetData>", extra_rows + "</sheetData>")
        if dimension:
            text = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', text)
        return text.encode("utf-8")

    return _rezipped(plain, tmp_path / name, change)


def test_a_sheet_is_read_as_wide_and_long_as_its_cells_not_its_claimed_dimension(tmp_path):
    # openpyxl fills every row out to the sheet's dimension: a 2 KB workbook claiming
    # A1:XFD1048576 was read for about 25 minutes, and rows of one empty cell in column XFD
    # were kept 16 384 cells wide each (past 4 GB for 200 000 of them). Now the dimension is
    # not trusted and no row is read past max_fields_per_record + 1 columns.
    from openpyxl.utils import get_column_letter

    padded = _grants_workbook(tmp_path, "padded.xlsx", '<row r="300000"><c r="XFD300000"/></row>',
                              dimension="A1:XFD300000")
    wide = _grants_workbook(tmp_path, "wide.xlsx",
                            "".join(f'<row r="{r}"><c r="XFD{r}"/></row>' for r in range(3, 20003)))
    for book in (padded, wide):
        assert os.path.getsize(book) < 200_000
        ds = civica.io.read(book)
        assert [a.id for a in ds.applications] == ["360G-a"] and ds.info.currency == "GBP"
        assert civica.io.problems(book) == []

    # The other way round: a sheet claiming less than it holds ("A1", as some writers put) was
    # read as its first cell, and the grants under it were lost without a word.
    understated = _grants_workbook(tmp_path, "understated.xlsx", dimension="A1")
    assert [a.id for a in civica.io.read(understated).applications] == ["360G-a"]

    cap = civica.io.limits()["max_fields_per_record"]
    beyond = get_column_letter(cap + 1)
    too_wide = _grants_workbook(tmp_path, "too_wide.xlsx",
                                f'<row r="3"><c r="{beyond}3" t="inlineStr"><is><t>x</t></is></c></row>')
    with pytest.raises(civica.ParseError, match=f'sheet "grants" row 3 has a value past column {cap} '
                                                r"\(civica::text::input_limits::max_fields_per_record\)"):
        civica.io.read(too_wide)
    # An empty string there is no value.
    blank = _grants_workbook(tmp_path, "blank.xlsx", f'<row r="3"><c r="{beyond}3" t="inlineStr"><is><t></t></is></c></row>')
    assert len(civica.io.read(blank).applications) == 1

    long = _grants_workbook(tmp_path, "long.xlsx", "".join(f'<row r="{r}"><c r="A{r}"/></row>' for r in range(3, 13)))
    with pytest.raises(civica.ParseError, match=r'sheet "grants" has more than 5 rows \(civica::text::input_limits::max_rows\)'):
        civica.io.read(long, limits={"max_rows": 5})
    assert len(civica.io.read(long, limits={"max_rows": 12}).applications) == 1


def test_max_file_bytes_holds_for_what_a_workbook_unpacks_to_and_under_set_limits(tmp_path):
    # A 4 MB workbook unpacked to 4 GB of shared text and took all memory, even under
    # limits={"max_file_bytes": 10 MB}; and civica.io.set_limits(max_file_bytes=...) was not
    # applied to workbooks at all (only the read's own limits were).
    spaces = " " * 3_000_000
    bomb = _grants_workbook(tmp_path, "bomb.xlsx", f'<row r="3"><c r="J3" t="inlineStr"><is><t>{spaces}</t></is></c></row>')
    assert os.path.getsize(bomb) < 100_000
    with pytest.raises(civica.ParseError, match=r"bomb\.xlsx: the workbook's parts unpack to \d+ bytes, more than the "
                                                r"limit of 1000000 \(civica::text::input_limits::max_file_bytes\)"):
        civica.io.read(bomb, limits={"max_file_bytes": 1_000_000})
    saved = civica.io.limits()
    civica.io.set_limits(max_file_bytes=1_000_000)
    try:
        with pytest.raises(civica.ParseError, match="unpack to"):
            civica.io.read(bomb)
        with pytest.raises(civica.ParseError, match="unpack to"):
            civica.xlsx.read_360giving(bomb)
        small = _grants_workbook(tmp_path, "small.xlsx")
        civica.io.set_limits(max_file_bytes=os.path.getsize(small) - 1)
        with pytest.raises(civica.CivicaIOError, match="more than the limit"):
            civica.xlsx.sheet_kind(small)
    finally:
        civica.io.set_limits(**saved)
    assert len(civica.io.read(bomb).applications) == 1  # under the default caps it is a workbook like any


def test_a_workbook_openpyxl_cannot_read_is_one_problem_naming_the_file_once(tmp_path):
    # validate said "bad.xlsx: /…/bad.xlsx: the workbook cannot be read: …".
    import zipfile

    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook>")
    found = civica.io.problems(bad)
    assert [(p.severity, p.check, p.file) for p in found] == [("error", "unreadable", str(bad))]
    assert found[0].message.startswith("the workbook cannot be read: ")
    proc = subprocess.run([sys.executable, "-m", "civica", "validate", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1 and proc.stdout.count("bad.xlsx") == 1, proc.stdout


def test_a_reads_own_limits_hold_for_the_guess_and_the_sheets_of_a_workbook(tmp_path):
    # read(limits=...) was applied to the workbook file only: the guess of its kind opened it
    # under the caps in force (refused under set_limits though the read allowed it), and its
    # sheets were read under the caps in force (a tighter max_field_bytes let through).
    book = _grants_workbook(tmp_path, "grants.xlsx")
    saved = civica.io.limits()
    civica.io.set_limits(max_file_bytes=1000)
    try:
        assert len(civica.io.read(book, limits={"max_file_bytes": 10**9}).applications) == 1
        assert civica.io.problems(book, limits={"max_file_bytes": 10**9}) == []
    finally:
        civica.io.set_limits(**saved)
    with pytest.raises(civica.ParseError, match="max_field_bytes"):
        civica.io.read(book, limits={"max_field_bytes": 5})
    city = tmp_path / "city.xlsx"
    civica.io.write(civica.datasets.load("khanty-mansiysk-2020-synthetic"), city)
    with pytest.raises(civica.ParseError, match="max_field_bytes"):
        civica.io.read(city, limits={"max_field_bytes": 5})
    assert any("max_field_bytes" in p.message for p in civica.io.problems(city, limits={"max_field_bytes": 5}))
    assert len(civica.io.read(city).applications) == 541
