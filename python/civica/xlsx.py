"""Excel workbooks (.xlsx): a city's dataset as a workbook its staff fill in, and the
spreadsheets of the Presidential Grants Fund registry and of 360Giving.

    >>> import civica
    >>> civica.xlsx.new_workbook("surgut.xlsx", territory="Сургут", year=2024)   # doctest: +SKIP
    >>> ds = civica.io.read("surgut.xlsx")              # once filled in          # doctest: +SKIP
    >>> civica.io.write(ds, "copy.xlsx")                 # any dataset as a workbook  # doctest: +SKIP
    >>> for p in civica.io.problems("surgut.xlsx", lang="ru"):                     # doctest: +SKIP
    ...     print(civica.xlsx.format_problem(p, "ru"))

**The civica workbook.** A first sheet says what to enter and in which order; a sheet "About"
holds the dataset's name, title and territory (and the workbook's report year and language);
then one sheet per table of the dataset folder format (docs/dataset-format.md) with a heading
per column in Russian or English followed by the column's name in brackets ("Дата подачи
(submitted)"), date and money cell formats, and drop-down lists for every enumeration and every
reference to another sheet; the last sheet holds the published figures. Headings are
recognised in either language or by the column's name alone, choices as "победитель (winner)",
"winner" or "победитель".

**One set of rules.** Reading turns each sheet's cells into the text of the folder format's CSV
file (a date cell into 2024-03-05, a number cell into 3700000.5, "да" into true) and hands the
folder to civica's folder reader, so every rule, default and check of the folder format applies,
and nothing else is checked here. Errors name the sheet, the row, the column heading and the
rule; with ``lang="ru"`` (the default of a workbook made with ``--lang ru``) the rule is said in
Russian. In skip mode every bad row is listed and the rest is loaded.

**ФПГ and 360Giving.** A workbook whose first sheet has the registry's 29 columns (``req_num``,
``contest``, ``winner`` …) is read by the ФПГ reader; one with 360Giving's titles (``Identifier``,
``Amount Awarded`` …) by the 360Giving flat-CSV reader, with further sheets of one-to-many
columns (``Beneficiary Location:Name`` …) joined to their grant by its identifier, as
360Giving's flatten-tool writes them. Cells are read with openpyxl (a well-kept, pure-Python
reader and writer of the Office Open XML format that Excel and LibreOffice save).
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import functools
import io
import itertools
import json
import os
import re
import shutil
import tempfile
import unicodedata
import warnings
import weakref
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Set, Tuple, Type, Union

from . import _core
from ._lang import LANGUAGES as _LANGUAGES, language_code
from ._whole import dated_year
from .io import _problems_list
from ._xlsx_tables import (
    ABOUT_ROWS,
    ABOUT_SHEET,
    ENUM_WORDS,
    GUIDE_SHEET,
    KEY_HINTS,
    KEY_WORDS,
    LISTS_SHEET,
    NO,
    SETTINGS,
    TABLE_BY_NAME,
    TABLES,
    UNITS,
    YES,
    Column,
    Table,
)

__all__ = [
    "LANGUAGES",
    "new_workbook",
    "write_workbook",
    "read_workbook",
    "check_workbook",
    "workbook_settings",
    "sheet_kind",
    "read_pgf",
    "write_pgf",
    "read_360giving",
    "write_360giving",
    "check_360giving",
    "format_problem",
    "is_xlsx",
]

PathLike = Union[str, "os.PathLike[str]"]
Problem = _core.io.Problem

#: Languages of headings and messages.
LANGUAGES = _LANGUAGES

#: Rows of every table sheet that get drop-downs and cell formats beyond the filled ones.
_SPARE_ROWS = 1000
# The rows of an Excel sheet (Excel's specifications and limits: 1 048 576 rows by 16 384
# columns); a sheet of civica's has its heading in the first.
_SHEET_ROWS = 1_048_576


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise _core.CivicaError(
            "Excel workbooks need openpyxl: pip install 'civica[office]' (or pip install openpyxl)") from e
    return openpyxl


def is_xlsx(path: PathLike) -> bool:
    """True when ``path`` is an existing Office Open XML workbook (a zip with xl/workbook.xml)."""
    return os.path.isfile(os.fspath(path)) and _not_a_workbook(os.fspath(path)) is None


def _not_a_workbook(path: str) -> Optional[str]:
    """Why the file ``path`` is not an Office Open XML workbook, or None when it is one."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            if "xl/workbook.xml" in z.namelist():
                return None
            return "it is a zip without xl/workbook.xml"
    except zipfile.BadZipFile as e:
        return f"it is not a whole zip file, as a workbook is (damaged or cut short? {e})"
    except OSError as e:
        return f"it cannot be read ({e.strerror or e})"


def _looks_like_xlsx(path: PathLike) -> bool:
    """True when ``path`` is a file that claims to be a workbook: named ``.xlsx``, or a zip."""
    p = os.fspath(path)
    if not os.path.isfile(p):
        return False
    if p.lower().endswith(".xlsx"):
        return True
    try:
        with open(p, "rb") as f:
            return f.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _check_is_xlsx(path: PathLike) -> None:
    """Raises ParseError saying why ``path`` is not an Excel workbook, if it is not one."""
    p = os.fspath(path)
    _core.io.check_not_special(p, "workbook")  # its first bytes would be waited for on a named pipe
    why = _not_a_workbook(p)
    if why is not None:
        err = _core.ParseError(f"{p}: not an Excel workbook (.xlsx): {why}")
        err.file, err.line, err.field = p, None, None
        err.reason = f"not an Excel workbook (.xlsx): {why}"
        raise err


def _lang(lang: Optional[str], default: str = "en") -> str:
    return language_code(lang, default)


# ---- the vocabulary, from the compiled model ----------------------------------------------


@functools.lru_cache(maxsize=None)
def enum_values(table: str, column: str) -> Tuple[str, ...]:
    """The values of an enumeration column, as the model defines them (in code order)."""
    t = TABLE_BY_NAME[table]
    c = t.column(column)
    if c is not None and c.kind == "unit":
        return UNITS
    frame = getattr(_core.Dataset(), t.attribute or table).to_pandas()
    name = (c.field if c is not None and c.field else column)
    return tuple(str(v) for v in frame[name].cat.categories)


@functools.lru_cache(maxsize=None)
def okopf_codes() -> Tuple[Tuple[int, str, str], ...]:
    """Every ОКОПФ code civica knows: (code, Russian name, English name)."""
    out = []
    for code in range(10000, 100000):
        ru = _core.okopf_name(code)
        if ru:
            out.append((code, str(ru), str(_core.okopf_name(code, english=True) or ru)))
    return tuple(out)


def _indicator_keys() -> List[Tuple[str, str, str]]:
    return [(str(k), str(u), str(d)) for k, u, d in _core.known_indicator_keys()]


def _choices(table: str, column: Column, lang: str) -> List[Tuple[str, str]]:
    """(shown text, value) of a column with a drop-down of fixed choices."""
    if column.kind == "bool":
        return [(YES[_i(lang)], "true"), (NO[_i(lang)], "false")]
    if column.kind == "okopf":
        return [(f"{ru if lang == 'ru' else en} ({code})", str(code)) for code, ru, en in okopf_codes()]
    if column.kind == "key":
        out = []
        for key, _unit, description in _indicator_keys():
            out.append((f"{_key_text(key, description, lang)} ({key})", key))
        return out
    words = ENUM_WORDS.get(f"{table}.{column.name}", {})
    return [(_choice_text(words.get(v), v, lang), v) for v in enum_values(table, column.name)]


def _key_text(key: str, description: str, lang: str) -> str:
    words = KEY_WORDS.get(key)
    text = words[_i(lang)] if words else description
    hint = KEY_HINTS.get(key)
    return text + (f" ({hint[_i(lang)]})" if hint else "")


def _i(lang: str) -> int:
    return 0 if lang == "ru" else 1


def _choice_text(words: Optional[Tuple[str, str]], value: str, lang: str) -> str:
    if not words:
        return value
    text = words[_i(lang)]
    return value if text == value else f"{text} ({value})"


_BRACKETED = re.compile(r"\(([^()]*)\)\s*$")


def _key(text: str) -> str:
    """A sheet's, heading's or choice's text as it is looked up: in NFC (a «й» typed as «и» and a
    combining breve is «й»), lower case, and «ё» as «е», which Russian writing may leave
    unmarked («Партнер» is «Партнёр»)."""
    return unicodedata.normalize("NFC", text).lower().replace("ё", "е")


@functools.lru_cache(maxsize=None)
def _decoder(table: str, column: str) -> Dict[str, str]:
    """Texts a person may write for a choice, as :func:`_key` gives them -> the value."""
    c = TABLE_BY_NAME[table].column(column)
    assert c is not None
    out: Dict[str, str] = {}
    for lang in LANGUAGES:
        for text, value in _choices(table, c, lang):
            out[_key(text)] = value
            m = _BRACKETED.search(text)
            if m:
                out[_key(text[: m.start()].strip())] = value
    if c.kind == "bool":
        out.update({"true": "true", "false": "false"})
    return out


# ---- cells to text ---------------------------------------------------------------------------


def _decimal_text(d: Decimal) -> str:
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _number_text(value: float, kind: str) -> str:
    """A number cell as the folder format writes numbers. Money and whole numbers are taken
    at the 15 significant digits a spreadsheet keeps (so =1,1*3 is 3.3, not
    3.3000000000000003); other numbers exactly (the shortest text of the double)."""
    if value != value or value in (float("inf"), float("-inf")):
        return repr(value)
    if kind in ("money", "int", "code", "okopf"):
        return _decimal_text(Decimal(format(value, ".15g")))
    if value == int(value) and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def cell_text(value: Any, kind: str = "text") -> str:
    """The text of a cell as the folder format's CSV would hold it (before choices are
    decoded): dates as YYYY-MM-DD, booleans as true/false, numbers in plain decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value, kind)
    if isinstance(value, Decimal):
        return _decimal_text(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


# A number typed as text with a decimal comma, as Russian Excel shows numbers: "450000,50".
_DECIMAL_COMMA = re.compile(r"([+-]?\d+),(\d+)")


def _decimal_point(text: str, kind: str, russian: bool) -> str:
    """A number cell that holds text (a cell formatted as text, or pasted) with its decimal
    comma made a point, where the comma cannot be a thousands separator; the workbook's own
    help gives amounts as "450000,50". A thousands separator is followed by exactly three
    digits, so money takes one or two digits after the comma (kopecks), and other numbers
    any count but three; three as well on a sheet of a Russian workbook (``russian``), where
    thousands are grouped by spaces, never by commas. Other text is left as it is, for the
    reader to refuse."""
    m = _DECIMAL_COMMA.fullmatch(text)
    if m is None:
        return text
    digits = len(m.group(2))
    if kind == "money" and digits > 2:
        return text
    if digits == 3 and not russian:
        return text
    return f"{m.group(1)}.{m.group(2)}"


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---- where values came from ------------------------------------------------------------------


class _Place:
    """A cell of a workbook: sheet, row, column heading and letter, the value as found."""

    __slots__ = ("sheet", "row", "heading", "letter", "value")

    def __init__(self, sheet: str, row: int, heading: str = "", letter: str = "", value: Any = None) -> None:
        self.sheet, self.row, self.heading, self.letter, self.value = sheet, row, heading, letter, value


class _SheetOrigin:
    """How one sheet became one CSV file: the line each row starts on, the heading of each
    CSV column, and the values as found (for messages)."""

    def __init__(self, sheet: str, table: str = "") -> None:
        self.sheet = sheet
        self.table = table
        self.rows: Dict[int, int] = {1: 1}          # CSV line -> sheet row
        self.values: Dict[int, Dict[str, Any]] = {}  # CSV line -> field -> value
        self.headings: Dict[str, Tuple[str, str]] = {}  # field -> (heading, column letter)
        self.letters: List[str] = []                    # CSV column (from 0) -> sheet column letter
        self.header_row = 1
        #: (CSV line, field) -> place, for cells that came from another sheet (360Giving).
        self.moved: Dict[Tuple[int, str], _Place] = {}

    def place(self, line: Optional[int], field: str, column: int = 0) -> _Place:
        """The cell of CSV ``line`` and ``field``; a column without a name (no field) by its
        position ``column`` (from 1) in the CSV file."""
        line = line or 0
        moved = self.moved.get((line, field))
        if moved is not None:
            return moved
        if not field and 0 < column <= len(self.letters):
            return _Place(self.sheet, self.rows.get(line, 0) if line else 0, "", self.letters[column - 1])
        heading, letter = self.headings.get(field, (field, ""))
        row = self.rows.get(line, 0) if line else 0
        value = self.values.get(line, {}).get(field) if line else None
        return _Place(self.sheet, row, heading, letter, value)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _write_csv(path: str, header: Sequence[str], rows: Iterable[Tuple[int, Sequence[str]]],
               origin: _SheetOrigin, separator: str = ",") -> None:
    """Writes rows (sheet row, cells) as CSV, noting the line each row starts on."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=separator, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        line = 2 + sum(h.count("\n") for h in header)
        for sheet_row, cells in rows:
            origin.rows[line] = sheet_row
            w.writerow(cells)
            line += 1 + sum(c.count("\n") for c in cells)


# The file each workbook opened by _load was read from, for the errors of its sheets.
_SOURCES: "weakref.WeakKeyDictionary[Any, str]" = weakref.WeakKeyDictionary()


def _caps() -> Dict[str, int]:
    """The input caps a workbook is read under (docs/reliability.md): the read's own, or those
    in force (civica.io.set_limits)."""
    from .io import _READ_CAPS

    return _READ_CAPS.get() or dict(_core.io.limits())


def _past_width(path: str, ws: Any, row: Any, width: int) -> Any:
    """The ParseError of a sheet's row with a value past column ``width`` (max_fields_per_record)."""
    return _core.ParseError(f'{path}: sheet "{ws.title}" row {row} has a value past column {width} '
                            "(civica::text::input_limits::max_fields_per_record)")


def _cap_row_width(ws: Any, width: int, path: str) -> None:
    """Makes the read-only sheet ``ws`` refuse a value past column ``width`` and leave out the
    empty cells there before its row is filled out to its last cell: a row of one empty cell in
    column XFD was made 16 384 cells wide (200 000 such rows, a 0.9 MB file, took 4 GB). This
    wraps openpyxl's ReadOnlyWorksheet._get_row (openpyxl 3.1: the row as a list of dicts with
    "row", "column" and "value"); a sheet of another shape is read as openpyxl reads it."""
    fill = getattr(ws, "_get_row", None)
    if fill is None or getattr(fill, "civica_width", None) == width:
        return

    def get_row(row: Any, min_col: int = 1, max_col: Optional[int] = None, values_only: bool = False) -> Any:
        if row and isinstance(row[-1], dict) and row[-1].get("column", 0) > width:
            for cell in row:
                if cell.get("column", 0) > width and not _is_blank(cell.get("value")):
                    raise _past_width(path, ws, cell.get("row"), width)
            row = [cell for cell in row if cell.get("column", 0) <= width]
        return fill(row, min_col, max_col, values_only)

    get_row.civica_width = width  # type: ignore[attr-defined]
    ws._get_row = get_row


def _row_values(ws: Any, **where: Any) -> List[Tuple[Any, ...]]:
    """``ws.iter_rows(values_only=True, **where)`` as a list, each row without its trailing
    empty cells, under the caps: no value past ``max_fields_per_record`` columns and at most
    ``max_rows`` rows. The rows are those the sheet has, whatever its dimension (the cells it
    says it spans) claims: one that claimed A1:XFD1048576 had every row filled out to 16 384
    cells and a million rows made up, and was read for about 25 minutes from a 2 KB file. A
    workbook opened by _load is read sheet by sheet as the rows are asked for, so a sheet whose
    part is damaged (cut short, not XML) fails here: a ParseError naming the file and the sheet,
    as a damaged workbook is one when it is opened."""
    path = _SOURCES.get(ws.parent, "the workbook")
    caps = _caps()
    width, most = caps["max_fields_per_record"], caps["max_rows"]
    if hasattr(ws, "reset_dimensions"):  # a sheet of a read-only workbook (_load)
        # openpyxl's read-only sheets trust the dimension, which may be wrong both ways (rows
        # past it were never read): each row is read as wide as its cells, and no further.
        ws.reset_dimensions()
        _cap_row_width(ws, width, path)
    out: List[Tuple[Any, ...]] = []
    try:
        with warnings.catch_warnings():
            # openpyxl warns of a date cell whose serial is past the dates it knows (99999999) and reads
            # it as the error #VALUE!, which the reader then names by its cell: the warning on stderr,
            # pointing into openpyxl, said it once more.
            warnings.filterwarnings("ignore", message=r"Cell .* is marked as a date", category=UserWarning)
            for number, values in enumerate(ws.iter_rows(values_only=True, **where), start=where.get("min_row", 1)):
                if len(values) > width and any(not _is_blank(v) for v in values[width:]):  # _get_row not wrapped
                    raise _past_width(path, ws, number, width)
                end = min(len(values), width)
                while end and values[end - 1] is None:
                    end -= 1
                if len(out) >= most:
                    raise _core.ParseError(f'{path}: sheet "{ws.title}" has more than {most} rows '
                                           "(civica::text::input_limits::max_rows)")
                out.append(values[:end] if end < len(values) else values)
    except _core.ParseError:
        raise
    except Exception as e:  # openpyxl and the XML parser raise many kinds for damaged parts
        raise _core.ParseError(f'{path}: sheet "{ws.title}" cannot be read: {e}') from e
    return out


def _filled_rows(ws: Any) -> Iterator[Tuple[int, List[Any]]]:
    """(row number, values) of each row of a sheet that is not blank, read as they are asked for."""
    for number, values in enumerate(_row_values(ws), start=1):
        cells = list(values)
        if any(not _is_blank(v) for v in cells):
            yield number, cells


def _sheet_rows(ws: Any) -> List[Tuple[int, List[Any]]]:
    """(row number, values) of every row of a sheet that is not blank."""
    return list(_filled_rows(ws))


def _load(path: str) -> Any:
    openpyxl = _openpyxl()
    if not os.path.exists(path):
        raise _core.CivicaIOError(f"{path}: no such file")
    _check_is_xlsx(path)
    _check_size(path)
    source: Any = path
    if os.path.splitext(path)[1].lower() not in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        # openpyxl refuses a workbook by its name ("does not support .csv file format"); the
        # content was found to be one, so it is read from its bytes.
        with open(path, "rb") as f:
            source = io.BytesIO(f.read())
    try:
        wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for damaged files
        raise _core.ParseError(f"{path}: the workbook cannot be read: {e}") from e
    lost = [name for name in _listed_sheets(source) if name not in wb.sheetnames]
    if lost:
        # openpyxl leaves out a sheet the workbook lists but whose part the file lacks: its rows
        # would be read as none.
        raise _core.ParseError(f'{path}: the workbook cannot be read: sheet "{lost[0]}" is listed but its '
                               "part is missing from the file (a damaged or cut workbook)")
    _SOURCES[wb] = path
    return wb


def _check_size(path: str) -> None:
    """A workbook is a file opened whole, as a JSON file is: ``max_file_bytes`` holds for the
    file and for what its parts unpack to (a zip of a few megabytes can unpack to gigabytes of
    repeated text). The sizes the zip declares are those Python's zipfile keeps to: a part that
    unpacks to more fails its CRC check instead."""
    import zipfile

    caps = _caps()
    _core.io.check_file_size(path, limits=caps)
    cap = caps["max_file_bytes"]
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # openpyxl says what is wrong with it
    if unpacked > cap:
        raise _core.ParseError(f"{path}: the workbook's parts unpack to {unpacked} bytes, more than the limit of "
                               f"{cap} (civica::text::input_limits::max_file_bytes)")


class _BookParts(NamedTuple):
    """What the workbook part of an .xlsx file (xl/workbook.xml and its relationships) says:
    its sheets in order, as (name, the zip member holding the sheet; "" when unknown), and
    whether its stored formula values are placeholders to be replaced when it is opened
    (``fullCalcOnLoad``)."""
    sheets: List[Tuple[str, str]]
    placeholders: bool


def _book_parts(z: Any) -> _BookParts:
    """The _BookParts of the open zip ``z``. Raises KeyError (a part missing) or
    xml.etree.ElementTree.ParseError."""
    import posixpath
    import xml.etree.ElementTree as ET

    book = ET.fromstring(z.read("xl/workbook.xml"))
    try:
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target", "") for r in rels.iter() if r.tag.endswith("Relationship")}
    except KeyError:
        target = {}
    sheets = []
    for sheet in (e for e in book.iter() if e.tag.endswith("}sheet") or e.tag == "sheet"):
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        part = target.get(rid, "")
        if part:
            part = part.lstrip("/") if part.startswith("/") else posixpath.normpath(posixpath.join("xl", part))
        sheets.append((sheet.get("name", ""), part))
    placeholders = any(e.get("fullCalcOnLoad") in ("1", "true") for e in book.iter()
                       if e.tag.endswith("}calcPr") or e.tag == "calcPr")
    return _BookParts(sheets, placeholders)


def _listed_sheets(source: Any) -> List[str]:
    """The names of the sheets the workbook part of an .xlsx file lists (xl/workbook.xml)."""
    import xml.etree.ElementTree as ET
    import zipfile

    if hasattr(source, "seek"):
        source.seek(0)
    try:
        with zipfile.ZipFile(source) as z:
            return [name for name, _ in _book_parts(z).sheets]
    except (KeyError, zipfile.BadZipFile, ET.ParseError, OSError):
        return []  # openpyxl has opened it: the names it gives are all there is to compare
    finally:
        if hasattr(source, "seek"):
            source.seek(0)


def _whole(text: Optional[str], default: int) -> int:
    """``text`` as a whole number above 0, else ``default``."""
    return int(text) if text is not None and text.isdigit() and int(text) > 0 else default


def _uncomputed_formulas(path: str, sheets: Iterable[str]) -> Dict[str, Dict[Tuple[int, int], str]]:
    """The cells of the named sheets holding a formula whose value the workbook does not store
    computed, by sheet name: (row, column from 1) -> the formula ("" for a cell of a shared
    formula, which holds none of its own). Excel and LibreOffice store a formula's value beside
    it; a program that computes nothing stores the formula alone (openpyxl) or beside a
    placeholder 0 while asking to be computed on opening (``fullCalcOnLoad``: xlsxwriter), which
    a reader of values sees as an empty cell or a 0. A sheet part without a formula is not
    parsed (the common case costs one search of its bytes); a cell whose reference cannot be
    read is passed over."""
    import xml.etree.ElementTree as ET
    import zipfile

    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    wanted = set(sheets)
    out: Dict[str, Dict[Tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            book = _book_parts(z)
            for name, part in book.sheets:
                if name not in wanted or not part:
                    continue
                try:
                    data = z.read(part)
                except KeyError:
                    continue
                if b"<f" not in data and b":f" not in data:
                    continue
                found: Dict[Tuple[int, int], str] = {}
                row_number = 0
                for row in (e for e in ET.fromstring(data).iter() if e.tag.endswith("}row")):
                    # A row or cell may leave out its reference ("r"): it is the next one, as
                    # spreadsheet programs and openpyxl count them.
                    row_number = _whole(row.get("r"), row_number + 1)
                    column = 0
                    for cell in (c for c in row if c.tag.endswith("}c")):
                        column = column + 1
                        try:
                            letters, at_row = coordinate_from_string(cell.get("r") or "")
                            row_number, column = at_row, column_index_from_string(letters)
                        except Exception:  # noqa: BLE001 - openpyxl raises its own kinds; counted instead
                            pass
                        f = next((c for c in cell if c.tag.endswith("}f")), None)
                        v = next((c for c in cell if c.tag.endswith("}v")), None)
                        # A stored value; an empty one only as the text a formula gave ("" is
                        # t="str"): openpyxl writes an empty <v/> for a number it did not compute.
                        # Values stored only to be replaced when the workbook is opened are none.
                        if f is None or (not book.placeholders and v is not None and (v.text or cell.get("t") == "str")):
                            continue
                        found[(row_number, column)] = f"={f.text}" if f.text else ""
                if found:
                    out[name] = found
    except (KeyError, zipfile.BadZipFile, ET.ParseError, OSError):
        return {}  # openpyxl has read the workbook; what cannot be told here is left as it read it
    return out


# ---- messages ----------------------------------------------------------------------------------

_WORDS = {
    "en": {"sheet": 'sheet "{}"', "row": "row {}", "column": 'column "{}"'},
    "ru": {"sheet": "лист «{}»", "row": "строка {}", "column": "столбец «{}»"},
}


def _where(place: _Place, lang: str) -> str:
    w = _WORDS[lang]
    parts = [w["sheet"].format(place.sheet)]
    if place.row:
        parts.append(w["row"].format(place.row))
    if place.heading:
        parts.append(w["column"].format(place.heading))
    return ", ".join(parts)


def format_problem(p: Any, lang: str = "en") -> str:
    """A problem of a workbook as one line: ``sheet "Applications", row 5, column "Awarded,
    RUB (awarded)": "3,7 млн" is not an amount … [bad_value]`` (Russian words with ``lang="ru"``)."""
    lang = _lang(lang)
    place = _Place(p.file or "", p.line or 0, p.field or "")
    tag = p.check if p.severity == "error" else (f"{p.check}, {'предупреждение' if lang == 'ru' else 'warning'}")
    if p.check == "no_records":  # about the whole workbook, not a sheet
        return f"{p.file}: {_RUSSIAN_RULES['no_records'] if lang == 'ru' else p.message} [{tag}]"
    return f"{_where(place, lang)}: {p.message} [{tag}]"


def _q(value: Any) -> str:
    return f"«{cell_text(value)}»"


#: What a value that does not parse should be, by kind of column, in Russian.
_RUSSIAN_BAD_VALUES = {
    "date": "{v} — не дата: введите дату в ячейку с форматом даты, например 05.03.2024",
    "money": "{v} — не сумма: введите число рублей, например 3700000 или 3700000,50 (без «млн», «руб.» и пробелов)",
    "int": "{v} — не целое число",
    "number": "{v} — не число",
    "bool": "{v} — не «да» и не «нет»",
    "list": "{v}: пустой элемент списка (элементы разделяются одной чертой |)",
    "population": "{v}: пишите год:число жителей через |, например 2010:306703|2024:400000",
    "okopf": "{v} — не пятизначный код ОКОПФ",
}

#: The rule of each check code of the folder checker (docs/dataset-format.md), in Russian;
#: ``{v}`` is the cell's value.
_RUSSIAN_RULES = {
    "missing_value": "обязательное поле не заполнено",
    "duplicate_id": "код {v} уже есть выше на этом листе",
    "invalid_inn": "{v} — неверный ИНН (10 или 12 цифр с верной контрольной цифрой)",
    "invalid_ogrn": "{v} — неверный ОГРН (13 цифр с верной контрольной цифрой, ОГРНИП — 15)",
    "invalid_kpp": "{v} — неверный КПП (9 знаков)",
    "invalid_oktmo": "{v} — неверный ОКТМО (8 или 11 цифр)",
    "negative_money": "{v}: сумма не может быть отрицательной",
    "negative_value": "{v}: значение не может быть отрицательным",
    "awarded_not_winner": "сумма гранта указана, но заявка не отмечена как победитель",
    "end_before_start": "дата окончания раньше даты начала",
    "duplicate_column": "столбец встречается дважды",
    "awarded_exceeds_requested": "сумма гранта больше запрошенной суммы",
    "zero_money": "сумма равна 0",
    "winner_without_award": "победитель без суммы гранта",
    "future_date": "{v}: дата ещё не наступила",
    "shared_inn": "тот же ИНН у организаций с разными названиями",
    "submitted_outside_window": "заявка подана вне срока приёма заявок конкурса",
    "direction_not_in_competition": "такого направления нет среди направлений конкурса",
    "monitoring_of_non_winner": "мониторинг заявки, которая не победила",
    "unknown_indicator_key": "{v}: civica не знает такого показателя (выберите из списка)",
    "unit_differs": "{v}: единица отличается от обычной единицы показателя",
    "unknown_okopf": "{v}: civica не знает такого кода ОКОПФ",
    "unknown_sheet": "лист не относится к набору данных и не читается",
    "no_records": "в книге нет ни записей, ни показателей (кроме территории и грантовых программ): "
                  "анализировать и описывать в отчёте нечего",
}


#: Rules that share a check code with others (``rule``, ``missing_value``), told apart by the
#: words of the model's English message (src/model/dataset.cpp), in Russian.
_RUSSIAN_BY_WORDS = (
    ("is none of its municipalities and no published figure names it",
     "{v} — нет такой территории на листе «Территории», и ни один показатель её не называет: "
     "записи набора к ней не относятся"),
    ("is none of the dataset's; did you mean", "{v} — нет такой территории в наборе: показатель "
     "относится к другой территории, и отчёт о территории набора его не учитывает"),
    ("differs from the dataset's", "{v} записана иначе, чем территория набора (регистр, ё/е, пробелы, "
     "тире или невидимый символ): показатель относится к другой территории, и отчёт о территории "
     "набора его не учитывает"),
    ("is not a rating", "{v}: рейтинг заявки — число, 0 или больше"),
    ("only winning applications are rated", "рейтинг есть только у заявок-победителей (статус «победитель»)"),
    ("has no name", "не заполнено ни полное, ни краткое наименование: заполните хотя бы одно"),
)


def _russian(check: str, english: str, place: _Place, column: Optional[Column], table: str,
             target_sheet: str) -> str:
    """The rule a problem breaks, said in Russian from its check code, the column's kind and the
    cell's value; the reader's English words are kept where no Russian is written here."""
    kind = column.kind if column is not None else ""
    v = _q(place.value) if place.value is not None else ""
    if check == "bad_value":
        if column is not None and column.name == "spheres" and "not a sphere code" in english:
            close = re.search(r'did you mean "([a-z_]+)"', english)
            codes = ", ".join(code for code, _ in _core.sphere_codes())
            return (f"{v}: не код сферы деятельности" + (f"; возможно, «{close.group(1)}»" if close else "")
                    + f" (коды: {codes})")
        if kind == "enum" and column is not None:
            shown = ", ".join(text for text, _ in _choices(table, column, "ru"))
            return f"{v} — нет в списке; выберите из выпадающего списка: {shown}"
        # A whole number out of its range: the range, not "not a whole number".
        least = re.search(r"must be (-?\d+) or more", english)
        span = re.search(r"is outside (-?\d+)\.\.(-?\d+)", english)
        if kind in ("int", "number") and least:
            return f"{v}: число должно быть не меньше {least.group(1)}"
        if kind in ("int", "number") and span:
            return f"{v}: число должно быть от {span.group(1)} до {span.group(2)}"
        if kind in _RUSSIAN_BAD_VALUES:
            return _RUSSIAN_BAD_VALUES[kind].format(v=v)
        return f"{v}: недопустимое значение ({english})"
    if check == "unknown_reference":
        skipped = " или строка с этим кодом пропущена из-за ошибки" if "row was skipped" in english else ""
        return f"{v} нет на листе «{target_sheet}» (в столбце «Код»){skipped}"
    if check == "unknown_column":
        if not place.heading:
            return (f"у столбца {place.letter} есть значения, но нет заголовка (озаглавьте столбец или удалите "
                    "значения)" if place.letter else "у столбца со значениями нет заголовка (удалите столбец или "
                    "озаглавьте его)")
        t = TABLE_BY_NAME.get(table)
        names = ", ".join(f"«{c.heading('ru')}»" for c in t.columns) if t else ""
        return f"такого столбца нет на этом листе; столбцы листа: {names}"
    if check == "missing_column":
        return "на листе нет обязательного столбца" + (f" «{column.heading('ru')}»" if column else "")
    for pattern, said in _RUSSIAN_BY_WORDS:
        if pattern in english:
            named = re.search(r'territory "([^"]*)"', english)  # a figure's territory has no cell here
            close = re.search(r'did you mean "([^"]*)"', english)
            return (said.format(v=v or (_q(named.group(1)) if named else ""))
                    + (f"; возможно, имелось в виду «{close.group(1)}»" if close else ""))
    if check in _RUSSIAN_RULES:
        return _RUSSIAN_RULES[check].format(v=v)
    return f"нарушено правило: {english}"


_CSV_NAME = re.compile(r"\b(in )?([a-z_]+)\.csv\b")
# The CSV reader's words for a column without a name (src/io/dataset_folder.cpp).
_UNNAMED = re.compile(r"column (\d+) has no name \(remove the empty column\)$")


class _Converted:
    """A civica workbook as a dataset folder in a temporary directory, with the way back from
    the folder's files, lines and columns to the workbook's sheets, rows and headings."""

    def __init__(self, path: str, lang: Optional[str], settings_only: bool = False, collect: bool = False) -> None:
        self.path = path
        self.settings_only = settings_only  # the About sheet alone (workbook_settings)
        # A bad cell of the About sheet (the report year, the language, "synthetic") is raised as
        # a ParseError, or with ``collect`` (check_workbook) listed here and the cell let go.
        self.collect = collect
        self.about_problems: List[Problem] = []
        self.about_cells: Dict[str, Tuple[str, int, str, Any]] = {}  # key -> (sheet, row, label, value)
        self.asked_lang = lang
        self.origins: Dict[str, _SheetOrigin] = {}   # "applications.csv" -> origin
        self.sheet_of: Dict[str, str] = {}            # table -> sheet title in this workbook
        self.about_sheet = ABOUT_SHEET[0]
        self.settings: Dict[str, str] = {}
        self.notices: List[Problem] = []              # unknown sheets
        self.formulas: Dict[str, Dict[Tuple[int, int], str]] = {}  # sheet -> cells of formulas without values
        self.book_lang = ""                           # the About sheet's language ("" when it gives none)
        self.sheets_lang = ""                         # that of the About sheet's name, when its language is bad
        self.lang = _lang(lang, "en")                 # of the messages (set from the workbook's by _convert)
        self.work = tempfile.mkdtemp(prefix="civica-xlsx-")
        self.folder = os.path.join(self.work, "dataset")
        os.mkdir(self.folder)
        try:
            self._convert()
        except BaseException:
            self.close()  # an unknown language too: the converted sheets are not left behind
            raise

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self) -> "_Converted":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- reading the sheets

    def _table_of(self, title: str) -> Optional[str]:
        key = _key(title.strip())
        for t in TABLES:
            if key in (_key(t.ru), _key(t.en), t.name):
                return t.name
        return None

    def _convert(self) -> None:
        wb = _load(self.path)
        try:
            kind = _kind(wb)
            if kind != "xlsx":  # a ФПГ or 360Giving workbook has none of the sheets read here
                raise _not_civica(self.path, kind, self.asked_lang)
            manifest: Dict[str, Any] = {"format": "civica-dataset", "version": _core.io.dataset_format_version}
            # The About sheet first, wherever it is: its language says how the tables' cells read.
            about = [ws for ws in wb.worksheets if _key(ws.title.strip()) in (_key(s) for s in ABOUT_SHEET)
                     or _key(ws.title.strip()) == "manifest"]
            # A setting written as a formula without its value (the year, the language) would be
            # read as not given: refused as on a table's sheet.
            for ws in about:
                self.about_sheet = ws.title
                manifest.update(self._about(ws))
            # The workbook's language (its About sheet; an unknown one is a bad cell of that
            # sheet) and the language of the messages (asked for, else the workbook's), decided once.
            self.book_lang = self._book_language()
            self.lang = _lang(self.asked_lang, self.book_lang or self.sheets_lang or "en")
            self._check_about(manifest)
            # The sheets read: the About sheet, and (unless only the settings are asked for)
            # those of the tables; a guide, the lists and a sheet of no table are not read.
            skipped = {_key(s) for s in GUIDE_SHEET + LISTS_SHEET}
            tables = [] if self.settings_only else [
                (ws, self._table_of(ws.title)) for ws in wb.worksheets
                if ws not in about and _key(ws.title.strip()) not in skipped]
            self.formulas = _uncomputed_formulas(self.path, [ws.title for ws in about] +
                                                 [ws.title for ws, table in tables if table is not None])
            for ws in about:
                self._refuse_uncomputed(ws.title, 0, [])
            if self.settings_only:
                return
            unknown: List[Any] = []  # the sheets that are no table's
            for ws, table in tables:
                title = ws.title
                if table is None:
                    self.notices.append(Problem(severity="warning", check="unknown_sheet", file=title, line=0,
                                                field="", record_id="", message=""))
                    unknown.append(ws)
                    continue
                if table in self.sheet_of:
                    raise _core.ParseError(
                        f"{self.path}: sheets \"{self.sheet_of[table]}\" and \"{title}\" both hold the table "
                        f"{table}; keep one")
                self.sheet_of[table] = title
                self._table(ws, TABLE_BY_NAME[table])
            self._refuse_misnamed(unknown)
            with open(os.path.join(self.folder, "manifest.json"), "w", encoding="utf-8") as f:
                json.dump(manifest, f, ensure_ascii=False)
        finally:
            wb.close()

    def _about(self, ws: Any) -> Dict[str, Any]:
        keys = {}
        for key, ru, en, _h1, _h2 in ABOUT_ROWS:
            for text in (key, ru, en, f"{ru} ({key})", f"{en} ({key})"):
                keys[_key(text)] = key
        out: Dict[str, Any] = {}
        for _row, cells in _sheet_rows(ws):
            if len(cells) < 2 or _is_blank(cells[0]):
                continue
            label = str(cells[0]).strip()
            m = _BRACKETED.search(label)
            found = keys.get(_key(label)) or (keys.get(_key(m.group(1).strip())) if m else None)
            if found is None:
                continue
            key = found
            value = cells[1]
            self.about_cells[key] = (ws.title, _row, label, value)  # where a problem of it is said
            if key in SETTINGS:
                self.settings[key] = cell_text(value, "int").strip()
            elif key == "synthetic":
                out[key] = cell_text(value).strip().lower() in _SYNTHETIC_YES
            elif key in _ABOUT_FREE_TEXT:
                if not _is_blank(value):
                    out[key] = cell_text(value)  # free text keeps its spaces, as in the manifest
            elif not _is_blank(value):
                out[key] = cell_text(value).strip()  # a name or a code
        return out

    def _book_language(self) -> str:
        """The language the About sheet gives ("" for none); one civica does not write is a bad
        cell of that sheet, said in the language of the sheet's name."""
        try:
            return _lang(self.settings.get("language") or None, "")
        except ValueError:
            value = self.settings.pop("language")
            # The messages are then in the language of the sheet's name, as the workbook's.
            self.sheets_lang = "ru" if _key(self.about_sheet.strip()) == _key(ABOUT_SHEET[0]) else "en"
            self.lang = _lang(self.asked_lang, self.sheets_lang)
            self._bad_about_cell("language", f"{{v}} is not a language civica writes: enter ru or en",
                                 f"{{v}} — не язык civica: введите ru или en", value)
            return ""

    def _check_about(self, manifest: Dict[str, Any]) -> None:
        """The report year is a year civica's dates have, and "synthetic" says yes or no (or is
        empty, for no): another value is a bad cell of the About sheet (it was read as no, and
        the year "2024 год" failed a conversion with a traceback)."""
        year = self.settings.get("year", "")
        first, last = _core.date_years
        if year and not (year.isascii() and year.isdigit() and first <= int(year) <= last):
            del self.settings["year"]
            self._bad_about_cell("year", f"{{v}} is not a year: enter the year as a number from {first} to {last}, "
                                         f"e.g. 2024",
                                 f"{{v}} — не год: введите год числом от {first} до {last}, например 2024", year)
        if "synthetic" in self.about_cells:
            value = self.about_cells["synthetic"][3]
            text = cell_text(value).strip().lower()
            if text not in _SYNTHETIC_YES and text not in _SYNTHETIC_NO:
                manifest.pop("synthetic", None)
                self._bad_about_cell("synthetic", "{v} is neither yes nor no: enter yes or no (empty is no)",
                                     "{v} — не «да» и не «нет»: введите да или нет (пустая ячейка — нет)",
                                     cell_text(value).strip())

    def _bad_about_cell(self, key: str, rule_en: str, rule_ru: str, value: str) -> None:
        """Raises (or, collecting, lists) the ParseError of the About sheet's cell of ``key``,
        naming the workbook, the sheet, the row and the field, and the rule."""
        sheet, row, label, _ = self.about_cells[key]
        ru = self.lang == "ru"
        rule = f"{_q(label) if ru else chr(34) + label + chr(34)}: " + \
            (rule_ru if ru else rule_en).format(v=_q(value) if ru else f'"{value}"')
        if self.collect:
            self.about_problems.append(Problem(severity="error", check="bad_value", file=sheet, line=row, field="",
                                               record_id="", message=rule))
            return
        err = _located(self.path, _Place(sheet, row), self.lang, rule)
        err.kind = "bad_value"  # type: ignore[attr-defined]
        raise err

    def _table(self, ws: Any, table: Table) -> None:
        rows = _sheet_rows(ws)
        origin = _SheetOrigin(ws.title, table.name)
        file = table.name + ".csv"
        self.origins[file] = origin
        self._refuse_uncomputed(ws.title, *(rows[0] if rows else (0, [])))
        if not rows:
            return
        header_row, header = rows[0]
        origin.header_row = header_row
        origin.rows[1] = header_row
        data = rows[1:]
        width = max(len(header), max((len(c) for _, c in data), default=0))
        fields: List[Optional[str]] = []
        columns: List[Optional[Column]] = []
        for i in range(width):
            heading = header[i] if i < len(header) else None
            if _is_blank(heading):
                used = any(i < len(c) and not _is_blank(c[i]) for _, c in data)
                fields.append("" if used else None)
                columns.append(None)
                continue
            text = str(heading).strip()
            column = self._column_of(table, text)
            name = column.name if column else text
            fields.append(name)
            columns.append(column)
            origin.headings[name] = (text, _letter(i))
        keep = [i for i, f in enumerate(fields) if f is not None]
        origin.letters = [_letter(i) for i in keep]
        # A sheet of a Russian workbook: its About sheet says so, or the sheet has the Russian name.
        russian = self.book_lang == "ru" or _key(ws.title.strip()) == _key(table.ru)
        csv_rows = []
        line = 2
        for number, cells in data:
            texts = []
            found: Dict[str, Any] = {}
            for i in keep:
                value = cells[i] if i < len(cells) else None
                found[fields[i] or ""] = value
                texts.append(self._text(table, columns[i], value, russian))
            csv_rows.append((number, texts))
            origin.values[line] = found
            line += 1 + sum(t.count("\n") for t in texts)
        _write_csv(os.path.join(self.folder, file), [fields[i] or "" for i in keep], csv_rows, origin)

    def _refuse_misnamed(self, unknown: List[Any]) -> None:
        """A ParseError for a sheet with rows whose name is close to that of a table the workbook
        has no sheet of («Заявкии» beside no «Заявки»): its rows would not be read, and the table
        would be read as empty without an error. Another sheet (notes, a sheet beside its
        table's) stays a warning."""
        missing = [name for t in TABLES if t.name not in self.sheet_of for name in (t.ru, t.en)]
        for ws in unknown:
            close = _core.analysis.closest_name(ws.title.strip(), missing) if missing else ""
            if not close or len(list(itertools.islice(_filled_rows(ws), 2))) < 2:  # a heading and a row
                continue
            rule = (f"лист не относится к набору данных; возможно, это лист «{close}»: переименуйте его, иначе его "
                    "строки не будут прочитаны" if self.lang == "ru" else
                    f"not a sheet of a civica dataset; did you mean \"{close}\"? Rename it: its rows are not read "
                    "otherwise")
            err = _located(self.path, _Place(ws.title, 0), self.lang, rule)
            err.kind = "misnamed_sheet"  # type: ignore[attr-defined]
            raise err

    def _refuse_uncomputed(self, title: str, header_row: int, header: List[Any]) -> None:
        _refuse_uncomputed(self.path, self.lang, title, self.formulas.get(title), header_row, header)

    @staticmethod
    def _column_of(table: Table, heading: str) -> Optional[Column]:
        low = _key(heading)
        m = _BRACKETED.search(heading)
        if m:
            c = table.column(m.group(1).strip())
            if c is not None:
                return c
        for c in table.columns:
            if low in (c.name, _key(c.ru), _key(c.en)):
                return c
        return None

    @staticmethod
    def _text(table: Table, column: Optional[Column], value: Any, russian: bool) -> str:
        kind = column.kind if column is not None else "text"
        text = cell_text(value, kind)
        if kind == "text" or column is None:
            return text  # free text keeps its spaces
        text = text.strip()  # a list (of sphere codes, of directions) too, as a person types it
        if kind in ("money", "number") and isinstance(value, str):
            return _decimal_point(text, kind, russian)
        if kind in ("enum", "bool", "okopf", "key", "unit") and text:
            return _decoder(table.name, column.name).get(_key(text), text)
        return text

    # -- the way back

    def place(self, file: str, line: Optional[int], field: str, column: int = 0) -> _Place:
        base = os.path.basename(file or "")
        if base == "manifest.json":
            if field in self.about_cells:  # its row and label on the About sheet
                sheet, row, label, value = self.about_cells[field]
                return _Place(sheet, row, label, value=value)
            return _Place(self.about_sheet, 0, field)
        origin = self.origins.get(base)
        if origin is None:
            table = base[: -len(".csv")] if base.endswith(".csv") else base
            sheet = self.sheet_of.get(table) or TABLE_BY_NAME[table].sheet(self.lang) if table in TABLE_BY_NAME else base
            return _Place(sheet, 0, field)
        return origin.place(line, field, column)

    def _sheet_words(self, english: str) -> str:
        """The reader's words with table files named as the sheets of this workbook."""
        def sheet(m: "re.Match[str]") -> str:
            table = m.group(2)
            if table not in TABLE_BY_NAME:
                return m.group(0)
            name = self.sheet_of.get(table) or TABLE_BY_NAME[table].sheet(self.lang)
            return ("on " if m.group(1) else "") + f"sheet \"{name}\""
        return _CSV_NAME.sub(sheet, english)

    def message(self, check: str, english: str, file: str, line: Optional[int], field: str) -> Tuple[_Place, str]:
        # A column with values and no heading: the reader counts the CSV file's columns; the
        # place is the sheet's column letter, and the rule says so in the sheet's words.
        unnamed = _UNNAMED.search(english) if check == "unknown_column" and not field else None
        place = self.place(file, line, field, int(unnamed.group(1)) if unnamed else 0)
        if unnamed:
            english = (english[: unnamed.start()] + f"column {place.letter or unnamed.group(1)} has values but no "
                       "heading (give it one or remove the values)")
        base = os.path.basename(file or "")
        table = base[: -len(".csv")] if base.endswith(".csv") else ""
        t = TABLE_BY_NAME.get(table)
        column = t.column(field) if t is not None and field else None
        if self.lang != "ru":
            if check == "bad_value" and column is not None and column.kind == "money" and place.value is not None:
                # The folder reader's rule ("'.' as decimal point") is not a workbook's: a
                # Russian one takes 3700000,50 too.
                return place, (f"\"{place.value}\" is not an amount: type a number, e.g. 3700000 or 3700000.50 "
                               f"(3700000,50 on a sheet of a Russian workbook), without \"million\", the currency "
                               "or spaces")
            return place, self._sheet_words(english)
        m = _CSV_NAME.search(english.split(":", 1)[-1]) if check == "unknown_reference" else None
        target = ""
        if m and m.group(2) in TABLE_BY_NAME:
            target = self.sheet_of.get(m.group(2)) or TABLE_BY_NAME[m.group(2)].sheet("ru")
        return place, _russian(check, self._sheet_words(english), place, column, table, target)

    def problem(self, p: Any) -> Problem:
        place, text = self.message(p.check, p.message or "", p.file or "", p.line, p.field or "")
        return Problem(severity=p.severity, check=p.check, file=place.sheet, line=place.row,
                       field=place.heading, record_id=p.record_id or "", message=text)

    def error(self, e: Any) -> Exception:
        reason = getattr(e, "reason", None) or str(e)
        check = getattr(e, "check", None) or _guess_check(reason)
        place, text = self.message(check, reason, getattr(e, "file", None) or "", getattr(e, "line", None),
                                   getattr(e, "field", None) or "")
        return _located(self.path, place, self.lang, text)


def _located(path: str, place: _Place, lang: str, rule: str) -> Exception:
    """A ParseError naming the workbook, the sheet, row and column heading, and the rule."""
    err = _core.ParseError(f"{path}: {_where(place, lang)}: {rule}")
    err.file = path
    err.line = place.row or None
    err.field = place.heading or None
    err.reason = rule
    err.sheet = place.sheet
    return err


def _guess_check(reason: str) -> str:
    """The check code of a strict reader's error, from its words (the strict reader raises
    the error that the lenient checker reports with this code)."""
    for pattern, check in ((" is not in ", "unknown_reference"), ("duplicate id", "duplicate_id"),
                           ("unknown column", "unknown_column"), ("has no name", "unknown_column"),
                           ("appears twice", "duplicate_column"), ("the header has no column", "missing_column"),
                           (" is required", "missing_value"), ("without an id", "missing_value"),
                           ("is before", "end_before_start"), ("is negative", "negative_money"),
                           ("not a valid INN", "invalid_inn"), ("INN", "invalid_inn"),
                           ("OGRN", "invalid_ogrn"), ("KPP", "invalid_kpp"), ("OKTMO", "invalid_oktmo"),
                           ("awarded", "awarded_not_winner")):
        if pattern in reason:
            return check
    return "bad_value" if " is not " in reason or "has an empty list item" in reason else "rule"


# ---- reading and checking a civica workbook -----------------------------------------------------


def _on_error(on_error: str) -> bool:
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be one of raise, skip, not {on_error!r}")
    return on_error == "skip"


def read_workbook(path: PathLike, *, on_error: str = "raise", problems: Optional[List[Problem]] = None,
                  lang: Optional[str] = None, lenient_money: bool = False,
                  skipped: Optional[List[Problem]] = None) -> Any:
    """Reads a civica workbook into a Dataset.

    A bad cell raises ParseError naming the sheet, row, column heading and rule (in Russian
    with ``lang="ru"``; default: the workbook's language), and nothing is loaded. With
    ``on_error="skip"`` bad rows (and the rows referring to them) are left out and listed in
    ``problems`` (as :func:`civica.io.read` lists them; ``skipped`` is its older name).
    ``lenient_money`` reads amounts such as "3,7 млн" and "30 000 000,00 руб.".
    A ФПГ registry or 360Giving workbook (see :func:`sheet_kind`) raises ParseError saying so
    and naming the format that reads it (``pgf``, ``360giving``)."""
    skip = _on_error(on_error)
    skipped = _problems_list(problems, skipped, "read_workbook()")
    with _Converted(os.fspath(path), lang) as conv:
        try:
            ds, found, _, _ = _core.io.read(conv.folder, "csv", encoding="utf-8", separator=",",
                                            lenient_money=lenient_money, on_error="skip" if skip else "raise",
                                            limits=_caps())
        except _core.ParseError as e:
            raise conv.error(e) from None
        except _core.ValidationError as e:
            raise conv.error(e) from None
        if skipped is not None:
            skipped.extend(conv.problem(p) for p in found)
        return ds


def check_workbook(path: PathLike, *, lang: Optional[str] = None, lenient_money: bool = False) -> List[Problem]:
    """Every problem of a civica workbook, errors and warnings, found in one pass by the
    folder format's checker: ``file`` is the sheet, ``line`` the row, ``field`` the heading.
    ``lenient_money`` takes amounts such as "3,7 млн" as :func:`read_workbook` does with it.
    A ФПГ or 360Giving workbook is one error, ``unreadable``, saying which format reads it."""
    try:
        conv = _Converted(os.fspath(path), lang, collect=True)
    except _core.ParseError as e:
        if getattr(e, "kind", None) is None:
            raise
        if getattr(e, "sheet", None):  # a cell that stops the reading: placed as a cell's problem is
            return [Problem(severity="error", check=str(getattr(e, "kind")), file=str(getattr(e, "sheet")),
                            line=e.line or 0, field=e.field or "", record_id="", message=e.reason or "")]
        from .io import _error_problem

        return [_error_problem(e, os.fspath(path))]
    with conv:
        # The dialect read_workbook reads the sheets in (the csv format: a date typed as text
        # "12.03.2019" is a date), so that a cell checks as it reads. The About sheet's bad
        # cells come first, as that sheet does.
        found = sorted(conv.about_problems, key=lambda p: p.line or 0)
        found += [conv.problem(p) for p in _core.io.check_tables(conv.folder, format="csv", encoding="utf-8",
                                                                separator=",", lenient_money=lenient_money,
                                                                limits=_caps())]
        for n in conv.notices:
            sheet = str(n.file or "")
            found.append(Problem(severity=n.severity, check=n.check, file=sheet, line=0, field="",
                                 record_id="", message=_russian(n.check, "", _Place(sheet, 0), None, "", "")
                                 if conv.lang == "ru" else "not a sheet of a civica dataset; it is not read"))
        return found


def workbook_settings(path: PathLike) -> Dict[str, str]:
    """The workbook's own settings from its About sheet: ``year`` (of the report) and
    ``language`` (of its headings and messages), where given. A year that is not one civica's
    dates have, or a language civica does not write, is a ParseError naming the workbook, the
    sheet, the row and the rule (in English, as this function speaks)."""
    with _Converted(os.fspath(path), "en", settings_only=True) as conv:
        return {k: v for k, v in conv.settings.items() if v}


def _own_language(path: PathLike) -> str:
    """The language the workbook's About sheet gives, "" for none; for one civica does not write
    (which its check lists as a problem of that sheet), that of the sheet's name."""
    with _Converted(os.fspath(path), None, settings_only=True, collect=True) as conv:
        return conv.book_lang or conv.sheets_lang


# ---- writing a civica workbook ------------------------------------------------------------------


class _Book:
    """Builds a civica workbook: guide, About, one sheet per table, the hidden lists."""

    def __init__(self, lang: str, currency: str = "RUB") -> None:
        openpyxl = _openpyxl()
        self.lang = lang
        self.currency = currency  # named in the headings and help of money columns
        self.wb = openpyxl.Workbook()
        self.guide = self.wb.active
        self.guide.title = GUIDE_SHEET[_i(lang)]
        self.about = self.wb.create_sheet(ABOUT_SHEET[_i(lang)])
        self.sheets = {t.name: self.wb.create_sheet(t.sheet(lang)) for t in TABLES}
        self.lists = self.wb.create_sheet(LISTS_SHEET[_i(lang)])
        self.lists.sheet_state = "hidden"
        self._list_ranges: Dict[str, str] = {}

    # -- styles

    def _header_style(self, cell: Any) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    def _date_format(self) -> str:
        return "DD.MM.YYYY" if self.lang == "ru" else "YYYY-MM-DD"

    # -- drop-down lists on the hidden sheet

    def _list_range(self, key: str, texts: Sequence[str]) -> str:
        if key in self._list_ranges:
            return self._list_ranges[key]
        col = len(self._list_ranges) + 1
        self.lists.cell(1, col, key)
        for r, text in enumerate(texts, start=2):
            _put(self.lists, r, col, text, lambda: _writing_at(self.lists, r, key))
        letter = _letter(col - 1)
        ref = f"{_quote_sheet(self.lists.title)}!${letter}$2:${letter}${len(texts) + 1}"
        self._list_ranges[key] = ref
        return ref

    def _validation(self, ws: Any, table: Table, column: Column, letter: str, last: int) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        lang = self.lang
        ru = lang == "ru"
        area = f"{letter}2:{letter}{last}"
        dv: Optional[Any] = None
        if column.kind in ("enum", "bool", "okopf", "key", "unit"):
            texts = [t for t, _ in _choices(table.name, column, lang)]
            strict = column.kind in ("enum", "bool")
            dv = DataValidation(type="list", formula1=self._list_range(f"{table.name}.{column.name}", texts),
                                allow_blank=True, errorStyle="stop" if strict else "warning")
            dv.error = ("Выберите значение из списка" if ru else "Choose a value from the list")
        elif column.kind == "party" and "persons" in self.sheets:
            # An organisation's code or a person's (applicant_type / recipient_type says which):
            # a list shows one sheet only, so the cell is checked against both sheets' codes.
            orgs, people = self.sheets[column.ref], self.sheets["persons"]
            first = f"{letter}2"
            dv = DataValidation(type="custom", allow_blank=True, errorStyle="warning",
                                formula1=f"OR(ISBLANK({first}),COUNTIF({_quote_sheet(orgs.title)}!$A:$A,{first})>0,"
                                         f"COUNTIF({_quote_sheet(people.title)}!$A:$A,{first})>0)")
            dv.error = (f"Такого кода нет ни на листе «{orgs.title}», ни на листе «{people.title}»" if ru
                        else f"No such code on the sheets \"{orgs.title}\" and \"{people.title}\"")
        elif column.kind in ("ref", "party"):
            target = self.sheets[column.ref]
            ref = f"{_quote_sheet(target.title)}!$A$2:$A${last}"
            dv = DataValidation(type="list", formula1=ref, allow_blank=True, errorStyle="warning")
            dv.error = (f"Такого кода нет на листе «{target.title}»" if ru
                        else f"No such code on the sheet \"{target.title}\"")
        elif column.kind == "date":
            dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                                errorStyle="stop")
            dv.error = "Введите дату, например 05.03.2024" if ru else "Enter a date, e.g. 2024-03-05"
        elif column.kind == "money":
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                errorStyle="stop")
            dv.error = ("Введите сумму числом, например 3700000 или 3700000,50" if ru
                        else "Enter an amount as a number, e.g. 3700000 or 3700000.50")
        elif column.kind == "int":
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                errorStyle="stop")
            dv.error = "Введите целое число" if ru else "Enter a whole number"
        if dv is None:
            if not column.help(lang):
                return
            # Text with a form of its own (a population "2010:306703|2024:400000", sphere codes):
            # nothing to check here, but selecting the cell shows the form.
            dv = DataValidation(allow_blank=True)
        dv.errorTitle = "civica"
        dv.showErrorMessage = True
        if column.help(lang):
            dv.prompt = column.help(lang)[:255]
            dv.promptTitle = column.label(lang)[:32]
            dv.showInputMessage = True
        ws.add_data_validation(dv)
        dv.add(area)

    # -- sheets

    def table(self, table: Table, rows: List[Dict[str, str]]) -> None:
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment

        ws = self.sheets[table.name]
        lang = self.lang
        last = min(len(rows) + 1 + _SPARE_ROWS, _SHEET_ROWS)  # the spare rows end with the sheet
        for j, column in enumerate(table.columns):
            cell = ws.cell(1, j + 1, column.heading(lang, self.currency))
            self._header_style(cell)
            if column.help(lang, self.currency):
                cell.comment = Comment(column.help(lang, self.currency), "civica", width=260, height=80)
            letter = _letter(j)
            dim = ws.column_dimensions[letter]
            dim.width = column.width
            fmt = self._cell_format(column)
            if fmt:
                dim.number_format = fmt
            self._validation(ws, table, column, letter, last)
        ws.freeze_panes = "A2"
        ws.row_dimensions[1].height = 32
        for r, row in enumerate(rows, start=2):
            for j, column in enumerate(table.columns):
                value = self._value(table, column, row.get(column.name, ""))
                if value is None:
                    continue
                cell = _put(ws, r, j + 1, value, lambda: _writing_at(ws, r, column.heading(lang, self.currency),
                                                                   row.get("id", "")))
                fmt = self._cell_format(column)
                if fmt:
                    cell.number_format = fmt
                if column.kind in ("text", "list") and isinstance(value, str) and "\n" in value:
                    cell.alignment = Alignment(wrap_text=True)

    def _cell_format(self, column: Column) -> str:
        return {"date": self._date_format(), "money": "#,##0.00", "code": "@", "id": "@", "ref": "@",
                "party": "@"}.get(column.kind, "")

    def _value(self, table: Table, column: Column, text: str) -> Any:
        """A cell of the folder format's CSV as a workbook cell (None for an empty one)."""
        if text == "":
            return None
        kind = column.kind
        if kind == "date":
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text
        if kind == "money":
            d = Decimal(text)
            digits = len(d.as_tuple().digits)
            return float(d) if digits <= 15 else text
        if kind == "int":
            return int(text)
        if kind == "number":
            v = float(text)
            if float("%.15g" % v) != v:
                # More significant digits than a spreadsheet keeps (15): as text, read back exactly.
                return text
            return int(v) if v == int(v) and abs(v) < 1e15 and "." not in text and "e" not in text.lower() else v
        if kind in ("enum", "bool", "okopf", "key", "unit"):
            for shown, value in _choices(table.name, column, self.lang):
                if value == text or (kind == "bool" and value == text.lower()):
                    return shown
            return text
        return text

    def about_sheet(self, values: Dict[str, Any]) -> None:
        from openpyxl.styles import Alignment

        ws = self.about
        lang = self.lang
        heads = ("Поле", "Значение", "Пояснение") if lang == "ru" else ("Field", "Value", "Note")
        for j, h in enumerate(heads, start=1):
            self._header_style(ws.cell(1, j, h))
        for r, (key, ru, en, help_ru, help_en) in enumerate(ABOUT_ROWS, start=2):
            ws.cell(r, 1, f"{ru if lang == 'ru' else en} ({key})")
            value = values.get(key)
            if key == "synthetic":
                value = YES[_i(lang)] if value else NO[_i(lang)]
            if value not in (None, ""):
                _put(ws, r, 2, value, lambda: _writing_at(ws, r, f"{ru if lang == 'ru' else en} ({key})"))
            ws.cell(r, 3, help_ru if lang == "ru" else help_en).alignment = Alignment(wrap_text=True)
        from openpyxl.worksheet.datavalidation import DataValidation

        dv = DataValidation(type="list", formula1=f'"{YES[_i(lang)]},{NO[_i(lang)]}"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"B{2 + [r[0] for r in ABOUT_ROWS].index('synthetic')}")
        dv = DataValidation(type="list", formula1='"ru,en"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"B{2 + [r[0] for r in ABOUT_ROWS].index('language')}")
        ws.column_dimensions["A"].width = 30
        ws.column_dimensions["B"].width = 50
        ws.column_dimensions["C"].width = 50
        ws.freeze_panes = "A2"

    def guide_sheet(self, territory_name: str, year: Optional[int]) -> None:
        from openpyxl.styles import Alignment, Font

        ws = self.guide
        ru = self.lang == "ru"
        ws.column_dimensions["A"].width = 6
        ws.column_dimensions["B"].width = 30
        ws.column_dimensions["C"].width = 90
        title = (f"Данные об общественном участии: {territory_name}" if ru
                 else f"Public engagement data: {territory_name}")
        if year:
            title += f", {year}"
        ws.cell(1, 1, title).font = Font(bold=True, size=14)
        lines = _GUIDE_RU if ru else _GUIDE_EN
        r = 3
        for line in lines:
            c = ws.cell(r, 1, line)
            c.alignment = Alignment(wrap_text=True, vertical="top")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
            ws.row_dimensions[r].height = 15 * max(1, len(line) // 110 + 1)
            r += 1
        r += 1
        heads = ("№", "Лист", "Что вносить") if ru else ("#", "Sheet", "What to enter")
        for j, h in enumerate(heads, start=1):
            self._header_style(ws.cell(r, j, h))
        r += 1
        ws.cell(r, 1, 1)
        _put(ws, r, 2, self.about.title, lambda: _writing_at(ws, r, "title"))
        ws.cell(r, 3, "имя, заголовок и территория набора, год отчёта" if ru
                else "name, title and territory of the dataset, the report year")
        for n, t in enumerate(TABLES, start=2):
            r += 1
            ws.cell(r, 1, n)
            ws.cell(r, 2, t.sheet(self.lang))
            ws.cell(r, 3, t.help(self.lang)).alignment = Alignment(wrap_text=True)
        r += 2
        words = ("Показатель", "Что означает") if ru else ("Indicator", "What it means")
        self._header_style(ws.cell(r, 2, words[0]))
        self._header_style(ws.cell(r, 3, words[1]))
        for key, unit, description in _indicator_keys():
            r += 1
            ws.cell(r, 2, key)
            ws.cell(r, 3, f"{_key_text(key, description, self.lang)} [{unit}]")

    def save(self, path: str, *, replace: bool = True) -> None:
        for ws in self.wb.worksheets:
            _print_setup(ws)
        _save(self.wb, path, replace=replace)


# The About sheet's free text: read with its spaces (the name, territory and currency are codes).
_ABOUT_FREE_TEXT = ("title", "description", "source", "licence")

#: What the About sheet's "synthetic" cell says for yes, and for no (empty is no); anything
#: else is a bad cell.
_SYNTHETIC_YES = ("true", "да", "yes", "1")
_SYNTHETIC_NO = ("false", "нет", "no", "0", "")


def _writing_at(ws: Any, row: int, heading: str, record: str = "") -> str:
    """The place of a cell being written, for an error: sheet, row, heading and the record's id."""
    return _where(_Place(ws.title, row, heading), "en") + (f" (record \"{record}\")" if record else "")


# The most characters a cell holds (Excel's specifications and limits; openpyxl cuts a longer
# text to it). Excel counts UTF-16 code units: a character past U+FFFF (an emoji) is two, and
# LibreOffice cuts a cell of 20 000 emoji to 16 383 of them.
_CELL_CHARACTERS = 32767

# What XML 1.0 cannot hold (its Char production), so a workbook cannot: the C0 control
# characters but tab and line breaks, and U+FFFE and U+FFFF. (civica text is UTF-8, so it has no
# lone surrogate.)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _put(ws: Any, row: int, column: int, value: Any, where: Callable[[], str]) -> Any:
    """``ws.cell(row, column, value)`` with text kept as text. openpyxl stores a str that
    starts with "=" as a formula, which a workbook shows computed (and civica reads back as the
    empty result a formula written by civica has); here it is a text cell. A character XML
    cannot hold (U+0001..U+001F other than tab and line breaks, U+FFFE, U+FFFF) cannot be in a
    workbook at all: it is a ValidationError naming ``where()`` (the sheet, row and heading, and
    the record), not openpyxl's IllegalCharacterError or lxml's ValueError. So is a text longer
    than a cell holds (Excel's 32 767 UTF-16 units), which openpyxl or LibreOffice would cut
    short without a word."""
    if isinstance(value, str):
        units = len(value) + sum(1 for ch in value if ord(ch) > 0xFFFF) if not value.isascii() else len(value)
        if units > _CELL_CHARACTERS:
            raise _core.ValidationError(
                f"{where()}: the text has {units} UTF-16 units ({len(value)} characters), more than the "
                f"{_CELL_CHARACTERS} a workbook cell holds (it would be cut short): keep such data in a CSV "
                f"folder, JSON, SQLite or the store")
        bad = _NOT_XML.search(value)
        if bad is not None:
            kind = "control character" if ord(bad.group()) < 0x20 else "non-character"
            raise _core.ValidationError(
                f"{where()}: the text holds the {kind} U+{ord(bad.group()):04X} (at character "
                f"{bad.start()}), which a workbook cannot hold")
    cell = ws.cell(row, column, value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _print_setup(ws: Any) -> None:
    """A4 landscape, as wide as the page, the heading row on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.gridLines = True
    if ws.max_row > 1 and ws.freeze_panes == "A2":
        ws.print_title_rows = "1:1"


def _save(wb: Any, path: str, *, replace: bool = True) -> None:
    """Saves a workbook over ``path`` atomically (civica's one atomic replacement: a hidden
    sibling, flushed to disk, renamed over ``path``), so a failed or killed save leaves the old
    file as it was. With ``replace=False`` a file at ``path``, even one made by another program
    while the workbook was written, is never replaced (CivicaIOError "it exists already")."""
    content = _workbook_bytes(wb)

    def write(tmp: Any) -> None:
        with open(os.fspath(tmp), "wb") as f:
            f.write(content)

    (_core.io.replace_atomically if replace else _core.io.create_atomically)(path, write)


def _workbook_bytes(wb: Any) -> bytes:
    """The bytes of a workbook's file. openpyxl writes each sheet to a temporary file (in the
    system's temporary folder) before zipping it; a failed write there (a full disk, a file size
    limit) raises lxml's SerialisationError ("IO_ENOSPC"), which is raised here as the OSError it
    stands for. The zip is made in memory, so that a failure never leaves a half-written file
    behind for openpyxl to close again."""
    failures: Tuple[Type[BaseException], ...] = ()  # openpyxl without lxml writes with the standard library: OSError
    try:
        from lxml.etree import SerialisationError

        failures = (SerialisationError,)
    except ImportError:
        pass
    buffer = io.BytesIO()
    try:
        wb.save(buffer)
        return buffer.getvalue()
    except failures as e:
        reason = str(e)
        _close_sheet_writers(e.__traceback__, failures)
    code = getattr(errno, reason[3:], errno.EIO) if reason.startswith("IO_") else errno.EIO
    raise OSError(code, os.strerror(code) if code != errno.EIO or reason == "IO_EIO" else reason)


def _close_sheet_writers(tb: Any, failures: Tuple[Type[BaseException], ...]) -> None:
    """Closes what a failed save left open in the frames of its traceback: the sheet writers and
    the zip being made. Closed when they are collected, each would fail again, printed as
    "Exception ignored in: <generator object WorksheetWriter.get_stream>" (the failure already
    said) or in ZipFile.__del__ (its buffer gone by then); closed here, those are dropped."""
    import zipfile

    try:
        from openpyxl.worksheet._writer import WorksheetWriter
    except ImportError:  # pragma: no cover - another openpyxl: its writers are left to it
        return
    closed: Set[int] = set()
    second: Tuple[Type[BaseException], ...] = (*failures, OSError, ValueError)
    while tb is not None:
        for value in list(tb.tb_frame.f_locals.values()):
            if id(value) in closed or not isinstance(value, (WorksheetWriter, zipfile.ZipFile)):
                continue
            closed.add(id(value))
            try:
                value.xf.close() if isinstance(value, WorksheetWriter) else value.close()
            except second:
                pass
        tb = tb.tb_next


def _quote_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


_GUIDE_RU = (
    "Эта книга — набор данных civica о некоммерческих организациях, грантах, обучении и общественных "
    "советах вашего города. По ней civica пишет ежегодный отчёт о взаимодействии с общественностью "
    "(Word или PDF).",
    "Заполняйте листы по порядку (список ниже): на листах ссылаются на строки предыдущих листов по "
    "коду из столбца «Код». Например, заявка ссылается на организацию, а организация — на территорию.",
    "Одна строка — одна запись. Не меняйте заголовки столбцов: в скобках стоит имя столбца, по которому "
    "civica его узнаёт. Пустые листы и столбцы можно оставить пустыми.",
    "Даты вводите как даты (05.03.2024), суммы — числом рублей (3700000 или 3700000,50, без «млн» и "
    "«руб.»). В столбцах с выпадающим списком выбирайте значение из списка.",
    "На листе «Опубликованные показатели» — цифры, которые город уже опубликовал: например, «более 300 "
    "НКО» — это показатель ngo.registered, значение 300, точность «более». Опубликованная цифра важнее "
    "подсчёта по записям; если записи ей противоречат, отчёт это отметит.",
    "Проверка: civica validate ФАЙЛ.xlsx — покажет каждую ошибку с листом, строкой и столбцом.",
    "Отчёт: civica report --dataset ФАЙЛ.xlsx --format docx -o отчёт.docx (или --format pdf).",
)

_GUIDE_EN = (
    "This workbook is a civica dataset about the NGOs, grants, trainings and public councils of your "
    "city. civica writes the annual public-engagement report (Word or PDF) from it.",
    "Fill in the sheets in order (listed below): rows refer to rows of earlier sheets by the code in "
    "their Code column. For example an application refers to an organisation, an organisation to a "
    "territory.",
    "One row is one record. Keep the column headings: the name in brackets is how civica recognises "
    "the column. Sheets and columns you have no data for may stay empty.",
    "Enter dates as dates (2024-03-05) and amounts as numbers of roubles (3700000 or 3700000.50, no "
    "\"million\" or \"RUB\"). Where a column has a drop-down list, choose from it.",
    "The sheet Published figures holds the figures the city has published: \"more than 300 NGOs\" is "
    "the indicator ngo.registered, value 300, qualifier more_than. A published figure takes precedence "
    "over counts of records; where the records disagree, the report says so.",
    "Check: civica validate FILE.xlsx lists every problem with its sheet, row and column.",
    "Report: civica report --dataset FILE.xlsx --format docx -o report.docx (or --format pdf).",
)


def _fits_a_sheet(rows: int, sheet: str) -> None:
    """A ValidationError, before the workbook is made, when ``rows`` rows below the heading do
    not fit an Excel sheet: openpyxl would fail on the first row past the limit, after building
    every row before it."""
    if rows + 1 > _SHEET_ROWS:
        raise _core.ValidationError(
            f"{sheet} would have {rows} rows below its heading, and an Excel sheet holds "
            f"{_SHEET_ROWS - 1}: write the data as CSV, SQLite, Parquet or a civica store (.civica) instead")


def _folder_rows(dataset: Any) -> Tuple[Dict[str, Any], Dict[str, List[Dict[str, str]]]]:
    """The dataset as the folder writer spells it: (manifest, rows of each table), each cell the
    text of its CSV cell (``_core.io.table_texts``, in memory)."""
    work = tempfile.mkdtemp(prefix="civica-xlsx-")
    try:
        _core.io.write_manifest(dataset, work)
        with open(os.path.join(work, "manifest.json"), encoding="utf-8") as f:
            manifest = json.load(f)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows: Dict[str, List[Dict[str, str]]] = {}
    for table, count, columns in _core.io.table_texts(dataset):
        _fits_a_sheet(count, f"the sheet of the table {table}")
        names = [name for name, _offsets, _data in columns]
        cells = [_texts(offsets.tolist(), data, count) for _name, offsets, data in columns]
        rows[table] = [dict(zip(names, row)) for row in zip(*cells)]
    return manifest, rows


def _texts(offsets: List[int], data: bytes, count: int) -> List[str]:
    """The ``count`` UTF-8 texts of a column given as Arrow holds strings."""
    return [data[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(count)]


def _report_year(year: Any) -> Optional[int]:
    """``year`` of a workbook's report: None, or a year civica's dates may have
    (``_core.date_years``); another number is a ValidationError naming it and the range, a
    value that is no number (True, "2020") a TypeError."""
    return None if year is None else dated_year(year, "year", "the report's year")


def write_workbook(dataset: Any, path: PathLike, *, lang: str = "ru", year: Optional[int] = None) -> None:
    """Writes ``dataset`` as a civica workbook (headings and choices in ``lang``); reading it
    back gives an equal dataset. ``year`` is noted as the report year: a year outside the
    years civica's dates have (1900..2200) is a ValidationError, and nothing is written. The
    file is replaced only once it is written."""
    _book(dataset, _lang(lang), _report_year(year)).save(os.fspath(path))


def _book(dataset: Any, lang: str, year: Optional[int]) -> "_Book":
    """The workbook of ``dataset`` (write_workbook), not yet saved."""
    manifest, rows = _folder_rows(dataset)
    book = _Book(lang, manifest.get("currency") or "RUB")
    about = dict(manifest)
    about["year"] = year
    about["language"] = lang
    book.about_sheet(about)
    for t in TABLES:
        book.table(t, rows.get(t.name, []))
    territory = manifest.get("territory", "")
    name = next((r.get("name") for r in rows.get("municipalities", []) if r.get("id") == territory), "")
    book.guide_sheet(name or manifest.get("title", "") or manifest.get("name", ""), year)
    return book


# Transliteration of Russian letters for codes (ГОСТ Р 52535.1-2006, the passport scheme).
_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t",
     "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia"]))


def slug(name: str) -> str:
    """A code for a name: lower-case Latin letters, digits and hyphens (``Сургут`` → ``surgut``)."""
    out = "".join(_TRANSLIT.get(ch, ch) for ch in unicodedata.normalize("NFC", name.strip()).lower())
    out = re.sub(r"[^a-z0-9]+", "-", out).strip("-")
    return out or "territory"


#: A suffix that names a kind of file (``.xls``, ``.csv``, ``.ods``): ASCII letters and digits,
#: at least one letter. The dot of «г. Сургут» or of «surgut.2024» starts none.
_SUFFIX = re.compile(r"\.[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*")


def _workbook_path(path: str) -> str:
    """The file :func:`new_workbook` makes for ``path``: ``path`` when it ends in ``.xlsx`` (in
    any case), ``path.xlsx`` when it has no suffix (``surgut.`` → ``surgut.xlsx``). Another
    suffix raises ValidationError naming the path, before anything is written: civica writes
    .xlsx workbooks, and ``surgut.xls`` made into ``surgut.xls.xlsx`` is not the file that was
    asked for."""
    if path.lower().endswith(".xlsx"):
        return path
    stem, suffix = os.path.splitext(path)
    if _SUFFIX.fullmatch(suffix):
        from .io import _shown as shown

        raise _core.ValidationError(f"{shown(path)}: civica writes .xlsx workbooks, not {shown(suffix)}: name it "
                                    f"{shown(stem)}.xlsx, or give the name without a suffix")
    # A name that ends in its dot («surgut.») has the suffix's dot already.
    return path + ("xlsx" if path.endswith(".") else ".xlsx")


def new_workbook(path: PathLike, territory: str, *, region: Optional[str] = None, year: Optional[int] = None,
                 lang: str = "ru") -> str:
    """Creates a civica workbook to fill in for ``territory`` (a city's name) and returns its
    path: ``path`` as it is when it ends in ``.xlsx``, with ``.xlsx`` added when it has no
    suffix (``surgut`` → ``surgut.xlsx``); a name with another suffix (``surgut.xls``,
    ``city.csv``) raises ValidationError, as civica writes .xlsx workbooks. The territory, the
    Presidential Grants Fund and the governor's grant programmes are filled in already;
    ``year`` (default: last year) is the report year, from 1900 to 2200 (any other is a
    ValidationError and no file is made). An existing file is never replaced, even one another
    program makes while the workbook is written (CivicaIOError). A ``territory``
    that is not text is a TypeError."""
    if not isinstance(territory, str):
        raise TypeError(f"territory must be the city's name as text, not {type(territory).__name__}")
    year = _report_year(year)
    lang = _lang(lang)
    p = _workbook_path(os.fspath(path))
    if os.path.lexists(p):  # a link, even one leading nowhere yet, is a name taken too
        raise _core.CivicaIOError(f"{p} already exists; choose another name or remove it")
    name = territory.strip()
    if not name:
        raise ValueError("the territory needs a name")
    if year is None:
        year = dt.date.today().year - 1
    code = slug(name)
    ds = _core.Dataset(name=f"{code}-{year}",
                       title=(f"{name}: взаимодействие с общественностью, {year}" if lang == "ru"
                              else f"{name}, public engagement {year}"),
                       territory=code, source="", licence="")
    ds.add(_core.Municipality(id=code, name=name, region=region or ""))
    ds.add(_core.GrantOperator(id="pgf", name="Фонд президентских грантов"))
    ds.add(_core.Programme(id="presidential-grants", grant_operator="pgf", kind="presidential_grants",
                           name="Гранты Президента Российской Федерации на развитие гражданского общества"))
    governor = "Губернатор" + (f" ({region})" if region else "")
    ds.add(_core.GrantOperator(id="governor", name=governor))
    ds.add(_core.Programme(id="governor-ngo", grant_operator="governor", kind="governor_ngo",
                           name="Гранты губернатора для некоммерческих организаций"))
    ds.add(_core.Programme(id="governor-individual", grant_operator="governor", kind="governor_individual",
                           name="Гранты губернатора для физических лиц"))
    _book(ds, lang, year).save(p, replace=False)  # a file made meanwhile by another is kept too
    return p


# ---- ФПГ registry and 360Giving spreadsheets -----------------------------------------------------

_PGF_MARKS = {"req_num", "contest", "winner"}
_360_MARKS = ({"Identifier", "Amount Awarded"}, {"id", "amountAwarded"})


def _headers(ws: Any) -> List[str]:
    for values in _row_values(ws, min_row=1, max_row=1):
        return [str(v).strip() if v is not None else "" for v in values]
    return []


def sheet_kind(path: PathLike) -> str:
    """What a workbook holds: ``pgf`` (a sheet with the ФПГ registry's columns), ``360giving``
    (a sheet with 360Giving's titles) or ``xlsx`` (a civica workbook)."""
    wb = _load(os.fspath(path))
    try:
        return _kind(wb)
    finally:
        wb.close()


def _kind(wb: Any) -> str:
    """:func:`sheet_kind` of an open workbook: what its first three sheets' headers hold."""
    for ws in wb.worksheets[:3]:
        heads = set(_headers(ws))
        if _PGF_MARKS <= heads:
            return "pgf"
        if any(m <= heads for m in _360_MARKS):
            return "360giving"
    return "xlsx"


#: What a workbook of another kind holds, and how it is read, for the refusal of a civica
#: workbook's reader.
_OTHER_KINDS = {
    "pgf": ("a ФПГ registry (columns req_num, contest, winner, …)", "pgf", "read_pgf",
            "реестр ФПГ (столбцы req_num, contest, winner, …)"),
    "360giving": ("360Giving grants (columns Identifier, Amount Awarded, …)", "360giving", "read_360giving",
                  "гранты 360Giving (столбцы Identifier, Amount Awarded, …)"),
}


def _not_civica(path: str, kind: str, lang: Optional[str]) -> Exception:
    """The ParseError for a workbook of ``kind`` (see :func:`sheet_kind`) given to a civica
    workbook's reader: what it holds and the format that reads it."""
    what, fmt, reader, russian = _OTHER_KINDS[kind]
    if _lang(lang) == "ru":
        rule = (f"в книге {russian}, а не книга civica; читайте её в формате {fmt}: "
                f"civica.io.read(path, \"{fmt}\") или civica.xlsx.{reader}")
    else:
        rule = (f"it holds {what}, not a civica workbook; read it as {fmt}: "
                f"civica.io.read(path, \"{fmt}\") or civica.xlsx.{reader}")
    err = _core.ParseError(f"{path}: {rule}")
    err.file = path
    err.reason = rule
    # The other format, by which check_workbook tells this refusal from a damaged workbook.
    err.kind = kind  # type: ignore[attr-defined]
    return err


_PGF_KINDS = {"date_req": "date", "implem_start": "date", "implem_end": "date", "money_req_grant": "money",
              "cofunding": "money", "total_money": "money", "year": "int", "inn": "code", "ogrn": "code",
              "okato": "code", "oktmo": "code"}
# A registry number cell loses its leading zeros in Excel: the identifiers get them back.
_PGF_WIDTH = {"inn": (10, 12), "ogrn": (13, 15)}


def _pgf_text(field: str, value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    text = cell_text(value, _PGF_KINDS.get(field, "number"))
    if field in _PGF_WIDTH and isinstance(value, (int, float)) and text.isdigit():
        short, long = _PGF_WIDTH[field]
        text = text.zfill(short if len(text) <= short else long)
    return text


#: A line of the CSV file a reader's message names beside the problem's own, outside the
#: values it quotes ("Bus line 2 Trust"): group 1 is a quoted value, group 2 a line's number.
_CSV_LINE = re.compile(r'("(?:[^"\\]|\\.)*")|\bline (\d+)\b')


def _refuse_uncomputed(path: str, lang: str, title: str, formulas: Optional[Dict[Tuple[int, int], str]],
                       header_row: int, header: List[Any]) -> None:
    """A ParseError at the first cell of sheet ``title`` that holds a formula without its
    computed value (``formulas``: _uncomputed_formulas of the sheet): read as empty (or as a
    placeholder 0), its value would be lost without a word, and a row of such cells alone would
    go unread. For the civica workbook and the ФПГ and 360Giving workbooks alike."""
    if not formulas:
        return
    (row, column), formula = min(formulas.items())
    i = column - 1
    heading = str(header[i]).strip() if row > header_row and i < len(header) and not _is_blank(header[i]) else ""
    cell = f"{_letter(i)}{row}"
    rule = (f"в ячейке {cell} формула{' ' + formula if formula else ''}, но её вычисленное значение в файле "
            "не сохранено (файл записан программой, которая не вычисляет формулы): откройте его в Excel или "
            "LibreOffice и сохраните" if lang == "ru" else
            f"cell {cell} holds a formula{' ' + formula if formula else ''} but the workbook stores no computed "
            "value for it (it was written by a program that does not compute formulas): open it in Excel or "
            "LibreOffice and save it")
    err = _located(path, _Place(title, row, heading, _letter(i)), lang, rule)
    err.kind = "uncomputed_formula"  # type: ignore[attr-defined]
    err.check = "uncomputed_formula"  # type: ignore[attr-defined]  # its problem's check code
    raise err


def _sheet_to_csv(ws: Any, path: str, separator: str, convert: Any, reader: "_Foreign") -> _SheetOrigin:
    """One sheet (header in its first non-blank row) as a CSV file for a compiled reader; a
    formula without its computed value is refused (_refuse_uncomputed)."""
    origin = _SheetOrigin(ws.title)
    rows = _sheet_rows(ws)
    if not rows:
        raise _core.ParseError(f"sheet \"{ws.title}\" is empty")
    header_row, header = rows[0]
    reader.refuse_uncomputed(ws.title, header_row, header)
    origin.rows[1] = header_row
    names = [str(h).strip() if h is not None else "" for h in header]
    for i, n in enumerate(names):
        origin.headings[n] = (n, _letter(i))
    out = []
    line = 2
    for number, cells in rows[1:]:
        texts = [convert(names[i], cells[i] if i < len(cells) else None) for i in range(len(names))]
        if len(cells) > len(names) and any(not _is_blank(v) for v in cells[len(names):]):
            texts += [cell_text(v) for v in cells[len(names):]]  # the reader says the row is too wide
        origin.values[line] = {names[i]: cells[i] for i in range(min(len(names), len(cells)))}
        out.append((number, texts))
        line += 1 + sum(t.count("\n") for t in texts)
    _write_csv(path, names, out, origin, separator)
    return origin


class _Foreign:
    """A ФПГ or 360Giving workbook as the CSV file its compiled reader reads."""

    def __init__(self, path: str, lang: Optional[str]) -> None:
        self.path = path
        self.lang = _lang(lang)
        self.work = tempfile.mkdtemp(prefix="civica-xlsx-")
        self.origin: Optional[_SheetOrigin] = None

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    def refuse_uncomputed(self, title: str, header_row: int, header: List[Any]) -> None:
        """A ParseError for a formula on sheet ``title`` whose value the workbook does not store."""
        _refuse_uncomputed(self.path, self.lang, title, _uncomputed_formulas(self.path, [title]).get(title),
                           header_row, header)

    def place(self, line: Optional[int], field: str) -> _Place:
        assert self.origin is not None
        return self.origin.place(line, field)

    def _in_rows(self, text: str) -> str:
        """The reader's words with the CSV lines they name ("… but "X" at line 85", "duplicate
        id: line 12 has it too") named as the sheet's rows, as the problem's own place is: a
        cell of several lines makes the two numbers differ."""
        assert self.origin is not None
        rows = self.origin.rows

        def row(m: "re.Match[str]") -> str:
            if m.group(1) is not None:  # a value in quotes, as the file holds it: kept
                return m.group(0)
            n = rows.get(int(m.group(2)))
            return f"row {n}" if n else m.group(0)
        return _CSV_LINE.sub(row, text)

    def problem(self, p: Any) -> Problem:
        place = self.place(p.line, p.field or "")
        return Problem(severity=p.severity, check=p.check, file=place.sheet, line=place.row,
                       field=place.heading, record_id=p.record_id or "", message=self._in_rows(p.message or ""))

    def error(self, e: Any) -> Exception:
        reason = getattr(e, "reason", None) or str(e)
        place = self.place(getattr(e, "line", None), getattr(e, "field", None) or "")
        return _located(self.path, place, self.lang, self._in_rows(reason))

    def read(self, csv_path: str, format: str, skip: bool, skipped: Optional[List[Problem]],
             lenient_identifiers: bool = False, extras: Optional[List[Dict[str, Any]]] = None) -> Any:
        try:
            ds, found, _, grant_extras = _core.io.read(csv_path, format, encoding="utf-8",
                                                       on_error="skip" if skip else "raise",
                                                       lenient_identifiers=lenient_identifiers, limits=_caps())
        except (_core.ParseError, _core.ValidationError) as e:
            raise self.error(e) from None
        if ds.info.source == "360Giving flat CSV":  # what the CSV reader says of the sheet made a CSV file
            ds.info.source = "360Giving spreadsheet (XLSX)"
        if skipped is not None:
            skipped.extend(self.problem(p) for p in found)
        if extras is not None:
            extras.extend(grant_extras)
        return ds


def _find_sheet(wb: Any, marks: Sequence[Set[str]], what: str, path: str) -> Any:
    for ws in wb.worksheets:
        heads = set(_headers(ws))
        if any(m <= heads for m in marks):
            return ws
    raise _core.ParseError(f"{path}: no sheet has the columns of {what}")


def read_pgf(path: PathLike, *, on_error: str = "raise", problems: Optional[List[Problem]] = None,
             lenient_identifiers: bool = False, lang: Optional[str] = None,
             skipped: Optional[List[Problem]] = None) -> Any:
    """Reads the Presidential Grants Fund registry published as XLSX (the 29 columns of the
    CSV, on the first sheet that has them) with civica's ФПГ reader. Errors name the sheet,
    row and column; ``problems`` (``skipped``, its older name) receives the rows left out and
    the warnings."""
    skip = _on_error(on_error)
    skipped = _problems_list(problems, skipped, "read_pgf()")
    p = os.fspath(path)
    reader = _Foreign(p, lang)
    try:
        wb = _load(p)
        try:
            ws = _find_sheet(wb, [_PGF_MARKS], "the ФПГ registry (req_num, contest, winner, …)", p)
            # Named as the workbook, so the dataset's title and source name the workbook.
            csv_path = os.path.join(reader.work, os.path.basename(p))
            reader.origin = _sheet_to_csv(ws, csv_path, ";", _pgf_text, reader)
        finally:
            wb.close()
        return reader.read(csv_path, "pgf", skip, skipped, lenient_identifiers)
    finally:
        reader.close()


def _360_text(field: str, value: Any) -> str:
    return cell_text(value, "money" if isinstance(value, float) else "text")


_INDEXED_TITLE = re.compile(r"^([^:]+):(\d+):(.*)$")
_INDEXED_PATH = re.compile(r"^([^/]+)/(\d+)/(.*)$")


def _item_column(heading: str, n: int) -> str:
    """The column of the n-th item of an array that a one-to-many sheet's column fills:
    ``Beneficiary Location:Name`` → ``Beneficiary Location:1:Name``, ``a/0/b`` → ``a/1/b``."""
    m = _INDEXED_PATH.match(heading)
    if m:
        return f"{m.group(1)}/{int(m.group(2)) + n}/{m.group(3)}"
    m = _INDEXED_TITLE.match(heading)
    if m:
        return f"{m.group(1)}:{int(m.group(2)) + n}:{m.group(3)}"
    if n == 0 or ":" not in heading:
        return heading if n == 0 else f"{heading}:{n}"
    head, rest = heading.split(":", 1)
    return f"{head}:{n}:{rest}"


def _360giving_csv(path: str, reader: "_Foreign") -> str:
    """The grants of a 360Giving workbook as one flat CSV file in ``reader``'s folder."""
    wb = _load(path)
    try:
        main = _find_sheet(wb, list(_360_MARKS), "360Giving (Identifier, Amount Awarded, …)", path)
        csv_path = os.path.join(reader.work, os.path.basename(path))  # the dataset is named after it
        origin = _SheetOrigin(main.title)
        rows = _sheet_rows(main)
        header_row, header = rows[0]
        reader.refuse_uncomputed(main.title, header_row, header)
        origin.rows[1] = header_row
        names = [str(h).strip() if h is not None else "" for h in header]
        for i, n in enumerate(names):
            origin.headings[n] = (n, _letter(i))
        id_col = "Identifier" if "Identifier" in names else "id"
        grants: List[Tuple[int, Dict[str, Any], Dict[str, _Place]]] = []
        by_id: Dict[str, Tuple[Dict[str, Any], Dict[str, _Place], Dict[str, int]]] = {}
        for number, cells in rows[1:]:
            record = {names[i]: cells[i] for i in range(min(len(names), len(cells)))}
            moved: Dict[str, _Place] = {}
            grants.append((number, record, moved))
            key = cell_text(record.get(id_col)).strip()
            if key and key not in by_id:
                by_id[key] = (record, moved, {})
        extra: List[str] = []
        for ws in wb.worksheets:
            if ws is main:
                continue
            child = _sheet_rows(ws)
            if not child:
                continue
            child_names = [str(h).strip() if h is not None else "" for h in child[0][1]]
            link = "Identifier" if "Identifier" in child_names else ("id" if "id" in child_names else None)
            if link is None:
                continue  # not a sheet of the grants' items (notes, a codelist)
            reader.refuse_uncomputed(ws.title, child[0][0], child[0][1])
            for number, cells in child[1:]:
                item = {child_names[i]: cells[i] for i in range(min(len(child_names), len(cells)))}
                key = cell_text(item.get(link)).strip()
                if key not in by_id:
                    raise _core.ParseError(
                        f"{path}: {_where(_Place(ws.title, number, link), reader.lang)}: grant {key!r} is not "
                        f"on sheet \"{main.title}\"")
                record, moved, counts = by_id[key]
                nth = counts.get(ws.title, 0)
                counts[ws.title] = nth + 1
                for j, name in enumerate(child_names):
                    if not name or name == link or _is_blank(item.get(name)):
                        continue
                    target = _item_column(name, nth)
                    if target not in names and target not in extra:
                        extra.append(target)
                    record[target] = item[name]
                    moved[target] = _Place(ws.title, number, name, _letter(j), item[name])
        header_out = names + extra
        out = []
        line = 2
        for number, record, moved in grants:
            texts = [_360_text(n, record.get(n)) for n in header_out]
            origin.values[line] = record
            for field, place in moved.items():
                origin.moved[(line, field)] = place
            out.append((number, texts))
            line += 1 + sum(t.count("\n") for t in texts)
        _write_csv(csv_path, header_out, out, origin, ",")
        reader.origin = origin
        return csv_path
    finally:
        wb.close()


def read_360giving(path: PathLike, *, on_error: str = "raise", problems: Optional[List[Problem]] = None,
                   lang: Optional[str] = None, extras: Optional[List[Dict[str, Any]]] = None,
                   skipped: Optional[List[Problem]] = None) -> Any:
    """Reads 360Giving grants published as a spreadsheet: the grants sheet with the titles of
    360Giving's flat CSV (``Identifier``, ``Amount Awarded`` …; or raw paths), and optionally
    further sheets of one-to-many columns (``Beneficiary Location:Name`` …) whose rows join
    their grant by ``Identifier`` (or ``id``), the n-th row of a grant filling the n-th item,
    as 360Giving's flatten-tool writes them. Read with civica's 360Giving flat-CSV reader;
    ``extras`` (a list you pass) receives what the dataset has no place for, one dict per
    grant, as :func:`civica.io.read` gives it for a 360Giving file; ``problems`` (``skipped``,
    its older name) the rows left out."""
    skip = _on_error(on_error)
    skipped = _problems_list(problems, skipped, "read_360giving()")
    p = os.fspath(path)
    reader = _Foreign(p, lang)
    try:
        return reader.read(_360giving_csv(p, reader), "360giving", skip, skipped, extras=extras)
    finally:
        reader.close()


def check_360giving(path: PathLike, *, lang: Optional[str] = None) -> List[Problem]:
    """The 360Giving data-quality checks (civica.formats.check_360giving) of a 360Giving
    workbook, placed on its sheets, rows and headings."""
    p = os.fspath(path)
    reader = _Foreign(p, lang)
    try:
        csv_path = _360giving_csv(p, reader)
        return [reader.problem(q) for q in _core.io.check_360giving(csv_path)]
    finally:
        reader.close()


def _csv_to_sheet(csv_path: str, path: str, title: str, separator: str, kinds: Dict[str, str]) -> None:
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        _fits_a_sheet(sum(1 for _ in csv.reader(f, delimiter=separator)) - 1, f"the sheet {title!r}")
        f.seek(0)
        reader = csv.reader(f, delimiter=separator)
        header = next(reader, [])
        for j, name in enumerate(header, start=1):
            _put(ws, 1, j, name, lambda: _writing_at(ws, 1, name))
        for r, row in enumerate(reader, start=2):
            cells: List[Any] = []
            for name, text in zip(header, row):
                kind = kinds.get(name, "text")
                value: Any = text
                if text == "":
                    value = None
                elif kind == "date":
                    try:
                        value = dt.date.fromisoformat(text)
                    except ValueError:
                        value = text
                elif kind == "money":
                    try:
                        d = Decimal(text)
                        value = float(d) if len(d.as_tuple().digits) <= 15 else text
                    except InvalidOperation:
                        value = text
                elif kind == "int":
                    value = int(text) if re.fullmatch(r"-?\d+", text) else text
                cells.append(value)
            for j, (name, value) in enumerate(zip(header, cells), start=1):
                if value is not None:
                    _put(ws, r, j, value, lambda: _writing_at(ws, r, name))
    for cell in ws[1]:
        cell.font = openpyxl.styles.Font(bold=True)
    ws.freeze_panes = "A2"
    for j, name in enumerate(header):
        kind = kinds.get(name, "text")
        fmt = {"date": "YYYY-MM-DD", "money": "#,##0.00", "code": "@"}.get(kind)
        if fmt:
            for row in ws.iter_rows(min_row=2, min_col=j + 1, max_col=j + 1):
                for cell in row:
                    cell.number_format = fmt
    _print_setup(ws)
    _save(wb, path)


def write_pgf(dataset: Any, path: PathLike) -> None:
    """Writes the applications of ``dataset`` as the ФПГ registry in XLSX (the 29 columns of the
    CSV, one sheet); :func:`read_pgf` reads it back as the CSV would be read."""
    _write_as_csv_sheet(dataset, path, "pgf", "registry", ";", _PGF_KINDS)


_360_KINDS = {"Amount Awarded": "money", "Amount Applied For": "money", "Award Date": "date",
              "Planned Dates:Start Date": "date", "Planned Dates:End Date": "date"}


def write_360giving(dataset: Any, path: PathLike, extras: Optional[List[Dict[str, Any]]] = None) -> None:
    """Writes the grants of ``dataset`` as a 360Giving spreadsheet (one sheet "grants" with the
    flat CSV's title headers), in the dataset's currency, with the grants' ``extras`` when
    given (as :func:`read_360giving` or :func:`civica.io.read` returned them)."""
    _write_as_csv_sheet(dataset, path, "360giving", "grants", ",", _360_KINDS, extras)


def _write_as_csv_sheet(dataset: Any, path: PathLike, fmt: str, sheet: str, sep: str,
                        kinds: Dict[str, str], extras: Optional[List[Dict[str, Any]]] = None) -> None:
    """The workbook of a flat CSV format: civica writes the CSV, its rows become one sheet."""
    work = tempfile.mkdtemp(prefix="civica-xlsx-")
    try:
        csv_path = os.path.join(work, sheet + ".csv")
        _core.io.write(dataset, csv_path, fmt, extras=extras)
        _csv_to_sheet(csv_path, os.fspath(path), sheet, sep, kinds)
    finally:
        shutil.rmtree(work, ignore_errors=True)

