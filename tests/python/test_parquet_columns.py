"""Parquet by whole columns (civica._parquet): the writer's Arrow types and values, files written
by other tools (text instead of typed columns, dictionaries, several row groups), and the
checks the typed reader applies to what it does not trust.

Independent truth: the dataset's own columns read with numpy, the dataset folder's CSV files
turned into Parquet by pyarrow alone (as another tool would), and values worked out here."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

import civica
from conftest import one_competition

pa = pytest.importorskip("pyarrow")
import pyarrow.compute as pc  # noqa: E402
import pyarrow.csv as pacsv  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402


@pytest.fixture(scope="module")
def national() -> civica.Dataset:
    return civica.synth.national(applications=2000, regions=3, seed=11)


@pytest.fixture()
def folder(tmp_path: Path, national: civica.Dataset) -> Path:
    out = tmp_path / "tables.parquet"
    civica.io.write(national, out)
    return out


# Money as written (docs/formats.md): decimal64(18, 2) where pyarrow has it and the amounts fit.
_DECIMAL64 = hasattr(pa, "decimal64")
_MONEY = pa.decimal64(18, 2) if _DECIMAL64 else pa.decimal128(20, 2)


def _rewrite(folder: Path, table: str, change) -> None:
    data = pq.read_table(folder / f"{table}.parquet")
    pq.write_table(change(data), folder / f"{table}.parquet")


def _replace(data, name: str, column) -> object:
    return data.set_column(data.column_names.index(name), name, column)


def test_the_writer_types_the_columns_and_keeps_the_values(folder: Path, national: civica.Dataset) -> None:
    apps = pq.read_table(folder / "applications.parquet")
    schema = apps.schema
    for money in ("requested", "cofunding", "awarded"):
        # Amounts below 10^16 units: 18-digit decimals stored as 64-bit integers.
        assert schema.field(money).type == _MONEY
        assert pq.ParquetFile(folder / "applications.parquet").schema.column(
            schema.get_field_index(money)).physical_type == ("INT64" if _DECIMAL64 else "FIXED_LEN_BYTE_ARRAY")
    for day in ("submitted", "implementation_start", "implementation_end", "decided"):
        assert schema.field(day).type == pa.date32()
    assert schema.field("rate").type == pa.float64()
    for text in ("id", "competition", "applicant", "applicant_type", "title", "direction", "status"):
        assert schema.field(text).type == pa.string()
    # Money: decimal roubles = the dataset's integer kopecks / 100; missing awards are null.
    kopecks = np.asarray(national.applications.column("awarded_kopecks"))
    awarded = apps.column("awarded").to_pylist()
    missing = kopecks == np.iinfo(np.int64).min
    assert missing.any() and (~missing).any()
    assert [a is None for a in awarded] == list(missing)
    assert [a for a in awarded if a is not None] == [Decimal(int(k)).scaleb(-2) for k in kopecks[~missing]]
    requested = np.asarray(national.applications.column("requested_kopecks"))
    assert [Decimal(int(k)).scaleb(-2) for k in requested] == apps.column("requested").to_pylist()
    # Dates: the same days as the dataset's datetime64[D] column, NaT as null.
    decided = np.asarray(national.applications.column("decided"))
    got = apps.column("decided").to_numpy(zero_copy_only=False)
    assert np.array_equal(np.isnat(decided), np.isnat(got))
    assert np.array_equal(decided[~np.isnat(decided)], got[~np.isnat(got)])
    # Text: ids and references as the row objects give them.
    first = national.applications[0]
    row = apps.slice(0, 1).to_pylist()[0]
    assert (row["id"], row["competition"], row["applicant"], row["status"]) == (
        str(first.id), str(first.competition), str(first.applicant), str(first.status))
    orgs = pq.read_table(folder / "organizations.parquet").schema
    assert orgs.field("registered").type == pa.date32()
    assert orgs.field("okopf").type == pa.int64()
    assert orgs.field("nonprofit").type == pa.bool_()
    assert civica.io.read(folder) == national


def test_files_written_by_another_tool_from_the_csv_folder_read_the_same(tmp_path: Path,
                                                                         national: civica.Dataset) -> None:
    # pyarrow alone turns the dataset folder's CSV files into Parquet: every column text (as
    # large_string, dictionaries or plain), several row groups.
    csv_folder = tmp_path / "folder"
    civica.io.write(national, csv_folder, format="civica")
    out = tmp_path / "other.parquet"
    out.mkdir()
    (out / "manifest.json").write_bytes((csv_folder / "manifest.json").read_bytes())
    for path in sorted(csv_folder.glob("*.csv")):
        with open(path, encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split(",")
        table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
            column_types={c: pa.large_string() for c in header}, strings_can_be_null=True))
        columns = []
        for k, name in enumerate(table.column_names):
            col = table.column(name)
            if k % 2:
                col = pc.dictionary_encode(col)
            columns.append(col)
        pq.write_table(pa.table(columns, names=table.column_names), out / (path.stem + ".parquet"), row_group_size=300)
    assert pq.ParquetFile(out / "applications.parquet").num_row_groups > 1
    assert civica.io.read(out) == national


def test_typed_columns_from_another_tool_read_the_same(folder: Path, national: civica.Dataset) -> None:
    # Money at another scale, a date, an amount and a number as text, dictionaries with nulls.
    def change(data):
        data = _replace(data, "requested", data.column("requested").cast(pa.decimal128(30, 4)))
        data = _replace(data, "cofunding", data.column("cofunding").cast(pa.string()))
        data = _replace(data, "submitted", data.column("submitted").cast(pa.string()))
        data = _replace(data, "status", pc.dictionary_encode(data.column("status")))
        direction = data.column("direction").combine_chunks()
        empty = pc.equal(direction, "")
        data = _replace(data, "direction", pc.dictionary_encode(pc.if_else(empty, pa.scalar(None, pa.string()),
                                                                            direction)))
        data = _replace(data, "rate", data.column("rate").cast(pa.string()))
        return data

    _rewrite(folder, "applications", change)
    assert civica.io.read(folder) == national


def test_money_with_more_than_two_decimals_is_refused_by_row_and_column(folder: Path) -> None:
    def change(data):
        values = [Decimal(v) if v is not None else None for v in data.column("cofunding").to_pylist()]
        values[5] = values[5] + Decimal("0.001")
        return _replace(data, "cofunding", pa.array(values, pa.decimal128(30, 3)))

    _rewrite(folder, "applications", change)
    with pytest.raises(civica.ParseError, match=rf"applications\.parquet, row {5 + 1}, column \"cofunding\": "
                                                r".*more than 2 decimals"):
        civica.io.read(folder)


def test_money_as_float32_is_read_as_the_number_stored_not_its_shortest_text(folder: Path) -> None:
    # float32 holds 1234567.89 as 1234567.875 (2^-3 apart at that size), which Arrow writes as
    # "1234567.9": read as 1 234 567.90, a sum nobody stored. 1234.5 is held exactly.
    assert float(np.float32(1234567.89)) == 1234567.875

    def change(data, first):
        values = [first] + [float(v) if v is not None else None for v in data.column("requested").to_pylist()[1:]]
        return _replace(data, "requested", pa.array(values, pa.float32()))

    _rewrite(folder, "applications", lambda data: change(data, 1234567.89))
    with pytest.raises(civica.ParseError, match=r"row 1, column \"requested\": .*1234567\.875"):
        civica.io.read(folder)
    _rewrite(folder, "applications", lambda data: change(data, 1234.5))
    assert next(iter(civica.io.read(folder).applications)).requested == Decimal("1234.50")


def test_money_beyond_kopecks_in_64_bits_is_refused(folder: Path) -> None:
    def change(data):
        values = data.column("requested").cast(pa.decimal128(38, 2)).to_pylist()
        values[3] = Decimal("100000000000000000000.00")  # 10^22 kopecks
        return _replace(data, "requested", pa.array(values, pa.decimal128(38, 2)))

    _rewrite(folder, "applications", change)
    with pytest.raises(civica.ParseError, match=rf"row {3 + 1}, column \"requested\": .*does not fit"):
        civica.io.read(folder)


@pytest.mark.parametrize("scale", [3, 4, 6])
def test_large_money_at_a_finer_scale_reads_when_its_kopecks_fit(folder: Path, scale: int) -> None:
    # 10^15 roubles at scale 4 is 10^19 units of the column, past 64 bits, but 10^17 kopecks,
    # which civica holds; the largest amount civica holds reads at any scale, one kopeck more not.
    top = Decimal("92233720368547758.07")
    for value, fits in ((Decimal("1000000000000000"), True), (top, True), (top + Decimal("0.01"), False)):
        def change(data, value=value):
            values = data.column("requested").cast(pa.decimal128(38, 2)).to_pylist()
            values[3] = value
            return _replace(data, "requested", pa.array(values, pa.decimal128(38, scale)))

        _rewrite(folder, "applications", change)
        if fits:
            kopecks = civica.io.read(folder).applications.to_pandas().requested_kopecks[3]
            assert kopecks == int(value * 100)
        else:
            with pytest.raises(civica.ParseError, match=rf"row {3 + 1}, column \"requested\": .*does not fit"):
                civica.io.read(folder)


@pytest.mark.parametrize("day", [-250000, (datetime.date(9999, 1, 1) - datetime.date(1970, 1, 1)).days,
                                 (datetime.date(2201, 1, 1) - datetime.date(1970, 1, 1)).days])
def test_a_date_the_other_readers_refuse_is_refused(folder: Path, day: int) -> None:
    """Years 1900..2200, as a folder, JSON or SQLite reads them: a Parquet file cannot bring in
    a date (1285, 9999) that civica would then write to a folder it cannot read back."""
    def change(data):
        days = data.column("submitted").cast(pa.int32()).to_pylist()
        days[9] = day
        return _replace(data, "submitted", pa.array(days, pa.int32()).cast(pa.date32()))

    _rewrite(folder, "applications", change)
    with pytest.raises(civica.ParseError, match=rf"row {9 + 1}, column \"submitted\": .*1900-01-01..2200-12-31"):
        civica.io.read(folder)


def test_a_bad_enumeration_and_an_unknown_competition_are_named(folder: Path) -> None:
    apps = pq.read_table(folder / "applications.parquet")

    def status(data):
        values = data.column("status").to_pylist()
        values[4] = "approved"
        return _replace(data, "status", pa.array(values, pa.string()))

    _rewrite(folder, "applications", status)
    with pytest.raises(civica.ParseError, match=rf"row {4 + 1}, column \"status\""):
        civica.io.read(folder)
    pq.write_table(apps, folder / "applications.parquet")

    def competition(data):
        values = data.column("competition").to_pylist()
        values[6] = "no-such-competition"
        return _replace(data, "competition", pc.dictionary_encode(pa.array(values, pa.string())))

    _rewrite(folder, "applications", competition)
    with pytest.raises(civica.ParseError, match=rf"row {6 + 1}, column \"competition\": .*no-such-competition"):
        civica.io.read(folder)
    # A table the folder lacks is named as a Parquet file too, not as "competitions.csv".
    pq.write_table(apps, folder / "applications.parquet")
    (folder / "competitions.parquet").unlink()
    with pytest.raises(civica.ParseError, match=r"is not in competitions\.parquet") as e:
        civica.io.read(folder)
    assert ".csv" not in str(e.value)


def test_organisations_by_typed_column_keep_the_model_rules(folder: Path, national: civica.Dataset) -> None:
    orgs = pq.read_table(folder / "organizations.parquet")

    def okopf(data):
        values = data.column("okopf").to_pylist()
        values[2] = 1234567
        return _replace(data, "okopf", pa.array(values, pa.int64()))

    _rewrite(folder, "organizations", okopf)
    with pytest.raises(civica.ParseError, match=rf"organizations\.parquet, row {2 + 1}, column \"okopf\""):
        civica.io.read(folder)

    # A missing flag takes the default of the dataset folder (nonprofit: true).
    values = orgs.column("nonprofit").to_pylist()
    k = values.index(True)
    values[k] = None
    pq.write_table(_replace(orgs, "nonprofit", pa.array(values, pa.bool_())), folder / "organizations.parquet")
    assert civica.io.read(folder) == national


def test_skip_mode_lists_bad_applications_and_keeps_the_rest(folder: Path, national: civica.Dataset) -> None:
    apps = pq.read_table(folder / "applications.parquet")
    ids = apps.column("id").to_pylist()

    def change(data):
        requested = data.column("requested").to_pylist()
        requested[10] = -requested[10] - Decimal("1")
        applicant = data.column("applicant").to_pylist()
        applicant[20] = "nobody"
        return _replace(_replace(data, "requested", pa.array(requested, pa.decimal128(20, 2))),
                        "applicant", pa.array(applicant, pa.string()))

    _rewrite(folder, "applications", change)
    skipped: list = []
    ds = civica.io.read(folder, on_error="skip", problems=skipped)
    assert len(ds.applications) == len(ids) - 2
    assert [(p.file, p.line, p.record_id, p.field) for p in skipped] == [
        ("applications.parquet", 10 + 1, ids[10], "requested"), ("applications.parquet", 20 + 1, ids[20], "applicant")]
    # The strict read names the same row (from 1: pandas index + 1).
    with pytest.raises(civica.ParseError, match=rf"row {10 + 1}, column \"requested\""):
        civica.io.read(folder)
    kept = {str(a.id) for a in ds.applications}
    assert kept == set(ids) - {ids[10], ids[20]}


def test_a_bad_first_row_is_row_1_in_skip_mode_and_in_the_strict_error(folder: Path) -> None:
    # Rows count from 1 (pandas index + 1): the first row of a table is row 1, never the "no
    # line" 0 of a Problem (None in Python), and the strict error puts the Parquet file in
    # ``file``, the row in ``line`` and the column in ``field``, as the other readers do.
    first = 0
    apps = pq.read_table(folder / "applications.parquet")
    ids = apps.column("id").to_pylist()

    def change(data):
        requested = data.column("requested").to_pylist()
        requested[first] = -requested[first] - Decimal("1")
        return _replace(data, "requested", pa.array(requested, pa.decimal128(20, 2)))

    _rewrite(folder, "applications", change)
    skipped: list = []
    civica.io.read(folder, on_error="skip", problems=skipped)
    assert [(p.file, p.line, p.record_id, p.field) for p in skipped] == [
        ("applications.parquet", first + 1, ids[first], "requested")]
    with pytest.raises(civica.ParseError) as caught:
        civica.io.read(folder)
    e = caught.value
    assert Path(e.file) == folder / "applications.parquet"
    assert (e.line, e.field) == (first + 1, "requested")
    assert e.reason and str(e) == f'{e.file}, row {first + 1}, column "requested": {e.reason}'


def test_an_empty_typed_table_and_sliced_columns_read(tmp_path: Path, national: civica.Dataset, folder: Path) -> None:
    # Zero applications written by pyarrow with the typed schema; then the applications cut in
    # two row groups at an odd row, so that columns start at an offset into Arrow's buffers.
    apps = pq.read_table(folder / "applications.parquet")
    pq.write_table(apps.slice(0, 0), folder / "applications.parquet")
    ds = civica.io.read(folder)
    assert len(ds.applications) == 0 and len(ds.organizations) == len(national.organizations)
    pq.write_table(pa.concat_tables([apps.slice(0, 777), apps.slice(777)]), folder / "applications.parquet",
                   row_group_size=777)
    assert civica.io.read(folder) == national


def test_a_large_table_reports_its_first_bad_row_and_skips_every_bad_one(tmp_path: Path) -> None:
    # 70 000 applications are converted in two halves at once: the error reported is still the
    # first by row, whichever half holds it, and skip mode lists the bad rows of both halves.
    big = civica.synth.national(applications=70000, regions=3, seed=3)
    folder = tmp_path / "big.parquet"
    civica.io.write(big, folder)
    apps = pq.read_table(folder / "applications.parquet")
    ids = apps.column("id").to_pylist()
    requested = apps.column("requested").to_pylist()

    def write(bad_rows, unknown_rows=()):
        values = list(requested)
        for r in bad_rows:
            values[r] = -values[r] - Decimal("1")
        applicants = apps.column("applicant").to_pylist()
        for r in unknown_rows:
            applicants[r] = "nobody"
        data = _replace(_replace(apps, "requested", pa.array(values, pa.decimal128(20, 2))),
                        "applicant", pa.array(applicants, pa.string()))
        pq.write_table(data, folder / "applications.parquet")

    write([60000], unknown_rows=[50000])
    with pytest.raises(civica.ParseError, match=rf"row {50000 + 1}, column \"applicant\""):
        civica.io.read(folder)
    write([60000, 100], unknown_rows=[50000])
    with pytest.raises(civica.ParseError, match=rf"row {100 + 1}, column \"requested\""):
        civica.io.read(folder)
    write([40000], unknown_rows=[30000])
    with pytest.raises(civica.ParseError, match=rf"row {30000 + 1}, column \"applicant\""):
        civica.io.read(folder)
    skipped: list = []
    ds = civica.io.read(folder, on_error="skip", problems=skipped)
    assert [(p.record_id, p.field) for p in skipped] == [(ids[30000], "applicant"), (ids[40000], "requested")]
    assert len(ds.applications) == 70000 - 2
    write([])
    assert civica.io.read(folder) == big


@pytest.mark.parametrize("kind", ["int32", "uint64", "string"])
def test_whole_numbers_of_another_width_read_the_same(folder: Path, national: civica.Dataset, kind: str) -> None:
    _rewrite(folder, "organizations", lambda data: _replace(data, "okopf", data.column("okopf").cast(kind)))
    assert pq.read_schema(folder / "organizations.parquet").field("okopf").type == pa.type_for_alias(kind)
    assert civica.io.read(folder) == national


# The Arrow type of each declared column type (docs/formats.md, Parquet); the rest are strings.
_DECLARED_ARROW = {"money": _MONEY, "date": pa.date32(), "integer": pa.int64(),
                   "real": pa.float64(), "boolean": pa.bool_()}


def _small_with_every_column() -> civica.Dataset:
    """A value in the columns the bundled and generated datasets leave empty."""
    import datetime as dt

    day = dt.date(2021, 3, 1)
    ds = civica.Dataset()
    ds.add(civica.Municipality(id="m"))
    ds.add(civica.Organization(id="o", full_name="НКО"))
    ds.add(civica.Person(id="h", municipality="m", display_name="Иванова И. И."))
    ds.add(civica.GrantOperator(id="g", name="Фонд"))
    ds.add(civica.Programme(id="p", grant_operator="g"))
    ds.add(civica.Competition(id="c", programme="p", year=2021))
    ds.add(civica.Application(id="a", competition="c", applicant="o", status="winner", awarded=10, rate=77.5,
                              decided=day))
    ds.add(civica.Course(id="k", title="Курс", hours=16, start=day, end=dt.date(2021, 3, 5)))
    ds.add(civica.Enrolment(course="k", organization="o", person="h", participants=3, completed=True))
    ds.add(civica.CollegialBody(id="b", name="Совет", attached_to="глава города", municipality="m"))
    ds.add(civica.MembershipTerm(body="b", start=day, end=dt.date(2023, 3, 1), members=15))
    ds.add(civica.Meeting(id="e", body="b", held=day, format="remote", attendance=11))
    ds.add(civica.AgendaQuestion(id="q", meeting="e", title="О бюджете", topic="budget"))
    ds.add(civica.SupportService(id="s", provider="o", recipient_type="person", recipient="h", kind="consulting",
                                 provided=day, note="звонок"))
    ds.add(civica.MonitoringRecord(application="a", checked=day, score=4.5, status="ok", note="отчёт сдан"))
    return ds


def test_every_declared_column_of_every_table_goes_through_parquet(tmp_path: Path, national: civica.Dataset) -> None:
    """Iterates the declaration (civica._core.table_schema()): each table's Parquet file has its
    declared columns, in order, typed by their declared type, and reads back equal; across the
    datasets below every declared column holds a value somewhere, so each is carried."""
    declared = {t["name"]: t["columns"] for t in civica._core.table_schema()}
    carried = {(t, c["name"]): False for t, cols in declared.items() for c in cols}
    datasets = [civica.datasets.load("khanty-mansiysk-2020"), national, _small_with_every_column()]
    for k, ds in enumerate(datasets):
        out = tmp_path / f"d{k}.parquet"
        civica.io.write(ds, out)
        assert civica.io.read(out) == ds
        for table, columns in declared.items():
            path = out / f"{table}.parquet"
            if not len(getattr(ds, table)):
                assert not path.exists()
                continue
            data = pq.read_table(path)
            assert data.column_names == [c["name"] for c in columns], table
            for c in columns:
                wanted = _DECLARED_ARROW.get(c["type"], pa.string())
                assert data.schema.field(c["name"]).type == wanted, (table, c["name"])
                col = data.column(c["name"])
                if col.null_count < len(col):
                    if pa.types.is_string(col.type):
                        carried[(table, c["name"])] |= bool(pc.any(pc.not_equal(col, "")).as_py())
                    else:
                        carried[(table, c["name"])] = True
    assert [key for key, seen in carried.items() if not seen] == []


def test_many_organisations_report_their_first_bad_row_and_skip_every_bad_one(tmp_path: Path) -> None:
    # 40 000 organisations are converted in two halves at once, column by declared column.
    big = civica.synth.national(applications=100000, regions=3, seed=5)
    folder = tmp_path / "orgs.parquet"
    civica.io.write(big, folder)
    for name in ("applications", "competitions", "programmes", "operators"):
        (folder / f"{name}.parquet").unlink(missing_ok=True)
    orgs = pq.read_table(folder / "organizations.parquet")
    n = orgs.num_rows
    assert n >= 2**15  # converted in two halves
    ids = orgs.column("id").to_pylist()
    late = n - 10

    def write(too_large=(), out_of_range=()):
        okopf = orgs.column("okopf").to_pylist()
        for r in too_large:
            okopf[r] = 2**40
        days = orgs.column("registered").cast(pa.int32()).to_pylist()
        for r in out_of_range:
            days[r] = -1_000_000
        data = _replace(_replace(orgs, "okopf", pa.array(okopf, pa.int64())),
                        "registered", pa.array(days, pa.int32()).cast(pa.date32()))
        pq.write_table(data, folder / "organizations.parquet")

    write(too_large=[late])
    with pytest.raises(civica.ParseError, match=rf"row {late + 1}, column \"okopf\""):
        civica.io.read(folder)
    write(too_large=[late], out_of_range=[100])
    with pytest.raises(civica.ParseError, match=rf"row {100 + 1}, column \"registered\""):
        civica.io.read(folder)
    skipped: list = []
    ds = civica.io.read(folder, on_error="skip", problems=skipped)
    assert [(p.record_id, p.field) for p in skipped] == [(ids[100], "registered"), (ids[late], "okopf")]
    assert len(ds.organizations) == n - 2
    write()
    back = civica.io.read(folder)
    assert [o.id for o in back.organizations] == [o.id for o in big.organizations]
    assert list(back.organizations) == list(big.organizations)


@pytest.mark.parametrize("table", ["applications", "organizations", "competitions"])
def test_a_damaged_parquet_file_is_named_in_the_error(folder: Path, table: str) -> None:
    # A table cut short (as by a copy that stopped) is not decoded: the error names its file.
    path = folder / f"{table}.parquet"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(civica.ParseError) as caught:
        civica.io.read(folder)
    assert caught.value.file == str(path) and caught.value.line is None
    assert "not a readable Parquet file" in str(caught.value)


def test_every_damaged_table_of_a_parquet_folder_is_a_problem_as_in_a_csv_folder(folder: Path) -> None:
    # A read stops at the first; problems() (civica validate) listed only that one, where a
    # folder of CSV tables lists each.
    damaged = [folder / "applications.parquet", folder / "organizations.parquet", folder / "meetings.parquet"]
    for path in damaged[:2]:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    damaged[2].write_bytes(b"PAR1" + bytes(8) + b"PAR1")
    found = civica.io.problems(folder)
    assert sorted((p.file, p.check) for p in found) == sorted((str(p), "unreadable") for p in damaged)
    assert all("not a readable Parquet file" in p.message for p in found)


@pytest.mark.parametrize("damage", ["footer", "column name"])
def test_a_damaged_footer_is_a_parse_error_naming_the_file_not_a_traceback(folder: Path, damage: str) -> None:
    # pyarrow raises OSError for a footer it cannot deserialize and UnicodeDecodeError for a
    # column name that is not UTF-8: a bare OSError, and a traceback in the command line.
    import subprocess
    import sys

    path = folder / ("meetings.parquet" if damage == "footer" else "organizations.parquet")
    if damage == "footer":
        path.write_bytes(b"PAR1" + bytes(8) + b"PAR1")
    else:
        data = bytearray(path.read_bytes())
        data[data.find(b"full_name")] = 0xFF
        path.write_bytes(bytes(data))
    with pytest.raises(civica.ParseError) as caught:
        civica.io.read(folder)
    assert caught.value.file == str(path) and "not a readable Parquet file" in str(caught.value)
    proc = subprocess.run([sys.executable, "-m", "civica", "info", str(folder)], capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and str(path) in proc.stderr


@pytest.mark.parametrize("table", ["applications", "organizations"])
def test_a_column_civica_cannot_read_names_its_file_once(folder: Path, table: str, monkeypatch) -> None:
    # A text column written by another tool as bytes that are not UTF-8: the error named the
    # file with a folder given as a relative path twice over ("x/x/applications.parquet").
    monkeypatch.chdir(folder.parent)
    folder = Path(folder.name)
    path = folder / f"{table}.parquet"
    data = pq.read_table(path)
    column = "title" if table == "applications" else "full_name"
    cells = [s.encode() for s in data.column(column).to_pylist()]
    cells[3] = b"\xff\xfe"
    data = data.set_column(data.column_names.index(column), column, pa.array(cells, pa.binary()))
    pq.write_table(data, path)
    with pytest.raises(civica.ParseError) as caught:
        civica.io.read(folder)
    assert caught.value.file == str(path) and caught.value.field == column
    assert str(caught.value).startswith(f"{path}, column \"{column}\": ")


@pytest.mark.parametrize("table, column", [("applications", "id"), ("organizations", "full_name"),
                                           ("competitions", "name")])
def test_a_character_cut_between_two_cells_is_refused(folder: Path, table: str, column: str) -> None:
    # Another tool's string column whose row 2 ends with the first byte of "Ф" (D0 A4) and whose
    # row 3 starts with the second: each cell is not UTF-8, though the column's bytes as a whole
    # are. Read, the dataset held text no writer can write and Python cannot show.
    path = folder / f"{table}.parquet"
    data = pq.read_table(path)
    cells = [s.encode() for s in data.column(column).to_pylist()]
    cells[1] += b"\xd0"
    cells[2] = b"\xa4" + cells[2]
    offsets = np.cumsum([0] + [len(c) for c in cells]).astype(np.int32)
    cut = pa.Array.from_buffers(pa.string(), len(cells), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(cells))])
    pq.write_table(_replace(data, column, cut), path)
    with pytest.raises(civica.ParseError) as caught:
        civica.io.read(folder)
    assert caught.value.file == str(path) and caught.value.field == column and caught.value.line == 2
    assert f"the text is not UTF-8 (at byte {len(cells[1]) - 1})" in str(caught.value)


def test_amounts_beyond_18_digits_are_written_as_decimal128_and_read_back(tmp_path: Path) -> None:
    # 10^16 roubles and more do not fit decimal64(18, 2): that column is written as
    # decimal128(20, 2), the others stay 64-bit, and every amount reads back to the kopeck.
    ds = one_competition()
    huge = Decimal("92233720368547758.07")  # the largest amount civica holds: 2^63 - 1 kopecks
    ds.add(civica.Application(id="a", competition="c", applicant="o", requested=huge, cofunding=Decimal("0.01")))
    ds.add(civica.Application(id="b", competition="c", applicant="o", requested=Decimal("10000000000000000.00")))
    out = tmp_path / "wide.parquet"
    civica.io.write(ds, out)
    schema = pq.read_schema(out / "applications.parquet")
    assert schema.field("requested").type == pa.decimal128(20, 2)
    assert schema.field("cofunding").type == _MONEY
    assert pq.read_table(out / "applications.parquet").column("requested").to_pylist() == [
        huge, Decimal("10000000000000000.00")]
    back = civica.io.read(out)
    assert back == ds
    assert [a.requested for a in back.applications] == [huge, Decimal("10000000000000000.00")]


@pytest.mark.parametrize("table", ["applications", "municipalities"])
def test_a_row_without_an_id_is_skipped_and_listed(folder: Path, table: str) -> None:
    """A null id (a large table read by typed column, a small one by text) is a bad row: the
    strict read names it, the skipping read leaves it out and lists it."""
    def change(data):
        ids = data.column("id").to_pylist()
        ids[0] = None
        return _replace(data, "id", pa.array(ids, pa.string()))

    _rewrite(folder, table, change)
    with pytest.raises(civica.ParseError, match=rf"{table}.parquet, row 1"):
        civica.io.read(folder)
    problems: list = []
    ds = civica.io.read(folder, on_error="skip", problems=problems)
    assert problems and problems[0].line == 1 and problems[0].field == "id" and not problems[0].record_id
    assert len(getattr(ds, table)) == pq.read_metadata(folder / f"{table}.parquet").num_rows - 1


@pytest.mark.parametrize("table,column,array", [
    ("applications", "title", lambda n: pa.array([["a", "b"]] * n, pa.list_(pa.string()))),
    ("applications", "title", lambda n: pa.array([b"\xff\xfe"] * n, pa.binary())),
    ("municipalities", "name", lambda n: pa.array([b"\xff\xfe"] * n, pa.binary())),
])
def test_a_column_arrow_cannot_give_as_text_is_a_parse_error_naming_it(folder: Path, table: str, column: str,
                                                                       array) -> None:
    def change(data):
        return _replace(data, column, array(data.num_rows))

    _rewrite(folder, table, change)
    with pytest.raises(civica.ParseError, match=rf"{table}.parquet, column \"{column}\"") as e:
        civica.io.read(folder)
    assert e.value.field == column and e.value.file.endswith(f"{table}.parquet")


@pytest.mark.parametrize("table, column, coded", [("organizations", "full_name", False), ("applications", "title", False),
                                                  ("applications", "direction", True), ("competitions", "name", False),
                                                  ("municipalities", "name", False)])
def test_skip_mode_leaves_out_a_row_with_a_nul_byte_as_if_it_were_not_there(tmp_path: Path, national: civica.Dataset,
                                                                             table: str, column: str,
                                                                             coded: bool) -> None:
    # Skip mode stopped at a NUL byte in a text cell (a ParseError, as in strict mode). The row
    # is now left out and listed; independent truth: the same folder with that row removed by
    # pyarrow reads, in skip mode, to the same dataset (rows that refer to it are left out in both).
    # Row 200 of the applications, whose new direction is an entry of another index (about 14).
    row = 200 if table == "applications" else 3
    with_nul, without = tmp_path / "with_nul", tmp_path / "without"
    for out in (with_nul, without):
        civica.io.write(national, out, format="parquet")
    data = pq.read_table(with_nul / f"{table}.parquet")
    values = data.column(column).to_pylist()
    values[row] = (values[row] or "") + "\x00x"
    changed = pa.array(values, pa.string())
    pq.write_table(_replace(data, column, pc.dictionary_encode(changed) if coded else changed),
                   with_nul / f"{table}.parquet")
    keep = [i != row for i in range(data.num_rows)]
    pq.write_table(data.filter(pa.array(keep)), without / f"{table}.parquet")

    with pytest.raises(civica.ParseError, match=rf"{table}\.parquet, row {row + 1}, column \"{column}\": .*NUL byte"):
        civica.io.read(with_nul)
    problems: list = []
    expected: list = []
    got = civica.io.read(with_nul, on_error="skip", problems=problems)
    assert got == civica.io.read(without, on_error="skip", problems=expected)
    first = problems[0]
    assert (first.file, first.line, first.field, first.check) == (f"{table}.parquet", row + 1, column, "bad_value")
    assert "NUL byte" in first.message
    assert [(p.file, p.check, p.record_id) for p in problems[1:]] == [(p.file, p.check, p.record_id) for p in expected]


def test_nan_in_a_float_column_is_a_missing_value_in_every_table(tmp_path: Path) -> None:
    # NaN is how pandas and polars write a missing number; it read as missing in the applications
    # only: a monitoring score, or a meeting's attendance held as float64, was '"nan" is not a number'.
    city = civica.synth.khanty_mansiysk_2020()
    out = tmp_path / "city.parquet"
    civica.io.write(city, out)

    def nan_for(name: str, at: int):
        def change(data):
            values = [None if v is None else float(v) for v in data.column(name).to_pylist()]
            values[at] = float("nan")
            return _replace(data, name, pa.array(values, pa.float64()))
        return change

    _rewrite(out, "monitoring", nan_for("score", 0))
    _rewrite(out, "meetings", nan_for("attendance", 1))
    back = civica.io.read(out)
    assert back.monitoring[0].score is None and back.meetings[1].attendance is None
    assert [m.score for m in back.monitoring][1:] == [m.score for m in city.monitoring][1:]
    kept = [m.attendance for i, m in enumerate(city.meetings) if i != 1]
    assert [m.attendance for i, m in enumerate(back.meetings) if i != 1] == kept
    assert any(m.attendance is not None for m in city.meetings)


def test_a_column_named_twice_in_a_small_table_is_named(folder: Path) -> None:
    # The applications and organisations said 'column "title" appears twice'; another table gave
    # pyarrow's "Multiple matches for FieldRef.Name(...)" and no field.
    def twice(data):
        return pa.table(list(data.columns) + [data.column("year")], names=data.column_names + ["year"])

    _rewrite(folder, "competitions", twice)
    with pytest.raises(civica.ParseError, match='column "year" appears twice') as caught:
        civica.io.read(folder)
    assert caught.value.field == "year"


def test_a_column_the_table_lacks_is_named_with_the_tables_parquet_file(tmp_path: Path) -> None:
    # Before: 'unknown column "extra"; the columns of courses.csv are: …' for courses.parquet.
    folder = tmp_path / "pq"
    civica.io.write(civica.datasets.load("khanty-mansiysk-2020-synthetic"), folder, format="parquet")
    table = pq.read_table(folder / "courses.parquet")
    pq.write_table(table.append_column("extra", pa.array(["x"] * table.num_rows)), folder / "courses.parquet")
    with pytest.raises(civica.ParseError) as e:
        civica.io.read(folder)
    assert (e.value.file, e.value.field) == (str(folder / "courses.parquet"), "extra")
    assert e.value.reason.startswith('unknown column "extra"; the columns of courses.parquet are: id, title'), e.value
    assert ".csv" not in str(e.value)


def test_a_folder_exported_by_another_tool_without_a_manifest_reads(folder: Path, national: civica.Dataset) -> None:
    # pandas, polars and Spark write tables, not civica's manifest.json: the folder reads with a
    # blank one (named after the folder), as read_parquet says. Before, the read failed with
    # "no manifest.json and none of the tables", naming the CSV files.
    (folder / "manifest.json").unlink()
    assert civica.io.guess_format(folder) == "parquet"
    back = civica.io.read(folder)
    assert len(back.applications) == len(national.applications) == 2000
    assert back.applications.to_pandas().equals(national.applications.to_pandas())
    assert back.info.name == "tables.parquet"


@pytest.mark.parametrize("table", ["applications", "competitions"])
def test_the_index_pandas_keeps_beside_a_filtered_table_is_not_a_column(folder: Path, table: str) -> None:
    # pandas' to_parquet of a filtered or sorted frame stores its unnamed index as the column
    # __index_level_0__ (pandas.read_parquet puts it back as the index): civica refused the
    # table for an unknown column. A typed table (applications) and a small one alike.
    pd = pytest.importorskip("pandas")
    path = folder / f"{table}.parquet"
    df = pd.read_parquet(path)
    # Filtered, or reordered (the index then is no range, which pandas would store as metadata).
    kept = df.iloc[[1, 0] + list(range(2, len(df)))] if table == "competitions" else df[df["status"] != "withdrawn"]
    kept.to_parquet(path)
    assert "__index_level_0__" in pq.read_schema(path).names
    back = civica.io.read(folder)
    got = getattr(back, table).to_pandas()
    assert list(got["id"]) == list(kept["id"])
    assert len(got) < len(df) if table == "applications" else list(got["id"]) != list(df["id"])
    # A named index is a column of the table like any other: set_index("id") keeps the ids.
    kept.set_index("id").to_parquet(path)
    assert list(getattr(civica.io.read(folder), table).to_pandas()["id"]) == list(kept["id"])


def test_a_folder_of_csv_tables_and_a_stray_parquet_table_is_refused(tmp_path: Path, national: civica.Dataset,
                                                                     folder: Path) -> None:
    # One municipalities.parquet copied into a dataset folder made the guess "parquet", and the
    # read kept the municipalities and dropped every other table without a word; read as a
    # dataset folder, the Parquet table was left out as silently.
    csv_folder = tmp_path / "city"
    civica.io.write(national, csv_folder, "civica")
    (csv_folder / "municipalities.parquet").write_bytes((folder / "municipalities.parquet").read_bytes())
    (folder / "organizations.csv").write_bytes((csv_folder / "organizations.csv").read_bytes())
    for mixed in (csv_folder, folder):
        # A problem of the data, said by the dataset folder's reader and check; the guess takes
        # the folder for one (neither kind of table can be read alone without losing the other).
        assert civica.io.guess_format(mixed) == "civica"
        for fmt in (None, "civica", "parquet"):
            with pytest.raises(civica.CivicaError, match=r"both as CSV files .* and as Parquet files") as e:
                civica.io.read(mixed, fmt)
            assert "organizations.csv" in str(e.value) and "municipalities.parquet" in str(e.value)
        for fmt in (None, "civica"):
            found = civica.io.problems(mixed, format=fmt)
            assert [p.check for p in found if p.severity == "error"] == ["mixed_tables"], fmt
        from civica import cli

        assert cli.main(["validate", str(mixed)]) == 1
    # Notes beside the tables are no table: a folder keeps reading with them.
    (csv_folder / "municipalities.parquet").unlink()
    (csv_folder / "notes.parquet").write_bytes(b"not a table")
    assert len(civica.io.read(csv_folder).applications) == 2000
