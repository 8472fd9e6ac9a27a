"""numpy views of the columnar tables: no copy, read-only, alive as long as they are used."""

from __future__ import annotations

import gc

import numpy as np
import pytest

civica = pytest.importorskip("civica")

from conftest import small_dataset


def test_money_columns_are_int64_kopecks_worked_out_by_hand():
    ds = small_dataset()
    requested = ds.applications.column("requested_kopecks")
    assert requested.dtype == np.int64
    # 450 000.50 roubles, 1 200 000 roubles, 50 000 roubles.
    assert requested.tolist() == [45_000_050, 120_000_000, 5_000_000]
    awarded = ds.applications.column("awarded_kopecks")
    assert awarded[0] == 40_000_000 and awarded[2] == 5_000_000
    assert awarded[1] == np.iinfo(np.int64).min  # a rejected application has no award


def test_day_columns_are_datetime64_days_with_nat_for_unknown():
    ds = small_dataset()
    submitted = ds.applications.column("submitted")
    assert submitted.dtype == np.dtype("datetime64[D]")
    assert submitted[0] == np.datetime64("2020-03-01")
    assert np.isnat(submitted[1])
    assert submitted[2] == np.datetime64("2020-03-10")
    # Day numbers are days since 1970-01-01: 2020-03-01 is day 18322.
    assert submitted.view(np.int64)[0] == (np.datetime64("2020-03-01") - np.datetime64("1970-01-01")).astype(int)


def test_two_views_of_a_column_share_the_dataset_memory():
    ds = small_dataset()
    a = ds.applications.column("requested_kopecks")
    b = ds.applications.column("requested_kopecks")
    assert a is not b
    assert np.shares_memory(a, b)
    assert a.ctypes.data == b.ctypes.data
    assert not a.flags.owndata


def test_a_view_is_read_only():
    col = small_dataset().applications.column("requested_kopecks")
    assert not col.flags.writeable
    with pytest.raises(ValueError):
        col[0] = 1


def test_a_view_keeps_the_dataset_alive_after_del():
    ds = small_dataset()
    col = ds.applications.column("requested_kopecks")
    owner = col.base
    assert type(owner).__name__ == "_ColumnOwner"
    assert owner.dataset is ds
    del ds, owner
    gc.collect()
    # Allocate and free memory so that a dangling view would likely read garbage.
    junk = [small_dataset() for _ in range(5)]
    del junk
    assert col.tolist() == [45_000_050, 120_000_000, 5_000_000]
    assert col.base.dataset.applications[0].id == "a-1"


def test_slices_of_a_view_keep_the_dataset_alive_too():
    col = small_dataset().applications.column("requested_kopecks")[1:]
    gc.collect()
    assert col.tolist() == [120_000_000, 5_000_000]


def test_rows_cannot_be_added_while_a_view_is_alive():
    ds = small_dataset()
    col = ds.applications.column("requested_kopecks")
    extra = civica.Application(id="a-4", competition="c-2020", applicant="org-1", requested=1)
    with pytest.raises(BufferError, match="numpy view"):
        ds.add(extra)
    assert len(ds.applications) == 3
    # Other tables are not affected.
    ds.add(civica.Person(id="p-2"))
    kept = np.array(col)  # a copy survives the release of the view
    del col
    gc.collect()
    ds.add(extra)
    assert len(ds.applications) == 4
    assert kept.tolist() == [45_000_050, 120_000_000, 5_000_000]


def test_codes_and_dictionaries_give_back_the_text():
    ds = small_dataset()
    apps = ds.applications
    codes = apps.column("title")
    assert codes.dtype == np.int32
    titles = apps.dictionary("title")
    assert [titles[c] for c in codes] == [apps[i].title for i in range(len(apps))]
    status = apps.column("status")
    names = apps.dictionary("status")
    assert [names[c] for c in status] == ["winner", "rejected", "winner"]
    competitions = apps.dictionary("competition")
    assert [competitions[r] for r in apps.column("competition")] == ["c-2020"] * 3


def test_reference_columns_are_row_numbers_with_minus_one_for_none():
    ds = small_dataset()
    org = ds.enrolments.column("organization")
    person = ds.enrolments.column("person")
    assert org.dtype == np.int32
    assert org.tolist() == [1, -1]  # org-2 is the second organisation
    assert person.tolist() == [-1, 0]
    assert ds.enrolments.column("participants").tolist() == [3, 1]
    assert ds.enrolments.column("completed").tolist() == [True, False]


def test_every_listed_column_of_every_columnar_table_can_be_viewed():
    ds = small_dataset()
    for name in ("applications", "enrolments", "agenda_questions", "services"):
        table = getattr(ds, name)
        assert isinstance(table, civica.ColumnarTable)
        for column in table.column_names:
            arr = table.column(column)
            assert len(arr) == len(table), (name, column)


def test_an_unknown_column_names_the_columns_there_are():
    with pytest.raises(civica.NotFoundError, match="requested_kopecks"):
        small_dataset().applications.column("requested")
    with pytest.raises(KeyError):
        small_dataset().services.column("nope")


def test_value_columns_have_no_dictionary():
    with pytest.raises(ValueError, match="no dictionary"):
        small_dataset().applications.dictionary("requested_kopecks")


def test_an_empty_table_gives_empty_views():
    ds = civica.Dataset()
    col = ds.applications.column("requested_kopecks")
    assert col.shape == (0,)
    assert col.dtype == np.int64


def test_large_synthetic_columns_are_views_not_copies():
    ds = civica.synth.national(applications=20_000, seed=1)
    col = ds.applications.column("requested_kopecks")
    assert len(col) == len(ds.applications) > 10_000
    assert np.shares_memory(col, ds.applications.column("requested_kopecks"))
    frame = ds.applications.to_pandas()
    assert int(frame["requested_kopecks"].sum()) == int(col.sum())
