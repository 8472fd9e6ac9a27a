"""civica.report and `civica report`: the annual public-engagement report.

The expected figures and phrases are typed from the source document (DOMAIN.md section 1) and
from the rules of Russian grammar, not taken from civica's output.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from contextlib import redirect_stdout
from decimal import Decimal
from pathlib import Path

import pytest

civica = pytest.importorskip("civica")
report = pytest.importorskip("civica.report")

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "data" / "datasets" / "khanty-mansiysk-2020"


def run_cli(*args: str) -> str:
    from civica import cli

    out = io.StringIO()
    with redirect_stdout(out):
        code = cli.main(["report", *args])
    assert code == 0
    return out.getvalue()


# Every figure of the source document as the Russian text must state it.
RUSSIAN_PHRASES = [
    "13 общественных советов",
    "Общественной палаты города Ханты-Мансийска",
    "14 коллегиальными общественными органами",
    "59 заседаний",
    "134 вопроса",
    "В 2020 году начал работу Ресурсный центр",  # row 6: it started work in 2020
    "информационную, консультационную, образовательную, организационную",
    "грантов и субсидий",
    "31 НКО",
    "2 курса",
    "«Социальное проектирование в НКО» (26 представителей НКО)",
    "«Отчетность некоммерческой организации» (5 представителей НКО)",
    "календарь отчётности на 2021 год",
    "более 300 некоммерческих организаций",
    "из них 50 являются общественными объединениями",
    "с 7 в 2017 году до 52 в 2020 году",
    "более 30 млн рублей",
    "более 70 горожан",
    "первом конкурсе для физических лиц",
    "первое место среди муниципальных образований Югры",
    "16 горожан",
    "3,7 млн рублей",
]


def test_civica_report_prints_every_figure_in_russian_markdown():
    text = run_cli()
    assert text.startswith("# ХАНТЫ-МАНСИЙСК")
    for phrase in RUSSIAN_PHRASES:
        assert phrase in text, phrase


def test_english_report_has_the_same_content():
    text = run_cli("--lang", "en")
    for phrase in ["13 public councils", "14 collegial public bodies", "59 meetings", "134 questions",
                   "In 2020 the Resource Centre for Socially Oriented NGOs and Volunteering started work",
                   "31 NGOs", "26 NGO representatives", "5 NGO representatives",
                   "calendar for 2021", "more than 300 non-profit organisations", "50 of them",
                   "from 7 in 2017 to 52 in 2020", "more than 30 million roubles", "more than 70 residents",
                   "ranked first", "16 residents", "3.7 million roubles"]:
        assert phrase in text, phrase


def test_the_resource_centre_is_stated_from_the_year_it_started_work(tmp_path):
    # DOMAIN.md row 6: the centre started work in 2020. The 2017 report said it was working,
    # and the 2020 one said "работает" (works), as the centre has no services recorded.
    assert "Ресурсный центр" not in run_cli("--year", "2017")
    ds = civica.datasets.load("khanty-mansiysk-2020")
    ds.set_indicator("resource_centre.openings", 2020, 0)  # published: it worked before 2020
    text = civica.report.render(ds, 2020)
    assert "В городе Ханты-Мансийске работает Ресурсный центр" in text
    assert "начал работу" not in text
    # Without a published opening, an organisation registered after the year is no one's
    # centre in it; registered in the year, it started work in it.
    folder = tmp_path / "no-opening"
    shutil.copytree(BUNDLED, folder)
    _rewrite_csv(folder / "indicators.csv", lambda r: None if r["key"] == "resource_centre.openings" else r)
    for registered, expected in (("2021-03-01", None),
                                 ("2020-03-01", "В 2020 году начал работу Ресурсный центр"),
                                 ("2019-03-01", "В городе Ханты-Мансийске работает Ресурсный центр")):
        _rewrite_csv(folder / "organizations.csv",
                     lambda r: dict(r, registered=registered) if r["id"] == "resource-centre" else r)
        text = run_cli("--dataset", str(folder))
        if expected is None:
            assert "## Ресурсный центр" not in text, registered
        else:
            assert expected in text, registered
    # From records: the year of the centre's first service (the synthetic one gave all 213 in 2020).
    syn = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    first = syn.services.to_pandas().groupby("provider").provided.min().dt.year.to_dict()
    assert first == {"resource-centre": 2020}
    assert civica.analysis.compute_indicator(syn, "resource_centre.openings", 2020) == 1
    assert civica.analysis.compute_indicator(syn, "resource_centre.openings", 2019) is None
    # Records that begin in the year say nothing of the years before them: a centre registered
    # in 2015 whose recorded support begins in 2020 was working before (the report said it
    # "began work" in 2020). Registered in 2020, its first support is its start.
    folder = tmp_path / "synthetic"
    shutil.copytree(BUNDLED.parent / "khanty-mansiysk-2020-synthetic", folder)
    for registered, opening in (("2015-06-01", 0), ("2020-02-01", 1)):
        _rewrite_csv(folder / "organizations.csv",
                     lambda r: dict(r, registered=registered) if r["id"] == "resource-centre" else r)
        again = civica.io.read(folder)
        assert civica.analysis.compute_indicator(again, "resource_centre.openings", 2020) == opening, registered
        text = civica.report.render(again, 2020)
        assert ("начал работу" in text) == bool(opening), registered
    # When the records do cover the years before (another organisation's support of 2019), the
    # centre's first recorded support is its start, whenever it was registered.
    services = list(csv.DictReader((folder / "services.csv").open(encoding="utf-8")))
    other = next(r["recipient"] for r in services if r["recipient_type"] == "organization")
    earlier = dict(services[0], id="earlier-service", provider=other, date="2019-06-01")
    with (folder / "services.csv").open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=list(services[0])).writerow(earlier)
    _rewrite_csv(folder / "organizations.csv",
                 lambda r: dict(r, registered="2015-06-01") if r["id"] == "resource-centre" else r)
    assert civica.analysis.compute_indicator(civica.io.read(folder), "resource_centre.openings", 2020) == 1


def test_published_application_counts_are_stated_as_published_winners_are():
    # DOMAIN.md row 13: "applications to grant competitions grow every year". The city's
    # published counts of years its records do not cover were never stated, while its published
    # winners were. Rising every year: stated from the first to the last; a fall: not stated.
    ds = civica.datasets.load("khanty-mansiysk-2020")
    published = {2017: 30, 2018: 35, 2019: 40, 2020: 50}
    for year, value in published.items():
        ds.set_indicator("grants.applications", year, value)
    text = civica.report.render(ds, 2020)
    assert "число их заявок растёт ежегодно: с 30 заявок в 2017 году до 50 в 2020 году" in text
    assert "from 30 in 2017 to 50 in 2020" in civica.report.render(ds, 2020, lang="en")
    ds.set_indicator("grants.applications", 2019, 60)
    assert "растёт ежегодно" not in civica.report.render(ds, 2020)


def test_the_verb_of_a_resource_centre_agrees_with_its_name(tmp_path):
    # "начал работу Автономная некоммерческая организация «…»": the template's verb fitted only a
    # masculine name (the bundled «Ресурсный центр»); most centres are registered as an АНО.
    folder = tmp_path / "ano"
    shutil.copytree(BUNDLED, folder)
    _rewrite_csv(folder / "indicators.csv", lambda r: None if r["key"] == "resource_centre.openings" else r)
    for full_name, verb in (("Автономная некоммерческая организация «Ресурсный центр Сургута»", "начала"),
                            ("Частное учреждение «Центр поддержки НКО»", "начало"),
                            ("Благотворительный фонд «Открытые двери»", "начал"),
                            ("Ресурсный центр поддержки НКО Югры", "начал")):
        _rewrite_csv(folder / "organizations.csv",
                     lambda r: dict(r, registered="2020-03-01", full_name=full_name) if r["id"] == "resource-centre" else r)
        text = run_cli("--dataset", str(folder))
        assert f"В 2020 году {verb} работу {full_name}" in text, full_name


def test_a_territory_is_named_by_its_id_its_name_or_its_english_name():
    # --territory Khanty-Mansiysk (the municipality's name_en) was "not in dataset".
    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    pokachi = next(m for m in ds.municipalities if m.id == "pokachi")
    assert pokachi.name_en and pokachi.name_en != pokachi.name
    for name in ("pokachi", pokachi.name, pokachi.name_en):
        assert ds.resolve_territory(name) == "pokachi", name
    # The analyses' municipality filter takes the same names (one rule, resolve_territory).
    by_name = civica.analysis.group_applications(ds, "year", municipality=pokachi.name_en)
    assert by_name.equals(civica.analysis.group_applications(ds, "year", municipality="pokachi"))
    by_id = run_cli("--dataset", "khanty-mansiysk-2020-synthetic", "--territory", "pokachi")
    assert run_cli("--dataset", "khanty-mansiysk-2020-synthetic", "--territory", pokachi.name_en) == by_id


def test_a_rank_counted_from_records_is_among_the_municipalities_in_the_data():
    # Counted among the synthetic dataset's 13 cities, Pokachi's rank was worded as a rank
    # among all of Yugra's municipalities; the published rank of Khanty-Mansiysk is worded as
    # the document words it.
    syn = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    assert len(syn.municipalities) == 13
    ru = civica.report.render(syn, 2020, territory="pokachi")
    assert re.search(r"место среди муниципальных образований Югры, представленных в данных,\s+по числу", ru), ru
    en = civica.report.render(syn, 2020, territory="pokachi", lang="en")
    assert "among the municipalities of Yugra in the data by the number of winners" in en
    published = civica.report.render("khanty-mansiysk-2020", 2020)
    assert "представленных в данных" not in published
    assert "первое место среди муниципальных образований Югры" in published


def test_json_lists_every_published_figure_with_its_source():
    data = json.loads(run_cli("--format", "json"))
    figures = []
    for s in data["sections"]:
        for st in s["statements"]:
            figures += st["figures"]
            for items in st.get("lists", {}).values():
                for it in items:
                    figures += it["figures"]
    got = {(f["key"], f["year"], f.get("breakdown", "")): f for f in figures}
    expected = {
        ("councils.public_councils", 2020, ""): (13, "exact"),
        ("councils.collegial_bodies", 2020, ""): (14, "exact"),
        ("councils.meetings", 2020, ""): (59, "exact"),
        ("councils.agenda_questions", 2020, ""): (134, "exact"),
        ("training.courses", 2020, ""): (2, "exact"),
        ("training.ngos_trained", 2020, ""): (31, "exact"),
        ("training.participants", 2020, "Социальное проектирование в НКО"): (26, "exact"),
        ("training.participants", 2020, "Отчетность некоммерческой организации"): (5, "exact"),
        ("ngo.registered", 2020, ""): (300, "more_than"),
        ("ngo.public_associations", 2020, ""): (50, "exact"),
        ("grants.winners", 2017, ""): (7, "exact"),
        ("grants.winners", 2020, ""): (52, "exact"),
        ("grants.funds_attracted", 2020, ""): (30_000_000, "more_than"),
        ("grants.individual.applicants", 2020, ""): (70, "more_than"),
        ("grants.individual.rank_among_municipalities", 2020, ""): (1, "exact"),
        ("grants.individual.winners", 2020, ""): (16, "exact"),
        ("grants.individual.amount", 2020, ""): (3_700_000, "exact"),
    }
    for key, (value, qualifier) in expected.items():
        f = got[key]
        assert f["value"] == value, key
        assert f["qualifier"] == qualifier, key
        assert f["provenance"]["kind"] == "published"
        assert "Ханты-Мансийска" in f["provenance"]["source"]
    assert data["discrepancies"] == []


def test_build_returns_the_content_as_data():
    r = report.build("khanty-mansiysk-2020", 2020, lang="ru")
    assert [s.id for s in r.sections] == ["councils", "resource_centre", "training", "ngo", "grants", "individuals"]
    m = r.figure("councils.meetings")
    assert m.value == 59 and m.published
    assert r.figure("grants.winners", 2017).value == 7
    assert any("59 заседаний" in (st.text or "") for s in r.sections for st in s.statements)


def test_synthetic_records_state_the_same_figures_as_the_published_ones():
    published = report.build("khanty-mansiysk-2020", 2020)
    synthetic = report.build("khanty-mansiysk-2020-synthetic", 2020)
    compared = 0
    for p in published.figures():
        if not p.published:
            continue
        s = synthetic.figure(p.key, p.year, p.breakdown)
        if p.qualifier == "exact":
            assert s.value == pytest.approx(p.value, abs=0.5), p.key
        elif p.qualifier == "more_than":
            assert s.value > p.value, p.key
        compared += 1
    assert compared >= 17
    assert synthetic.discrepancies == []
    text = report.render("khanty-mansiysk-2020-synthetic", 2020)
    for phrase in ["59 заседаний", "134 вопроса", "с 7 в 2017 году до 52 в 2020 году", "16 горожан"]:
        assert phrase in text


def _rewrite_csv(table: Path, change) -> None:
    """Rewrites a table of a dataset folder row by row: ``change(row)`` gives the new row, or
    None to leave it out."""
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    kept = [r for r in (change(dict(r)) for r in rows) if r is not None]
    with table.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(kept)


def _copy_with_indicators(tmp_path: Path, changes: dict) -> Path:
    folder = tmp_path / "changed"
    shutil.copytree(BUNDLED, folder)
    rows = list(csv.DictReader((folder / "indicators.csv").open(encoding="utf-8")))
    for r in rows:
        k = (r["key"], int(r["year"]))
        if k in changes:
            r["value"] = str(changes[k])
    with (folder / "indicators.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return folder


def test_changed_figures_change_the_text_with_agreeing_nouns(tmp_path):
    folder = _copy_with_indicators(tmp_path, {("councils.meetings", 2020): 61,
                                              ("councils.agenda_questions", 2020): 111,
                                              ("grants.winners", 2020): 21})
    text = run_cli("--dataset", str(folder), "--year", "2020")
    assert "61 заседание," in text
    assert "111 вопросов" in text
    assert "до 21 в 2020 году." in text and "Итого" not in text
    assert "59 заседаний" not in text


def _by_the_book(n: int) -> str:
    # Last two digits 11–14 -> many; else last digit 1 -> one, 2–4 -> few, otherwise many.
    if 11 <= n % 100 <= 14:
        return "many"
    return {1: "one", 2: "few", 3: "few", 4: "few"}.get(n % 10, "many")


def test_russian_plural_follows_the_grammar_rule_from_0_to_200():
    for n in range(0, 201):
        assert report.russian_plural(n) == _by_the_book(n), n
    assert report.plural_phrase(21, ["победитель", "победителя", "победителей"]) == "21 победитель"
    assert report.format_money(370_000_000) == "3,7 млн рублей"


def _hostile_dataset():
    ds = civica.Dataset(name="hostile", territory="t")
    ds.add(civica.Municipality(id="t", name="Город"))
    ds.add(civica.Organization(id="o", full_name="<script>alert(1)</script>", municipality="t",
                               spheres=["information", "consulting"], nonprofit=False))
    ds.add(civica.Course(id="c", title="<script>alert(1)</script>", organiser="o",
                         start=__import__("datetime").date(2020, 3, 1)))
    ds.set_indicator("training.participants", 2020, 7, breakdown="<script>alert(1)</script>", territory="t")
    return ds


def test_names_from_data_are_text_not_markup():
    ds = _hostile_dataset()
    html = report.render(ds, 2020, format="html")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = report.render(ds, 2020, format="md")
    assert "\\<script\\>" in md


def test_a_changed_template_changes_wording_and_order(tmp_path):
    tpl = tmp_path / "mine.ru.txt"
    tpl.write_text(
        "@language ru\n@title Отчёт за {year}\n"
        "@section individuals Физлица\n@statement grants.individual.winners\n"
        "Победили {winners|горожанин|горожанина|горожан}.\n"
        "@section councils Советы\n@statement councils.activity\nЗаседаний было {meetings:number}.\n",
        encoding="utf-8")
    text = run_cli("--template", str(tpl))
    assert text.index("## Физлица") < text.index("## Советы")
    assert "Победили 16 горожан." in text
    assert "Заседаний было 59." in text


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def test_html_renders_in_headless_chromium_with_svg_charts(tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    Image = pytest.importorskip("PIL.Image")
    page = tmp_path / "report.html"
    assert run_cli("--dataset", "khanty-mansiysk-2020-synthetic", "--format", "html", "-o", str(page)) == ""
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(flags + ["--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert dom.count("<svg") == 3
    assert 'id="chart-winners_by_year"' in dom and 'class="trend"' in dom
    shot = tmp_path / "shot.png"
    subprocess.run(flags + ["--window-size=1000,3000", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    img = Image.open(shot).convert("RGB")
    assert img.size == (1000, 3000)
    raw = img.tobytes()
    pixels = [tuple(raw[i:i + 3]) for i in range(0, len(raw), 3)]
    non_white = sum(1 for p in pixels if p != (255, 255, 255))
    assert non_white > 0.02 * len(pixels)
    # The bars are drawn in #4a78b5 and the city's bar in #d9822b: the charts were painted.
    bar = sum(1 for p in pixels if abs(p[0] - 0x4A) < 8 and abs(p[1] - 0x78) < 8 and abs(p[2] - 0xB5) < 8)
    highlight = sum(1 for p in pixels if abs(p[0] - 0xD9) < 8 and abs(p[1] - 0x82) < 8 and abs(p[2] - 0x2B) < 8)
    assert bar > 2000
    assert highlight > 200


def test_chart_titles_fit_their_charts_and_text_is_not_justified(tmp_path):
    surgut = civica.io.read(REPO / "tests" / "data" / "surgut-2024")
    html = report.render(civica.datasets.load("khanty-mansiysk-2020-synthetic"), 2020, format="html")
    assert "justify" not in html
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    # Measure every caption line in the browser: its right edge must be inside its chart.
    probe = """<script>window.addEventListener('load', () => {
      const out = [];
      for (const svg of document.querySelectorAll('svg.chart')) {
        const width = svg.viewBox.baseVal.width;
        for (const t of svg.querySelectorAll('text.caption tspan'))
          out.push([svg.id, t.getStartPositionOfChar(0).x + t.getComputedTextLength(), width]);
      }
      document.body.setAttribute('data-captions', JSON.stringify(out));
    });</script></body>"""
    for name, text in (("km", html), ("surgut", report.render(surgut, 2024, format="html")),
                       ("km-en", report.render("khanty-mansiysk-2020-synthetic", 2020, lang="en", format="html"))):
        page = tmp_path / f"{name}.html"
        page.write_text(text.replace("</body>", probe), encoding="utf-8")
        dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                              f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                             capture_output=True, text=True, timeout=120, check=True).stdout
        found = re.search(r"data-captions=\"([^\"]*)\"", dom)
        assert found, dom[-2000:]
        captions = json.loads(found.group(1).replace("&quot;", '"'))
        assert len(captions) >= 3, (name, captions)
        for chart, right, width in captions:
            assert right <= width - 4, (name, chart, right, width)


@pytest.mark.skipif(__import__("importlib").util.find_spec("mypy") is None, reason="mypy is not installed")
def test_the_report_modules_type_check_with_mypy_strict(tmp_path):
    import sys

    args = [sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports", "--follow-imports=silent",
            "--no-incremental", "--cache-dir", str(tmp_path / "cache"), "-m", "civica.report",
            "-m", "civica.cli_report"]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _civica(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "civica"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "civica"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_a_year_the_dataset_holds_nothing_of_is_refused_naming_its_years():
    proc = _civica("report", "--year", "2030")
    assert proc.returncode == 2 and proc.stdout == ""
    assert "holds no records or figures of 2030; its years are 2017, 2020" in proc.stderr
    with pytest.raises(civica.ValidationError, match="2017, 2020"):
        report.render("khanty-mansiysk-2020", 2019)


def test_the_output_suffix_names_the_format_and_a_contradicting_format_is_refused(tmp_path):
    page = tmp_path / "folder" / "report.html"
    proc = _civica("report", "-o", str(page))
    assert proc.returncode == 0, proc.stderr
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    data = tmp_path / "report.json"
    assert _civica("report", "-o", str(data)).returncode == 0
    assert json.loads(data.read_text(encoding="utf-8"))["year"] == 2020
    wrong = _civica("report", "--format", "md", "-o", str(tmp_path / "r.json"))
    assert wrong.returncode == 2 and "names a json file, but --format is md" in wrong.stderr
    assert not (tmp_path / "r.json").exists()
    # .markdown names Markdown, as for civica calendar (it was refused as a suffix of no format).
    assert _civica("report", "-o", str(tmp_path / "r.markdown")).returncode == 0
    assert (tmp_path / "r.markdown").read_text(encoding="utf-8").startswith("# ")


def test_reports_are_written_with_the_permissions_the_umask_gives(tmp_path):
    pytest.importorskip("docx")
    old = os.umask(0o022)
    try:
        for name in ("r.docx", "r.md"):
            assert _civica("report", "-o", str(tmp_path / name)).returncode == 0
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name
    finally:
        os.umask(old)


_HOLE = re.compile(r"(?<=\S)  +(?=\S)|\s[,.:;]|\(\s*\)|«\s*»|“\s*”|^# *$|\b(of|with|and|для|при|в|В) *[,.]", re.M)
GRANTS_360 = REPO / "tests" / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.json"
COUNCILS_POPOLO = REPO / "tests" / "data" / "popolo" / "council_meetings.json"


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("dataset, territory", [("khanty-mansiysk-2020", None),
                                                ("khanty-mansiysk-2020-synthetic", None),
                                                ("khanty-mansiysk-2020-synthetic", "surgut"),
                                                ("360giving", None), ("popolo", None)])
def test_no_sentence_of_a_report_has_a_hole(dataset, territory, lang):
    ds = {"360giving": lambda: civica.io.read(GRANTS_360),
          "popolo": lambda: civica.io.read(COUNCILS_POPOLO)}.get(dataset, lambda: dataset)()
    text = report.render(ds, None, lang=lang, territory=territory)
    assert "year held" not in text  # a council sentence without its subject
    holes = [text[max(0, m.start() - 40): m.end() + 40] for m in _HOLE.finditer(text)]
    assert not holes, holes
    title = text.splitlines()[0]
    assert title.startswith("# ") and len(title) > 2
    if dataset == "360giving":
        assert title == "# abct\\_grants\\_360G-ABCT"  # no territory: the dataset's name


def test_a_territory_whose_ngos_took_no_course_has_no_training_section():
    en = report.render("khanty-mansiysk-2020-synthetic", None, lang="en", territory="surgut")
    assert "Training for NGOs" not in en and "0 courses" not in en
    activity = civica.analysis.training_activity(civica.datasets.load("khanty-mansiysk-2020-synthetic"), 2020,
                                                 territory="surgut")
    assert activity.attrs["total"]["courses"] == len(activity) > 0
    assert activity.attrs["total"]["courses_attended"] == int((activity["enrolments"] > 0).sum()) == 0


def test_format_and_language_are_read_without_regard_to_case():
    ds = civica.datasets.load("khanty-mansiysk-2020")
    assert report.render(ds, 2020, lang="EN", format="MD") == report.render(ds, 2020, lang="en", format="md")
    assert report.render(ds, 2020, lang="Ru") != report.render(ds, 2020, lang="en")
    with pytest.raises(ValueError, match="unknown language 'de'"):
        report.render(ds, 2020, lang="DE")


def test_a_report_content_shows_as_a_short_summary_and_as_markdown_in_jupyter():
    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    content = report.build(ds)
    # The six sections of the source document (DOMAIN.md section 1) as the Markdown heads them.
    md = report.render(ds)
    assert len([line for line in md.splitlines() if line.startswith("## ")]) == 6
    as_json = json.loads(report.render(ds, format="json"))
    statements = sum(len(s["statements"]) for s in as_json["sections"])
    for text in (repr(content), str(content)):
        assert len(text) < 300, text[:300]  # not the dump of every figure's provenance
        assert text.startswith("Report(")
        for part in ("'khanty-mansiysk-2020-synthetic'", "year=2020", "Ханты-Мансийск",
                     "sections=6", f"statements={statements}", "missing=0", "language=None"):
            assert part in text, (part, text)
    # Jupyter shows the report itself: the Markdown render() gives, with the same options.
    assert content._repr_markdown_() == md
    assert md.startswith("# ХАНТЫ-МАНСИЙСК")
    en = report.build(ds, lang="en", show_missing=True)  # the municipal grants' section has no data
    assert "missing=1" in repr(en) and "sections=7" in repr(en) and "language='en'" in repr(en)
    assert en._repr_markdown_() == report.render(ds, lang="en", show_missing=True)
    assert "## Municipal grants" in en._repr_markdown_()
    assert en.render("html") == report.render(ds, lang="en", format="html", show_missing=True)


def test_qualified_figures_keep_their_grammar_in_both_languages():
    # Published figures with qualifiers in the places the template words them; each expected
    # phrase written by hand (Russian: the genitive after «более» for 21, «более чем» after a
    # preposition and before an instrumental, a pronoun in the plural for 61 meetings, a capital
    # letter where a figure opens a sentence; English: no article before "about").
    ds = civica.datasets.load("khanty-mansiysk-2020")
    ds.set_indicator("councils.meetings", 2020, 61)
    ds.set_indicator("councils.collegial_bodies", 2020, 14, qualifier="about")
    ds.set_indicator("councils.public_councils", 2020, 21, qualifier="more_than")
    ds.set_indicator("training.ngos_trained", 2020, 31, qualifier="more_than")
    ds.set_indicator("grants.individual.winners", 2020, 21, qualifier="about")
    ds.set_indicator("grants.winners", 2017, 7, qualifier="more_than")
    ru = civica.report.render(ds, 2020)
    for phrase in ("действуют более 21 общественного совета",
                   "примерно 14 коллегиальными общественными органами",
                   "проведено 61 заседание, на которых рассмотрено 134 вопроса",
                   "для более чем 31 НКО",
                   "выросло с более чем 7 в 2017 году до 52 в 2020 году",
                   "по числу победителей этого конкурса. Около 21 горожанина, представивших"):
        assert phrase in ru, phrase
    en = civica.report.render(ds, 2020, lang="en")
    for phrase in ("Over the year about 14 collegial public bodies of Khanty-Mansiysk held 61 meetings",
                   "In 2020, more than 70 residents of Khanty-Mansiysk took part",
                   "by the number of winners of this competition. About 21 residents who submitted"):
        assert phrase in en, phrase


def test_an_english_discrepancy_note_names_the_course_in_english():
    # The English template names the course «Отчетность некоммерческой организации» as
    # "Reporting of a non-profit organisation" (its @name); the note uses that name.
    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    ds.set_indicator("training.participants", 2020, 6, breakdown="Отчетность некоммерческой организации")
    notes = [line for line in civica.report.render(ds, 2020, lang="en", notes=True).splitlines()
             if line.startswith("- course participants")]
    assert notes == ["- course participants (2020, Reporting of a non-profit organisation): published 6, the "
                     "dataset's records (table “enrolments”, 5 rows) give 5; the report states the published figure."]


def test_one_winner_a_flat_series_and_a_qualified_or_falling_rate_are_worded_right():
    # Grammar typed from the rules of each language, not from civica's output.
    ds = civica.datasets.load("khanty-mansiysk-2020")
    ds.set_indicator("grants.winners", 2020, 1)
    ds.set_indicator("grants.individual.winners", 2020, 1)
    en = civica.report.render(ds, 2020, lang="en", growth_rate=True)
    assert "In 2020 there was 1 winner." in en  # was "there were 1 winner"
    assert "1 resident who submitted a project received support" in en
    # A fall from 7 to 1 in three years: (1/7)^(1/3) - 1 = -47.7 %, with the minus sign.
    assert "(an average change of \u221247.7% a year)" in en
    ru = civica.report.render(ds, 2020, growth_rate=True)
    assert "(среднегодовое изменение — \u221247,7\u00a0%)" in ru  # was "в среднем на -47,7 %"
    assert "1 горожанин, представивший свой проект, получил поддержку" in ru  # was "свои проекты"
    # A rise to a lower bound: "на более чем", not "на более" (after a preposition).
    ds.set_indicator("grants.winners", 2020, 51, qualifier="more_than")
    assert "(в среднем на более чем 93,8\u00a0% в год)" in civica.report.render(ds, 2020, growth_rate=True)
    # A series that ends where it began has not "changed from 7 in 2017 to 7 in 2020".
    ds.set_indicator("grants.winners", 2020, 7)
    en = civica.report.render(ds, 2020, lang="en")
    assert "changed from" not in en and "rose from" not in en
    assert "civil society was the same in 2020 as in 2017: 7 winners." in en
    assert "гражданского общества в 2020 году то же, что в 2017 году: 7 победителей." in civica.report.render(ds, 2020)


def test_the_grants_section_names_only_the_programmes_the_data_covers():
    # A national dataset of the Presidential Grants Fund's competitions alone (its programmes
    # listed here with pandas) is not "the Presidential and Governor's grants".
    ds = civica.synth.national(applications=3000, seed=2)
    assert set(ds.programmes.to_pandas()["kind"].astype(str)) == {"presidential_grants"}
    ru = civica.report.render(ds)
    assert "## Гранты Президента Российской Федерации\n" in ru
    assert "Губернатора" not in ru.split("## Гранты Президента")[1].split("##")[0]
    en = civica.report.render(ds, lang="en")
    assert "## Presidential grants\n" in en and "Governor" not in en
    # The dataset names no territory: the money its competitions brought is still stated
    # (it was left out with the territory), counted here by pandas.
    apps = ds.applications.to_pandas()
    comps = ds.competitions.to_pandas().set_index("id")["year"]
    won = apps[(apps["status"].astype(str) == "winner") & (apps["competition"].map(comps) == 2024)]
    millions = round(int(won["awarded_kopecks"].sum()) / 100 / 1e6, 1)
    assert f"brought about {millions} million roubles to socially significant projects." in en
    # The source document's published figures cover both, and say so.
    km = civica.report.render("khanty-mansiysk-2020", 2020)
    # The heading names the Governor's region, as the text does.
    assert "## Гранты Президента Российской Федерации и Губернатора Югры\n" in km
    assert "## Presidential and Governor's grants of Yugra\n" in civica.report.render("khanty-mansiysk-2020", 2020,
                                                                                      lang="en")
    assert "на гранты Президента Российской Федерации и Губернатора Югры" in km


@pytest.mark.parametrize("name", ["khanty-mansiysk-2020", "khanty-mansiysk-2020-synthetic"])
def test_an_english_report_of_a_bundled_dataset_has_no_russian_but_its_sources(name):
    # The social-design course's topic, added to the bundled data in Russian, was printed in
    # Russian in the English report: every Russian text of the bundled data has its English name.
    text = civica.report.render(name, 2020, lang="en", show_missing=True, notes=True)
    for line in text.splitlines():
        russian = re.findall(r"[\u0400-\u04ff]+", line.split("Source:")[0])
        assert not russian, line



def _surgut_2024(currency: str = "RUB", municipal_winners: int = 1) -> "civica.Dataset":
    """Surgut 2024: two presidential-grant winners of 100 000.50 and ``municipal_winners`` of a
    municipal programme of 50 000 each (one rejected), in ``currency``."""
    ds = civica.Dataset(name="surgut-2024", title="Сургут 2024", territory="surgut", currency=currency)
    ds.add(civica.Municipality(id="surgut", name="Сургут", name_genitive="Сургута", name_prepositional="Сургуте",
                               region="Ханты-Мансийский автономный округ – Югра"))
    for i in range(3):
        ds.add(civica.Organization(id=f"o{i}", full_name=f"НКО {i}", municipality="surgut"))
    ds.add(civica.GrantOperator(id="g", name="Оператор"))
    ds.add(civica.Programme(id="pg", grant_operator="g", name="Гранты", kind="presidential_grants"))
    ds.add(civica.Programme(id="mu", grant_operator="g", name="Субсидии города", kind="municipal_subsidy"))
    ds.add(civica.Competition(id="c", programme="pg", year=2024))
    ds.add(civica.Competition(id="m", programme="mu", year=2024))
    for i in range(2):
        ds.add(civica.Application(id=f"a{i}", competition="c", applicant=f"o{i}", status="winner",
                                  requested=100000, awarded=Decimal("100000.50")))
    for i in range(municipal_winners + 1):
        won = i < municipal_winners
        ds.add(civica.Application(id=f"m{i}", competition="m", applicant=f"o{i % 3}",
                                  status="winner" if won else "rejected", requested=50000,
                                  awarded=50000 if won else None))
    return ds


def test_a_note_on_money_names_the_currency_of_the_figures():
    # Before, the note said "опубликовано 5 млн рублей … — около 250 тыс. рублей" for figures in
    # pounds, which the body of the report named correctly.
    ds = _surgut_2024("GBP")
    ds.set_indicator("grants.funds_attracted", 2024, 5_000_000, unit="GBP")
    ru = civica.report.render(ds, 2024, notes=True)
    notes = ru[ru.index("Примечания"):]
    assert "опубликовано 5\u00a0000\u00a0000 фунтов стерлингов" in notes, notes
    assert "рубл" not in notes, notes
    en = civica.report.render(ds, 2024, lang="en", notes=True)
    notes = en[en.index("Notes"):]
    assert "published 5,000,000 pounds" in notes, notes
    assert "roubles" not in notes, notes


def test_a_note_on_money_shows_amounts_that_differ_by_less_than_the_shortened_form_shows():
    # Published 3 650 000; the records give 3 662 345.67 (1 831 172.83 + 1 831 172.84), which
    # disagrees at the published precision (10 000). Shortened, the note said "опубликовано около
    # 3,7 млн рублей … — около 3,7 млн рублей", as if the two agreed.
    ds = civica.Dataset(name="surgut-2024", title="Сургут 2024", territory="surgut")
    ds.add(civica.Municipality(id="surgut", name="Сургут", name_genitive="Сургута", name_prepositional="Сургуте",
                               region="Ханты-Мансийский автономный округ – Югра"))
    ds.add(civica.Organization(id="o", full_name="НКО", municipality="surgut"))
    ds.add(civica.GrantOperator(id="g", name="Оператор"))
    ds.add(civica.Programme(id="pg", grant_operator="g", name="Гранты", kind="presidential_grants"))
    ds.add(civica.Competition(id="c", programme="pg", year=2024))
    for i, awarded in enumerate([Decimal("1831172.83"), Decimal("1831172.84")]):
        ds.add(civica.Application(id=f"a{i}", competition="c", applicant="o", status="winner",
                                  requested=2_000_000, awarded=awarded))
    ds.set_indicator("grants.funds_attracted", 2024, 3_650_000, unit="RUB")
    ru = civica.report.render(ds, 2024, notes=True)
    notes = ru[ru.index("Примечания"):]
    assert "опубликовано 3\u00a0650\u00a0000 рублей" in notes, notes
    assert "— 3\u00a0662\u00a0345,67 рубля" in notes, notes
    en = civica.report.render(ds, 2024, lang="en", notes=True)
    notes = en[en.index("Notes"):]
    assert "published 3,650,000 roubles" in notes, notes
    assert "give 3,662,345.67 roubles" in notes, notes


def test_the_documents_table_of_figures_gives_a_large_amount_to_the_kopeck():
    # round(value * 100) of the figure's float lost a kopeck past 2^51 kopecks: a published
    # 39 254 986 614 805,59 was shown as …805,60.
    ds = _surgut_2024("RUB")
    ds.set_indicator("grants.funds_attracted", 2024, Decimal("39254986614805.59"), unit="RUB")
    rows = {r.key: r for r in civica.document.build(ds, 2024, lang="ru").figures}
    assert rows["grants.funds_attracted"].value == "39\u00a0254\u00a0986\u00a0614\u00a0805,59"


@pytest.mark.parametrize("value, lang, decimals, expected", [
    # Small floats in positional notation (repr gives 1e-05): the digits of the float's repr.
    (0.00001, "ru", None, "0,00001"),
    (-0.00012345, "en", None, "-0.00012345"),
    (1.5e-7, "en", None, "0.00000015"),
    # An int with all its digits (f"{int:.0f}" went through a float: …345,680).
    (123456789012345678, "en", None, "123,456,789,012,345,678"),
    (-(2**63) + 1, "ru", None, "-9\u00a0223\u00a0372\u00a0036\u00a0854\u00a0775\u00a0807"),
    (123456789012345678, "en", 2, "123,456,789,012,345,678.00"),
    # A Decimal with its own digits, not a float's.
    (Decimal("12345678901234567.89"), "en", None, "12,345,678,901,234,567.89"),
    (Decimal("0.0000001"), "ru", None, "0,0000001"),
    (Decimal("1E+3"), "en", None, "1,000"),
    (Decimal("1234.50"), "ru", None, "1\u00a0234,5"),
    # Unchanged: ordinary floats, and rounding to the decimals asked for.
    (1234567.5, "ru", None, "1\u00a0234\u00a0567,5"),
    (0.1, "en", None, "0.1"),
    (0.00001, "en", 2, "0.00"),
    (Decimal("2.675"), "en", 2, "2.68"),
])
def test_format_number_writes_every_digit_without_exponent_notation(value, lang, decimals, expected):
    assert civica.document.format_number(value, lang, decimals=decimals) == expected


@pytest.mark.parametrize("winners, pronoun", [(1, "на его реализацию"), (2, "на их реализацию"),
                                              (21, "на их реализацию")])
def test_the_municipal_grants_sentence_names_one_project_with_a_singular_pronoun(winners, pronoun):
    # Before: "Поддержан 1 проект … на их реализацию выделено …".
    text = civica.report.render(_surgut_2024(municipal_winners=winners), 2024)
    [sentence] = [s for s in text.split("\n\n") if "муниципальные грантовые конкурсы" in s]
    assert pronoun in sentence.replace("\n", " "), sentence


def test_a_figure_asked_for_without_its_breakdown_names_the_breakdowns():
    # The 2020 report has training.participants once per course (DOMAIN.md rows 9 and 10):
    # asked for without a course, the KeyError said only "no figure", as if there were none.
    r = civica.report.build("khanty-mansiysk-2020", 2020)
    titles = ["Социальное проектирование в НКО", "Отчетность некоммерческой организации"]
    assert [r.figure("training.participants", breakdown=t).value for t in titles] == [26, 5]
    with pytest.raises(KeyError) as e:
        r.figure("training.participants")
    assert all(repr(t) in str(e.value) for t in titles) and "give breakdown=" in str(e.value)
    with pytest.raises(KeyError) as e:
        r.figure("councils.meetings", 1990)
    assert "breakdown" not in str(e.value)
