"""civica keeps facts derived from a dataset's rows between analysis calls; a change of the
dataset after a call must show in the next call. Checked against the same call on a dataset
built afresh with the same rows."""
from __future__ import annotations

import civica
from civica import analysis as A

from conftest import small_dataset


def _outcomes(ds):
    t = A.grant_outcomes(ds, ["year", "municipality"])
    return t[["year", "municipality", "applications", "winners", "awarded_minor"]].to_dict("records")


def test_rows_added_after_a_call_are_seen_by_the_next_call():
    ds = small_dataset()
    before = _outcomes(ds)
    assert A.winners_over_time(ds)["winners"].tolist() == [2]
    A.ranking(ds, "municipality", "winners")
    A.recipient_concentration(ds)

    ds.add(civica.Municipality(id="sg", name="Сургут", region="Югра", population={2020: 300000}))
    ds.add(civica.Organization(id="org-9", full_name="АНО «Девятая»", municipality="sg"))
    ds.add(civica.Application(id="a-9", competition="c-2020", applicant="org-9", title="Новый проект",
                              requested=70000, status="winner", awarded=70000))

    after = _outcomes(ds)
    assert after != before
    new = [r for r in after if r["municipality"] == "sg"]
    assert new == [{"year": 2020, "municipality": "sg", "applications": 1, "winners": 1, "awarded_minor": 7000000}]
    assert A.winners_over_time(ds)["winners"].tolist() == [3]
    assert "sg" in A.ranking(ds, "municipality", "winners")["key"].tolist()
    assert int(A.recipient_concentration(ds)["recipients"]) == 3

    # The same rows in a dataset that was never analysed give the same answers.
    fresh = small_dataset()
    fresh.add(civica.Municipality(id="sg", name="Сургут", region="Югра", population={2020: 300000}))
    fresh.add(civica.Organization(id="org-9", full_name="АНО «Девятая»", municipality="sg"))
    fresh.add(civica.Application(id="a-9", competition="c-2020", applicant="org-9", title="Новый проект",
                                 requested=70000, status="winner", awarded=70000))
    assert _outcomes(fresh) == after
    assert A.ranking(fresh, "region", "awarded").to_dict("records") == \
        A.ranking(ds, "region", "awarded").to_dict("records")


def test_repeat_winners_are_a_tuple_shared_by_the_frames_made_from_the_table():
    ds = civica.synth.national(applications=20_000, seed=3)
    w = A.winners_over_time(ds)
    ids = w.attrs["repeat_winners"]
    assert isinstance(ids, tuple) and len(ids) > 0
    assert list(ids) == sorted(ids)  # organisations' ids, in order
    col = w["winning_applicants"]  # pandas copies attrs into the column's Series
    assert col.attrs["repeat_winners"] == ids
    assert len(w.attrs["repeat_winner_kinds"]) == len(ids)
