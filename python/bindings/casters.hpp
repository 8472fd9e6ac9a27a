#pragma once
// Conversions between civica's value types and Python, shared by every register_<area>.cpp.
//
// Design notes (the Python conventions, also described in docs/python.md):
// - civica::date <-> datetime.date; a missing date (not_a_date_time) <-> None. Loading also
//   accepts datetime.datetime (and pandas.Timestamp, a subclass), keeping the day, and ISO text.
// - civica::money <-> decimal.Decimal in roubles with two decimals (exact). Loading accepts a
//   Decimal, an int (whole roubles) or decimal text ("12.50"); a float is refused because it
//   is not exact. Columns and DataFrames use integer kopecks instead.
// - ids (civica::basic_id<Tag>) <-> str; an empty id <-> None.
// Include this header in every binding file that passes these types: all translation units
// must see the same type_caster specialisations.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "civica/core/date.hpp"
#include "civica/core/ids.hpp"
#include "civica/core/money.hpp"

#include <string>
#include <string_view>

namespace civica::python {
namespace py = pybind11;

/// datetime.date of `d`, or None when `d` is not a date.
py::object date_to_py(const date& d);
/// True when `h` is None, a datetime.date (or datetime) or a str.
bool is_date_like(py::handle h);
/// The date of a datetime.date / datetime.datetime, of ISO text, or not_a_date_time for None.
/// Throws civica::validation_error naming `what` for any other type, parse_error for bad text.
date date_from_py(py::handle h, std::string_view what);

/// decimal.Decimal in roubles with two decimals: money::from_kopecks(370000050) -> Decimal('3700000.50').
py::object money_to_py(money m);
/// An indicator's value as Python gives it: decimal.Decimal when `unit` is a currency (to the
/// kopeck), int when whole, else float (docs/python.md, "Types").
py::object figure_value_to_py(double value, std::string_view unit);
/// True when `h` is a Decimal, an int (not a bool) or a str.
bool is_money_like(py::handle h);
/// Money from a Decimal (at most two decimals), an int of whole roubles or decimal text.
/// Throws civica::validation_error naming `what` (a float, too many decimals, …).
money money_from_py(py::handle h, std::string_view what);

/// repr() of a Python object as a std::string.
std::string py_repr(py::handle h);

/// A str of text from a file or a message that quotes one: UTF-8, with any bytes that are not
/// (a Windows-1251 or Latin-1 file quoted in an error) written as \xNN escapes instead of
/// failing, so that an error about a badly encoded file is still raised as itself.
py::str user_text(std::string_view s);
/// user_text(s), or None when `s` is empty.
py::object none_if_empty(std::string_view s);

/// A text argument as Python gave it, a str or bytes (any other type does not match, as for a
/// std::string argument), turned into text by the function that takes it, so that a str with no
/// UTF-8 (a lone surrogate) is refused in its terms, naming the argument, not by pybind11.
struct text_arg {
    py::object given;
};

}  // namespace civica::python

namespace pybind11::detail {

template <>
struct type_caster<civica::python::text_arg> {
    PYBIND11_TYPE_CASTER(civica::python::text_arg, const_name("str"));
    bool load(handle src, bool) {
        if (!PyUnicode_Check(src.ptr()) && !PyBytes_Check(src.ptr())) return false;
        value.given = reinterpret_borrow<object>(src);
        return true;
    }
};

template <>
struct type_caster<civica::date> {
    PYBIND11_TYPE_CASTER(civica::date, const_name("datetime.date | None"));
    bool load(handle src, bool) {
        if (!civica::python::is_date_like(src)) return false;
        value = civica::python::date_from_py(src, "date");
        return true;
    }
    static handle cast(const civica::date& d, return_value_policy, handle) {
        return civica::python::date_to_py(d).release();
    }
};

template <>
struct type_caster<civica::money> {
    PYBIND11_TYPE_CASTER(civica::money, const_name("decimal.Decimal"));
    bool load(handle src, bool) {
        if (!civica::python::is_money_like(src)) return false;
        value = civica::python::money_from_py(src, "amount");
        return true;
    }
    static handle cast(const civica::money& m, return_value_policy, handle) {
        return civica::python::money_to_py(m).release();
    }
};

template <class Tag>
struct type_caster<civica::basic_id<Tag>> {
    PYBIND11_TYPE_CASTER(civica::basic_id<Tag>, const_name("str | None"));
    bool load(handle src, bool) {
        if (src.is_none()) {
            value = civica::basic_id<Tag>();
            return true;
        }
        if (!PyUnicode_Check(src.ptr())) return false;
        value = civica::basic_id<Tag>(src.cast<std::string>());
        return true;
    }
    static handle cast(const civica::basic_id<Tag>& id, return_value_policy, handle) {
        if (id.empty()) return none().release();
        return str(id.str()).release();
    }
};

}  // namespace pybind11::detail
