# Type stubs of civica's compiled core (python/bindings/*.cpp). Users import civica, not _core.
# Money on row objects is decimal.Decimal roubles; in columns and DataFrames it is int kopecks.

import datetime
import os
from decimal import Decimal
from typing import (Any, Callable, ClassVar, ContextManager, Dict, Generic, Iterator, List, Optional, Tuple, TypeVar,
                    Union, overload)

import numpy as np
import numpy.typing as npt
import pandas as pd


__version__: str
#: The years civica's dates may have: (first, last).
date_years: Tuple[int, int]
def parse_day(text: str) -> datetime.date: ...
def parse_money(text: str) -> Decimal: ...

_PathLike = Union[str, "os.PathLike[str]"]
_DateLike = Union[datetime.date, str, None]
_MoneyLike = Union[Decimal, int, str]
_Number = Union[int, float, Decimal]

# ---- errors

class CivicaError(Exception): ...
class ValidationError(CivicaError, ValueError):
    # The rule's problem code ("rule" when it has none) and the column it is about (class-level
    # defaults: "rule", None).
    check: str
    field: Optional[str]

class ParseError(CivicaError, ValueError):
    # Where the input could not be read; None when unknown (class-level defaults).
    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    field: Optional[str]
    reason: Optional[str]
    #: The sheet, for an Excel workbook (civica.xlsx); None otherwise.
    sheet: Optional[str]

class NotFoundError(CivicaError, KeyError): ...
class CivicaIOError(CivicaError, OSError): ...

# ---- vocabulary

def known_indicator_keys() -> List[Tuple[str, str, str]]: ...
def default_unit(key: str) -> Optional[str]: ...
def okopf_name(code: int, *, english: bool = False) -> Optional[str]: ...
def sphere_codes() -> List[Tuple[str, str]]: ...
def _forget_readers_after_fork() -> None: ...
def table_schema() -> List[Dict[str, Any]]: ...
def is_currency_code(code: str) -> bool: ...
def language_code(name: str) -> str: ...
def _money_roundtrip(value: Any) -> Decimal: ...
def _date_roundtrip(value: Any) -> Optional[datetime.date]: ...

# ---- rows

_R = TypeVar("_R", bound="_Row")

class _Row:
    _fields: ClassVar[Tuple[str, ...]]
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self: _R, **changes: Any) -> _R: ...
    def __copy__(self: _R) -> _R: ...
    def __deepcopy__(self: _R, memo: Any) -> _R: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Municipality(_Row):
    id: Optional[str]
    name: str
    name_genitive: str
    name_prepositional: str
    name_en: str
    oktmo: str
    region: str
    population: Dict[int, int]
    def __init__(self, *, id: Optional[str] = ..., name: Optional[str] = ...,
                 name_genitive: Optional[str] = ..., name_prepositional: Optional[str] = ...,
                 name_en: Optional[str] = ..., oktmo: Optional[str] = ..., region: Optional[str] = ...,
                 population: Optional[Dict[int, int]] = ...) -> None: ...

class Organization(_Row):
    id: Optional[str]
    full_name: str
    short_name: str
    okopf: int
    inn: str
    ogrn: str
    kpp: str
    registered: Optional[datetime.date]
    municipality: Optional[str]
    spheres: List[str]
    socially_oriented: bool
    public_association: bool
    tos: bool
    volunteer_association: bool
    nonprofit: bool
    def __init__(self, *, id: Optional[str] = ..., full_name: Optional[str] = ..., short_name: Optional[str] = ...,
                 okopf: int = ..., inn: Optional[str] = ..., ogrn: Optional[str] = ..., kpp: Optional[str] = ...,
                 registered: _DateLike = ..., municipality: Optional[str] = ...,
                 spheres: Optional[List[str]] = ..., socially_oriented: bool = ...,
                 public_association: bool = ..., tos: bool = ..., volunteer_association: bool = ...,
                 nonprofit: bool = ...) -> None: ...

class Person(_Row):
    id: Optional[str]
    municipality: Optional[str]
    display_name: str
    def __init__(self, *, id: Optional[str] = ..., municipality: Optional[str] = ...,
                 display_name: Optional[str] = ...) -> None: ...

class GrantOperator(_Row):
    id: Optional[str]
    name: str
    organization: Optional[str]
    def __init__(self, *, id: Optional[str] = ..., name: Optional[str] = ...,
                 organization: Optional[str] = ...) -> None: ...

class Programme(_Row):
    id: Optional[str]
    grant_operator: Optional[str]
    name: str
    kind: str
    def __init__(self, *, id: Optional[str] = ..., grant_operator: Optional[str] = ..., name: Optional[str] = ...,
                 kind: str = ...) -> None: ...

class Competition(_Row):
    id: Optional[str]
    programme: Optional[str]
    year: int
    round: int
    window_start: Optional[datetime.date]
    window_end: Optional[datetime.date]
    directions: List[str]
    name: str
    def __init__(self, *, id: Optional[str] = ..., programme: Optional[str] = ..., year: int = ...,
                 round: int = ..., window_start: _DateLike = ..., window_end: _DateLike = ...,
                 directions: Optional[List[str]] = ..., name: Optional[str] = ...) -> None: ...

class Application(_Row):
    id: Optional[str]
    competition: Optional[str]
    applicant_type: str
    applicant: str
    title: str
    direction: str
    requested: Optional[Decimal]
    cofunding: Decimal
    submitted: Optional[datetime.date]
    status: str
    awarded: Optional[Decimal]
    implementation_start: Optional[datetime.date]
    implementation_end: Optional[datetime.date]
    decided: Optional[datetime.date]
    rate: Optional[float]
    def __init__(self, *, id: Optional[str] = ..., competition: Optional[str] = ..., applicant_type: str = ...,
                 applicant: Optional[str] = ..., title: Optional[str] = ..., direction: Optional[str] = ...,
                 requested: Optional[_MoneyLike] = ..., cofunding: _MoneyLike = ..., submitted: _DateLike = ...,
                 status: str = ..., awarded: Optional[_MoneyLike] = ...,
                 implementation_start: _DateLike = ..., implementation_end: _DateLike = ...,
                 decided: _DateLike = ..., rate: Optional[float] = ...) -> None: ...

class Course(_Row):
    id: Optional[str]
    title: str
    topic: str
    format: str
    hours: int
    organiser: Optional[str]
    partner: Optional[str]
    start: Optional[datetime.date]
    end: Optional[datetime.date]
    def __init__(self, *, id: Optional[str] = ..., title: Optional[str] = ..., topic: Optional[str] = ...,
                 format: str = ..., hours: int = ..., organiser: Optional[str] = ...,
                 partner: Optional[str] = ..., start: _DateLike = ..., end: _DateLike = ...) -> None: ...

class Enrolment(_Row):
    course: Optional[str]
    organization: Optional[str]
    person: Optional[str]
    participants: int
    completed: bool
    def __init__(self, *, course: Optional[str] = ..., organization: Optional[str] = ...,
                 person: Optional[str] = ..., participants: int = ..., completed: bool = ...) -> None: ...

class CollegialBody(_Row):
    id: Optional[str]
    name: str
    kind: str
    attached_to: str
    municipality: Optional[str]
    def __init__(self, *, id: Optional[str] = ..., name: Optional[str] = ..., kind: str = ...,
                 attached_to: Optional[str] = ..., municipality: Optional[str] = ...) -> None: ...

class MembershipTerm(_Row):
    body: Optional[str]
    start: Optional[datetime.date]
    end: Optional[datetime.date]
    members: int
    note: str
    def __init__(self, *, body: Optional[str] = ..., start: _DateLike = ..., end: _DateLike = ...,
                 members: int = ..., note: Optional[str] = ...) -> None: ...

class Meeting(_Row):
    id: Optional[str]
    body: Optional[str]
    held: Optional[datetime.date]
    format: str
    attendance: Optional[int]
    def __init__(self, *, id: Optional[str] = ..., body: Optional[str] = ..., held: _DateLike = ...,
                 format: str = ..., attendance: Optional[int] = ...) -> None: ...

class AgendaQuestion(_Row):
    id: Optional[str]
    meeting: Optional[str]
    title: str
    topic: str
    def __init__(self, *, id: Optional[str] = ..., meeting: Optional[str] = ..., title: Optional[str] = ...,
                 topic: Optional[str] = ...) -> None: ...

class SupportService(_Row):
    id: Optional[str]
    provider: Optional[str]
    recipient_type: str
    recipient: str
    kind: str
    provided: Optional[datetime.date]
    note: str
    def __init__(self, *, id: Optional[str] = ..., provider: Optional[str] = ..., recipient_type: str = ...,
                 recipient: Optional[str] = ..., kind: str = ..., provided: _DateLike = ...,
                 note: Optional[str] = ...) -> None: ...

class MonitoringRecord(_Row):
    application: Optional[str]
    checked: Optional[datetime.date]
    score: Optional[float]
    status: str
    note: str
    def __init__(self, *, application: Optional[str] = ..., checked: _DateLike = ...,
                 score: Optional[float] = ..., status: Optional[str] = ..., note: Optional[str] = ...) -> None: ...

class Indicator(_Row):
    key: str
    year: int
    territory: Optional[str]
    breakdown: Optional[str]
    value: Union[int, float, Decimal]
    qualifier: str
    unit: str
    source: Optional[str]
    def __init__(self, *, key: Optional[str] = ..., year: int = ..., territory: Optional[str] = ...,
                 breakdown: Optional[str] = ..., value: _Number = ..., qualifier: str = ...,
                 unit: Optional[str] = ..., source: Optional[str] = ...) -> None: ...

_Rows = Union[Municipality, Organization, Person, GrantOperator, Programme, Competition, Application,
              Course, Enrolment, CollegialBody, MembershipTerm, Meeting, AgendaQuestion,
              SupportService, MonitoringRecord, Indicator]

# ---- dataset and tables

class DatasetInfo:
    name: str
    title: str
    territory: str
    description: str
    source: str
    licence: str
    synthetic: bool
    currency: str
    def __init__(self, *, name: str = ..., title: str = ..., territory: str = ..., description: str = ...,
                 source: str = ..., licence: str = ..., synthetic: bool = ..., currency: str = ...) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

_T = TypeVar("_T", bound=_Row)

class Table(Generic[_T]):
    @property
    def name(self) -> str: ...
    @property
    def dataset(self) -> "Dataset": ...
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int) -> _T: ...
    @overload
    def __getitem__(self, index: slice) -> List[_T]: ...
    @overload
    def __getitem__(self, id: str) -> _T: ...
    def __contains__(self, id: object) -> bool: ...
    def __iter__(self) -> Iterator[_T]: ...
    def to_pandas(self, *, context: bool = ...) -> pd.DataFrame: ...
    def _repr_html_(self) -> Optional[str]: ...

class ColumnarTable(Table[_T]):
    @property
    def column_names(self) -> List[str]: ...
    def column(self, name: str) -> npt.NDArray[Any]: ...
    def dictionary(self, name: str) -> List[str]: ...

class _ColumnOwner:
    @property
    def dataset(self) -> "Dataset": ...
    @property
    def table(self) -> str: ...

class Dataset:
    def __init__(self, *, name: str = ..., title: str = ..., territory: str = ..., description: str = ...,
                 source: str = ..., licence: str = ..., synthetic: bool = ..., currency: str = ...) -> None: ...
    info: DatasetInfo
    @property
    def municipalities(self) -> Table[Municipality]: ...
    @property
    def organizations(self) -> Table[Organization]: ...
    @property
    def persons(self) -> Table[Person]: ...
    @property
    def operators(self) -> Table[GrantOperator]: ...
    @property
    def programmes(self) -> Table[Programme]: ...
    @property
    def competitions(self) -> Table[Competition]: ...
    @property
    def applications(self) -> ColumnarTable[Application]: ...
    @property
    def courses(self) -> Table[Course]: ...
    @property
    def enrolments(self) -> ColumnarTable[Enrolment]: ...
    @property
    def bodies(self) -> Table[CollegialBody]: ...
    @property
    def membership_terms(self) -> Table[MembershipTerm]: ...
    @property
    def meetings(self) -> Table[Meeting]: ...
    @property
    def agenda_questions(self) -> ColumnarTable[AgendaQuestion]: ...
    @property
    def services(self) -> ColumnarTable[SupportService]: ...
    @property
    def monitoring(self) -> Table[MonitoringRecord]: ...
    @property
    def indicators(self) -> Table[Indicator]: ...
    @property
    def table_names(self) -> List[str]: ...
    def add(self, row: _Rows) -> None: ...
    def set_indicator(self, key: str, year: int, value: _Number, *, qualifier: str = ...,
                      territory: Optional[str] = ..., breakdown: Optional[str] = ...,
                      unit: Optional[str] = ..., source: Optional[str] = ...) -> None: ...
    def indicator(self, key: str, year: int, *, territory: Optional[str] = ...,
                  breakdown: Optional[str] = ...) -> Indicator: ...
    def find_indicator(self, key: str, year: int, *, territory: Optional[str] = ...,
                       breakdown: Optional[str] = ...) -> Optional[Indicator]: ...
    def years(self) -> List[int]: ...
    def row_counts(self) -> Dict[str, int]: ...
    def resolve_territory(self, territory: str = ...) -> str: ...
    def save(self, path: _PathLike, **options: Any) -> None: ...
    def copy(self) -> "Dataset": ...
    def _reading(self) -> ContextManager[None]: ...
    def __copy__(self) -> "Dataset": ...
    def __deepcopy__(self, memo: Any) -> "Dataset": ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def _repr_html_(self) -> str: ...

# ---- submodules

class ids:
    @staticmethod
    def is_valid_inn(inn: str) -> bool: ...
    @staticmethod
    def is_valid_inn10(inn: str) -> bool: ...
    @staticmethod
    def is_valid_inn12(inn: str) -> bool: ...
    @staticmethod
    def is_valid_ogrn(ogrn: str) -> bool: ...
    @staticmethod
    def is_valid_ogrnip(ogrnip: str) -> bool: ...
    @staticmethod
    def is_valid_kpp(kpp: str) -> bool: ...
    @staticmethod
    def inn_problem(inn: str) -> Optional[str]: ...
    @staticmethod
    def ogrn_problem(ogrn: str) -> Optional[str]: ...
    @staticmethod
    def kpp_problem(kpp: str) -> Optional[str]: ...

class io:
    dataset_format_version: ClassVar[int]
    sqlite_available: ClassVar[bool]

    @staticmethod
    def limits() -> Dict[str, int]: ...
    @staticmethod
    def limits_with(caps: Dict[str, int]) -> Dict[str, int]: ...
    @staticmethod
    def set_limits(caps: Dict[str, int]) -> None: ...

    class Problem:
        def __init__(self, *, severity: str, check: str, file: str = ..., line: int = ...,
                     field: str = ..., record_id: str = ..., message: str = ..., path: str = ...) -> None: ...
        @property
        def severity(self) -> str: ...
        @property
        def check(self) -> str: ...
        @property
        def file(self) -> Optional[str]: ...
        @property
        def line(self) -> Optional[int]: ...
        @property
        def field(self) -> Optional[str]: ...
        @property
        def record_id(self) -> Optional[str]: ...
        @property
        def message(self) -> str: ...
        @property
        def path(self) -> Optional[str]: ...
        @property
        def is_error(self) -> bool: ...
        def __eq__(self, other: object) -> bool: ...
        __hash__: ClassVar[None]  # type: ignore[assignment]

    @staticmethod
    def dataset_table_files() -> List[str]: ...
    @staticmethod
    def is_dataset_folder_file(name: _PathLike) -> bool: ...
    @staticmethod
    def read_dataset_folder(folder: _PathLike) -> Dataset: ...
    @staticmethod
    def read_whole_folder(folder: _PathLike, read: Callable[[], Any]) -> Any: ...
    @staticmethod
    def read_table_strings(folder: _PathLike, tables: List[Tuple[Any, ...]],
                           skip: bool = ...) -> Tuple[Dataset, List["io.Problem"]]: ...
    @staticmethod
    def table_texts(dataset: Dataset, except_tables: List[str] = ...) -> List[Tuple[str, int, List[Tuple[str, Any, bytes]]]]: ...
    @staticmethod
    def application_texts(dataset: Dataset) -> Dict[str, Tuple[Any, Any, bytes]]: ...
    @staticmethod
    def write_manifest(dataset: Dataset, folder: _PathLike) -> None: ...
    @staticmethod
    def table_columns(table: str) -> List[str]: ...
    @staticmethod
    def write_dataset_folder(dataset: Dataset, folder: _PathLike) -> None: ...
    @staticmethod
    def default_data_dir() -> Optional[str]: ...
    @staticmethod
    def bundled_dataset_names(data_dir: _PathLike) -> List[str]: ...
    @staticmethod
    def load_dataset(name_or_path: str, data_dir: _PathLike) -> Dataset: ...
    @staticmethod
    def check_file_size(file: _PathLike, *, limits: Optional[Dict[str, int]] = ...) -> None: ...
    @staticmethod
    def check_not_special(file: _PathLike, what: str = ...) -> None: ...
    @staticmethod
    def read_options_used(format: str) -> List[str]: ...
    @staticmethod
    def check_read_options(format: str, *, encoding: str = ..., separator: str = ..., decimal_comma: bool = ...,
                           lenient_money: bool = ..., threads: int = ..., lenient_identifiers: bool = ...,
                           used: Optional[List[str]] = ...) -> None: ...
    @staticmethod
    def check_write_options(format: str, *, separator: str = ..., encoding: str = ..., bom: bool = ...,
                            decimal_comma: bool = ..., extras: bool = ...) -> None: ...
    @staticmethod
    def check_dataset_folder(folder: _PathLike, *, limits: Optional[Dict[str, int]] = ...) -> List["io.Problem"]: ...
    @staticmethod
    def check_dataset(dataset: Dataset) -> List["io.Problem"]: ...
    @staticmethod
    def has_errors(problems: List["io.Problem"]) -> bool: ...
    @staticmethod
    def check_360giving(file: _PathLike, *, encoding: str = ...) -> List["io.Problem"]: ...
    sqlite_schema_version: ClassVar[int]
    format_names: ClassVar[List[str]]
    @staticmethod
    def guess_input_format(path: _PathLike, *, encoding: str = ..., separator: str = ...,
                           decimal_comma: bool = ..., lenient_money: bool = ...) -> str: ...
    @staticmethod
    def check_tables(path: _PathLike, *, format: Optional[str] = ..., encoding: str = ..., separator: str = ...,
                     decimal_comma: bool = ..., lenient_money: bool = ...,
                     limits: Optional[Dict[str, int]] = ...) -> List["io.Problem"]: ...
    @staticmethod
    def guess_output_format(path: _PathLike) -> str: ...
    @staticmethod
    def parse_format(name: str) -> str: ...
    @staticmethod
    def read(path: _PathLike, format: Optional[str] = ..., *, encoding: str = ..., separator: str = ...,
             decimal_comma: bool = ..., lenient_money: bool = ..., on_error: str = ...,
             lenient_identifiers: bool = ..., threads: int = ..., limits: Optional[Dict[str, int]] = ...,
             ) -> Tuple[Dataset, List["io.Problem"], str, List[Dict[str, Any]]]: ...
    @staticmethod
    def write(dataset: Dataset, path: _PathLike, format: Optional[str] = ..., *, separator: str = ...,
              encoding: str = ..., bom: bool = ..., decimal_comma: bool = ...,
              extras: Optional[List[Dict[str, Any]]] = ...) -> None: ...
    @staticmethod
    def control_character_problem(text: str) -> str: ...
    @staticmethod
    def replace_atomically(target: _PathLike, write: Callable[[Any], None]) -> None: ...
    @staticmethod
    def create_atomically(target: _PathLike, write: Callable[[Any], None]) -> None: ...
    @staticmethod
    def replace_folder_atomically(target: _PathLike, write: Callable[[Any], None], *, marker: str = ...,
                                  keep: Optional[Callable[[Any], bool]] = ...) -> None: ...

class synth:
    @staticmethod
    def national(*, seed: int = ..., applications: int = ..., regions: int = ...,
                 municipalities_per_region: int = ..., first_year: int = ..., years: int = ...,
                 competitions_per_year: int = ..., directions: int = ..., win_rate: float = ...,
                 withdrawn_rate: float = ..., applications_per_organization: float = ...,
                 yearly_growth_percent: int = ...) -> Dataset: ...
    @staticmethod
    def khanty_mansiysk_2020(*, seed: int = ...) -> Dataset: ...
    @staticmethod
    def presidential_grant_directions() -> List[str]: ...

class pgf:
    """The Presidential Grants Fund layout and its national panel (civica/io/pgf.hpp)."""
    COLUMNS: ClassVar[List[str]]
    @staticmethod
    def panel(dataset: Dataset, population: Dict[str, int]) -> Dict[str, Dict[str, Any]]: ...
    @staticmethod
    def partial(dataset: Dataset) -> Any: ...
    @staticmethod
    def finish(table: Any, population: Dict[str, int]) -> Dict[str, Dict[str, Any]]: ...

def __getattr__(name: str) -> Any: ...  # other areas' bindings (calendar, analysis, report)
