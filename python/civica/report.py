"""The annual public-engagement report of a city, made from a dataset.

    >>> import civica
    >>> text = civica.report.render("khanty-mansiysk-2020", 2020)            # Russian Markdown
    >>> html = civica.report.render("khanty-mansiysk-2020", 2020, lang="en", format="html")
    >>> r = civica.report.build("khanty-mansiysk-2020", 2020)
    >>> [s.id for s in r.sections]                                         # doctest: +SKIP
    ['councils', 'resource_centre', 'training', 'ngo', 'grants', 'individuals']
    >>> r.figure("councils.meetings").value
    59

A report is built as data first: sections in the order of the source document, each a list
of statements, each statement with its figures (key, value, qualifier, unit, territory, the
programmes a grant figure covers) and where every figure comes from: the published figure
``ds.indicator(key, year)`` returns, or the count :func:`civica.analysis.compute_indicator`
makes over the records, with the table and rows it used (docs/analysis.md, "Definitions").
The wording comes from a template file per language (``data/templates/report.<lang>.txt``,
format in docs/report.md) read at run time, so the text can be changed without rebuilding
civica. ``notes=True`` adds the analysts' notes (figures the records contradict) to the text.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from functools import partial
from typing import Any, Callable, Dict, Iterator, List, Optional, Union

from . import _core
from ._core import Dataset, NotFoundError
from ._whole import INT64, whole_number
from ._lang import LANGUAGES as _LANGUAGES, language_code

# The compiled half of this module (civica._core.report); typed here, not in the core stubs.
_impl: Any = getattr(_core, "report")

__all__ = [
    "render",
    "build",
    "Report",
    "Section",
    "Statement",
    "Figure",
    "FORMATS",
    "LANGUAGES",
    "template_path",
    "language",
    "vocabulary",
    "russian_plural",
    "plural_phrase",
    "format_money",
    "format_percent",
]

#: Output formats of :func:`render`.
FORMATS = ("md", "txt", "html", "json")
#: Languages with a bundled template.
LANGUAGES = _LANGUAGES

DatasetLike = Union[Dataset, str, "os.PathLike[str]"]

#: The synthetic Khanty-Mansiysk dataset can be generated when it is not bundled as a folder.
_GENERATED = {"khanty-mansiysk-2020-synthetic"}


def _dataset(dataset: DatasetLike) -> Dataset:
    if isinstance(dataset, Dataset):
        return dataset
    name = os.fspath(dataset)
    from . import datasets

    try:
        return datasets.load(name)
    except NotFoundError:
        if name in _GENERATED:
            from . import synth

            return synth.khanty_mansiysk_2020()
        raise


def _bundled_template(lang: str) -> Optional[Path]:
    # The template next to the package's data (installed or source checkout); None lets the
    # compiled-in data folder decide.
    try:
        p = template_path(lang)
    except Exception:  # pragma: no cover - no data folder at all
        return None
    return p if p.is_file() else None


def _bundled_template_text(lang: Optional[str]) -> str:
    p = _bundled_template(lang) if lang else None
    return os.fspath(p) if p is not None else ""


def language(lang: Optional[str] = None, template: Optional[Union[str, "os.PathLike[str]"]] = None) -> str:
    """The language a report is written in: the template's (its ``@language``) when a
    ``template`` file is given, which ``lang``, when given too, must be (a Russian template
    asked for in English would write Russian labelled English); otherwise ``lang``, ``ru`` when
    None. Read without regard to case; a ValueError names a language that has no bundled
    template, or the two that disagree."""
    if template:  # the core's rule (report::template_for): a ValidationError when they disagree
        return str(_impl.template_language(os.fspath(template), "" if lang is None else str(lang).lower()))
    return language_code(lang)


def _year(year: Optional[int], where: str) -> int:
    """The report's year as the core takes it: 0 for None (the latest year with figures)."""
    return 0 if year is None else whole_number(year, "year", where=where)


def render(
    dataset: DatasetLike,
    year: Optional[int] = None,
    *,
    lang: Optional[str] = None,
    format: str = "md",
    territory: Optional[str] = None,
    template: Optional[Union[str, "os.PathLike[str]"]] = None,
    growth_rate: bool = False,
    show_missing: bool = False,
    notes: bool = False,
) -> str:
    """The report as text.

    ``dataset`` is a :class:`civica.Dataset`, a bundled dataset name or a dataset folder;
    ``year`` defaults to the latest year with published figures. ``format`` is ``md``,
    ``txt``, ``html`` (one self-contained page with SVG charts) or ``json``; ``lang`` ``ru``
    (the default) or ``en``; ``template`` a template file to use instead of the bundled one,
    which gives the language (``lang``, when given too, must be the template's: see
    :func:`language`).
    ``growth_rate`` adds the compound annual growth rate to trends; ``show_missing`` keeps
    sections without data and says the data is missing; ``notes`` adds the analysts' notes,
    in the report's language (the published figures the records contradict): the public text
    has none. JSON always lists the discrepancies. ``format`` and ``lang`` are read without
    regard to case (``"RU"`` is ``"ru"``).
    """
    format = str(format).lower()
    if format not in FORMATS:
        raise ValueError(f"unknown report format {format!r} (use one of {', '.join(FORMATS)})")
    lang = language(lang, template)
    template = template or _bundled_template(lang)
    return str(_impl.render(
        _dataset(dataset),
        _year(year, "render"),
        lang=lang,
        format=format,
        territory=territory or "",
        template=os.fspath(template) if template else "",
        growth_rate=growth_rate,
        show_missing=show_missing,
        notes=notes,
    ))


@dataclass(frozen=True)
class Figure:
    """One figure of a statement and where it comes from: its key (whose definition
    :func:`civica.analysis.compute_indicator` computes), year, territory (a municipality id),
    and for grant figures the programmes it covers (``{"id", "name", "kind"}`` each)."""

    name: str
    key: str
    year: int
    value: Union[int, float]
    qualifier: str
    unit: str
    provenance: Dict[str, Any]
    breakdown: str = ""
    #: When a published figure is used and records exist too: what the records give.
    records: Optional[Dict[str, Any]] = None
    territory: str = ""
    programmes: List[Dict[str, str]] = field(default_factory=list)
    #: The template's word for the key (its ``@term``), when built with a language.
    label: str = ""

    @property
    def published(self) -> bool:
        return self.provenance.get("kind") == "published"

    @classmethod
    def _from(cls, d: Dict[str, Any]) -> "Figure":
        return cls(
            name=d["name"], key=d["key"], year=d["year"], value=d["value"], qualifier=d["qualifier"],
            unit=d["unit"], provenance=d["provenance"], breakdown=d.get("breakdown", ""),
            records=d.get("records"), territory=d.get("territory", ""),
            programmes=list(d.get("programmes", [])), label=d.get("label", ""))


@dataclass(frozen=True)
class Statement:
    id: str
    figures: List[Figure]
    texts: Dict[str, str] = field(default_factory=dict)
    lists: Dict[str, List[Dict[str, Any]]] = field(default_factory=dict)
    #: The statement in the template's wording (when built with a language).
    text: Optional[str] = None


@dataclass(frozen=True)
class Section:
    id: str
    statements: List[Statement]
    missing: bool = False
    heading: Optional[str] = None


@dataclass(frozen=True)
class Report:
    """The report's content (see :func:`build`).

    Its ``repr()`` is a summary (dataset, year, territory, title, language and the number of
    sections, statements, missing sections and discrepancies); :meth:`render` gives the text,
    and Jupyter shows the report as its Markdown.
    """

    dataset: str
    year: int
    territory: str
    synthetic: bool
    sections: List[Section]
    discrepancies: List[Dict[str, Any]]
    charts: List[Dict[str, Any]]
    territory_name: str = ""
    region: str = ""
    language: Optional[str] = None
    title: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: :func:`render` bound to the dataset, year and options the content was built with.
    _source: Optional[Callable[..., str]] = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        statements = sum(len(s.statements) for s in self.sections)
        missing = sum(1 for s in self.sections if s.missing)
        return (
            f"Report(dataset={self.dataset!r}, year={self.year}, "
            f"territory={self.territory_name or self.territory!r}, title={self.title!r}, "
            f"language={self.language!r}, sections={len(self.sections)}, statements={statements}, "
            f"missing={missing}, discrepancies={len(self.discrepancies)})"
        )

    def render(self, format: str = "md", *, lang: Optional[str] = None) -> str:
        """The report as text: :func:`civica.report.render` of the dataset, year and options
        it was built with, in ``format``, in ``lang`` (default: its language, or Russian,
        :func:`render`'s default, when it was built without one)."""
        if self._source is None:
            raise ValueError("this Report was not made by civica.report.build: "
                             "render its dataset with civica.report.render")
        return self._source(lang=lang or self.language or "ru", format=format)

    def _repr_markdown_(self) -> Optional[str]:
        """Jupyter shows the report as its Markdown."""
        return self.render("md") if self._source is not None else None

    def figures(self) -> Iterator[Figure]:
        """Every figure of every statement, list items included."""
        for s in self.sections:
            for st in s.statements:
                yield from st.figures
                for items in st.lists.values():
                    for item in items:
                        for f in item.get("figures", []):
                            yield Figure._from(f)

    def figure(self, key: str, year: Optional[int] = None, breakdown: str = "") -> Figure:
        """The figure with ``key`` (of ``year``, default the report's year) and ``breakdown`` (a
        course title for ``training.participants``); KeyError if absent, naming the breakdowns
        the report has of that key and year when it has figures of it with one."""
        y = self.year if year is None else year
        others = []
        for f in self.figures():
            if f.key == key and f.year == y:
                if f.breakdown == breakdown:
                    return f
                others.append(f.breakdown)
        what = f"the report has no figure {key!r} for {y}" + (f" [{breakdown}]" if breakdown else "")
        named = [b for b in others if b]
        if named:
            what += f"; it has one for each breakdown: {', '.join(repr(b) for b in named)} (give breakdown=)"
        raise KeyError(what)

    def to_dict(self) -> Dict[str, Any]:
        """The content as the JSON format gives it."""
        return self.raw


def build(
    dataset: DatasetLike,
    year: Optional[int] = None,
    *,
    territory: Optional[str] = None,
    lang: Optional[str] = None,
    template: Optional[Union[str, "os.PathLike[str]"]] = None,
    growth_rate: bool = False,
    show_missing: bool = False,
    notes: bool = False,
) -> Report:
    """The report's content as data: sections, statements, figures with provenance,
    disagreements between published figures and records (always, ``notes`` or not), chart
    data. With ``lang`` (or ``template``) each statement also carries its text.
    ``Report.render()`` gives its text with the same options."""
    ds = _dataset(dataset)
    lang = language(lang, template) if lang or template else None
    raw = json.loads(
        _impl.build_json(
            ds,
            _year(year, "build"),
            territory=territory or "",
            growth_rate=growth_rate,
            show_missing=show_missing,
            notes=notes,
            lang=lang or "",
            template=os.fspath(template) if template else _bundled_template_text(lang),
        )
    )
    sections = [
        Section(
            id=s["id"],
            missing=s.get("missing", False),
            heading=s.get("heading"),
            statements=[
                Statement(
                    id=st["id"],
                    figures=[Figure._from(f) for f in st.get("figures", [])],
                    texts=dict(st.get("texts", {})),
                    lists=dict(st.get("lists", {})),
                    text=st.get("text"),
                )
                for st in s.get("statements", [])
            ],
        )
        for s in raw.get("sections", [])
    ]
    return Report(
        dataset=raw.get("dataset", ""),
        year=raw["year"],
        territory=raw.get("territory", ""),
        synthetic=raw.get("synthetic", False),
        sections=sections,
        discrepancies=list(raw.get("discrepancies", [])),
        charts=list(raw.get("charts", [])),
        territory_name=raw.get("territory_name", ""),
        region=raw.get("region", ""),
        language=raw.get("language"),
        title=raw.get("title"),
        raw=raw,
        _source=partial(render, ds, raw["year"], territory=territory, template=template,
                        growth_rate=growth_rate, show_missing=show_missing, notes=notes),
    )


def vocabulary() -> Dict[str, Any]:
    """What a report template may word: ``sections`` (ids in the report's order),
    ``statements`` (each a dict of ``id``, ``section``, ``slots`` and ``lists``, a list's name
    mapped to its items' slots), ``labels`` (each key mapped to the slots of its text, or None
    for a label printed as written) and ``global_slots``, which every text may use along with
    the forms of the territory's and the region's names (``territory.gen``). A template that
    uses anything else is refused when it is loaded, naming the file, line and slot."""
    return dict(_impl.vocabulary())


def template_path(lang: str = "ru") -> Path:
    """The bundled template file of ``lang`` (copy it to change the wording)."""
    from . import datasets

    folder = datasets.data_dir()
    return Path(_impl.template_path(language_code(lang), os.fspath(folder) if folder else ""))


def russian_plural(n: int) -> str:
    """``'one'``, ``'few'`` or ``'many'``: 1 заседание, 2 заседания, 5 заседаний."""
    return str(_impl.russian_plural(whole_number(n, "n", INT64, where="russian_plural")))


def plural_phrase(value: float, forms: List[str], qualifier: str = "exact", lang: str = "ru") -> str:
    """``plural_phrase(134, ["вопрос", "вопроса", "вопросов"])`` → ``'134 вопроса'``."""
    return str(_impl.plural_phrase(value, list(forms), qualifier, language_code(lang)))


def format_percent(fraction: float, qualifier: str = "exact", lang: str = "ru", *, with_qualifier: bool = True) -> str:
    """``format_percent(0.952)`` → ``'95,2 %'``: a share (a fraction, as the report's figures of
    unit ``percent`` hold it) as the report writes it, after the qualifier's word (``'более
    93,8 %'``, rounded down so that it stays true) unless ``with_qualifier`` is False."""
    return str(_impl.format_percent(float(fraction), qualifier, language_code(lang), with_qualifier))


def format_money(kopecks: int, qualifier: str = "exact", lang: str = "ru", currency: str = "RUB") -> str:
    """``format_money(370_000_000)`` → ``'3,7 млн рублей'``: ``kopecks`` are hundredths of
    ``currency``, the dataset's (``format_money(370_000_000, currency="GBP")`` → ``'3,7 млн
    фунтов стерлингов'``)."""
    return str(_impl.format_money(whole_number(kopecks, "kopecks", INT64, where="format_money"), qualifier,
                                  language_code(lang), currency))
