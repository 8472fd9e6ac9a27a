"""docs/your-city.md end to end: `civica new` for Нягань 2023, the workbook filled in by a
script, `civica validate`, `civica report --format docx|pdf`; and the documents checked as a
reader would: the Word file opened with python-docx and converted by LibreOffice, the PDF
turned into PNG pages by pdftoppm and its text read by pdftotext.

The report's figures are checked against counts this test makes from what the script typed
(city_workbook.Typed), not from civica.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

civica = pytest.importorskip("civica")
pytest.importorskip("openpyxl")
docx = pytest.importorskip("docx")
pytest.importorskip("reportlab")
pytest.importorskip("cairosvg")

import city_workbook as cw  # noqa: E402

from civica import cli  # noqa: E402

YEAR = cw.YEAR


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (scripts/system-packages-test.txt)")
    return path


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """The walkthrough's first steps: `civica new`, the workbook filled in, `civica validate`."""
    tmp = tmp_path_factory.mktemp("city")
    assert cli.main(["new", str(tmp / "niagan"), "--territory", cw.CITY, "--region", cw.REGION,
                     "--year", str(YEAR)]) == 0
    book = tmp / "niagan.xlsx"
    typed = cw.fill(str(book))
    assert cli.main(["validate", str(book)]) == 0
    return tmp, book, typed


def expected_figures(t: cw.Typed) -> dict:
    """The report's figures counted from what was typed, by the rules of docs/report.md."""
    city_orgs = {o["id"] for o in t.organizations if o["municipality"] == cw.CITY_ID}
    city_people = {p["id"] for p in t.persons if p["municipality"] == cw.CITY_ID}
    meetings = [m for m in t.meetings if m["date"].year == YEAR]
    held = {m["id"] for m in meetings}
    competitions = {c["id"]: c for c in t.competitions}
    ngo_wins = {}
    funds = 0.0
    for a in t.applications:
        c = competitions[a["competition"]]
        if c["programme"] in ("presidential-grants", "governor-ngo") and a["applicant"] in city_orgs \
                and a["status"].endswith("(winner)"):
            ngo_wins[c["year"]] = ngo_wins.get(c["year"], 0) + 1
            if c["year"] == YEAR:
                funds += a["awarded"]
    individual = [a for a in t.applications if competitions[a["competition"]]["programme"] == "governor-individual"]
    mine = [a for a in individual if a["applicant"] in city_people]
    winners = [a for a in mine if a["status"].endswith("(winner)")]
    by_town = {}
    for a in individual:
        if a["status"].endswith("(winner)"):
            town = next(p["municipality"] for p in t.persons if p["id"] == a["applicant"])
            by_town[town] = by_town.get(town, 0) + 1
    rank = 1 + sum(1 for town, n in by_town.items() if n > by_town[cw.CITY_ID])
    registered = [o for o in t.organizations if o["municipality"] == cw.CITY_ID and o["id"].startswith("ngo-")
                  and o["registered"].year <= YEAR]
    participants = {}
    for e in t.enrolments:
        participants[e["course"]] = participants.get(e["course"], 0) + e["participants"]
    titles = {c["id"]: c["title"] for c in t.courses}
    figures = {
        ("councils.public_councils", YEAR, ""): 4,  # published
        ("councils.collegial_bodies", YEAR, ""): len(t.bodies),
        ("councils.meetings", YEAR, ""): len(meetings),
        ("councils.agenda_questions", YEAR, ""): sum(1 for q in t.questions if q["meeting"] in held),
        ("training.courses", YEAR, ""): len(t.courses),
        ("training.ngos_trained", YEAR, ""): len({e["organization"] for e in t.enrolments if e["completed"] == "да"}),
        ("ngo.registered", YEAR, ""): 120,  # published, "более 120"
        ("ngo.public_associations", YEAR, ""): sum(1 for o in registered if o["public_association"] == "да"),
        ("grants.funds_attracted", YEAR, ""): round(funds, 2),
        ("grants.individual.applicants", YEAR, ""): len(mine),
        ("grants.individual.winners", YEAR, ""): len(winners),
        ("grants.individual.amount", YEAR, ""): sum(a["awarded"] for a in winners),
        ("grants.individual.rank_among_municipalities", YEAR, ""): rank,
    }
    for year, n in ngo_wins.items():
        figures[("grants.winners", year, "")] = n
    for course, n in participants.items():
        figures[("training.participants", YEAR, titles[course])] = n
    return figures


def test_the_reports_figures_are_the_workbooks_counts(city):
    _, book, typed = city
    ds = civica.io.read(book)
    content = civica.report.build(ds, YEAR, lang="ru")
    expected = expected_figures(typed)
    for (key, year, breakdown), value in expected.items():
        f = content.figure(key, year, breakdown)
        assert f.value == pytest.approx(value), (key, year, breakdown)
    assert content.figure("ngo.registered").qualifier == "more_than"
    assert content.territory_name == cw.CITY


def _number(value, *, money=False) -> str:
    """A value as the table of figures writes it in Russian (typed here: groups of three with
    no-break spaces, a decimal comma, kopecks only when there are some)."""
    if money and round(value * 100) % 100:
        whole, frac = f"{value:.2f}".split(".")
    else:
        whole, frac = f"{round(value)}", ""
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return " ".join(groups) + ("," + frac if frac else "")


def _pdf_text(pdf: Path) -> str:
    out = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return re.sub(r"[ \u00a0\u202f]+", " ", out)


def test_the_pdf_report_holds_every_figure_on_a4_pages(city):
    tmp, book, typed = city
    pdf = tmp / "report.pdf"
    assert cli.main(["report", "--dataset", str(book), "--format", "pdf", "-o", str(pdf)]) == 0
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert "595.276 x 841.89 pts (A4)" in info
    assert 2 <= pages <= 8
    subprocess.run([_tool("pdftoppm"), "-r", "50", "-png", str(pdf), str(tmp / "page")], check=True)
    assert len(list(tmp.glob("page-*.png"))) == pages
    fonts = subprocess.run([_tool("pdffonts"), str(pdf)], check=True, capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes yes " in r for r in rows), fonts  # every font embedded, subset, Unicode
    text = _pdf_text(pdf)
    assert cw.CITY.upper() in text and f"в {YEAR} году" in text
    for (key, year, breakdown), value in expected_figures(typed).items():
        money = key in ("grants.funds_attracted", "grants.individual.amount")
        assert _number(value, money=money) in text, (key, value)
    assert "более" in text and "Администрация города Нягани" in text  # a qualifier and a source


def test_the_word_report_opens_and_converts_with_libreoffice(city):
    tmp, book, typed = city
    out = tmp / "report.docx"
    assert cli.main(["report", "--dataset", str(book), "--format", "docx", "-o", str(out)]) == 0
    content = civica.report.build(civica.io.read(book), YEAR, lang="ru")
    d = docx.Document(str(out))
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    for s in content.sections:
        assert s.heading in headings
    assert "Цифры отчёта и их источники" in headings and "Примечания" in headings
    assert d.paragraphs[0].text == cw.CITY.upper() and d.paragraphs[0].style.name == "Title"
    assert len(d.inline_shapes) == len(content.charts) >= 2
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Показатель", "Год", "Значение", "Точность", "Единица",
                                                     "Источник"]
    values = {(r.cells[1].text, r.cells[2].text.replace("\u00a0", " ")) for r in table.rows[1:]}
    for (key, year, breakdown), value in expected_figures(typed).items():
        money = key in ("grants.funds_attracted", "grants.individual.amount")
        assert (str(year), _number(value, money=money)) in values, key
    assert d.core_properties.language == "ru-RU"
    # Each chart's caption is the template's label, whole: a caption the picture wraps over two
    # lines comes out with its words apart.
    template = Path(__file__).resolve().parents[2] / "data" / "templates" / "report.ru.txt"
    labels = dict(re.findall(r"^@label chart\.(\w+) (.+)$", template.read_text(encoding="utf-8"), re.M))
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    assert captions == [labels[c["id"]] for c in content.charts], captions
    soffice = _tool("soffice")
    done = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp / "lo"), str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    converted = tmp / "lo" / "report.pdf"
    assert converted.stat().st_size > 10_000
    text = _pdf_text(converted)
    assert cw.CITY.upper() in text and "Цифры отчёта и их источники" in text


def test_the_bundled_report_as_pdf_and_docx_from_the_command_line(tmp_path):
    assert cli.main(["report", "--format", "pdf", "-o", str(tmp_path / "km.pdf")]) == 0
    text = _pdf_text(tmp_path / "km.pdf")
    # The published figures of DOMAIN.md section 1.
    for phrase in ("13 общественных советов", "59 заседаний", "134 вопроса", "более 300", "3,7 млн рублей"):
        assert phrase in text, phrase
    assert cli.main(["report", "--lang", "en", "--format", "docx", "-o", str(tmp_path / "km.docx")]) == 0
    d = docx.Document(str(tmp_path / "km.docx"))
    assert any(p.text == "The report's figures and their sources" for p in d.paragraphs)


def test_the_docx_report_carries_its_own_dates_and_maker_not_the_templates(tmp_path):
    # The .docx said it was created on 2013-12-23 by "Microsoft Macintosh Word", with python-docx's
    # description and a thumbnail of an empty page: the template's, not the report's (ECMA-376
    # Part 2, core properties; Part 1, 22.2 extended properties).
    import datetime
    import zipfile

    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    out = tmp_path / "km.docx"
    assert cli.main(["report", "--format", "docx", "-o", str(out)]) == 0
    after = datetime.datetime.now(datetime.timezone.utc)
    props = docx.Document(str(out)).core_properties
    for when in (props.created, props.modified):
        assert before <= when.replace(tzinfo=datetime.timezone.utc) <= after, when
    assert props.comments == "" and props.last_modified_by == "civica" and props.author == "civica"
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert "docProps/thumbnail.jpeg" not in names
        assert "thumbnail" not in z.read("_rels/.rels").decode()
        app = z.read("docProps/app.xml").decode()
        assert "<Application>civica</Application>" in app and "Macintosh" not in app and "Normal.dotm" not in app
        # Every part a relationship names is in the package.
        for target in re.findall(r'Target="([^"]+)"', z.read("_rels/.rels").decode()):
            assert target in names, target


def test_the_figures_table_states_shares_as_the_text_does(tmp_path):
    # A share is a fraction (docs/report.md): the table showed "0,6 %" beside the text's 60 %,
    # and the growth rate unrounded ("0,9511999126951147 %").
    surgut = Path(__file__).resolve().parents[2] / "tests" / "data" / "surgut-2024"
    out = tmp_path / "surgut.docx"
    assert cli.main(["report", "--dataset", str(surgut), "--growth-rate", "--format", "docx", "-o", str(out)]) == 0
    rows = [[c.text for c in r.cells] for r in docx.Document(str(out)).tables[-1].rows]
    # Surgut's municipal competitions: 3 winners of 5 decided applications.
    assert any(r[2] == "60\u00a0%" for r in rows), rows
    assert not [r for r in rows if r[2].startswith("0,")], rows
    # Khanty-Mansiysk: from 7 winners in 2017 to 52 in 2020, (52/7)^(1/3) - 1 a year.
    doc = civica.document.build("khanty-mansiysk-2020", 2020, growth_rate=True, lang="en")
    cagr = [f for f in doc.figures if f.value.endswith("%")]
    assert [f.value for f in cagr] == [f"{((52 / 7) ** (1 / 3) - 1) * 100:.1f}%"], cagr


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_figures_table_heads_each_row_with_the_reports_word_for_its_key(lang):
    # Six keys (councils.chamber_members, resource_centre.*, ...) were headed by the raw key,
    # and a figure counted from records by the workbook's "(по данным Минюста)".
    template = Path(__file__).resolve().parents[2] / "data" / "templates" / f"report.{lang}.txt"
    terms = dict(re.findall(r"^@term (\S+) (.+)$", template.read_text(encoding="utf-8"), re.M))
    for name in ("khanty-mansiysk-2020", "khanty-mansiysk-2020-synthetic"):
        doc = civica.document.build(name, 2020, growth_rate=True, lang=lang)
        keys = {f.key for f in doc.figures}
        assert {"councils.meetings", "grants.winners"} <= keys, keys
        for f in doc.figures:
            if f.key in terms:
                assert f.indicator == terms[f.key], (name, f)
            assert f.indicator != f.key, (name, f)


def test_a_document_needs_a_known_format():
    with pytest.raises(ValueError, match="unknown document format"):
        civica.document.write("khanty-mansiysk-2020", "report.odt")
