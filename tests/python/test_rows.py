"""Row classes: keyword constructors, attributes, constructor-like repr, equality, money and
date conversions, pickling."""

from __future__ import annotations

import copy
import datetime
import datetime as dt
import pickle
from decimal import Decimal

import pytest

civica = pytest.importorskip("civica")

from conftest import small_dataset

ROW_CLASSES = [
    civica.Municipality, civica.Organization, civica.Person, civica.GrantOperator,
    civica.Programme, civica.Competition, civica.Application, civica.Course, civica.Enrolment,
    civica.CollegialBody, civica.MembershipTerm, civica.Meeting, civica.AgendaQuestion,
    civica.SupportService, civica.MonitoringRecord, civica.Indicator,
]

EVAL_NAMESPACE = {cls.__name__: cls for cls in ROW_CLASSES}
EVAL_NAMESPACE.update({"Decimal": Decimal, "datetime": datetime})


def every_row(ds):
    for name in ds.table_names:
        yield from getattr(ds, name)


def test_every_table_of_the_small_dataset_has_rows():
    ds = small_dataset()
    assert all(n > 0 for n in ds.row_counts().values()), ds.row_counts()


@pytest.mark.parametrize("cls", ROW_CLASSES, ids=lambda c: c.__name__)
def test_a_default_row_repr_evaluates_to_an_equal_row(cls):
    row = cls()
    assert eval(repr(row), EVAL_NAMESPACE) == row


def test_every_row_of_a_dataset_survives_eval_of_its_repr():
    rows = list(every_row(small_dataset()))
    assert len(rows) > 25
    for row in rows:
        text = repr(row)
        assert text.startswith(type(row).__name__ + "(")
        assert eval(text, EVAL_NAMESPACE) == row, text


def test_repr_shows_the_fields_that_differ_from_their_defaults():
    app = civica.Application(id="a-1", requested=Decimal("12.50"), status="winner",
                             awarded=Decimal("12.50"), submitted=dt.date(2020, 3, 1))
    assert repr(app) == ("Application(id='a-1', requested=Decimal('12.50'), "
                         "submitted=datetime.date(2020, 3, 1), status='winner', "
                         "awarded=Decimal('12.50'))")


def test_keyword_constructor_sets_attributes_of_every_kind():
    org = civica.Organization(id="org-1", full_name="АНО «Первая»", okopf=71400,
                              registered=dt.date(2015, 3, 1), spheres=["culture", "sport"],
                              socially_oriented=True, municipality="km")
    assert org.id == "org-1"
    assert org.full_name == "АНО «Первая»"
    assert org.okopf == 71400
    assert org.registered == dt.date(2015, 3, 1)
    assert org.spheres == ["culture", "sport"]
    assert org.socially_oriented is True
    assert org.public_association is False
    assert org.nonprofit is True  # the default: most organisations in civica are NGOs
    assert org.municipality == "km"
    assert org.kpp == ""


def test_empty_ids_and_missing_dates_read_as_none():
    org = civica.Organization(id="org-1")
    assert org.municipality is None
    assert org.registered is None
    app = civica.Application(id="a")
    assert app.awarded is None
    assert app.submitted is None
    assert app.implementation_end is None


def test_attributes_can_be_set_and_are_checked():
    app = civica.Application(id="a")
    app.status = "winner"
    assert app.status == "winner"
    with pytest.raises(ValueError, match="application status"):
        app.status = "won"
    with pytest.raises(TypeError):
        app.title = 5
    app.submitted = "2020-03-01"
    assert app.submitted == dt.date(2020, 3, 1)
    app.submitted = dt.datetime(2020, 3, 2, 15, 30)
    assert app.submitted == dt.date(2020, 3, 2)
    with pytest.raises(civica.ParseError):
        app.submitted = "2021-02-30"


def test_unknown_keyword_is_a_type_error_naming_the_fields():
    with pytest.raises(TypeError, match="unexpected keyword argument 'nmae'.*name"):
        civica.Person(id="p", nmae="x")


def test_positional_arguments_are_refused():
    with pytest.raises(TypeError):
        civica.Person("p")  # type: ignore[misc]


def test_money_is_decimal_roubles_and_never_a_float():
    app = civica.Application(id="a", requested=Decimal("3700000.5"), cofunding=1250)
    assert app.requested == Decimal("3700000.50")
    assert isinstance(app.requested, Decimal)
    assert str(app.requested) == "3700000.50"
    assert app.cofunding == Decimal("1250.00")
    app.requested = "12.07"
    assert app.requested == Decimal("12.07")
    with pytest.raises(TypeError, match="float"):
        app.requested = 12.5
    with pytest.raises(civica.ValidationError, match="two decimals"):
        app.requested = Decimal("0.001")
    with pytest.raises(ValueError):
        app.requested = "12,5"
    with pytest.raises(TypeError):
        app.requested = True


def test_money_keeps_every_kopeck_of_large_amounts():
    # 2**53 + 1 kopecks cannot be held by a float; the amount must come back exact.
    kopecks = 2**53 + 1
    amount = Decimal(kopecks).scaleb(-2)
    app = civica.Application(id="a", requested=amount)
    assert app.requested == amount
    assert int(app.requested.scaleb(2)) == kopecks


def test_indicator_values_are_int_float_or_decimal_for_roubles():
    assert civica.Indicator(key="councils.meetings", year=2020, value=59, unit="count").value == 59
    assert isinstance(civica.Indicator(key="k", year=2020, value=59.0, unit="count").value, int)
    share = civica.Indicator(key="k", year=2020, value=0.25, unit="share").value
    assert isinstance(share, float) and share == 0.25
    rub = civica.Indicator(key="grants.individual.amount", year=2020, value=Decimal(3700000), unit="RUB")
    assert rub.value == Decimal("3700000.00")
    assert isinstance(rub.value, Decimal)


def test_equality_compares_every_field():
    a = civica.Meeting(id="m", body="b", held=dt.date(2020, 1, 2))
    b = civica.Meeting(id="m", body="b", held=dt.date(2020, 1, 2))
    assert a == b
    assert a != b.replace(format="remote")
    assert a != "m"
    with pytest.raises(TypeError):
        hash(a)


def test_replace_returns_a_changed_copy():
    a = civica.Course(id="c", title="T", hours=10)
    b = a.replace(hours=20)
    assert (a.hours, b.hours) == (10, 20)
    assert b.title == "T"


def test_to_dict_lists_fields_in_constructor_order():
    d = civica.Person(id="p", municipality="km").to_dict()
    assert d == {"id": "p", "municipality": "km", "display_name": ""}
    assert tuple(d) == civica.Person._fields


def test_rows_pickle_and_copy():
    for row in every_row(small_dataset()):
        assert pickle.loads(pickle.dumps(row)) == row
        assert copy.copy(row) == row
        assert copy.deepcopy(row) == row


def test_a_pickle_of_an_unknown_version_is_refused():
    blank = civica.Person.__new__(civica.Person)
    with pytest.raises(civica.ValidationError, match="pickle"):
        blank.__setstate__((99, {"id": "p"}))


def test_row_objects_are_copies_of_the_dataset_rows():
    ds = small_dataset()
    org = ds.organizations[0]
    org.full_name = "changed"
    assert ds.organizations[0].full_name == "АНО «Первая»"


def test_an_indicator_reads_as_text_with_its_qualifier():
    ind = civica.Indicator(key="ngo.registered", year=2020, value=300, qualifier="more_than", unit="count")
    assert str(ind) == "ngo.registered 2020: more than 300 count"
    rub = civica.Indicator(key="grants.individual.amount", year=2020, territory="km",
                           value=Decimal(3700000), unit="RUB")
    assert str(rub) == "grants.individual.amount (km) 2020: 3700000.00 RUB"
