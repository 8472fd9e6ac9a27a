// Core value types for Python: dates, money, identifiers, the indicator vocabulary and ОКОПФ
// names. The conversions declared in casters.hpp are defined here.
#include "casters.hpp"

#include <datetime.h>

#include "civica/core/identifiers.hpp"
#include "civica/core/money.hpp"
#include "civica/error.hpp"
#include "civica/model/indicator.hpp"
#include "civica/model/organization.hpp"
#include "civica/text/language.hpp"
#include "civica/text/text.hpp"

#include <climits>
#include <cmath>

namespace py = pybind11;

namespace civica::python {
namespace {

bool datetime_api_ready() {
    if (PyDateTimeAPI == nullptr) {
        PyDateTime_IMPORT;
        if (PyDateTimeAPI == nullptr) throw py::error_already_set();
    }
    return true;
}

const py::object& decimal_class() {
    PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> storage;
    return storage
        .call_once_and_store_result([] { return py::module_::import("decimal").attr("Decimal"); })
        .get_stored();
}

[[noreturn]] void wrong_type(std::string_view what, py::handle h, std::string_view expected) {
    throw py::type_error(std::string(what) + ": expected " + std::string(expected) + ", got " +
                         std::string(py::str(py::type::handle_of(h).attr("__name__"))) + " " +
                         py_repr(h));
}

}  // namespace

std::string py_repr(py::handle h) { return std::string(py::repr(h)); }

py::str user_text(std::string_view s) {
    PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "backslashreplace");
    if (o == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(o);
}

py::object none_if_empty(std::string_view s) {
    return s.empty() ? py::object(py::none()) : py::object(user_text(s));
}

py::object date_to_py(const date& d) {
    if (d.is_special()) return py::none();
    datetime_api_ready();
    PyObject* o = PyDate_FromDate(static_cast<int>(d.year()), static_cast<int>(d.month()),
                                  static_cast<int>(d.day()));
    if (o == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(o);
}

namespace {

// numpy.datetime64, which a numpy view of a date column and numpy arrays give.
bool is_numpy_datetime(py::handle h) { return std::string_view(Py_TYPE(h.ptr())->tp_name) == "numpy.datetime64"; }

// A value unequal to itself: pandas.NaT (a datetime.datetime), which pandas gives for an unknown date.
bool is_not_a_time(py::handle h) {
    PyObject* ne = PyObject_RichCompare(h.ptr(), h.ptr(), Py_NE);
    if (ne == nullptr) {
        PyErr_Clear();
        return false;
    }
    const int yes = PyObject_IsTrue(ne);
    Py_DECREF(ne);
    if (yes < 0) PyErr_Clear();
    return yes == 1;
}

// An integer other than a bool that is no Python int: numpy's integers (numpy.int64 of a column;
// numpy's bool is "numpy.bool" in numpy 2, "numpy.bool_" before).
bool is_other_integer(py::handle h) {
    const std::string_view type = Py_TYPE(h.ptr())->tp_name;
    return !PyLong_Check(h.ptr()) && !PyBool_Check(h.ptr()) && PyIndex_Check(h.ptr()) && type != "numpy.bool" &&
           type != "numpy.bool_";
}

}  // namespace

bool is_date_like(py::handle h) {
    datetime_api_ready();
    return h.is_none() || PyDate_Check(h.ptr()) || PyUnicode_Check(h.ptr()) || is_numpy_datetime(h);
}

date date_from_py(py::handle h, std::string_view what) {
    datetime_api_ready();
    if (h.is_none()) return date();
    if (is_numpy_datetime(h)) {
        // Its day as datetime.date, None for NaT; an int for a day past datetime's years 1..9999
        // (or numpy's OverflowError, for a unit too fine to hold one: ps, fs, as).
        py::object day;
        try {
            day = h.attr("astype")("datetime64[D]").attr("item")();
        } catch (const py::error_already_set&) {
            throw validation_error(std::string(what) + ": " + py_repr(h) + " cannot be read as a day");
        }
        if (day.is_none() || PyDate_Check(day.ptr())) return date_from_py(day, what);
        throw validation_error(std::string(what) + ": " + py_repr(h) +
                               " is outside the years civica handles (1400-9999)");
    }
    if (PyDate_Check(h.ptr())) {
        if (is_not_a_time(h)) return date();  // pandas.NaT: unknown, as None
        // datetime.datetime (and pandas.Timestamp) are subclasses: the day is kept.
        const int y = PyDateTime_GET_YEAR(h.ptr());
        const int mo = PyDateTime_GET_MONTH(h.ptr());
        const int d = PyDateTime_GET_DAY(h.ptr());
        try {
            return date(static_cast<unsigned short>(y), static_cast<unsigned short>(mo),
                        static_cast<unsigned short>(d));
        } catch (const std::out_of_range&) {
            throw validation_error(std::string(what) + ": " + py_repr(h) +
                                   " is outside the years civica handles (1400-9999)");
        }
    }
    if (PyUnicode_Check(h.ptr())) {
        const auto text = h.cast<std::string>();
        try {
            return parse_date(text);
        } catch (const parse_error& e) {
            throw parse_error(std::string(what) + ": " + e.what());
        }
    }
    wrong_type(what, h, "a datetime.date, ISO text 'YYYY-MM-DD' or None");
}

py::object money_to_py(money m) { return decimal_class()(m.to_string()); }

py::object figure_value_to_py(double v, std::string_view unit) {
    if (is_currency_code(unit) && std::isfinite(v) && std::fabs(v) < 9.0e16)
        return money_to_py(money::nearest(v));
    if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 9007199254740992.0)
        return py::int_(static_cast<long long>(v));
    return py::float_(v);
}

bool is_money_like(py::handle h) {
    if (PyBool_Check(h.ptr())) return false;
    return PyLong_Check(h.ptr()) || PyUnicode_Check(h.ptr()) || py::isinstance(h, decimal_class());
}

money money_from_py(py::handle h, std::string_view what) {
    const std::string name(what);
    if (PyBool_Check(h.ptr())) wrong_type(what, h, "an amount (Decimal, int roubles or text)");
    if (is_other_integer(h))
        // Every numpy integer civica gives for money is kopecks (*_kopecks columns, numpy views):
        // taken as whole roubles it would be a hundred times the amount, without a word.
        throw py::type_error(name + ": a numpy integer (" + py_repr(h) +
                             ") is not taken as an amount: civica's money columns and views hold kopecks; give "
                             "Decimal(int(value)) / 100 for kopecks, or int(value) for whole roubles");
    if (PyLong_Check(h.ptr())) {
        int overflow = 0;
        const long long rubles = PyLong_AsLongLongAndOverflow(h.ptr(), &overflow);
        if (overflow != 0)
            throw validation_error(name + ": " + py_repr(h) + " roubles is too large an amount");
        return money::from_rubles(rubles);
    }
    if (PyUnicode_Check(h.ptr())) {
        try {
            return money::parse(h.cast<std::string>());
        } catch (const parse_error& e) {
            throw parse_error(name + ": " + e.what());
        }
    }
    if (py::isinstance(h, decimal_class())) {
        const py::object d = py::reinterpret_borrow<py::object>(h);
        if (!d.attr("is_finite")().cast<bool>())
            throw validation_error(name + ": " + py_repr(h) + " is not an amount");
        const py::object k = d.attr("scaleb")(2);
        if (!k.equal(k.attr("to_integral_value")()))
            throw validation_error(name + ": " + py_repr(h) +
                                   " has more than two decimals (money is kept in whole kopecks)");
        const py::object as_int = py::int_(k);
        int overflow = 0;
        const long long kopecks = PyLong_AsLongLongAndOverflow(as_int.ptr(), &overflow);
        if (overflow != 0 || kopecks == LLONG_MIN)
            throw validation_error(name + ": " + py_repr(h) + " is too large an amount");
        return money::from_kopecks(kopecks);
    }
    if (PyFloat_Check(h.ptr()))
        throw py::type_error(name + ": " + py_repr(h) +
                             " is a float, which is not exact; pass a decimal.Decimal, text such "
                             "as '12.50', or whole roubles as an int");
    wrong_type(what, h, "an amount (decimal.Decimal, int roubles or text such as '12.50')");
}

void register_core(py::module_& m) {
    datetime_api_ready();

    py::module_ ids = m.def_submodule(
        "ids", "Checks of Russian registration identifiers (INN, OGRN, OGRNIP, KPP).");
    ids.def("is_valid_inn", [](std::string_view s) { return civica::ids::is_valid_inn(s); },
            py::arg("inn"),
            "True when `inn` is a valid INN: 10 digits (organisation) or 12 (individual) with\n"
            "correct check digits.\n\n    >>> is_valid_inn('7707083893')\n    True");
    ids.def("is_valid_inn10", [](std::string_view s) { return civica::ids::is_valid_inn10(s); },
            py::arg("inn"), "True when `inn` is a valid 10-digit organisation INN.");
    ids.def("is_valid_inn12", [](std::string_view s) { return civica::ids::is_valid_inn12(s); },
            py::arg("inn"), "True when `inn` is a valid 12-digit individual INN.");
    ids.def("is_valid_ogrn", [](std::string_view s) { return civica::ids::is_valid_ogrn(s); },
            py::arg("ogrn"), "True when `ogrn` is a 13-digit OGRN with a correct check digit.");
    ids.def("is_valid_ogrnip", [](std::string_view s) { return civica::ids::is_valid_ogrnip(s); },
            py::arg("ogrnip"),
            "True when `ogrnip` is a 15-digit OGRNIP with a correct check digit\n"
            "(first 14 digits mod 13, then mod 10).");
    ids.def("is_valid_kpp", [](std::string_view s) { return civica::ids::is_valid_kpp(s); },
            py::arg("kpp"),
            "True when `kpp` is a well-formed KPP: 4 digits, 2 digits or capital Latin letters,\n"
            "3 digits.");
    ids.def("inn_problem",
            [](std::string_view s) { return none_if_empty(civica::ids::inn_problem(s)); },
            py::arg("inn"), "Why `inn` is not a valid INN, or None when it is valid.");
    ids.def("ogrn_problem",
            [](std::string_view s) { return none_if_empty(civica::ids::ogrn_problem(s)); },
            py::arg("ogrn"),
            "Why `ogrn` is not a valid OGRN (13 digits) or OGRNIP (15 digits), or None when valid.");
    ids.def("kpp_problem",
            [](std::string_view s) { return none_if_empty(civica::ids::kpp_problem(s)); },
            py::arg("kpp"), "Why `kpp` is not a valid KPP, or None when it is valid.");

    m.def(
        "known_indicator_keys",
        [] {
            py::list out;
            for (const auto& k : known_indicator_keys())
                out.append(py::make_tuple(std::string(k.key), std::string(k.unit),
                                          std::string(k.description)));
            return out;
        },
        "The indicator keys civica knows, as (key, unit, description) tuples.");
    m.def(
        "default_unit",
        [](std::string_view key) -> py::object {
            const auto u = default_unit(key);
            if (u.empty()) return py::none();
            return py::str(std::string(u));
        },
        py::arg("key"), "The unit of a known indicator key ('count', 'RUB', 'rank'), or None.");
    m.def(
        "sphere_codes",
        [] {
            py::list out;
            for (const auto& s : sphere_codes())
                out.append(py::make_tuple(std::string(s.code), std::string(s.description)));
            return out;
        },
        "The codes organisations' spheres of activity may take, as (code, description) tuples\n"
        "(docs/dataset-format.md, 'Sphere codes'); any other sphere is a validation error.");
    m.def(
        "okopf_name",
        [](int code, bool english) -> py::object {
            const auto n = okopf_name(code, english);
            if (n.empty()) return py::none();
            return py::str(std::string(n));
        },
        py::arg("code"), py::kw_only(), py::arg("english") = false,
        "The name of a non-profit ОКОПФ legal-form code (71400 -> 'автономная некоммерческая\n"
        "организация'), or None for a code civica does not know.");

    m.def(
        "parse_day",
        [](const std::string& text) { return date_to_py(from_day_number(parse_day_number_or_russian(text))); },
        py::arg("text"),
        "The date written as YYYY-MM-DD or day first as DD.MM.YYYY (the form a Russian spreadsheet\n"
        "saves), by the rule every civica reader applies; ParseError naming the rule broken.");

    m.def(
        "parse_money",
        [](const std::string& text) { return money_to_py(civica::text::parse_money_lenient(text)); },
        py::arg("text"),
        "An amount as Russian documents write it (\"3 000 000\", \"12 345,67 руб.\", \"3,7 млн\") as an\n"
        "exact Decimal, by civica::text::parse_money_lenient; ParseError naming the rule broken.");

    // The one rule of a language's name (civica/text/language.hpp): "ru" or "en" for any name it takes.
    m.def(
        "language_code",
        [](const std::string& name) { return std::string(civica::text::to_string(civica::text::parse_language(name))); },
        py::arg("name"));

    // Kept for tests of the conversions and for other binding files' users.
    m.def("_money_roundtrip", [](py::handle h) { return money_to_py(money_from_py(h, "amount")); });
    m.def("_date_roundtrip", [](py::handle h) { return date_to_py(date_from_py(h, "date")); });
}

}  // namespace civica::python
