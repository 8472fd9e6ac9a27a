"""Nothing is lost in conversion: every pair of formats, on the bundled datasets, a generated
national one and a real 360Giving file in GBP.

For a source dataset ``ds`` and formats A and B: ``ds_a = read(write(ds, A))`` and
``ds_ab = read(write(ds_a, B))``. Whatever B can hold must come back equal:

* the native formats (dataset folder, the folder in Russian Excel's CSV dialect, JSON, SQLite,
  the civica store, Parquet, the civica Excel workbook) hold everything, so ``ds_ab == ds_a`` (every table, the
  description and the currency);
* 360Giving, the ФПГ registry and Popolo hold part of a dataset; what they hold is written down
  here, independently of civica's readers and writers, as plain tuples of values (the grants
  with their money, currency and award dates; the registry's applications; the councils), and
  those must be equal for ``ds_a`` and ``ds_ab``.

The first write also keeps what A holds: ``ds_a`` equals ``ds`` (native A) or agrees with it on
A's tuples (the other formats). A format that cannot hold a source at all (the ФПГ registry
holds neither individuals' applications nor money other than roubles) must refuse it with a
ValidationError naming why, and write nothing.
"""

from __future__ import annotations

import collections
import datetime
import importlib.util
import re
from typing import Any, Callable, Dict, Tuple

import pytest

import civica
from conftest import REPO, blank_requests

# Writing a format that holds part of a dataset warns of what it leaves out (civica.io.write);
# this matrix compares what each format holds itself.
pytestmark = pytest.mark.filterwarnings("ignore::civica.io.DataNotKeptWarning")

ABCT = REPO / "tests" / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.json"
HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None
HAS_OPENPYXL = importlib.util.find_spec("openpyxl") is not None

# name -> (format, file name, write options, read options)
FORMATS: Dict[str, Tuple[str, str, Dict[str, Any], Dict[str, Any]]] = {
    "civica": ("civica", "folder", {}, {}),
    "excel": ("csv", "excel", {"separator": ";", "encoding": "windows-1251", "decimal_comma": True},
              {"decimal_comma": True}),
    "json": ("json", "tables.json", {}, {}),
    "sqlite": ("sqlite", "store.sqlite", {}, {}),
    "store": ("store", "data.civica", {}, {}),
    "parquet": ("parquet", "tables.parquet", {}, {}),
    "xlsx": ("xlsx", "book.xlsx", {}, {}),
    "360json": ("360giving", "grants.json", {}, {}),
    "360csv": ("360giving", "grants.csv", {}, {}),
    "pgf": ("pgf", "registry.csv", {}, {}),
    "popolo": ("popolo", "councils.json", {}, {}),
}
NATIVE = {"civica", "excel", "json", "sqlite", "store", "parquet", "xlsx"}


# ---- what each lossy format holds, as plain values -------------------------------------------


def _award_date(ds: Any, a: Any) -> datetime.date:
    """A grant's award date: the decision date, or 31 December of its competition's year when
    the data has none (docs/formats.md)."""
    return a.decided or datetime.date(ds.competitions[a.competition].year, 12, 31)


def _org_name(o: Any) -> str:
    return o.full_name or o.short_name or o.id


def _org_id(shared: Any, o: Any) -> str:
    """The id 360Giving gives an organisation (docs/formats.md): an org-id of its register, so
    its own id when it is one already (a 360Giving file's), else RU-INN-<INN>, else
    RU-OGRN-<OGRN> (the model keeps only numbers that pass their checksums), else civica's id;
    a number another organisation of the dataset has too (``shared``: counts of the dataset's
    INNs and OGRNs) names neither."""
    if re.match(r"(GB|XI|US|RU)-[A-Z]+-|360G-", o.id, re.IGNORECASE):
        return str(o.id)
    if o.inn and shared[o.inn] == 1:
        return f"RU-INN-{o.inn}"
    if o.ogrn and shared[o.ogrn] == 1:
        return f"RU-OGRN-{o.ogrn}"
    return str(o.id)


def grants_of(ds: Any) -> Tuple[Any, ...]:
    """What a 360Giving package holds: the winning applications, each with its recipient,
    funder, programme, money, currency and dates."""
    shared = collections.Counter(n for o in ds.organizations for n in (o.inn, o.ogrn) if n)
    out = []
    for a in ds.applications:
        if a.awarded is None:
            continue
        comp = ds.competitions[a.competition]
        prog = ds.programmes[comp.programme]
        op = ds.operators[prog.grant_operator]
        funder = ds.organizations[op.organization] if op.organization else None
        if a.applicant_type == "organization":
            recipient = ds.organizations[a.applicant]
            who = ("organization", _org_id(shared, recipient), _org_name(recipient))
        else:
            who = ("person", a.applicant, ds.persons[a.applicant].display_name)
        out.append((a.id, who, _org_id(shared, funder) if funder else op.id, _org_name(funder) if funder else op.name,
                    prog.name, a.direction, a.title, a.awarded, a.requested, _award_date(ds, a),
                    a.implementation_start, a.implementation_end, ds.info.currency))
    return (ds.info.currency, tuple(out))


_OUTCOME = {"winner": "winner", "rejected": "rejected"}  # the registry knows no other outcome


def registry_of(ds: Any) -> Tuple[Any, ...]:
    """What the ФПГ registry holds: the applications of organisations, each with its contest's
    year, the applicant's name, identifiers and region, the outcome, the money (the grant for
    winners, the request otherwise), in roubles, and the winners' rating."""
    regions = {}
    for m in ds.municipalities:
        regions[m.id] = m.region or m.name
    out = []
    for a in ds.applications:
        org = ds.organizations[a.applicant]
        money = a.awarded if a.status == "winner" and a.awarded is not None else a.requested
        out.append((a.id, a.title, a.direction, a.submitted, _OUTCOME.get(a.status, "withdrawn"), money, a.cofunding,
                    a.implementation_start, a.implementation_end, ds.competitions[a.competition].year,
                    _org_name(org), org.inn, org.ogrn, regions.get(org.municipality, ""), a.rate))
    return (ds.info.currency, tuple(out))


def councils_of(ds: Any) -> Tuple[Any, ...]:
    """What Popolo holds: collegial bodies with their terms, meetings and agenda questions,
    persons, organisations (name, INN, OGRN, party or not) and municipalities."""
    return (
        tuple((b.id, b.name, b.kind, b.attached_to, b.municipality) for b in ds.bodies),
        tuple((t.body, t.start, t.end, t.members, t.note) for t in ds.membership_terms),
        tuple((m.id, m.body, m.held, m.format) for m in ds.meetings),
        tuple((q.id, q.meeting, q.title, q.topic) for q in ds.agenda_questions),
        tuple((p.id, p.display_name) for p in ds.persons),
        tuple((o.id, _org_name(o), o.inn, o.ogrn, o.okopf == 20201) for o in ds.organizations),
        tuple((m.id, m.name) for m in ds.municipalities),
    )


HOLDS: Dict[str, Callable[[Any], Any]] = {"360json": grants_of, "360csv": grants_of, "pgf": registry_of,
                                          "popolo": councils_of}


# ---- the sources -------------------------------------------------------------------------------


def _national() -> Any:
    return civica.synth.national(applications=2500, regions=6, seed=11)


def _unstated_requests() -> Any:
    """A national dataset in roubles in which every third application states no request (as a
    360Giving grant without amountAppliedFor): its folder's requested cells blanked."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "national"
        civica.io.write(civica.synth.national(applications=600, regions=3, seed=5), folder, "civica")
        blank_requests(folder, 3)
        return civica.io.read(folder)


SOURCES: Dict[str, Callable[[], Any]] = {
    "khanty-mansiysk-2020": lambda: civica.datasets.load("khanty-mansiysk-2020"),
    "khanty-mansiysk-2020-synthetic": lambda: civica.datasets.load("khanty-mansiysk-2020-synthetic"),
    "national": _national,
    "unstated-requests": _unstated_requests,
    "abct-gbp": lambda: civica.io.read(ABCT),
}

_CACHE: Dict[Any, Any] = {}


def source(name: str) -> Any:
    if name not in _CACHE:
        _CACHE[name] = SOURCES[name]()
    return _CACHE[name]


def refusal(ds: Any, fmt: str) -> str:
    """Why ``fmt`` cannot hold ``ds`` at all ("" when it can), as the docs say."""
    if fmt == "pgf":
        if ds.info.currency != "RUB":
            return "roubles"
        if any(a.applicant_type == "person" for a in ds.applications):
            return "organisations only"
        for a in ds.applications:  # what every row of the registry has
            org = ds.organizations[a.applicant]
            if not (a.title and a.submitted and a.implementation_start and a.implementation_end and org.inn
                    and (org.full_name or org.short_name)):
                return "which every row of the Presidential Grants Fund layout has"
    if fmt in ("360json", "360csv"):
        # 360-giving-package-schema.json: "grants" has minItems 1, and a grant is an award.
        if all(a.awarded is None for a in ds.applications):
            return "minItems 1"
        for a in ds.applications:
            if a.awarded is not None:
                comp = ds.competitions[a.competition]
                if ds.programmes[comp.programme].grant_operator is None:
                    return "no operator"
    return ""


def write_read(ds: Any, fmt: str, folder: Any) -> Any:
    name, file, write_options, read_options = FORMATS[fmt]
    path = folder / file
    civica.io.write(ds, path, name, **write_options)
    # The format is guessed when reading, as a user's `civica convert` would (a folder of an
    # empty dataset holds only its manifest: a native folder as much as any).
    guessed = civica.io.guess_format(path)
    empty_folder = path.is_dir() and [p.name for p in path.iterdir()] == ["manifest.json"]
    assert guessed == name or (empty_folder and guessed == "civica"), fmt
    return civica.io.read(path, **read_options)


def first_step(src: str, a: str, tmp_path_factory: Any) -> Any:
    key = (src, a)
    if key not in _CACHE:
        ds = source(src)
        why = refusal(ds, a)
        if why:
            folder = tmp_path_factory.mktemp(f"{src}-{a}-refused")
            name, file, write_options, _ = FORMATS[a]
            with pytest.raises(civica.ValidationError, match=why):
                civica.io.write(ds, folder / file, name, **write_options)
            assert not (folder / file).exists()
            _CACHE[key] = None
        else:
            ds_a = write_read(ds, a, tmp_path_factory.mktemp(f"{src}-{a}"))
            if a in NATIVE:
                assert ds_a == ds, f"{src} through {a}"
            else:
                assert HOLDS[a](ds_a) == HOLDS[a](ds), f"{src} through {a}"
            assert ds_a.info.currency == ds.info.currency or a == "popolo"
            _CACHE[key] = ds_a
    return _CACHE[key]


PAIRS = [(s, a, b) for s in SOURCES for a in FORMATS for b in FORMATS]


@pytest.mark.parametrize("src,a,b", PAIRS, ids=[f"{s}-{a}-{b}" for s, a, b in PAIRS])
def test_a_round_trip_through_two_formats_keeps_what_the_second_holds(src: str, a: str, b: str,
                                                                       tmp_path_factory: Any) -> None:
    if "parquet" in (a, b) and not HAS_PYARROW:
        pytest.skip("Parquet needs pyarrow")
    if "xlsx" in (a, b) and not HAS_OPENPYXL:
        pytest.skip("Excel workbooks need openpyxl")
    ds_a = first_step(src, a, tmp_path_factory)
    if ds_a is None:
        return  # A refused the source (checked in first_step)
    why = refusal(ds_a, b)
    folder = tmp_path_factory.mktemp(f"{src}-{a}-{b}")
    if why:
        name, file, write_options, _ = FORMATS[b]
        with pytest.raises(civica.ValidationError, match=why):
            civica.io.write(ds_a, folder / file, name, **write_options)
        return
    ds_ab = write_read(ds_a, b, folder)
    if b in NATIVE:
        assert ds_ab == ds_a
    else:
        assert HOLDS[b](ds_ab) == HOLDS[b](ds_a)


def test_the_sources_exercise_what_the_matrix_compares() -> None:
    """The matrix means something only if the sources have what it compares: money in two
    currencies, award dates, individuals, councils with meetings and questions, registry rows."""
    gbp = source("abct-gbp")
    assert gbp.info.currency == "GBP" and all(a.decided for a in gbp.applications)
    national = source("national")
    assert national.info.currency == "RUB" and len(national.applications) == 2500
    assert {a.status for a in national.applications} >= {"winner", "rejected"}
    km = source("khanty-mansiysk-2020-synthetic")
    assert len(km.agenda_questions) >= 134 and len(km.meetings) >= 59
    assert any(a.applicant_type == "person" for a in km.applications)
    assert len(grants_of(gbp)[1]) == 783
    assert len(registry_of(national)[1]) == 2500
    assert len(councils_of(km)[3]) == len(km.agenda_questions)
    unstated = source("unstated-requests")
    assert unstated.info.currency == "RUB"
    assert sum(a.requested is None for a in unstated.applications) == 200
    assert any(a.requested is None and a.status == "winner" for a in unstated.applications)
    assert any(a.requested is None and a.status != "winner" for a in unstated.applications)
