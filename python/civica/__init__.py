"""civica: local civil society as data.

NGOs, grant competitions and applications, trainings, public councils with their meetings and
agenda questions, a resource centre's support, and the figures a city publishes about them.

    >>> import civica
    >>> ds = civica.datasets.load("khanty-mansiysk-2020")
    >>> ds.indicator("councils.meetings", 2020).value
    59

Money is exact: row objects carry ``decimal.Decimal`` roubles, columns and DataFrames integer
kopecks (``*_kopecks``). See docs/python.md for the conventions.
"""

from __future__ import annotations

import importlib
import importlib.util
import os as _os
import types
from typing import TYPE_CHECKING, Any, List

try:
    from . import _core
except ImportError as _error:  # pragma: no cover - depends on how civica was installed
    raise ImportError(
        "civica's compiled core (civica._core) could not be imported: "
        f"{_error}. civica has to be built and installed, not imported from the source tree: "
        "run `pip install .` (or ./scripts/install.sh) in the repository root, then import "
        "civica from outside the repository's python/ folder."
    ) from _error

from . import datasets, ids, io, synth
from ._core import (
    AgendaQuestion,
    Application,
    CivicaError,
    CivicaIOError,
    CollegialBody,
    ColumnarTable,
    Competition,
    Course,
    Dataset,
    DatasetInfo,
    Enrolment,
    GrantOperator,
    Indicator,
    Meeting,
    MembershipTerm,
    MonitoringRecord,
    Municipality,
    NotFoundError,
    Organization,
    ParseError,
    Person,
    Programme,
    SupportService,
    Table,
    ValidationError,
    default_unit,
    known_indicator_keys,
    okopf_name,
    sphere_codes,
)

# The public classes live in the private _core; show them where users import them from
# (pickles made by earlier versions name civica._core, which keeps them too).
for _cls in (AgendaQuestion, Application, CivicaError, CivicaIOError, CollegialBody, ColumnarTable,
             Competition, Course, Dataset, DatasetInfo, Enrolment, GrantOperator, Indicator, Meeting,
             MembershipTerm, MonitoringRecord, Municipality, NotFoundError, Organization, ParseError,
             Person, Programme, SupportService, Table, ValidationError):
    try:
        _cls.__module__ = "civica"
    except (AttributeError, TypeError):  # pragma: no cover - a type that does not allow it
        pass
del _cls



def _reduce_ex_at_least_2(self: Any, protocol: int) -> Any:
    """Pickle protocols 0 and 1 (copyreg._reduce_ex) would make a compiled object without its
    C++ part, and pybind11 then ends the process ("instance allocation failed"), which no
    except catches. Every class of the core pickles as under protocol 2 instead: one that
    pickles does, one that does not says so (TypeError)."""
    return object.__reduce_ex__(self, max(protocol, 2))


for _module in (_core, *(m for m in vars(_core).values() if isinstance(m, types.ModuleType))):
    for _obj in list(vars(_module).values()):
        if isinstance(_obj, type) and not issubclass(_obj, BaseException) and "__reduce_ex__" not in vars(_obj):
            _obj.__reduce_ex__ = _reduce_ex_at_least_2  # type: ignore[method-assign,assignment]
del _module, _obj

# The stubs declare Table and ColumnarTable generic in their row type (Table[Organization]);
# subscripting them at run time gives the same alias a generic Python class gives.
for _generic in (_core.Table, _core.ColumnarTable):
    _generic.__class_getitem__ = classmethod(types.GenericAlias)  # type: ignore[attr-defined]
del _generic

# A ParseError of an Excel workbook names its sheet (civica.xlsx); like the core's file, line,
# column, field and reason, the attribute is there, None, on every other ParseError.
if not hasattr(ParseError, "sheet"):
    ParseError.sheet = None

__version__: str = _core.__version__

# A child forked while another thread read a dataset (saving, an analysis) has no such thread:
# its copy of the dataset would refuse every change for good (BufferError).
if hasattr(_os, "register_at_fork"):
    _os.register_at_fork(after_in_child=_core._forget_readers_after_fork)

# Areas written as separate modules; imported on first use so that `import civica` stays fast
# and works in a build that lacks one of them.
_LAZY_SUBMODULES = ("analysis", "calendar", "document", "formats", "pgf", "plot", "report", "xlsx")

if TYPE_CHECKING:  # what type checkers see of `civica.report.render(...)` after `import civica`
    from . import analysis, calendar, document, formats, pgf, plot, report, xlsx  # noqa: F401


def _available(name: str) -> bool:
    return importlib.util.find_spec(f"{__name__}.{name}") is not None


def __getattr__(name: str) -> Any:
    if name in _LAZY_SUBMODULES:
        if not _available(name):
            raise AttributeError(f"civica.{name} is not part of this build of civica")
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'civica' has no attribute {name!r}")


def __dir__() -> List[str]:
    # What the package offers (tab completion), not the names its own code imports.
    dunders = {n for n in globals() if n.startswith("__") and n.endswith("__")}
    return sorted(set(__all__) | dunders | {n for n in _LAZY_SUBMODULES if _available(n)})


__all__ = [
    "__version__",
    # errors
    "CivicaError",
    "ValidationError",
    "ParseError",
    "NotFoundError",
    "CivicaIOError",
    # the dataset
    "Dataset",
    "DatasetInfo",
    "Table",
    "ColumnarTable",
    # rows
    "Municipality",
    "Organization",
    "Person",
    "GrantOperator",
    "Programme",
    "Competition",
    "Application",
    "Course",
    "Enrolment",
    "CollegialBody",
    "MembershipTerm",
    "Meeting",
    "AgendaQuestion",
    "SupportService",
    "MonitoringRecord",
    "Indicator",
    # vocabulary
    "known_indicator_keys",
    "default_unit",
    "okopf_name",
    "sphere_codes",
    # submodules
    "datasets",
    "ids",
    "io",
    "synth",
]
# The lazily imported areas that this build has (e.g. "calendar").
__all__.extend(_name for _name in _LAZY_SUBMODULES if _available(_name))
