"""civica.ids against the test vectors of DOMAIN.md section 3."""

from __future__ import annotations

import pytest

civica = pytest.importorskip("civica")
from civica import ids

VALID_INN = ["7707083893", "0108003670", "0273074555", "7709442668", "8614008550", "8906008726",
             "1234567894", "526317984689", "005826107187", "123456789047"]
VALID_OGRN = ["1027700132195", "1027739244741", "1022200525819", "1022500001325",
              "1027739552642", "1037739010891", "1027700220624"]
VALID_OGRNIP = ["304500116000157", "312502904600034", "385768585948949"]


@pytest.mark.parametrize("inn", VALID_INN)
def test_valid_inn(inn):
    assert ids.is_valid_inn(inn)
    assert ids.inn_problem(inn) is None


@pytest.mark.parametrize("inn", ["1234567895", "123456789037", "770708389", "77070838931",
                                 "77070838a3", ""])
def test_invalid_inn(inn):
    assert not ids.is_valid_inn(inn)
    assert isinstance(ids.inn_problem(inn), str)


def test_inn_lengths_are_told_apart():
    assert ids.is_valid_inn10("7707083893") and not ids.is_valid_inn12("7707083893")
    assert ids.is_valid_inn12("526317984689") and not ids.is_valid_inn10("526317984689")


def test_a_wrong_check_digit_is_explained():
    problem = ids.inn_problem("1234567895")
    assert "5" in problem and "4" in problem  # the digit found and the one expected


@pytest.mark.parametrize("ogrn", VALID_OGRN)
def test_valid_ogrn(ogrn):
    assert ids.is_valid_ogrn(ogrn)
    assert ids.ogrn_problem(ogrn) is None


@pytest.mark.parametrize("ogrn", ["1027739244742", "1022500001328", "102773924474"])
def test_invalid_ogrn(ogrn):
    assert not ids.is_valid_ogrn(ogrn)
    assert ids.ogrn_problem(ogrn)


@pytest.mark.parametrize("ogrnip", VALID_OGRNIP)
def test_valid_ogrnip(ogrnip):
    assert ids.is_valid_ogrnip(ogrnip)
    assert not ids.is_valid_ogrn(ogrnip)


def test_invalid_ogrnip():
    assert not ids.is_valid_ogrnip("304500116000158")


def test_ogrnip_check_digit_takes_the_final_mod_10():
    # A body whose remainder mod 13 is 11 has check digit 1 (11 mod 10); a validator that
    # forgets the final mod 10 would reject every such number.
    body = next(b for b in (str(30450011600000 + k) for k in range(13)) if int(b) % 13 == 11)
    assert ids.is_valid_ogrnip(body + "1")
    assert not ids.is_valid_ogrnip(body + "0")


@pytest.mark.parametrize("kpp, ok", [("770701001", True), ("7707AB001", True), ("7707ab001", False),
                                     ("77070100", False), ("77070100A", False)])
def test_kpp(kpp, ok):
    assert ids.is_valid_kpp(kpp) is ok
    assert (ids.kpp_problem(kpp) is None) is ok


@pytest.mark.parametrize("function, name", [
    ("is_valid_inn", "inn"), ("is_valid_inn10", "inn"), ("is_valid_inn12", "inn"), ("inn_problem", "inn"),
    ("is_valid_ogrn", "ogrn"), ("is_valid_ogrnip", "ogrnip"), ("ogrn_problem", "ogrn"),
    ("is_valid_kpp", "kpp"), ("kpp_problem", "kpp"),
])
@pytest.mark.parametrize("given, kind", [(7707083893, "int"), (b"7707083893", "bytes"), (None, "NoneType"),
                                         (7707083893.0, "float")])
def test_an_identifier_that_is_not_text_is_a_type_error_naming_it(function, name, given, kind):
    # An identifier is text (an INN may start with 0, which a number drops): a number was
    # pybind11's "incompatible function arguments", and bytes were read as the digits.
    with pytest.raises(TypeError, match=rf"^{function}: {name} must be text \(str\), not {kind}$"):
        getattr(ids, function)(given)


def test_an_identifier_given_as_a_str_subclass_is_text():
    class Code(str):
        pass

    assert ids.is_valid_inn(Code("7707083893")) and ids.inn_problem(Code("1234567895")) is not None
