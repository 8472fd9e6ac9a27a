"""The report's vocabulary as Python and the command line see it: docs/report.md's table of
statement slots is the one the library declares, a template with a name the report does not
have is refused naming its line, and a template's language is the report's."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

civica = pytest.importorskip("civica")
report = pytest.importorskip("civica.report")

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "report.md"


def cli(*args: str) -> subprocess.CompletedProcess:
    script = Path(sys.executable).parent / "civica"
    exe = str(script) if script.exists() else shutil.which("civica")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "civica", *args]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", timeout=300)


def _doc_table() -> dict:
    """The statements of docs/report.md's table: id -> (section, slots, {list: item slots})."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index("| statement | section | slots |")
    rows = {}
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        sid = cells[0].strip("`")
        slots = re.findall(r"`([a-z_]+)`", cells[2])
        lists = {name: re.findall(r"`([a-z_]+)`", items) for name, items in
                 re.findall(r"`([a-z_]+)` \(([^)]*)\)", cells[3])}
        rows[sid] = (cells[1], slots, lists)
    return rows


def test_the_docs_table_of_slots_is_the_declared_vocabulary():
    v = report.vocabulary()
    declared = {s["id"]: (s["section"], s["slots"], s["lists"]) for s in v["statements"]}
    documented = _doc_table()
    assert documented.keys() == declared.keys()
    for sid, (section, slots, lists) in declared.items():
        assert documented[sid][0] == section, sid
        assert sorted(documented[sid][1]) == sorted(slots), sid
        assert documented[sid][2] == lists, sid
    assert v["sections"] == ["councils", "resource_centre", "training", "ngo", "grants", "municipal_grants",
                             "individuals"]
    # The filled labels the docs name, with the discrepancy note's slots.
    filled = {k for k, slots in v["labels"].items() if slots is not None}
    assert filled == {"missing", "unworded", "computed_note", "synthetic_note", "discrepancy"}
    para = DOC.read_text(encoding="utf-8").split("An item's text may also use")[1].split("\n\n")[0]
    assert set(v["labels"]["discrepancy"]) == set(re.findall(r"`([a-z_]+)`", para.split("with", 1)[1].split(")")[0]))


def _misspelt(tmp_path: Path) -> tuple[Path, int]:
    """The bundled Russian template with {public_councils|…} misspelt, and that line's number."""
    text = Path(report.template_path("ru")).read_text(encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "{public_councils|" in ln)
    out = tmp_path / "misspelt.ru.txt"
    out.write_text(text.replace("{public_councils|", "{public_councilz|", 1), encoding="utf-8")
    return out, line


def test_a_misspelt_slot_is_refused_by_render_build_and_the_command_line(tmp_path):
    tpl, line = _misspelt(tmp_path)
    for call in (lambda: report.render("khanty-mansiysk-2020", 2020, template=tpl),
                 lambda: report.build("khanty-mansiysk-2020", 2020, template=tpl)):
        with pytest.raises(civica.ParseError) as e:
            call()
        assert f"{tpl}:{line}: unknown slot {{public_councilz}}" in str(e.value)
        assert 'did you mean "public_councils"' in str(e.value)
    r = cli("report", "--template", str(tpl))
    assert r.returncode != 0 and r.stdout == ""
    assert f"{tpl}:{line}: unknown slot {{public_councilz}}" in r.stderr, r.stderr


def test_the_template_gives_the_language_and_a_contradicting_lang_is_refused(tmp_path):
    ru, en = report.template_path("ru"), report.template_path("en")
    assert report.language(None, en) == "en" and report.language("EN", en) == "en"
    assert report.language() == "ru" and report.language("en") == "en"
    with pytest.raises(ValueError, match=r"is written in ru \(its @language\), not in en"):
        report.render("khanty-mansiysk-2020", 2020, lang="en", template=ru)
    with pytest.raises(ValueError, match="unknown language 'de'"):
        report.language("de")
    # Without --lang the template decides: English words, from an English template.
    assert "59 meetings" in report.render("khanty-mansiysk-2020", 2020, template=en)
    assert report.build("khanty-mansiysk-2020", 2020, template=en).language == "en"
    r = cli("report", "--template", str(ru), "--lang", "en")
    assert r.returncode == 2 and r.stdout == ""
    assert "is written in ru (its @language), not in en" in r.stderr, r.stderr
    r = cli("report", "--template", str(en))
    assert r.returncode == 0 and "59 meetings" in r.stdout, r.stderr


def test_every_function_with_a_language_reads_it_by_one_rule():
    # lang="EN" worked for report.render, was a ValueError in the calendar, a ParseError in
    # format_money; lang=None a TypeError there. One rule now (civica._lang): any case, None
    # for the function's default, a ValueError naming any other language.
    import civica

    assert civica.report.format_money(370_000_000, lang="EN") == civica.report.format_money(370_000_000, lang="en")
    assert civica.report.format_money(370_000_000, lang=None) == civica.report.format_money(370_000_000)
    assert civica.report.format_percent(0.5, lang="RU") == civica.report.format_percent(0.5)
    assert civica.calendar.to_markdown(None, 2021, lang="EN") == civica.calendar.to_markdown(None, 2021, lang="en")
    assert civica.calendar.obligations(lang="EN").equals(civica.calendar.obligations(lang="en"))
    # The names the C++ rule takes (civica/text/language.hpp) are taken here too: one rule.
    assert civica.report.format_money(370_000_000, lang="English") == civica.report.format_money(370_000_000, lang="en")
    assert civica.calendar.obligations(lang="russian").equals(civica.calendar.obligations(lang="ru"))
    for call in (lambda: civica.report.format_money(1, lang="de"), lambda: civica.calendar.to_markdown(None, 2021, lang="de"),
                 lambda: civica.report.language("de")):
        with pytest.raises(ValueError, match=r"unknown language 'de' \(use one of ru, en\)"):
            call()
