"""civica.Dataset: adding rows with validation, indicators, tables, saving and loading."""

from __future__ import annotations

import datetime as dt
import pickle
import re
import os
import threading
from decimal import Decimal
from pathlib import Path

import pytest

civica = pytest.importorskip("civica")

from conftest import small_dataset


def test_a_new_dataset_is_empty_and_has_its_info():
    ds = civica.Dataset(name="x", title="X", territory="km", synthetic=True)
    assert ds.info.name == "x"
    assert ds.info.title == "X"
    assert ds.info.synthetic is True
    assert sum(ds.row_counts().values()) == 0
    assert ds.years() == []


def test_info_is_editable_in_place():
    ds = civica.Dataset()
    ds.info.title = "Renamed"
    assert ds.info.title == "Renamed"


def test_every_table_is_an_attribute():
    ds = small_dataset()
    names = ["municipalities", "organizations", "persons", "operators", "programmes",
             "competitions", "applications", "courses", "enrolments", "bodies",
             "membership_terms", "meetings", "agenda_questions", "services", "monitoring",
             "indicators"]
    assert ds.table_names == names
    for name in names:
        table = getattr(ds, name)
        assert isinstance(table, civica.Table)
        assert table.name == name
        assert len(table) == ds.row_counts()[name]


def test_tables_index_like_sequences():
    ds = small_dataset()
    apps = ds.applications
    assert len(apps) == 3
    assert apps[0].id == "a-1"
    assert apps[-1].id == "a-3"
    assert [a.id for a in apps] == ["a-1", "a-2", "a-3"]
    with pytest.raises(IndexError, match=r"index 3 out of range \(the table has 3 rows\)"):
        apps[3]
    with pytest.raises(IndexError, match=r"index -4 out of range"):
        apps[-4]
    with pytest.raises(IndexError, match=r"\(the table has 1 row\)"):
        ds.operators[5]  # one operator
    # Any integer, as a list takes it: past a C ssize_t still an IndexError (was pybind11's
    # "incompatible function arguments"); numpy's integers index too; True is no row number.
    for huge in (10**20, -(10**20)):
        with pytest.raises(IndexError, match=rf"applications index {huge} out of range"):
            apps[huge]
    import numpy as np

    assert apps[np.int64(1)].id == "a-2"
    for bad in (True, 1.0, None):
        with pytest.raises(TypeError, match="applications indices must be row numbers, slices or ids"):
            apps[bad]  # type: ignore[call-overload]
    # An id with a lone surrogate is a str, but no UTF-8 text: said so, not "ids (str), not str".
    with pytest.raises(TypeError, match=r"applications ids are UTF-8 text, and 'caf\\udce9' has a character"):
        apps[b"caf\xe9".decode("utf-8", "surrogateescape")]
    # `in` answers it: no row's id is such a str (it raised pybind11's RuntimeError "Unable to cast").
    assert b"caf\xe9".decode("utf-8", "surrogateescape") not in apps
    assert "x\udcff" not in ds.organizations


def test_tables_are_generic_as_the_stubs_say_and_the_package_lists_what_it_offers():
    # Table[Organization] passed mypy (the stubs declare Table generic) and failed at run time.
    import typing

    alias = civica.Table[civica.Organization]
    assert typing.get_origin(alias) is civica.Table and typing.get_args(alias) == (civica.Organization,)
    assert typing.get_origin(civica.ColumnarTable[civica.Application]) is civica.ColumnarTable

    def count(t: "civica.Table[civica.Organization]") -> int:
        return len(t)

    assert typing.get_type_hints(count)["t"] == alias
    # Tab completion offers the API, not what the package's own code imports.
    names = dir(civica)
    assert set(civica.__all__) <= set(names)
    assert not {"Any", "List", "annotations", "importlib", "types"} & set(names)


def test_rows_with_ids_can_be_looked_up_by_id():
    ds = small_dataset()
    assert ds.organizations["org-2"].inn == "8614008550"
    assert ds.applications["a-3"].applicant == "p-1"
    assert "org-1" in ds.organizations
    assert "org-9" not in ds.organizations
    with pytest.raises(civica.NotFoundError, match="org-9"):
        ds.organizations["org-9"]
    with pytest.raises(TypeError, match="no id"):
        ds.enrolments["x"]


def test_a_row_is_in_its_table_as_in_the_list_of_its_rows():
    # `row in table` was always False though the table iterates the row and rows compare by
    # value; the list of the rows is the truth.
    ds = small_dataset()
    for table, change in ((ds.organizations, {"full_name": "Другое"}), (ds.applications, {"title": "Другое"}),
                          (ds.enrolments, {"participants": 7}), (ds.indicators, {"value": 7})):
        rows = list(table)
        assert rows
        for row in rows:
            assert row in table
        changed = rows[0].replace(**change)
        assert changed not in rows and changed not in table
    assert ds.applications[0] not in ds.organizations
    assert 0 not in ds.applications and None not in ds.applications
    assert civica.Organization(full_name="АНО «Свет»") not in ds.organizations  # no id: none of its rows


def test_an_application_row_is_rebuilt_from_the_columns():
    app = small_dataset().applications[0]
    assert app == civica.Application(
        id="a-1", competition="c-2020", applicant="org-1", title="Школа НКО",
        direction="Развитие институтов гражданского общества", requested=Decimal("450000.50"),
        cofunding=Decimal(100000), submitted=dt.date(2020, 3, 1), status="winner",
        awarded=Decimal(400000), implementation_start=dt.date(2020, 7, 1),
        implementation_end=dt.date(2021, 6, 30))


@pytest.mark.parametrize("row, message", [
    (lambda: civica.Organization(id="bad", full_name="X", inn="1234567895"), "check digit"),
    (lambda: civica.Organization(id="org-1", full_name="dup"), "duplicate"),
    (lambda: civica.Application(id="a-9", competition="nope", applicant="org-1"), "competition"),
    (lambda: civica.Application(id="a-9", competition="c-2020", applicant="org-1",
                                status="rejected", awarded=10), "only winners"),
    (lambda: civica.Course(id="c2", title="T", start=dt.date(2020, 5, 1), end=dt.date(2020, 4, 1)), "before"),
    # Text no format civica writes can carry, which every reader refuses: taken, it would be
    # saved to files civica cannot open again.
    (lambda: civica.Organization(id="org-2", full_name="Фонд\x00"),
     r'^organization "org-2": full_name: the text holds a NUL byte \(at byte 8\)$'),
    (lambda: civica.Organization(id="org-2", full_name="Фонд", spheres=["culture", "sport\x00"]),
     r'^organization "org-2": spheres: the text holds a NUL byte'),
    (lambda: civica.Application(id="a\x009", competition="c-2020", applicant="org-1"),
     r"^application id: the text holds a NUL byte \(at byte 1\)$"),
    (lambda: civica.Indicator(key="ngo.registered", year=2020, value=1, breakdown="\x00"),
     r'^indicator "ngo.registered": breakdown: the text holds a NUL byte'),
])
def test_add_refuses_rows_that_break_a_rule_and_changes_nothing(row, message):
    ds = small_dataset()
    before = ds.copy()
    with pytest.raises(civica.ValidationError, match=message) as info:
        ds.add(row())
    assert isinstance(info.value, ValueError)
    assert ds == before


@pytest.mark.parametrize("field", ["name", "title", "territory", "description", "source", "licence"])
@pytest.mark.parametrize("bad, why", [("Фонд\x00", r"holds a NUL byte \(at byte 8\)"),
                                      (b"Fund\xff", r"is not UTF-8 \(at byte 4\)")])
def test_the_datasets_description_refuses_text_no_format_can_carry(tmp_path, field, bad, why):
    # The rule of every text column holds for the description too: taken, it would be saved to
    # an SQLite file or a store civica cannot open again (and a NUL byte to every format).
    ds = small_dataset()
    before = repr(ds.info)
    with pytest.raises(civica.ValidationError, match=rf"^DatasetInfo\.{field}: the text {why}$"):
        setattr(ds.info, field, bad)
    assert repr(ds.info) == before
    with pytest.raises(civica.ValidationError, match=rf"^DatasetInfo: the dataset's {field} {why}$"):
        civica.DatasetInfo(**{field: bad})
    with pytest.raises(civica.ValidationError, match=rf"^Dataset: the dataset's {field} {why}$"):
        civica.Dataset(**{field: bad})
    setattr(ds.info, field, "Фонд «Север»")
    civica.io.write(ds, tmp_path / "x.sqlite")
    assert getattr(civica.io.read(tmp_path / "x.sqlite").info, field) == "Фонд «Север»"


@pytest.mark.parametrize("make, field, at", [
    (lambda s: civica.Organization(id="o1", full_name=s), "full_name", 2),
    (lambda s: civica.Organization(id="o" + s, full_name="Фонд"), "id", 3),
    (lambda s: civica.Organization(id="o1", full_name="Фонд", spheres=["culture", s]), "spheres item", 2),
    (lambda s: civica.Application(id="a1", competition="c-2020", applicant="org-1", status=s), "status", 2),
    (lambda s: setattr(civica.Dataset().info, "title", s), "DatasetInfo.title", 2),
    (lambda s: setattr(civica.Dataset().info, "currency", s), "DatasetInfo.currency", 2),
    (lambda s: civica.DatasetInfo(name=s), "DatasetInfo(name=...)", 2),
    (lambda s: civica.Dataset(licence=s), "Dataset(licence=...)", 2),
    (lambda s: civica.Dataset().set_indicator(s, 2020, 1), "key", 2),
    (lambda s: civica.Dataset().set_indicator("ngo.registered", 2020, 1, breakdown=s), "breakdown", 2),
])
def test_a_lone_surrogate_is_refused_naming_the_field(make, field, at):
    # Python's str for a byte it could not decode (os.listdir, errors="surrogateescape") has no
    # UTF-8: the message was pybind11's "Unable to cast Python instance of type str to C++ type".
    with pytest.raises(civica.ValidationError,
                       match=rf"^{re.escape(field)}: the text holds the lone surrogate U\+DCFF \(at character {at}\)"):
        make("ab\udcff")


def test_a_row_with_a_date_no_reader_takes_or_an_infinite_score_is_refused_by_add(tmp_path):
    # Such rows were taken, and written by every writer to files civica then refused to open
    # (the dates), or by SQLite and the store but by no text format (the score).
    ds = small_dataset()
    before = ds.copy()
    with pytest.raises(civica.ValidationError,
                       match=r'^organization "old": registered 1899-12-31 is outside the years 1900\.\.2200'):
        ds.add(civica.Organization(id="old", full_name="Старое общество", registered=dt.date(1899, 12, 31)))
    app = ds.applications[0].id
    with pytest.raises(civica.ValidationError, match=r"score inf is not a finite number"):
        ds.add(civica.MonitoringRecord(application=app, checked=dt.date(2020, 12, 1), score=float("inf")))
    assert ds == before
    ds.add(civica.Organization(id="first", full_name="Общество", registered=dt.date(1900, 1, 1)))
    civica.io.write(ds, tmp_path / "x.sqlite")
    assert civica.io.read(tmp_path / "x.sqlite") == ds


def test_set_indicator_and_indicator_lookup():
    ds = small_dataset()
    m = ds.indicator("councils.meetings", 2020)
    assert m.value == 59 and isinstance(m.value, int)
    assert m.qualifier == "exact"
    assert m.unit == "count"
    assert m.source == "report"
    assert ds.indicator("ngo.registered", 2020).qualifier == "more_than"
    rub = ds.indicator("grants.individual.amount", 2020)
    assert rub.unit == "RUB"
    assert rub.value == Decimal("3700000.00") and isinstance(rub.value, Decimal)
    part = ds.indicator("training.participants", 2020, breakdown="Социальное проектирование в НКО")
    assert part.value == 26


def test_set_indicator_replaces_the_same_figure():
    ds = small_dataset()
    n = len(ds.indicators)
    ds.set_indicator("councils.meetings", 2020, 60, qualifier="about")
    assert len(ds.indicators) == n
    assert ds.indicator("councils.meetings", 2020).value == 60
    assert ds.indicator("councils.meetings", 2020).qualifier == "about"


def test_set_indicator_refuses_an_infinite_value_and_the_report_words_a_huge_count():
    """Before, an infinity was taken and failed only when the dataset was written ("infinity
    cannot be written") or came out as "?" in the report; a count of 10**20 vanished from it."""
    ds = small_dataset()
    before = ds.copy()
    for v in (float("inf"), float("-inf"), Decimal("Infinity")):
        with pytest.raises(civica.ValidationError, match=r'indicator "ngo.registered": value -?inf is not a finite number'):
            ds.set_indicator("ngo.registered", 2020, v)
    assert ds == before
    ds.set_indicator("ngo.registered", 2020, 10**20)
    text = civica.report.render(ds, 2020, lang="ru")
    assert "100\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000 некоммерческих" in text, text[:3000]


def test_a_missing_indicator_is_a_key_error_saying_what_there_is():
    ds = small_dataset()
    with pytest.raises(civica.NotFoundError) as info:
        ds.indicator("councils.meetings", 2019)
    assert isinstance(info.value, KeyError)
    assert "2020" in str(info.value)
    assert not str(info.value).startswith("'")  # a message, not a repr of one
    assert ds.find_indicator("councils.meetings", 2019) is None


def test_a_bad_qualifier_is_a_validation_error():
    with pytest.raises(civica.ValidationError, match="more_than"):
        small_dataset().set_indicator("ngo.registered", 2020, 300, qualifier="более")


def test_years_come_from_competitions_meetings_courses_and_indicators():
    assert small_dataset().years() == [2020]


def test_equality_and_copies():
    a = small_dataset()
    b = small_dataset()
    assert a == b
    c = a.copy()
    c.add(civica.Person(id="p-9"))
    assert c != a
    assert a == b


def test_save_and_load_round_trip(tmp_path):
    ds = small_dataset()
    folder = tmp_path / "test-city-2020"
    ds.save(folder)
    assert (folder / "manifest.json").is_file()
    assert (folder / "applications.csv").is_file()
    again = civica.datasets.load(folder)
    assert again == ds
    assert again.applications[0].requested == Decimal("450000.50")
    # A string path works too, and saving again replaces the folder.
    ds.add(civica.Person(id="p-2"))
    ds.save(str(folder))
    assert civica.io.read_dataset_folder(str(folder)) == ds


def test_saving_to_sqlite_works_or_says_it_is_not_available_yet(tmp_path):
    ds = small_dataset()
    if civica.io.sqlite_available:
        ds.save(tmp_path / "x.sqlite")
        assert (tmp_path / "x.sqlite").is_file()
        assert civica.datasets.load(tmp_path / "x.sqlite") == ds
    else:
        with pytest.raises(civica.CivicaError, match="SQLite storage is not available yet"):
            ds.save(tmp_path / "x.sqlite")
        assert not (tmp_path / "x.sqlite").exists()


def test_loading_a_missing_folder_is_an_error():
    with pytest.raises(civica.CivicaError):
        civica.datasets.load("./no-such-folder-here")


def test_a_broken_file_is_a_parse_error_with_its_place(tmp_path):
    folder = tmp_path / "d"
    small_dataset().save(folder)
    text = (folder / "applications.csv").read_text(encoding="utf-8")
    (folder / "applications.csv").write_text(text.replace("450000.50", '"450000,50"'), encoding="utf-8")
    with pytest.raises(civica.ParseError) as info:
        civica.datasets.load(folder)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.file == "applications.csv"
    assert err.line == 2
    assert err.field == "requested"


def test_a_bad_value_of_the_json_form_is_a_parse_error_with_its_path_and_field(tmp_path):
    path = tmp_path / "d.json"
    small_dataset().save(path)
    text = path.read_text(encoding="utf-8")
    assert text.count('"450000.50"') == 1
    path.write_text(text.replace('"450000.50"', '"450000,50"'), encoding="utf-8")
    with pytest.raises(civica.ParseError) as info:
        civica.io.read(path)
    err = info.value
    assert err.file == "d.json" and err.line is None
    assert err.field == "requested"
    assert str(err).startswith("d.json: tables.applications[0].requested: ")


def test_repr_is_constructor_like_with_row_counts():
    text = repr(small_dataset())
    assert text.startswith("Dataset(name='test-city-2020', title='Test city, 2020', territory='km')")
    assert "3 applications" in text and "1 monitoring record" in text
    assert repr(civica.Dataset()) == "Dataset()  # empty"


def test_html_repr_is_a_table_of_row_counts():
    html = small_dataset()._repr_html_()
    assert "<table" in html
    assert "<code>applications</code></td><td>3</td>" in html
    assert "Test city, 2020" in html


def test_saving_releases_the_gil_and_blocks_changes_meanwhile(tmp_path):
    # The main thread keeps running while the save does (the GIL is released), and every
    # attempt to change the dataset meanwhile is refused rather than racing with the writer.
    ds = civica.synth.national(applications=60_000, seed=3)
    _reads_while_adds_are_tried(ds, lambda: ds.save(tmp_path / "big"))
    # Rows added before the save began are in the folder; none added during it.
    saved = civica.io.read_dataset_folder(tmp_path / "big")
    assert len(saved.applications) == len(ds.applications)
    assert len(saved.persons) <= len(ds.persons)


def _reads_while_adds_are_tried(ds, read):
    """Runs ``read()`` on a thread while this one tries to add persons to ``ds``: the adds made
    meanwhile must be refused (BufferError), never race with the read. Gives read's result."""
    refused, done, result = [], [], []

    def run():
        try:
            result.append(read())
        finally:
            done.append(True)

    t = threading.Thread(target=run)
    t.start()
    added = 0
    while not done:
        try:
            ds.add(civica.Person(id=f"extra-{added}-{len(refused)}"))
            added += 1
        except BufferError as e:
            refused.append(e)
    t.join()
    assert result, "the read failed"
    assert refused, "no add was refused while the read ran"
    assert "being read" in str(refused[0])
    return result[0]


@pytest.mark.parametrize("reader", ["report", "report_build", "problems", "parquet", "xlsx"])
def test_every_long_read_of_a_dataset_blocks_changes_meanwhile(tmp_path, reader):
    # The report and the in-memory checks ran without the GIL and without blocking changes (a
    # crash, "corrupted size vs. prev_size"); the Parquet writer wrote tables of two states
    # ("expected length 100246 but got length 100266").
    pytest.importorskip("pyarrow")
    ds = civica.synth.national(applications=60_000, seed=3)
    year = ds.years()[-1]
    reads = {
        "report": lambda: civica.report.render(ds, year),
        "report_build": lambda: civica.report.build(ds, year),
        "problems": lambda: civica.io.problems(ds),
        "parquet": lambda: civica.io.write(ds, tmp_path / "x.parquet"),
        "xlsx": lambda: civica.io.write(ds, tmp_path / "x.xlsx"),
    }
    if reader == "xlsx":
        ds = civica.synth.national(applications=3_000, seed=3)
    _reads_while_adds_are_tried(ds, reads[reader])
    if reader in ("parquet", "xlsx"):
        written = civica.io.read(tmp_path / f"x.{reader}")
        assert len(written.applications) == len(ds.applications)
        assert len(written.persons) <= len(ds.persons)


def test_an_analysis_over_several_engine_calls_sees_one_state_of_the_dataset(monkeypatch):
    # winners_over_time names its repeat winners in a second call: an organisation added by
    # another thread between the two shifted every person onto an organisation's row, and
    # organisations that never applied were named repeat winners.
    import civica.analysis as an

    ds = civica.synth.national(applications=20_000, seed=3)
    expected = an.winners_over_time(ds).attrs["repeat_winners"]
    assert expected
    real = an._a.winners_table
    outcome = []

    def table_then_add(*args):
        t = real(*args)
        # What another thread may do between the two calls.
        def add():
            try:
                ds.add(civica.Organization(id="zz-added-meanwhile", full_name="Добавлена"))
                outcome.append("added")
            except BufferError as e:
                outcome.append(str(e))
        th = threading.Thread(target=add)
        th.start()
        th.join()
        return t

    monkeypatch.setattr(an._a, "winners_table", table_then_add)
    got = an.winners_over_time(ds).attrs["repeat_winners"]
    assert "being read" in outcome[0], outcome
    assert got == expected
    assert "zz-added-meanwhile" not in got


def _add_in_a_forked_child(ds, person_id):
    """What ``ds.add(Person(id=person_id))`` does in a child forked now: b"added", b"refused"
    (BufferError) or the repr of another error."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            ds.add(civica.Person(id=person_id))
            os.write(w, b"added")
        except BufferError:
            os.write(w, b"refused")
        except BaseException as e:  # noqa: BLE001 - reported to the parent
            os.write(w, repr(e).encode()[:200])
        finally:
            os._exit(0)
    os.close(w)
    said = os.read(r, 300)
    os.close(r)
    os.waitpid(pid, 0)
    return said


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_process_forked_while_a_thread_reads_a_dataset_can_change_its_copy():
    # The child copied the count of readers but not the reading thread: its copy refused every
    # add (BufferError) for good.
    ds = civica.datasets.load("khanty-mansiysk-2020")
    reading, release = threading.Event(), threading.Event()

    def read():
        with ds._reading():
            reading.set()
            release.wait()

    t = threading.Thread(target=read)
    t.start()
    reading.wait()
    try:
        with pytest.raises(BufferError):  # the parent's reader is there
            ds.add(civica.Person(id="parent"))
        assert _add_in_a_forked_child(ds, "child") == b"added"  # no reading thread there
        with pytest.raises(BufferError):  # the parent still protects its reader
            ds.add(civica.Person(id="parent"))
    finally:
        release.set()
        t.join()
    ds.add(civica.Person(id="parent"))
    # The read of the thread that forks goes on in the child: it still holds there.
    with ds._reading():
        assert _add_in_a_forked_child(ds, "child-2") == b"refused"


def test_the_info_of_a_dataset_being_read_cannot_be_changed():
    # ds.info is the dataset's own: its fields were set while a report read them.
    ds = civica.datasets.load("khanty-mansiysk-2020")
    with ds._reading():
        for field, value in (("territory", "elsewhere"), ("title", "x"), ("currency", "GBP"), ("synthetic", True)):
            with pytest.raises(BufferError, match="being read"):
                setattr(ds.info, field, value)
        with pytest.raises(BufferError):
            ds.info = ds.info
    ds.info.title = "changed"  # free again
    assert ds.info.title == "changed"
    # A DatasetInfo of no dataset is never blocked.
    civica.DatasetInfo(name="x").title = "y"


def test_group_tables_merged_from_several_threads_sum_exactly():
    # merge() ran without the GIL: four threads merging into one table crashed or lost sums.
    ds = civica.synth.national(applications=20_000, seed=5)
    parts = [civica.pgf.partial(ds) for _ in range(8)]
    total = civica.pgf.partial(ds)
    merged = civica.pgf.partial(ds)

    def merge_all():
        for p in parts:
            merged.merge(p)

    threads = [threading.Thread(target=merge_all) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for _ in range(4):
        for p in parts:
            total.merge(p)
    assert merged.applications == total.applications == 33 * len(ds.applications)
    # The panel of a table while other threads merge into it: read with the GIL held too.
    results = []

    def finish():
        for _ in range(5):
            results.append(civica.pgf.finish(merged, {}))

    threads = [threading.Thread(target=finish)] + [threading.Thread(target=merge_all) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 5


def test_datasets_pickle_through_their_folder_format():
    import pickle

    ds = small_dataset()
    data = pickle.dumps(ds)
    again = pickle.loads(data)
    assert again == ds
    assert again is not ds
    assert ds.copy() == ds


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_rows_datasets_group_tables_and_problems_pickle_under_every_protocol(protocol):
    # Protocols 0 and 1 ended the process ("instance allocation failed"), and a Problem did not
    # pickle at all, so a process pool could not return civica.io.problems' result.
    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    problem = civica.io.Problem(severity="warning", check="invalid_inn", file="organizations.csv", line=3,
                                field="inn", record_id="org-1", message="ИНН: the checksum fails")
    placed = civica.io.Problem(severity="error", check="bad_value", file="grants.json", field="amountAwarded",
                               record_id="G-3", message="grants[2]: …", path="grants[2]")
    for obj in (civica.Person(id="x"), ds.applications[0], ds, problem, placed, ds.info):
        assert pickle.loads(pickle.dumps(obj, protocol=protocol)) == obj, type(obj)
    assert pickle.loads(pickle.dumps(placed, protocol=protocol)).path == "grants[2]"
    table = civica.pgf.partial(ds)
    assert pickle.loads(pickle.dumps(table, protocol=protocol)).applications == table.applications
    # A class that does not pickle says so, under every protocol, and the process goes on.
    for obj in (ds.organizations,):
        with pytest.raises(TypeError):
            pickle.dumps(obj, protocol=protocol)


def test_a_process_pool_returns_the_problems_of_files():
    import multiprocessing

    folder = Path(civica.datasets.path("khanty-mansiysk-2020-synthetic"))
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        [found] = pool.map(civica.io.problems, [str(folder)])
    assert found == civica.io.problems(folder)


def test_a_pickle_of_an_unknown_dataset_version_is_refused():
    blank = civica.Dataset.__new__(civica.Dataset)
    with pytest.raises(civica.CivicaError, match="pickle"):
        blank.__setstate__((99, {}))


def test_tables_slice_into_lists_of_rows():
    apps = small_dataset().applications
    assert [a.id for a in apps[1:]] == ["a-2", "a-3"]
    assert [a.id for a in apps[::-1]] == ["a-3", "a-2", "a-1"]
    assert apps[5:] == []


def test_public_classes_show_the_civica_module():
    assert civica.Dataset.__module__ == "civica"
    assert repr(type(civica.Person())) == "<class 'civica.Person'>"


def test_a_territory_is_resolved_by_the_one_rule_and_a_misspelt_one_names_the_closest():
    import civica

    ds = civica.Dataset(name="my-city-2021", territory="my-city")
    ds.add(civica.Municipality(id="my-city", name="My city"))
    ds.add(civica.Municipality(id="other", name="Other town"))
    assert ds.resolve_territory("My city") == "my-city"
    assert ds.resolve_territory("other") == "other"
    assert ds.resolve_territory() == "my-city"
    with pytest.raises(civica.NotFoundError, match=r'territory "Other twn" is not in dataset "my-city-2021" '
                                                   r'\(did you mean "(Other town|other)"\?\); it has: my-city \(My city\)'):
        ds.resolve_territory("Other twn")


def test_a_money_figure_is_whole_kopecks_and_reads_back_as_the_decimal_given():
    # Decimal("0.125") read back as Decimal("0.13"), and a sum past what a figure holds to the
    # kopeck as a float.
    ds = civica.datasets.load("khanty-mansiysk-2020")
    # Decimal("80000000000000.01") read back as .02: a double of roubles holds every kopeck only
    # below 2^46 roubles.
    for bad in (Decimal("0.125"), 1.255, Decimal("92233720368547758.07"), Decimal("80000000000000.01")):
        with pytest.raises(civica.ValidationError, match='indicator "grants.funds_attracted": value'):
            ds.set_indicator("grants.funds_attracted", 2020, bad)
    for good in (Decimal("0.13"), Decimal("33846800.57"), 50_000_000, Decimal("44112131212945.95"),
                 Decimal("70368744177663.99")):
        ds.set_indicator("grants.funds_attracted", 2020, good)
        assert ds.indicator("grants.funds_attracted", 2020).value == Decimal(good)


def test_a_zero_that_means_unknown_is_na_in_a_dataframe():
    # The published dataset's two courses have no published hours, its Public Chamber term no
    # published size, its Resource Centre no legal form: to_pandas gave real zeros, which
    # df.hours.mean() counted.
    ds = civica.datasets.load("khanty-mansiysk-2020")
    hours = ds.courses.to_pandas()["hours"]
    assert str(hours.dtype) == "Int64" and hours.isna().all() and [c.hours for c in ds.courses] == [0, 0]
    orgs = ds.organizations.to_pandas().set_index("id")
    assert orgs["okopf"].isna()["resource-centre"] and orgs.loc["csi-yugra-foundation", "okopf"] == 70400
    assert ds.membership_terms.to_pandas()["members"].isna().all()
    # The declared dtypes say the same.
    from civica import _pandas

    for table in ("courses", "organizations", "membership_terms"):
        frame = getattr(ds, table).to_pandas()
        assert frame.dtypes.to_dict() == _pandas.dtypes(table), table
    # A known value stays: a course of 16 hours averages as 16.
    ds.add(civica.Course(id="c-16", title="x", hours=16))
    assert ds.courses.to_pandas()["hours"].mean() == 16


def test_sqlite_stores_a_zero_that_means_unknown_as_null_and_reads_it_back(tmp_path):
    # SQLite kept hours, members and okopf of 0 as 0 (hours INTEGER NOT NULL): avg(hours) counted
    # the unknown courses, where every other format leaves them empty.
    import sqlite3

    ds = civica.datasets.load("khanty-mansiysk-2020")
    ds.add(civica.Course(id="c-16", title="x", hours=16))
    path = tmp_path / "city.sqlite"
    civica.io.write(ds, path)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT avg(hours), count(*), count(hours) FROM courses").fetchone() == (16.0, 3, 1)
        assert db.execute("SELECT okopf FROM organizations WHERE id = 'resource-centre'").fetchone() == (None,)
        assert db.execute("SELECT count(members) FROM membership_terms").fetchone() == (0,)
    assert civica.io.read(path) == ds
