"""The annual report as a document: an editable Word file (.docx) or a PDF laid out for A4.

    >>> import civica
    >>> civica.document.write("khanty-mansiysk-2020", "report.docx", year=2020)   # doctest: +SKIP
    >>> civica.document.write("surgut.xlsx", "report.pdf", lang="ru")              # doctest: +SKIP
    >>> doc = civica.document.build("khanty-mansiysk-2020", 2020)
    >>> doc.title
    'ХАНТЫ-МАНСИЙСК'

Both documents hold the same content: the title, the sections with their headings and
paragraphs, the charts as images with their captions, a table of every figure of the report
with its year, value, qualifier, unit and source, and the notes. Nothing is worded here: the
text, headings, notes and charts are those of civica.report's HTML rendering (its template,
its SVG charts), and the figures those of its content (civica.report.build), so a change of
the report's wording or content shows in the documents as it is.

The Word file is written with python-docx and keeps Word's own styles (Title, Heading 1,
Caption, List Bullet, a table with a repeated header row), so it can be edited like any other.
The PDF is laid out with ReportLab on A4 pages with page numbers, in the DejaVu fonts (Debian's
fonts-dejavu-core), embedded so that Cyrillic shows everywhere. Charts are turned from SVG into
PNG images by CairoSVG.
"""

from __future__ import annotations

import datetime
import html
import inspect
import io as _stdio
import math
import numbers
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from . import _core
from ._lang import language_code
from ._whole import whole_number
from ._xlsx_tables import ENUM_WORDS, KEY_WORDS, TABLE_BY_NAME

__all__ = ["FORMATS", "Chart", "Section", "FigureRow", "Document", "build", "write", "to_docx", "to_pdf",
           "font_files"]

#: The document formats.
FORMATS = ("docx", "pdf")

PathLike = Union[str, "os.PathLike[str]"]


@dataclass
class Chart:
    """A chart of the report: its caption and a PNG image of it."""

    caption: str
    png: bytes
    width: int   # pixels of the PNG
    height: int


@dataclass
class Section:
    id: str
    heading: str
    paragraphs: List[str]
    charts: List[Chart] = field(default_factory=list)
    missing: bool = False


@dataclass
class FigureRow:
    """One line of the table of figures."""

    indicator: str       # the words for the key
    key: str
    year: int
    breakdown: str
    value: str           # formatted for the language
    qualifier: str       # words: "более", "more than", …
    unit: str
    source: str


@dataclass
class Document:
    """The content of the report document (see :func:`build`)."""

    lang: str
    title: str
    subtitle: str
    sections: List[Section]
    figures_heading: str
    figure_columns: Tuple[str, ...]
    figures: List[FigureRow]
    notes_heading: str
    notes: List[str]
    dataset: str = ""
    year: int = 0
    territory: str = ""

    def to_docx(self, path: PathLike) -> None:
        to_docx(self, path)

    def to_pdf(self, path: PathLike) -> None:
        to_pdf(self, path)


# ---- the content, from the report's HTML and its figures --------------------------------------

class _HtmlReport(HTMLParser):
    """Reads the report's HTML rendering: title, subtitle, sections (heading, paragraphs, the
    charts' SVG in order), notes. The HTML is civica's own (civica.report), so its shape is
    known; text is taken as rendered, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.subtitle = ""
        self.sections: List[Dict[str, Any]] = []
        self.notes_heading = ""
        self.notes: List[str] = []
        self._text: Optional[List[str]] = None
        self._target = ""
        self._in_notes = False
        self._svg_depth = 0
        self._classes: List[str] = []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        a = dict(attrs)
        if self._svg_depth:
            if tag == "svg":
                self._svg_depth += 1
            return
        if tag == "svg":
            self._svg_depth = 1
            if self.sections:
                self.sections[-1]["charts"] += 1
            return
        if tag == "section":
            self.sections.append({"id": a.get("id") or "", "heading": "", "paragraphs": [], "charts": 0,
                                  "missing": False})
        elif tag == "aside":
            self._in_notes = True
        elif tag in ("h1", "h2", "h3", "p", "li"):
            self._text = []
            self._target = tag
            self._classes = (a.get("class") or "").split()

    def handle_endtag(self, tag: str) -> None:
        if self._svg_depth:
            if tag == "svg":
                self._svg_depth -= 1
            return
        if tag == "aside":
            self._in_notes = False
        if self._text is None or tag != self._target:
            return
        text = re.sub(r"\s+", " ", "".join(self._text)).strip()
        self._text = None
        if tag == "h1":
            self.title = text
        elif tag == "p" and "subtitle" in self._classes:
            self.subtitle = text
        elif tag == "h2" and self.sections:
            self.sections[-1]["heading"] = text
        elif tag == "p" and self.sections and not self._in_notes:
            self.sections[-1]["paragraphs"].append(text)
            if "missing" in self._classes:
                self.sections[-1]["missing"] = True
        elif tag == "h3" and self._in_notes:
            self.notes_heading = text
        elif tag == "li" and self._in_notes:
            self.notes.append(text)

    def handle_data(self, data: str) -> None:
        if self._text is not None and not self._svg_depth:
            self._text.append(data)


_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_CAPTION = re.compile(r"<text\b[^>]*\bclass=\"caption\"[^>]*>(.*?)</text>", re.S)


def _chart(svg: str, css: str) -> Chart:
    """An SVG chart of the report as a PNG, drawn with the page's style rules for charts; the
    caption comes out of the picture to be the document's own (editable) caption."""
    try:
        import cairosvg
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise _core.CivicaError("charts in documents need CairoSVG: pip install 'civica[office]'") from e
    caption = ""
    m = _CAPTION.search(svg)
    if m:
        # A caption too long for one line is several <tspan> lines: they are words apart.
        caption = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(1))).split())
        svg = svg[: m.start()] + svg[m.end():]
    # Only the rules for elements inside a chart: the page's rules for the <svg> element itself
    # size it for a browser (height:auto), which a stand-alone SVG does not want.
    rules = "\n".join(r for r in re.findall(r"svg\s+[^{}]+\{[^{}]*\}", css))
    svg = re.sub(r"(<svg\b[^>]*>)", lambda mm: mm.group(1) + "<style>" + rules + "</style>"
                 + '<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>', svg, count=1)
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=3)
    width, height = _png_size(png)
    return Chart(caption=caption, png=png, width=width, height=height)


def _png_size(png: bytes) -> Tuple[int, int]:
    # The IHDR chunk: width and height as big-endian 32-bit numbers at bytes 16..24.
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


_LABELS: Dict[str, Dict[str, Any]] = {
    "ru": {"figures": "Цифры отчёта и их источники",
           "columns": ("Показатель", "Год", "Значение", "Точность", "Единица", "Источник"),
           "computed": "подсчитано по записям: лист «{table}», {rows} {rows_word}",
           "rows": ("строка", "строки", "строк"), "page": "Страница {n}"},
    "en": {"figures": "The report's figures and their sources",
           "columns": ("Indicator", "Year", "Value", "Qualifier", "Unit", "Source"),
           "computed": "counted from records: {table}, {rows} {rows_word}",
           "rows": ("row", "rows", "rows"), "page": "Page {n}"},
}


def _group(digits: str, sep: str) -> str:
    out: List[str] = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def format_number(value: Union[int, float, Decimal], lang: str, *, decimals: Optional[int] = None) -> str:
    """``1 234 567,5`` (Russian: no-break spaces and a decimal comma) or ``1,234,567.5``.

    Without ``decimals`` an integer is written with all its digits, a Decimal with the digits it
    has (trailing zeros after the point left out) and a float with the shortest digits that are
    that float (as Python's ``repr``); never in exponent notation (``0,00001``, not ``1e-05``).
    With ``decimals`` the value is rounded to that many places."""
    sep, point = ("\u00a0", ",") if language_code(lang) == "ru" else (",", ".")
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = Decimal(int(value))  # exact: f"{int:.0f}" went through a float
    if decimals is None:
        if isinstance(value, Decimal):
            text = f"{value:f}" if value.is_finite() else repr(float(value))
            if "." in text:
                text = text.rstrip("0").rstrip(".")
        elif float(value).is_integer():
            text = f"{value:.0f}"
        else:
            text = repr(float(value))
            if math.isfinite(float(value)):  # 1e-05: the digits of its repr, without an exponent
                text = f"{Decimal(text):f}"
    else:
        text = f"{value:.{decimals}f}"
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    whole, _, frac = text.partition(".")
    return sign + _group(whole, sep) + (point + frac if frac else "")


def _value(f: Any, lang: str) -> str:
    if _core.is_currency_code(f.unit or ""):  # money, in a currency (RUB, GBP, …)
        # Its kopecks as the report's text takes them (money::nearest): round(value * 100) lost
        # one past 2^51 kopecks; then the decimal amount, not a float of it.
        kopecks = int(_core.report.nearest_minor_units(float(f.value)))
        return format_number(Decimal(kopecks) / 100, lang, decimals=0 if kopecks % 100 == 0 else 2)
    if f.unit == "percent":  # a fraction: 0.952 is 95,2 %, as the report's text says it
        from .report import format_percent

        return format_percent(f.value, f.qualifier, lang, with_qualifier=False)
    if f.unit in ("year", "rank"):
        return str(f.value)
    return format_number(f.value, lang)


def _word(table: str, value: str, lang: str) -> str:
    words = ENUM_WORDS.get(table, {}).get(value)
    return words[0 if lang == "ru" else 1] if words else value


def _plural(n: int, forms: Tuple[str, str, str], lang: str) -> str:
    if lang != "ru":
        return forms[0] if n == 1 else forms[1]
    return forms[{"one": 0, "few": 1}.get(str(_core.report.russian_plural(int(n))), 2)]


def _source(f: Any, lang: str) -> str:
    prov = f.provenance
    if prov.get("kind") == "published":
        return str(prov.get("source") or "")
    table = str(prov.get("table") or "")
    t = TABLE_BY_NAME.get(table)
    rows = int(prov.get("rows") or 0)
    words = _LABELS[lang]
    return str(words["computed"]).format(table=t.sheet(lang) if t else table, rows=rows,
                                         rows_word=_plural(rows, words["rows"], lang))


def _figure_rows(content: Any, lang: str) -> List[FigureRow]:
    descriptions = {k: d for k, _u, d in _core.known_indicator_keys()}
    seen = set()
    rows = []
    for f in content.figures():
        ident = (f.key, f.year, f.breakdown, f.value, f.qualifier)
        if ident in seen:
            continue
        seen.add(ident)
        # The report's own word for the key (the template's @term), else the workbook's.
        words = KEY_WORDS.get(f.key)
        indicator = f.label or (words[0 if lang == "ru" else 1] if words else descriptions.get(f.key, f.key))
        rows.append(FigureRow(indicator=indicator, key=f.key, year=int(f.year), breakdown=f.breakdown or "",
                              value=_value(f, lang), qualifier=_word("indicators.qualifier", f.qualifier, lang),
                              unit=_word("indicators.unit", f.unit, lang), source=_source(f, lang)))
    # A key's figures together, in the order the report first names the key, then by year.
    first: Dict[str, int] = {}
    for r in rows:
        first.setdefault(r.key, len(first))
    return sorted(rows, key=lambda r: (first[r.key], r.year))


def _check_report_options(options: Mapping[str, Any], where: str) -> None:
    """A keyword of ``options`` that civica.report does not take is a TypeError naming
    ``where`` (the function called), as Python names an unknown keyword."""
    from . import report

    known = [n for n, p in inspect.signature(report.build).parameters.items()
             if p.kind is inspect.Parameter.KEYWORD_ONLY and n != "lang"]
    for name in options:
        if name not in known:
            raise TypeError(f"{where}() got an unexpected keyword argument {name!r} (the report's options: "
                            f"{', '.join(known)})")


def build(dataset: Any, year: Optional[int] = None, *, lang: Optional[str] = None,
          **report_options: Any) -> Document:
    """The report's document content. ``dataset`` is what civica.report takes (a Dataset, a
    bundled name, a folder), ``report_options`` are passed to civica.report (``territory``,
    ``template``, ``growth_rate``, ``show_missing`` …); the language is ``lang`` (``ru`` by
    default) or the template's (civica.report.language)."""
    return _build(dataset, year, lang, report_options, "build")


def _build(dataset: Any, year: Optional[int], lang: Optional[str], report_options: Mapping[str, Any],
           where: str) -> Document:
    """:func:`build`, its arguments checked in the name of ``where`` (the function called)."""
    from . import report

    _check_report_options(report_options, where)
    if year is not None:
        year = whole_number(year, "year", where=where)
    lang = report.language(lang, report_options.get("template"))
    ds = report._dataset(dataset)
    page = report.render(ds, year, lang=lang, format="html", **report_options)
    content = report.build(ds, year, lang=lang, **report_options)
    parsed = _HtmlReport()
    parsed.feed(page)
    parsed.close()
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    css = style.group(1) if style else ""
    svgs = _SVG.findall(page)
    if len(svgs) != sum(s["charts"] for s in parsed.sections):
        raise _core.CivicaError("the report's HTML has charts outside its sections; cannot place them")
    sections = []
    k = 0
    for s in parsed.sections:
        charts = [_chart(svgs[k + i], css) for i in range(s["charts"])]
        k += s["charts"]
        sections.append(Section(id=s["id"], heading=s["heading"], paragraphs=s["paragraphs"], charts=charts,
                                missing=s["missing"]))
    words = _LABELS.get(lang, _LABELS["en"])
    return Document(lang=lang, title=parsed.title, subtitle=parsed.subtitle, sections=sections,
                    figures_heading=str(words["figures"]), figure_columns=tuple(words["columns"]),
                    figures=_figure_rows(content, lang if lang in _LABELS else "en"),
                    notes_heading=parsed.notes_heading, notes=parsed.notes, dataset=content.dataset,
                    year=content.year, territory=content.territory_name or content.territory)


# ---- Word -------------------------------------------------------------------------------------


def _docx() -> Any:
    try:
        import docx
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise _core.CivicaError("Word documents need python-docx: pip install 'civica[office]'") from e
    return docx


def _atomic(path: PathLike, write: Any) -> None:
    """Calls ``write(temporary path)`` and renames the file over ``path`` when it succeeds,
    through civica's one atomic replacement (a file written over keeps its permission bits; a
    new file gets those the umask gives)."""
    # It makes the missing folders, and says which part of the path is a file in the way.
    target = os.path.abspath(os.fspath(path))
    _core.io.replace_atomically(target, lambda tmp: write(os.fspath(tmp)))


def _field(run: Any, instruction: str) -> None:
    """A Word field (e.g. PAGE) in ``run``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def to_docx(doc: Document, path: PathLike) -> None:
    """Writes the document as an editable Word file (A4), replacing ``path`` once written."""
    docx = _docx()
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = docx.Document()
    page = d.sections[0]
    page.page_width, page.page_height = Cm(21.0), Cm(29.7)
    page.left_margin = page.right_margin = Cm(2.0)
    page.top_margin = page.bottom_margin = Cm(2.0)
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    rpr = normal.element.get_or_add_rPr()
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), "ru-RU" if doc.lang == "ru" else "en-GB")
    rpr.append(lang_el)
    props = d.core_properties
    props.title = doc.title + (f" — {doc.subtitle}" if doc.subtitle else "")
    props.author = "civica"
    props.language = "ru-RU" if doc.lang == "ru" else "en-GB"
    props.subject = doc.territory
    props.keywords = f"civica; {doc.dataset}; {doc.year}"
    # python-docx's template carries its own dates (2013), description and author; the report's
    # are this run's (as the PDF's CreationDate), with civica as the one who wrote it.
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)
    props.created = props.modified = now
    props.last_modified_by = "civica"
    props.comments = ""
    props.revision = 1

    d.add_heading(doc.title, level=0)
    if doc.subtitle:
        d.add_paragraph(doc.subtitle, style="Subtitle")
    for s in doc.sections:
        if s.heading:
            d.add_heading(s.heading, level=1)
        for text in s.paragraphs:
            p = d.add_paragraph(text)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if s.missing:
                for run in p.runs:
                    run.italic = True
        for c in s.charts:
            d.add_picture(_stdio.BytesIO(c.png), width=Cm(16.0))
            d.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if c.caption:
                d.add_paragraph(c.caption, style="Caption").alignment = WD_ALIGN_PARAGRAPH.CENTER

    if doc.figures:
        d.add_heading(doc.figures_heading, level=1)
        table = d.add_table(rows=1, cols=len(doc.figure_columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = (Cm(4.4), Cm(1.2), Cm(2.4), Cm(2.1), Cm(2.0), Cm(4.9))
        for column, w in zip(table.columns, widths):
            column.width = w
        head = table.rows[0]
        tr_pr = head._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
        for cell, text in zip(head.cells, doc.figure_columns):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
        for f in doc.figures:
            cells = table.add_row().cells
            indicator = f.indicator + (f" — {f.breakdown}" if f.breakdown else "")
            values = (indicator, str(f.year), f.value, f.qualifier, f.unit, f.source)
            for cell, text in zip(cells, values):
                cell.text = text
            if f.indicator != f.key:
                cells[0].add_paragraph(f.key).runs[0].font.size = Pt(8)
        for row in table.rows:
            for cell, w in zip(row.cells, widths):
                cell.width = w
                for p in cell.paragraphs:
                    for run in p.runs:
                        if run.font.size is None:
                            run.font.size = Pt(9)

    if doc.notes:
        d.add_heading(doc.notes_heading or "Notes", level=1)
        for note in doc.notes:
            d.add_paragraph(note, style="List Bullet")

    footer = page.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer.add_run(), "PAGE")
    buffer = _stdio.BytesIO()
    d.save(buffer)
    data = _without_template_parts(buffer.getvalue())
    _atomic(path, lambda tmp: Path(tmp).write_bytes(data))


# The extended properties of a report: the template's say "Microsoft Macintosh Word", 0 words,
# and name a template (ECMA-376 Part 1, 22.2: Application is the program that made the file).
_APP_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            b"<Application>civica</Application></Properties>")


def _without_template_parts(docx_bytes: bytes) -> bytes:
    """The .docx without what python-docx's template brings that is not the report's: its
    thumbnail (a picture of an empty page) and its extended properties."""
    import zipfile

    src = zipfile.ZipFile(_stdio.BytesIO(docx_bytes))
    out = _stdio.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/thumbnail.jpeg":
                continue
            if info.filename == "docProps/app.xml":
                data = _APP_XML
            elif info.filename == "_rels/.rels":
                data = re.sub(rb"<Relationship [^>]*Target=\"docProps/thumbnail\.jpeg\"[^>]*/>", b"", data)
            elif info.filename == "[Content_Types].xml":
                data = re.sub(rb"<Override [^>]*PartName=\"/docProps/thumbnail\.jpeg\"[^>]*/>", b"", data)
            dst.writestr(info, data)
    return out.getvalue()


# ---- PDF --------------------------------------------------------------------------------------

_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts/dejavu",
              "/Library/Fonts", "C:\\Windows\\Fonts")
_FONTS = {"serif": "DejaVuSerif.ttf", "serif-bold": "DejaVuSerif-Bold.ttf",
          "serif-italic": "DejaVuSerif-Italic.ttf", "sans": "DejaVuSans.ttf", "sans-bold": "DejaVuSans-Bold.ttf"}


def font_files() -> Dict[str, Path]:
    """The DejaVu font files the PDF embeds, found in ``$CIVICA_FONT_DIR``, the system's font
    folders (Debian: fonts-dejavu-core) or matplotlib's bundled fonts. A style without its own
    file (italic) uses the regular one; raises CivicaError naming the package when none is found."""
    dirs = [os.environ.get("CIVICA_FONT_DIR", "")] + list(_FONT_DIRS)
    try:
        import importlib.util

        spec = importlib.util.find_spec("matplotlib")
        if spec is not None and spec.submodule_search_locations:
            for loc in spec.submodule_search_locations:
                dirs.append(os.path.join(loc, "mpl-data", "fonts", "ttf"))
    except (ImportError, ValueError):  # pragma: no cover
        pass
    found: Dict[str, Path] = {}
    for style, name in _FONTS.items():
        for folder in dirs:
            if folder and os.path.isfile(os.path.join(folder, name)):
                found[style] = Path(folder) / name
                break
    for style, fallback in (("serif-bold", "serif"), ("serif-italic", "serif"), ("sans-bold", "sans"),
                            ("sans", "serif"), ("serif", "sans")):
        if style not in found and fallback in found:
            found[style] = found[fallback]
    if "serif" not in found:
        raise _core.CivicaError(
            "PDF documents need the DejaVu fonts (Cyrillic): apt-get install fonts-dejavu-core, or set "
            "CIVICA_FONT_DIR to a folder holding DejaVuSerif.ttf")
    return found


def _register_fonts() -> Tuple[str, str, str, str]:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    files = font_files()
    names = {"serif": "CivicaSerif", "serif-bold": "CivicaSerif-Bold", "serif-italic": "CivicaSerif-Italic",
             "sans": "CivicaSans", "sans-bold": "CivicaSans-Bold"}
    for style, name in names.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, os.fspath(files[style])))
    addMapping("CivicaSerif", 0, 0, "CivicaSerif")
    addMapping("CivicaSerif", 1, 0, "CivicaSerif-Bold")
    addMapping("CivicaSerif", 0, 1, "CivicaSerif-Italic")
    addMapping("CivicaSerif", 1, 1, "CivicaSerif-Bold")
    addMapping("CivicaSans", 0, 0, "CivicaSans")
    addMapping("CivicaSans", 1, 0, "CivicaSans-Bold")
    addMapping("CivicaSans", 0, 1, "CivicaSans")
    addMapping("CivicaSans", 1, 1, "CivicaSans-Bold")
    return names["serif"], names["serif-bold"], names["serif-italic"], names["sans"]


def _x(text: str) -> str:
    """Text for a ReportLab paragraph (which reads a little XML)."""
    return html.escape(text, quote=False)


def to_pdf(doc: Document, path: PathLike) -> None:
    """Writes the document as a PDF on A4 pages (fonts embedded), replacing ``path`` once written."""
    try:
        import reportlab  # noqa: F401
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise _core.CivicaError("PDF documents need ReportLab: pip install 'civica[office]'") from e
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (Image, KeepTogether, ListFlowable, ListItem, Paragraph, SimpleDocTemplate,
                                    Spacer, Table, TableStyle)

    serif, bold, italic, sans = _register_fonts()
    base = ParagraphStyle("body", fontName=serif, fontSize=11, leading=15, alignment=TA_LEFT, spaceAfter=6)
    styles = {
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=22, leading=26, alignment=0,
                                spaceAfter=8),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontName=italic, fontSize=13, leading=17,
                                   alignment=0, textColor=colors.HexColor("#444444"), spaceAfter=14),
        "h1": ParagraphStyle("h1", parent=base, fontName=bold, fontSize=14, leading=18, alignment=0,
                             spaceBefore=12, spaceAfter=6, textColor=colors.HexColor("#1d3557")),
        "body": base,
        "missing": ParagraphStyle("missing", parent=base, fontName=italic, textColor=colors.HexColor("#666666")),
        "caption": ParagraphStyle("caption", parent=base, fontName=italic, fontSize=9, leading=12,
                                  alignment=TA_CENTER, spaceAfter=10),
        "cell": ParagraphStyle("cell", fontName=sans, fontSize=7.5, leading=9.5),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8, leading=10),
        "key": ParagraphStyle("key", fontName=sans, fontSize=6, leading=8, textColor=colors.HexColor("#666666")),
        "note": ParagraphStyle("note", parent=base, fontSize=9.5, leading=13, alignment=0),
    }
    width = A4[0] - 4 * cm
    story: List[Any] = [Paragraph(_x(doc.title), styles["title"])]
    if doc.subtitle:
        story.append(Paragraph(_x(doc.subtitle), styles["subtitle"]))
    for s in doc.sections:
        block: List[Any] = []
        if s.heading:
            block.append(Paragraph(_x(s.heading), styles["h1"]))
        for i, text in enumerate(s.paragraphs):
            para = Paragraph(_x(text), styles["missing" if s.missing else "body"])
            if i == 0:
                story.append(KeepTogether(block + [para]))
                block = []
            else:
                story.append(para)
        story.extend(block)
        for c in s.charts:
            w = min(width, 16 * cm)
            img = Image(_stdio.BytesIO(c.png), width=w, height=w * c.height / c.width)
            parts = [Spacer(1, 4), img]
            if c.caption:
                parts.append(Paragraph(_x(c.caption), styles["caption"]))
            story.append(KeepTogether(parts))
    if doc.figures:
        story.append(Paragraph(_x(doc.figures_heading), styles["h1"]))
        data = [[Paragraph(_x(h), styles["head"]) for h in doc.figure_columns]]
        for f in doc.figures:
            indicator = _x(f.indicator + (f" — {f.breakdown}" if f.breakdown else ""))
            first = [Paragraph(indicator, styles["cell"])]
            if f.indicator != f.key:
                first.append(Paragraph(_x(f.key), styles["key"]))
            data.append([first,
                         Paragraph(str(f.year), styles["cell"]), Paragraph(_x(f.value), styles["cell"]),
                         Paragraph(_x(f.qualifier), styles["cell"]), Paragraph(_x(f.unit), styles["cell"]),
                         Paragraph(_x(f.source), styles["cell"])])
        widths = [w * width for w in (0.27, 0.07, 0.15, 0.11, 0.10, 0.30)]
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), sans),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dce6f1")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]))
        story.append(table)
    if doc.notes:
        story.append(Paragraph(_x(doc.notes_heading or "Notes"), styles["h1"]))
        story.append(ListFlowable([ListItem(Paragraph(_x(n), styles["note"]), leftIndent=12) for n in doc.notes],
                                  bulletType="bullet", bulletFontName=serif, start="•", leftIndent=12))

    page_word = str(_LABELS.get(doc.lang, _LABELS["en"])["page"])

    def footer(canvas: Any, template: Any) -> None:
        canvas.saveState()
        canvas.setFont(sans, 8)
        canvas.setFillColor(colors.HexColor("#666666"))
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, page_word.format(n=canvas.getPageNumber()))
        canvas.restoreState()

    def write(tmp: str) -> None:
        pdf = SimpleDocTemplate(tmp, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                                bottomMargin=2 * cm, title=doc.title + (f" — {doc.subtitle}" if doc.subtitle else ""),
                                author="civica", subject=doc.territory, creator="civica report",
                                lang="ru-RU" if doc.lang == "ru" else "en-GB",
                                # Pages start in an embedded font, so the PDF names no font it lacks.
                                initialFontName=sans)
        pdf.build(story, onFirstPage=footer, onLaterPages=footer)

    _atomic(path, write)


# ---- one call ---------------------------------------------------------------------------------


def write(dataset: Any, path: PathLike, year: Optional[int] = None, *, format: Optional[str] = None,
          lang: Optional[str] = None, **report_options: Any) -> Document:
    """Builds the report of ``dataset`` and writes it to ``path`` as ``format`` (``docx`` or
    ``pdf``; default: from the suffix). Returns the document's content."""
    fmt = format or os.path.splitext(os.fspath(path))[1].lstrip(".").lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown document format {fmt!r} (use one of {', '.join(FORMATS)})")
    doc = _build(dataset, year, lang, report_options, "write")
    (to_docx if fmt == "docx" else to_pdf)(doc, path)
    return doc

