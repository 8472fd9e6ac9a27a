// The dataset model for Python: row classes, civica.Dataset and its tables.
//
// Design notes:
// - Row objects (Organization, Application, …) are copies: reading ds.applications[3] builds
//   an Application from the columns, and changing it does not change the dataset.
// - Money on row objects is decimal.Decimal roubles; in columns and DataFrames it is integer
//   kopecks (`*_kopecks`). Indicator values are int/float, or Decimal when the unit is RUB.
// - Table.column() returns numpy arrays that point into the dataset's own column vectors. The
//   array's base is a _ColumnOwner that holds the Dataset, so the memory lives as long as
//   the array; while any such view is alive, rows cannot be added to that table (see
//   dataset_access.hpp).
#include "casters.hpp"
#include "dataset_access.hpp"
#include "row_fields.hpp"

#include <pybind11/numpy.h>

#include "civica/error.hpp"
#include "civica/model/dataset.hpp"
#include "civica/model/schema.hpp"
#include "civica/report/render.hpp"
#include "civica/text/escape.hpp"
#include "civica/text/text.hpp"

#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <thread>
#include <unordered_map>

namespace py = pybind11;

namespace civica::python {

// ============================================================ access guards

namespace {

struct access_state {
    int readers = 0;
    std::array<int, 4> views{};
    // The readers by thread, for a fork (_forget_readers_after_fork): the child has the forking
    // thread alone.
    std::unordered_map<std::thread::id, int> reader_threads;
};

// Leaked on purpose: it may be used while the interpreter shuts down.
std::unordered_map<const dataset*, access_state>& access_states() {
    static auto* states = new std::unordered_map<const dataset*, access_state>();
    return *states;
}

void forget_if_idle(const dataset* ds) {
    auto it = access_states().find(ds);
    if (it == access_states().end()) return;
    const auto& s = it->second;
    if (s.readers == 0 && s.views == std::array<int, 4>{}) access_states().erase(it);
}

const char* const columnar_names[4] = {"applications", "enrolments", "agenda_questions", "services"};

}  // namespace

reading_guard::reading_guard(const dataset& ds) : ds_(&ds) {
    auto& s = access_states()[ds_];
    ++s.readers;
    ++s.reader_threads[std::this_thread::get_id()];
}

reading_guard::~reading_guard() {
    auto it = access_states().find(ds_);
    if (it != access_states().end()) {
        auto& s = it->second;
        if (s.readers > 0) --s.readers;
        if (auto t = s.reader_threads.find(std::this_thread::get_id()); t != s.reader_threads.end() && --t->second <= 0)
            s.reader_threads.erase(t);
    }
    forget_if_idle(ds_);
}

void check_mutable(const dataset& ds, const char* what, int columnar) {
    auto it = access_states().find(&ds);
    if (it == access_states().end()) return;
    if (it->second.readers > 0)
        throw py::buffer_error(std::string("cannot ") + what +
                               ": the dataset is being read by another thread (saving or an "
                               "analysis); try again when that has finished");
    if (columnar >= 0 && it->second.views[static_cast<std::size_t>(columnar)] > 0)
        throw py::buffer_error(
            std::string("cannot ") + what + ": " +
            std::to_string(it->second.views[static_cast<std::size_t>(columnar)]) +
            " numpy view(s) of the " + columnar_names[columnar] +
            " columns are alive (from Table.column()); delete them, or keep a copy made with "
            "numpy.array(view), before adding rows");
}

namespace {

/// Refuses a change of `info` while the dataset it belongs to (ds.info gives the dataset's
/// own, not a copy) is being read without the GIL; a DatasetInfo of no dataset is free.
void check_info_mutable(const dataset_info& info, const std::string& what) {
    for (const auto& [ds, state] : access_states())
        if (state.readers > 0 && &ds->info() == &info)
            throw py::buffer_error("cannot set " + what + ": the dataset is being read by another thread (saving "
                                   "or an analysis); try again when that has finished");
}

/// The base object of every numpy view: keeps the Dataset alive and counts the views.
struct column_owner {
    py::object owner;
    const dataset* ds;
    int table;
    column_owner(py::object o, const dataset* d, int t) : owner(std::move(o)), ds(d), table(t) {
        ++access_states()[ds].views[static_cast<std::size_t>(table)];
    }
    ~column_owner() {
        auto it = access_states().find(ds);
        if (it != access_states().end()) --it->second.views[static_cast<std::size_t>(table)];
        forget_if_idle(ds);
    }
    column_owner(const column_owner&) = delete;
    column_owner& operator=(const column_owner&) = delete;
};

}  // namespace

// ============================================================ conversions

std::string type_name(py::handle h) {
    return py::str(py::type::handle_of(h).attr("__name__")).cast<std::string>();
}

std::string text_from(py::handle h, const std::string& what) {
    if (h.is_none()) return {};
    if (!PyUnicode_Check(h.ptr()))
        throw py::type_error(what + ": expected str, got " + type_name(h) + " " + py_repr(h));
    Py_ssize_t size = 0;
    if (const char* utf8 = PyUnicode_AsUTF8AndSize(h.ptr(), &size)) return std::string(utf8, static_cast<std::size_t>(size));
    // The one str that has no UTF-8: one holding a lone surrogate (U+D800..U+DFFF), as Python
    // makes of undecodable bytes with errors="surrogateescape" (os.listdir, sys.argv). Any
    // other failure (no memory) is Python's own error.
    if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) throw py::error_already_set();
    PyErr_Clear();
    const Py_ssize_t n = PyUnicode_GetLength(h.ptr());
    for (Py_ssize_t i = 0; i < n; ++i)
        if (const Py_UCS4 c = PyUnicode_ReadChar(h.ptr(), i); c >= 0xD800 && c <= 0xDFFF) {
            throw validation_error(what + ": the text holds the lone surrogate " + text::code_point_name(c) + " (at character " +
                                   std::to_string(i) + "), which is not a character and has no UTF-8 (a byte " +
                                   "decoded with errors=\"surrogateescape\"?)");
        }
    throw validation_error(what + ": the text cannot be written as UTF-8");
}

// The text of a str (text_from) or of bytes (as they are) given for `what`.
std::string text_or_bytes_from(py::handle given, const std::string& what) {
    if (PyBytes_Check(given.ptr())) return given.cast<std::string>();
    if (!PyUnicode_Check(given.ptr()))
        throw py::type_error(what + ": expected str, got " + type_name(given) + " " + py_repr(given));
    return text_from(given, what);
}

// A field of a dataset's description set from Python (DatasetInfo's setters), which must be
// civica text, as check_info has it.
std::string info_text_from(py::handle given, const std::string& where) {
    std::string value = text_or_bytes_from(given, where);
    if (auto why = text::text_value_problem(value); !why.empty()) throw validation_error(where + ": " + why);
    return value;
}

// The description given to the DatasetInfo or Dataset constructor (`who`), checked by check_info.
dataset_info info_from(const text_arg& name, const text_arg& title, const text_arg& territory,
                       const text_arg& description, const text_arg& source, const text_arg& licence,
                       bool synthetic, const text_arg& currency, const std::string& who) {
    const auto text = [&who](const text_arg& a, const char* field) {
        return text_or_bytes_from(a.given, who + "(" + field + "=...)");
    };
    dataset_info info{text(name, "name"),     text(title, "title"),     text(territory, "territory"),
                      text(description, "description"), text(source, "source"), text(licence, "licence"),
                      synthetic,              text(currency, "currency")};
    check_info(info, who);
    return info;
}

long long integer_from(py::handle h, const std::string& what) {
    if (PyBool_Check(h.ptr()) || PyFloat_Check(h.ptr()) || PyUnicode_Check(h.ptr()) || h.is_none())
        throw py::type_error(what + ": expected int, got " + type_name(h) + " " + py_repr(h));
    PyObject* i = PyNumber_Index(h.ptr());  // accepts numpy integers too
    if (i == nullptr) {
        PyErr_Clear();
        throw py::type_error(what + ": expected int, got " + type_name(h) + " " + py_repr(h));
    }
    py::object owned = py::reinterpret_steal<py::object>(i);
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(i, &overflow);
    if (overflow != 0) throw validation_error(what + ": " + py_repr(h) + " is too large");
    return v;
}

/// A whole number (an int field of a row, a year argument) as every whole-number argument of
/// the Python API takes it, through its one definition (civica._whole): an int, a numpy
/// integer or 2020.0; 2020.5 or one beyond an int a ValidationError, True or text a TypeError.
int whole_from(py::handle h, const std::string& what, const char* where = "") {
    return py::module_::import("civica._whole").attr("whole_number")(h, what, py::arg("where") = where).cast<int>();
}

int year_from(py::handle h, const char* where) { return whole_from(h, "year", where); }

int int_from(py::handle h, const std::string& what) {
    const long long v = integer_from(h, what);
    if (v < INT_MIN || v > INT_MAX) throw validation_error(what + ": " + py_repr(h) + " is too large");
    return static_cast<int>(v);
}

bool bool_from(py::handle h, const std::string& what) {
    if (PyBool_Check(h.ptr())) return h.ptr() == Py_True;
    if (type_name(h) == "bool_" || type_name(h) == "bool") return PyObject_IsTrue(h.ptr()) == 1;
    if (PyLong_Check(h.ptr())) {
        const long long v = integer_from(h, what);
        if (v == 0 || v == 1) return v == 1;
    }
    throw py::type_error(what + ": expected bool, got " + type_name(h) + " " + py_repr(h));
}

double number_from(py::handle h, const std::string& what) {
    if (PyBool_Check(h.ptr()) || PyUnicode_Check(h.ptr()) || h.is_none())
        throw py::type_error(what + ": expected a number, got " + type_name(h) + " " + py_repr(h));
    PyObject* f = PyNumber_Float(h.ptr());  // int, float, Decimal, numpy numbers
    if (f == nullptr) {
        PyErr_Clear();
        throw py::type_error(what + ": expected a number, got " + type_name(h) + " " + py_repr(h));
    }
    const double v = PyFloat_AsDouble(f);
    Py_DECREF(f);
    if (std::isnan(v)) throw validation_error(what + ": NaN is not a value");
    return v;
}

std::vector<std::string> list_from(py::handle h, const std::string& what) {
    if (h.is_none()) return {};
    if (PyUnicode_Check(h.ptr()) || PyBytes_Check(h.ptr()))
        throw py::type_error(what + ": expected a list of str, got " + type_name(h) + " " +
                             py_repr(h) + " (write ['a', 'b'])");
    std::vector<std::string> out;
    try {
        for (py::handle item : py::iter(h)) out.push_back(text_from(item, what + " item"));
    } catch (py::error_already_set& e) {
        if (!e.matches(PyExc_TypeError)) throw;
        throw py::type_error(what + ": expected a list of str, got " + type_name(h));
    }
    return out;
}

std::map<int, std::int64_t> population_from(py::handle h, const std::string& what) {
    if (h.is_none()) return {};
    if (!PyDict_Check(h.ptr()))
        throw py::type_error(what + ": expected a dict {year: residents}, got " + type_name(h));
    std::map<int, std::int64_t> out;
    for (auto [k, v] : py::reinterpret_borrow<py::dict>(h))
        out[int_from(k, what + " year")] = integer_from(v, what + " of " + py_repr(k));
    return out;
}

const char* kind_name(field_kind k) {
    switch (k) {
        case field_kind::text: return "text";
        case field_kind::optional_text: return "optional_text";
        case field_kind::id: return "id";
        case field_kind::integer: return "integer";
        case field_kind::optional_integer: return "optional_integer";
        case field_kind::boolean: return "boolean";
        case field_kind::day: return "day";
        case field_kind::enumeration: return "enumeration";
        case field_kind::number: return "number";
        case field_kind::list: return "list";
        case field_kind::mapping: return "mapping";
        case field_kind::money: return "money";
        case field_kind::optional_money: return "optional_money";
        case field_kind::value: return "number";
    }
    return "object";
}

// ============================================================ fields from the schema

namespace {

/// The enumeration's names (civica/model/schema.hpp), as Python labels.
template <class E>
std::vector<std::string> enum_names() {
    const auto names = schema::value_names<E>();
    return {names.begin(), names.end()};
}

std::vector<std::string> value_names_of(const schema::column& c) { return {c.values.begin(), c.values.end()}; }

/// The Python form of a declared column's value.
py::object value_to_py(const schema::column& c, schema::value&& v) {
    using schema::column_type;
    const bool none = std::holds_alternative<std::monostate>(v);
    switch (c.type) {
        case column_type::id:
        case column_type::reference: {
            if (none || std::get<std::string>(v).empty()) return py::none();
            return py::str(std::get<std::string>(v));
        }
        case column_type::text:
            if (c.nullable && std::get<std::string>(v).empty()) return py::none();
            return py::str(std::get<std::string>(v));
        case column_type::party:
        case column_type::enumeration: return py::str(std::get<std::string>(v));
        case column_type::integer:
            if (none) return py::none();
            return py::int_(std::get<std::int64_t>(v));
        case column_type::real:
            if (none) return py::none();
            return py::float_(std::get<double>(v));
        case column_type::money:
            if (none) return py::none();
            return money_to_py(std::get<money>(v));
        case column_type::day: return date_to_py(none ? date() : std::get<date>(v));
        case column_type::boolean: return py::bool_(std::get<bool>(v));
        case column_type::text_list: return py::cast(std::get<std::vector<std::string>>(v));
        case column_type::year_counts: {
            py::dict d;
            for (const auto& [y, n] : std::get<std::map<int, std::int64_t>>(v)) d[py::int_(y)] = py::int_(n);
            return d;
        }
    }
    return py::none();
}

/// A declared column's value from a Python object; messages name the attribute `n`.
schema::value value_from_py(const schema::column& c, py::handle h, const std::string& n) {
    using schema::column_type;
    switch (c.type) {
        case column_type::id:
        case column_type::reference:
        case column_type::party:
        case column_type::text: return text_from(h, n);
        case column_type::enumeration:
            if (!PyUnicode_Check(h.ptr()))
                throw py::type_error(n + ": expected str, got " + type_name(h) + " " + py_repr(h));
            return text_from(h, n);
        case column_type::integer:
            if (c.nullable && h.is_none()) return {};
            return std::int64_t{whole_from(h, n)};
        case column_type::real:
            if (c.nullable && h.is_none()) return {};
            return number_from(h, n);
        case column_type::money:
            if (c.nullable && h.is_none()) return {};
            return money_from_py(h, n);
        case column_type::day: {
            const date d = date_from_py(h, n);
            if (d.is_special()) return {};
            return d;
        }
        case column_type::boolean: return bool_from(h, n);
        case column_type::text_list: return list_from(h, n);
        case column_type::year_counts: return population_from(h, n);
    }
    return {};
}

field_kind kind_of(const schema::column& c) {
    using schema::column_type;
    switch (c.type) {
        case column_type::id:
        case column_type::reference: return field_kind::id;
        case column_type::text: return c.nullable ? field_kind::optional_text : field_kind::text;
        case column_type::party: return field_kind::text;
        case column_type::integer: return c.nullable ? field_kind::optional_integer : field_kind::integer;
        case column_type::real: return field_kind::number;
        case column_type::money: return c.nullable ? field_kind::optional_money : field_kind::money;
        case column_type::day: return field_kind::day;
        case column_type::boolean: return field_kind::boolean;
        case column_type::enumeration: return field_kind::enumeration;
        case column_type::text_list: return field_kind::list;
        case column_type::year_counts: return field_kind::mapping;
    }
    return field_kind::value;
}

/// The Python field of a declared column: named by its attribute, converted by its type.
template <class T>
field<T> python_field(const schema::field<T>& sf) {
    const schema::column& c = *sf.col;
    const std::string n(c.attribute);
    auto get = sf.get;
    auto set = sf.set;
    return {n, kind_of(c), [&c, get](const T& t) { return value_to_py(c, get(t)); },
            [&c, set, n](T& t, py::handle h) {
                schema::value v = value_from_py(c, h, n);
                try {
                    set(t, std::move(v));
                } catch (const parse_error& e) {  // an enumeration name the model does not know
                    throw validation_error(n + ": " + e.what());
                }
            },
            value_names_of(c), c.zero_is_unknown};
}

template <class T>
std::vector<field<T>> python_fields() {
    std::vector<field<T>> out;
    for (const auto& sf : schema::fields<T>()) out.push_back(python_field(sf));
    return out;
}

py::object indicator_value_to_py(const indicator& i) { return figure_value_to_py(i.value, i.unit); }

}  // namespace

template <class T>
const std::vector<field<T>>& fields_of() {
    static const std::vector<field<T>> f = python_fields<T>();
    return f;
}

// An indicator's value reads as int, float, or Decimal roubles when its unit is RUB.
template <>
const std::vector<field<indicator>>& fields_of<indicator>() {
    static const std::vector<field<indicator>> f = [] {
        auto out = python_fields<indicator>();
        for (auto& fl : out)
            if (fl.name == "value") {
                fl.kind = field_kind::value;
                fl.get = [](const indicator& t) { return indicator_value_to_py(t); };
            }
        return out;
    }();
    return f;
}

template <>
inline constexpr std::size_t repr_always<enrolment> = 2;
template <>
inline constexpr std::size_t repr_always<indicator> = 2;

// ============================================================ row classes

namespace {

template <class T>
const field<T>* find_field(const std::string& name) {
    for (const auto& f : fields_of<T>())
        if (f.name == name) return &f;
    return nullptr;
}

template <class T>
void set_fields(T& t, const py::dict& kw, const char* cls) {
    for (auto [k, v] : kw) {
        const auto name = py::cast<std::string>(k);
        const field<T>* f = find_field<T>(name);
        if (f == nullptr) {
            std::string names;
            for (const auto& g : fields_of<T>()) names += (names.empty() ? "" : ", ") + g.name;
            throw py::type_error(std::string(cls) + "() got an unexpected keyword argument '" +
                                 name + "' (its fields: " + names + ")");
        }
        f->set(t, v);
    }
}

template <class T>
std::string row_repr(const T& t, const char* cls) {
    static const T defaults{};
    std::string out = std::string(cls) + "(";
    bool first = true;
    std::size_t i = 0;
    for (const auto& f : fields_of<T>()) {
        py::object v = f.get(t);
        if (i++ < repr_always<T> || !v.equal(f.get(defaults))) {
            if (!first) out += ", ";
            out += f.name + "=" + py_repr(v);
            first = false;
        }
    }
    return out + ")";
}

template <class T>
py::dict row_dict(const T& t) {
    py::dict d;
    for (const auto& f : fields_of<T>()) d[py::str(f.name)] = f.get(t);
    return d;
}

constexpr int row_pickle_version = 1;

template <class T>
py::class_<T> bind_row(py::module_& m, const char* cls, const char* doc) {
    py::class_<T> c(m, cls, doc);
    c.def(py::init([cls](const py::kwargs& kw) {
              T t{};
              set_fields(t, kw, cls);
              return t;
          }),
          "Builds a row from keyword arguments (see the class's fields); unset fields keep "
          "their defaults.");
    for (const auto& f : fields_of<T>()) {
        const auto* fp = &f;  // fields_of<T>() is a static: the pointer stays valid
        c.def_property(
            f.name.c_str(), [fp](const T& t) { return fp->get(t); },
            [fp](T& t, py::handle v) { fp->set(t, v); });
    }
    py::list names;
    for (const auto& f : fields_of<T>()) names.append(py::str(f.name));
    c.attr("_fields") = py::tuple(names);
    c.def("__repr__", [cls](const T& t) { return row_repr(t, cls); });
    c.def("__eq__", [](const T& a, py::object b) -> py::object {
        if (!py::isinstance<T>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        return py::bool_(a == b.cast<const T&>());
    });
    c.attr("__hash__") = py::none();
    c.def("to_dict", &row_dict<T>, "The fields as a dict, in constructor order.");
    c.def(
        "replace",
        [cls](const T& t, const py::kwargs& kw) {
            T copy = t;
            set_fields(copy, kw, cls);
            return copy;
        },
        "A copy with the given fields changed: row.replace(status='winner').");
    c.def("__copy__", [](const T& t) { return T(t); });
    c.def("__deepcopy__", [](const T& t, py::handle) { return T(t); }, py::arg("memo"));
    c.def(py::pickle(
        [](const T& t) { return py::make_tuple(row_pickle_version, row_dict(t)); },
        [cls](const py::tuple& state) {
            if (state.size() != 2 || state[0].cast<int>() != row_pickle_version)
                throw validation_error(std::string("cannot unpickle ") + cls +
                                       ": unknown pickle format (expected version " +
                                       std::to_string(row_pickle_version) + ")");
            T t{};
            set_fields(t, py::dict(state[1]), cls);
            return t;
        }));
    return c;
}

// ============================================================ tables

enum class table_id : int {
    municipalities, organizations, persons, operators, programmes, competitions, applications,
    courses, enrolments, bodies, membership_terms, meetings, agenda_questions, services,
    monitoring, indicators
};
constexpr int table_count = 16;

const char* table_name(table_id t) {
    // Declared names are string literals, so data() ends with a NUL.
    return schema::tables()[static_cast<std::size_t>(t)].name.data();
}

int columnar_index(table_id t) {
    switch (t) {
        case table_id::applications: return 0;
        case table_id::enrolments: return 1;
        case table_id::agenda_questions: return 2;
        case table_id::services: return 3;
        default: return -1;
    }
}

std::size_t table_size(const dataset& ds, table_id t) {
    std::size_t n = 0;
    std::size_t k = 0;
    schema::for_each_row_type([&](auto row) {
        if (k++ == static_cast<std::size_t>(t)) n = schema::row_count<decltype(row)>(ds);
    });
    return n;
}

template <class T>
py::object copy_out(const T& row) {
    return py::cast(row, py::return_value_policy::copy);
}

py::object table_row(const dataset& ds, table_id t, std::size_t i) {
    py::object out = py::none();
    std::size_t k = 0;
    schema::for_each_row_type([&](auto row) {
        if (k++ == static_cast<std::size_t>(t)) out = copy_out(schema::row_at<decltype(row)>(ds, i));
    });
    return out;
}

/// The Python class of a table's rows.
py::object table_row_class(table_id t) {
    py::object out = py::none();
    std::size_t k = 0;
    schema::for_each_row_type([&](auto row) {
        if (k++ == static_cast<std::size_t>(t)) out = py::type::of<decltype(row)>();
    });
    return out;
}

/// Row number of `id` in a table whose rows have ids; no_row when absent; throws TypeError
/// for tables without ids.
row_index table_find(const dataset& ds, table_id t, std::string_view id) {
    switch (t) {
        case table_id::municipalities: return ds.municipalities().find(id);
        case table_id::organizations: return ds.organizations().find(id);
        case table_id::persons: return ds.persons().find(id);
        case table_id::operators: return ds.operators().find(id);
        case table_id::programmes: return ds.programmes().find(id);
        case table_id::competitions: return ds.competitions().find(id);
        case table_id::applications: return ds.applications().ids().find(id);
        case table_id::courses: return ds.courses().find(id);
        case table_id::bodies: return ds.bodies().find(id);
        case table_id::meetings: return ds.meetings().find(id);
        case table_id::agenda_questions: return ds.agenda_questions().ids().find(id);
        case table_id::services: return ds.services().ids().find(id);
        default:
            throw py::type_error(std::string("the rows of ") + table_name(t) +
                                 " have no id: index them by position");
    }
}

// ---- pandas: columns are (name, kind, data, extra) tuples that civica/_pandas.py turns into
// a DataFrame; numeric columns travel as numpy copies.

using column_list = py::list;

void add_column(column_list& cols, const std::string& name, const char* kind, py::object data,
                py::object extra = py::none()) {
    cols.append(py::make_tuple(name, kind, std::move(data), std::move(extra)));
}

template <class T>
column_list row_columns(const std::vector<T>& rows, std::size_t start, std::size_t stop) {
    column_list cols;
    for (const auto& f : fields_of<T>()) {
        py::list values(stop - start);
        for (std::size_t i = start; i < stop; ++i) values[i - start] = f.get(rows[i]);
        py::object extra = py::none();
        if (f.kind == field_kind::enumeration) extra = py::cast(f.categories);
        field_kind kind = f.kind;
        if (f.zero_is_unknown && kind == field_kind::integer) {
            // An unknown ОКОПФ, size or length is <NA>, not a 0 that a mean would count.
            kind = field_kind::optional_integer;
            for (std::size_t i = 0; i < stop - start; ++i)
                if (values[i].template cast<long long>() == 0) values[i] = py::none();
        }
        add_column(cols, f.name, kind_name(kind), values, extra);
    }
    return cols;
}

template <class V>
py::array copy_array(const std::vector<V>& v, std::size_t start, std::size_t stop) {
    py::array_t<V> a(static_cast<py::ssize_t>(stop - start));
    if (stop > start) std::memcpy(a.mutable_data(), v.data() + start, (stop - start) * sizeof(V));
    return a;
}

/// Python str objects for each distinct string, so a column of n rows costs n references.
py::list interned(const string_pool& strings) {
    py::list out;
    for (const auto& s : strings) out.append(py::str(s));
    return out;
}

py::list string_values(const string_column& c, std::size_t start, std::size_t stop) {
    // Each distinct string becomes one Python object, made on first use.
    std::vector<py::object> made(c.dictionary().size());
    py::list out(stop - start);
    for (std::size_t i = start; i < stop; ++i) {
        const auto code = static_cast<std::size_t>(c.codes()[i]);
        if (!made[code]) made[code] = py::str(c.dictionary()[code]);
        out[i - start] = made[code];
    }
    return out;
}

template <class Rows>
py::list row_ids(const Rows& rows) {
    py::list out;
    for (const auto& r : rows) out.append(py::str(r.id.str()));
    return out;
}

/// Python str objects of the ids of a table's rows, made on first use: one object per
/// referenced row however many rows refer to it, and none for rows nobody refers to.
template <class Rows>
class id_strings {
public:
    explicit id_strings(const Rows& rows) : rows_(rows), cache_(rows.size()) {}
    py::object operator()(row_index r) {
        if (r == no_row) return py::none();
        auto& slot = cache_[static_cast<std::size_t>(r)];
        if (!slot) slot = py::str(rows_[static_cast<std::size_t>(r)].id.str());
        return slot;
    }

private:
    const Rows& rows_;
    std::vector<py::object> cache_;
};

/// ids of referenced rows (None for no_row).
template <class Rows>
py::list reference_values(const std::vector<row_index>& refs, const Rows& rows, std::size_t start,
                          std::size_t stop) {
    id_strings<Rows> ids(rows);
    py::list out(stop - start);
    for (std::size_t i = start; i < stop; ++i) out[i - start] = ids(refs[i]);
    return out;
}

/// Applicant or recipient ids, by the row's kind (organization or person).
py::list party_values(const dataset& ds, const std::vector<std::uint8_t>& kinds,
                      const std::vector<row_index>& refs, std::size_t start, std::size_t stop) {
    id_strings orgs(ds.organizations());
    id_strings persons(ds.persons());
    py::list out(stop - start);
    for (std::size_t i = start; i < stop; ++i) {
        const bool person = kinds[i] == static_cast<std::uint8_t>(applicant_kind::person);
        out[i - start] = person ? persons(refs[i]) : orgs(refs[i]);
    }
    return out;
}

py::list ids_of(const id_index& ids, std::size_t start, std::size_t stop) {
    py::list out(stop - start);
    for (std::size_t i = start; i < stop; ++i) out[i - start] = py::str(ids[i]);
    return out;
}

/// Calls `f` with the rows of the keyed table stored by row named `table` (the target of a
/// reference of a table stored by column).
template <class F>
py::list with_keyed_rows(const dataset& ds, std::string_view table, F&& f) {
    if (table == "municipalities") return f(ds.municipalities());
    if (table == "organizations") return f(ds.organizations());
    if (table == "persons") return f(ds.persons());
    if (table == "operators") return f(ds.operators());
    if (table == "programmes") return f(ds.programmes());
    if (table == "competitions") return f(ds.competitions());
    if (table == "courses") return f(ds.courses());
    if (table == "bodies") return f(ds.bodies());
    if (table == "meetings") return f(ds.meetings());
    throw std::logic_error("a table stored by column refers to " + std::string(table) +
                           ", which is not a keyed table stored by row");
}

template <class V>
const std::vector<V>& stored(const schema::column_data& d) {
    return *std::get<const std::vector<V>*>(d);
}

/// The column holding the kind of a party column (its enumeration codes).
const std::vector<std::uint8_t>& party_kinds(const schema::table& tab, const std::vector<schema::column_data>& data,
                                             const schema::column& party) {
    for (std::size_t j = 0; j < tab.columns.size(); ++j)
        if (tab.columns[j].name == party.kind_column) return stored<std::uint8_t>(data[j]);
    throw std::logic_error(std::string(tab.name) + "." + std::string(party.name) + " has no kind column");
}

/// to_pandas() of a table stored by column, column by column as the declaration says: each
/// column named by its Python attribute (money as "<attribute>_kopecks").
column_list stored_columns(const dataset& ds, table_id t, std::size_t start, std::size_t stop) {
    using schema::column_type;
    const schema::table& tab = schema::tables()[static_cast<std::size_t>(t)];
    const auto data = schema::column_data_of(ds, tab);
    column_list cols;
    for (std::size_t k = 0; k < tab.columns.size(); ++k) {
        const auto& c = tab.columns[k];
        const std::string name(c.attribute);
        switch (c.type) {
            case column_type::id: add_column(cols, name, "text", ids_of(*std::get<const id_index*>(data[k]), start, stop)); break;
            case column_type::text:
                add_column(cols, name, "text", string_values(*std::get<const string_column*>(data[k]), start, stop));
                break;
            case column_type::reference:
                add_column(cols, name, "id", with_keyed_rows(ds, c.references, [&](const auto& rows) {
                               return reference_values(stored<std::int32_t>(data[k]), rows, start, stop);
                           }));
                break;
            case column_type::party:
                add_column(cols, name, "id",
                           party_values(ds, party_kinds(tab, data, c), stored<std::int32_t>(data[k]), start, stop));
                break;
            case column_type::enumeration:
                add_column(cols, name, "codes", copy_array(stored<std::uint8_t>(data[k]), start, stop),
                           py::cast(value_names_of(c)));
                break;
            case column_type::money:
                add_column(cols, name + "_kopecks", c.nullable ? "optional_kopecks" : "kopecks",
                           copy_array(stored<std::int64_t>(data[k]), start, stop));
                break;
            case column_type::day: add_column(cols, name, "day_numbers", copy_array(stored<std::int64_t>(data[k]), start, stop)); break;
            case column_type::real: add_column(cols, name, "float64", copy_array(stored<double>(data[k]), start, stop)); break;
            case column_type::integer: add_column(cols, name, "int", copy_array(stored<std::int32_t>(data[k]), start, stop)); break;
            case column_type::boolean: add_column(cols, name, "bool", copy_array(stored<std::uint8_t>(data[k]), start, stop)); break;
            case column_type::text_list:
            case column_type::year_counts:
                throw std::logic_error(std::string(tab.name) + "." + std::string(c.name) +
                                       ": a table stored by column holds no lists");
        }
    }
    return cols;
}

column_list table_columns(const dataset& ds, table_id t, std::size_t start, std::size_t stop) {
    switch (t) {
        case table_id::municipalities: return row_columns(ds.municipalities().rows(), start, stop);
        case table_id::organizations: return row_columns(ds.organizations().rows(), start, stop);
        case table_id::persons: return row_columns(ds.persons().rows(), start, stop);
        case table_id::operators: return row_columns(ds.operators().rows(), start, stop);
        case table_id::programmes: return row_columns(ds.programmes().rows(), start, stop);
        case table_id::competitions: return row_columns(ds.competitions().rows(), start, stop);
        case table_id::courses: return row_columns(ds.courses().rows(), start, stop);
        case table_id::bodies: return row_columns(ds.bodies().rows(), start, stop);
        case table_id::membership_terms: return row_columns(ds.membership_terms(), start, stop);
        case table_id::meetings: return row_columns(ds.meetings().rows(), start, stop);
        case table_id::monitoring: return row_columns(ds.monitoring(), start, stop);
        case table_id::indicators: return row_columns(ds.indicators(), start, stop);
        case table_id::applications:
        case table_id::enrolments:
        case table_id::agenda_questions:
        case table_id::services: return stored_columns(ds, t, start, stop);
    }
    return column_list();
}

/// A table of a Dataset, as seen from Python. Holds the Dataset object, so a table outlives
/// nothing it points into.
struct table_view {
    py::object owner;
    const dataset* ds;
    table_id id;

    std::size_t size() const { return table_size(*ds, id); }
    std::size_t index(py::ssize_t i) const {
        const auto n = static_cast<py::ssize_t>(size());
        const py::ssize_t given = i;
        if (i < 0) i += n;
        if (i < 0 || i >= n)
            throw py::index_error(std::string(table_name(id)) + " index " + std::to_string(given) +
                                  " out of range (the table has " + std::to_string(n) + (n == 1 ? " row)" : " rows)"));
        return static_cast<std::size_t>(i);
    }
};

struct columnar_view : table_view {};

struct table_iterator {
    table_view table;
    std::size_t next = 0;
};

std::string dataset_label(const dataset& ds) {
    return ds.info().name.empty() ? std::string("Dataset") : "Dataset '" + ds.info().name + "'";
}

py::object frame(const table_view& t, std::size_t start, std::size_t stop) {
    return py::module_::import("civica._pandas").attr("frame")(table_columns(*t.ds, t.id, start, stop));
}

// to_pandas(context=True) of applications: each application's year (its competition's) and its
// applicant's municipality and region, so that no join is needed to group by them.
column_list application_context(const dataset& ds) {
    const auto& a = ds.applications();
    const auto& munis = ds.municipalities();
    std::vector<std::int32_t> year(a.size());
    std::vector<std::int32_t> muni(a.size(), -1);
    std::vector<std::string> regions;  // labels of the region codes, in order of first use
    std::vector<std::int32_t> region_of_muni(munis.size(), -1);
    for (std::size_t m = 0; m < munis.size(); ++m) {
        const std::string& r = munis[m].region;
        if (r.empty()) continue;
        auto it = std::find(regions.begin(), regions.end(), r);
        region_of_muni[m] = static_cast<std::int32_t>(it - regions.begin());
        if (it == regions.end()) regions.push_back(r);
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        year[i] = ds.competitions()[static_cast<std::size_t>(a.competition()[i])].year;
        const auto who = static_cast<std::size_t>(a.applicant()[i]);
        if (a.applicant_type()[i] == static_cast<std::uint8_t>(applicant_kind::organization)) {
            muni[i] = ds.organization_municipality()[who];
        } else {
            const auto& m = ds.persons()[who].municipality;
            muni[i] = m.empty() ? -1 : munis.find(m.str());
        }
    }
    std::vector<std::int32_t> region(a.size(), -1);
    for (std::size_t i = 0; i < a.size(); ++i)
        if (muni[i] >= 0) region[i] = region_of_muni[static_cast<std::size_t>(muni[i])];
    py::list muni_labels;
    for (const auto& m : munis) muni_labels.append(py::str(m.id.str()));
    column_list cols;
    add_column(cols, "year", "int", copy_array(year, 0, a.size()));
    add_column(cols, "municipality", "codes", copy_array(muni, 0, a.size()), muni_labels);
    add_column(cols, "region", "codes", copy_array(region, 0, a.size()), py::cast(regions));
    return cols;
}

// ---- numpy views of columns

py::array view_array(const table_view& t, const void* data, std::size_t n, const char* dtype) {
    static const std::int64_t empty_storage = 0;
    const py::dtype dt = py::dtype::from_args(py::str(dtype));
    const auto itemsize = static_cast<py::ssize_t>(dt.itemsize());
    auto* guard = new column_owner(t.owner, t.ds, columnar_index(t.id));
    py::object base = py::cast(guard, py::return_value_policy::take_ownership);
    py::array a(dt, std::vector<py::ssize_t>{static_cast<py::ssize_t>(n)},
                std::vector<py::ssize_t>{itemsize}, n == 0 ? &empty_storage : data, base);
    a.attr("setflags")(py::arg("write") = false);
    return a;
}

template <class V>
py::array view_of(const table_view& t, const std::vector<V>& v, const char* dtype) {
    return view_array(t, v.data(), v.size(), dtype);
}

/// The names column() accepts for a table stored by column: its declared columns but the id, by
/// their Python attribute, money as "<name>_kopecks" (empty for other tables).
const std::vector<std::string>& view_names(table_id t) {
    static const std::vector<std::vector<std::string>> names = [] {
        std::vector<std::vector<std::string>> out(table_count);
        for (int k = 0; k < table_count; ++k) {
            if (columnar_index(static_cast<table_id>(k)) < 0) continue;
            for (const auto& c : schema::tables()[static_cast<std::size_t>(k)].columns) {
                if (c.type == schema::column_type::id) continue;
                out[static_cast<std::size_t>(k)].push_back(
                    std::string(c.attribute) + (c.type == schema::column_type::money ? "_kopecks" : ""));
            }
        }
        return out;
    }();
    return names[static_cast<std::size_t>(t)];
}

[[noreturn]] void unknown_column(const table_view& t, const std::string& name) {
    std::string names;
    for (const auto& c : view_names(t.id)) names += (names.empty() ? "" : ", ") + c;
    throw not_found_error(std::string(table_name(t.id)) + " has no column \"" + name +
                          "\" (columns: " + names + ")");
}

/// The declared column of a table stored by column that column() and dictionary() call `name`
/// (see view_names), with its storage; unknown_column() for another name.
std::pair<const schema::column*, schema::column_data> viewed_column(const table_view& t, const std::string& name) {
    const schema::table& tab = schema::tables()[static_cast<std::size_t>(t.id)];
    const auto& names = view_names(t.id);
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) unknown_column(t, name);
    const auto k = static_cast<std::size_t>(it - names.begin()) + (tab.keyed() ? 1 : 0);  // view_names skips the id
    return {&tab.columns[k], schema::column_data_of(*t.ds, tab)[k]};
}

py::array column_view(const table_view& t, const std::string& name) {
    using schema::column_type;
    const auto [c, data] = viewed_column(t, name);
    switch (c->type) {
        case column_type::text: return view_of(t, std::get<const string_column*>(data)->codes(), "int32");
        case column_type::reference:
        case column_type::party: return view_of(t, stored<std::int32_t>(data), "int32");
        case column_type::integer: return view_of(t, stored<std::int32_t>(data), "int32");
        case column_type::enumeration: return view_of(t, stored<std::uint8_t>(data), "uint8");
        // std::uint8_t 0/1 has the layout of numpy's bool.
        case column_type::boolean: return view_of(t, stored<std::uint8_t>(data), "bool");
        case column_type::money: return view_of(t, stored<std::int64_t>(data), "int64");
        case column_type::day: return view_of(t, stored<std::int64_t>(data), "datetime64[D]");
        case column_type::real: return view_of(t, stored<double>(data), "float64");
        default: break;
    }
    unknown_column(t, name);
}

py::list column_dictionary(const table_view& t, const std::string& name) {
    const dataset& ds = *t.ds;
    auto not_coded = [&]() -> py::list {
        throw py::value_error(std::string(table_name(t.id)) + " column \"" + name +
                              "\" holds values, not codes: it has no dictionary");
    };
    auto mixed = [&]() -> py::list {
        throw py::value_error(std::string(table_name(t.id)) + " column \"" + name +
                              "\" holds rows of ds.organizations or ds.persons depending on the "
                              "row's type column: look them up in those tables");
    };
    using schema::column_type;
    const auto [c, data] = viewed_column(t, name);
    switch (c->type) {
        case column_type::reference:
            return with_keyed_rows(ds, c->references, [](const auto& rows) { return row_ids(rows); });
        case column_type::party: return mixed();
        case column_type::enumeration: return py::cast(value_names_of(*c));
        case column_type::text: return interned(std::get<const string_column*>(data)->dictionary());
        default: return not_coded();
    }
}

// ---- HTML

using civica::text::html_escape;

std::string singular(table_id t, std::size_t n) {
    // Short labels for summaries ("13 bodies", "1 meeting").
    static const char* const one[table_count] = {
        "municipality", "organization", "person",   "operator",         "programme",
        "competition",  "application",  "course",   "enrolment",        "body",
        "membership term", "meeting",   "agenda question", "service", "monitoring record",
        "indicator"};
    static const char* const many[table_count] = {
        "municipalities", "organizations", "persons",   "operators",        "programmes",
        "competitions",   "applications",  "courses",   "enrolments",       "bodies",
        "membership terms", "meetings",    "agenda questions", "services", "monitoring records",
        "indicators"};
    return std::to_string(n) + " " + (n == 1 ? one[static_cast<int>(t)] : many[static_cast<int>(t)]);
}

/// The keyword arguments of a repr of `i`: name, title and territory, the other texts when
/// `all`, synthetic=True when synthetic, the currency when `all` and not roubles.
std::string info_arguments(const dataset_info& i, bool all) {
    std::string out;
    auto arg = [&](const char* name, const std::string& value) {
        if (value.empty()) return;
        out += (out.empty() ? "" : ", ") + std::string(name) + "=" + py_repr(py::str(value));
    };
    arg("name", i.name);
    arg("title", i.title);
    arg("territory", i.territory);
    if (all) {
        arg("description", i.description);
        arg("source", i.source);
        arg("licence", i.licence);
    }
    if (i.synthetic) out += std::string(out.empty() ? "" : ", ") + "synthetic=True";
    if (all && i.currency != "RUB") arg("currency", i.currency);
    return out;
}

std::string dataset_repr(const dataset& ds) {
    std::string out = "Dataset(" + info_arguments(ds.info(), false) + ")";
    std::string counts;
    for (int k = 0; k < table_count; ++k) {
        const auto n = table_size(ds, static_cast<table_id>(k));
        if (n) counts += (counts.empty() ? "" : ", ") + singular(static_cast<table_id>(k), n);
    }
    out += counts.empty() ? "  # empty" : "  # " + counts;
    return out;
}

std::string dataset_html(const dataset& ds) {
    const auto& i = ds.info();
    std::string h = "<div class=\"civica-dataset\">";
    h += "<p><strong>" + html_escape(i.title.empty() ? (i.name.empty() ? "Dataset" : i.name) : i.title) +
         "</strong>";
    if (!i.name.empty()) h += " <code>" + html_escape(i.name) + "</code>";
    if (i.synthetic) h += " <em>(synthetic)</em>";
    h += "</p>";
    if (!i.territory.empty()) h += "<p>Territory: " + html_escape(i.territory) + "</p>";
    const auto years = ds.years();
    if (!years.empty()) {
        h += "<p>Years: ";
        for (std::size_t k = 0; k < years.size(); ++k)
            h += (k ? ", " : "") + std::to_string(years[k]);
        h += "</p>";
    }
    h += "<table><thead><tr><th style=\"text-align:left\">table</th><th>rows</th></tr></thead><tbody>";
    bool any = false;
    for (int k = 0; k < table_count; ++k) {
        const auto n = table_size(ds, static_cast<table_id>(k));
        if (!n) continue;
        any = true;
        h += "<tr><td style=\"text-align:left\"><code>" +
             std::string(table_name(static_cast<table_id>(k))) + "</code></td><td>" +
             std::to_string(n) + "</td></tr>";
    }
    if (!any) h += "<tr><td colspan=\"2\">(empty)</td></tr>";
    h += "</tbody></table></div>";
    return h;
}

template <class Row, class Cls>
void def_add(Cls& cls, const char* what, int columnar, const char* doc = "") {
    cls.def(
        "add",
        [what, columnar](dataset& ds, const Row& row) {
            check_mutable(ds, (std::string("add ") + what).c_str(), columnar);
            ds.add(row);
        },
        py::arg("row"), doc);
}

}  // namespace

// ============================================================ registration

/// The declared tables as Python data: [{"name", "file", "columns": [{"name", "attribute",
/// "member", "type", "required", "nullable", "zero_is_unknown", "references", "kind_column",
/// "values"}]}].
py::list table_schema() {
    py::list out;
    for (const auto& t : schema::tables()) {
        py::list cols;
        for (const auto& c : t.columns) {
            py::dict d;
            d["name"] = std::string(c.name);
            d["attribute"] = std::string(c.attribute);
            d["member"] = std::string(c.member);
            d["type"] = std::string(schema::to_string(c.type));
            d["required"] = c.required;
            d["nullable"] = c.nullable;
            d["zero_is_unknown"] = c.zero_is_unknown;
            d["references"] = c.references.empty() ? py::object(py::none()) : py::str(std::string(c.references));
            d["kind_column"] = c.kind_column.empty() ? py::object(py::none()) : py::str(std::string(c.kind_column));
            d["values"] = py::cast(value_names_of(c));
            cols.append(d);
        }
        py::dict d;
        d["name"] = std::string(t.name);
        d["file"] = std::string(t.file);
        d["columns"] = cols;
        out.append(d);
    }
    return out;
}

void register_model(py::module_& m) {
    // table_id numbers the declared tables in their order.
    if (schema::tables().size() != static_cast<std::size_t>(table_count) ||
        schema::tables()[static_cast<std::size_t>(table_id::indicators)].name != "indicators")
        throw std::logic_error("civica: the Python tables do not match the declared ones");
    // A process forked while a thread read a dataset (saving it, an analysis) copies the count of
    // its readers, but not the thread: the child could never change its copy (BufferError for
    // good). Called in the child (os.register_at_fork in civica/__init__.py), it keeps the reads
    // of the thread that forked, which go on in the child. The numpy views are objects of the
    // child too, and keep their count.
    m.def("_forget_readers_after_fork", [] {
        const auto self = std::this_thread::get_id();
        for (auto it = access_states().begin(); it != access_states().end();) {
            auto& s = it->second;
            const auto own = s.reader_threads.find(self);
            const int kept = own == s.reader_threads.end() ? 0 : own->second;
            s.readers = kept;
            s.reader_threads.clear();
            if (kept > 0) s.reader_threads[self] = kept;
            it = kept == 0 && s.views == std::array<int, 4>{} ? access_states().erase(it) : std::next(it);
        }
    });
    m.def("table_schema", &table_schema,
          "The tables of a dataset as civica declares them (civica/model/schema.hpp): for each "
          "table its name, file and columns (name in files, Python attribute, model member, "
          "type, required, nullable, referenced table, kind column, enumeration values).");
    m.def("is_currency_code", [](std::string_view code) { return is_currency_code(code); }, py::arg("code"),
          "Whether `code` has the shape of an ISO 4217 code (civica::is_currency_code): a money unit.");
    py::class_<column_owner>(m, "_ColumnOwner",
                             "Owner of numpy column views: keeps the Dataset alive.")
        .def_property_readonly("dataset", [](const column_owner& o) { return o.owner; })
        .def_property_readonly("table", [](const column_owner& o) {
            return std::string(columnar_names[o.table]);
        });

    bind_row<municipality>(m, "Municipality",
        "A municipality or any territory figures refer to.\n\n"
        "    Municipality(id='khanty-mansiysk', name='Ханты-Мансийск', population={2010: 79410},\n"
        "                 name_genitive='Ханты-Мансийска', name_prepositional='Ханты-Мансийске',\n"
        "                 name_en='Khanty-Mansiysk')\n\n"
        "population maps a year to residents: a population figure always has its year. The name's\n"
        "case forms (genitive, prepositional) and English name are what reports print; a report\n"
        "words its sentences so that it needs no form that is not given.");
    bind_row<organization>(m, "Organization",
        "A legal entity: an NGO, a grant operator, a partner foundation.\n\n"
        "    Organization(id='org-1', full_name='…', inn='8601000000', okopf=71400,\n"
        "                 socially_oriented=True, spheres=['culture'])\n\n"
        "inn, ogrn and kpp are checked when the row is added to a Dataset.");
    bind_row<person>(m, "Person",
        "An individual applicant or course participant: an opaque id and a place.");
    bind_row<grant_operator>(m, "GrantOperator",
        "Who runs grant competitions (the Presidential Grants Fund, a regional government).");
    bind_row<programme>(m, "Programme",
        "A grant programme of an operator. kind: 'presidential_grants', 'governor_ngo',\n"
        "'governor_individual', 'municipal_subsidy' or 'other'.");
    bind_row<competition>(m, "Competition",
        "One competition of a programme: a year, a round and an application window\n"
        "(window_start, window_end as datetime.date or None).");
    bind_row<application>(m, "Application",
        "One application to a competition.\n\n"
        "Money is exact: requested, cofunding and awarded are decimal.Decimal amounts of the\n"
        "dataset's currency (ds.info.currency: roubles, or pounds for a GBP 360Giving file), two\n"
        "decimals; they accept a Decimal, an int of whole units or text such as '12.50', and\n"
        "refuse floats. awarded is None except for winners; requested is None where the source\n"
        "states no request (a 360Giving grant without amountAppliedFor). applicant_type is 'organization'\n"
        "or 'person'; status is 'submitted', 'admitted', 'rejected', 'winner' or 'withdrawn'.\n\n"
        "    Application(id='a-1', competition='c-1', applicant='org-1', requested=Decimal('450000.00'),\n"
        "                status='winner', awarded=Decimal('450000.00'))");
    bind_row<course>(m, "Course",
        "A course for NGOs. format: 'distance', 'in_person' or 'mixed'; start and end are dates.");
    bind_row<enrolment>(m, "Enrolment",
        "An organisation and/or person enrolled in a course, with the number of participants.");
    bind_row<collegial_body>(m, "CollegialBody",
        "A collegial public body: kind 'public_council', 'public_chamber' or 'other'.");
    bind_row<membership_term>(m, "MembershipTerm",
        "One term (состав) of a body's membership; a new term means the membership was renewed.");
    bind_row<meeting>(m, "Meeting",
        "A meeting of a collegial body. format: 'in_person', 'remote', 'mixed' or 'absentee'.");
    bind_row<agenda_question>(m, "AgendaQuestion", "A question on a meeting's agenda.");
    bind_row<support_service>(m, "SupportService",
        "One act of support by a resource centre. kind: 'information', 'consulting',\n"
        "'education', 'organization', 'grants_help' or 'other'.");
    bind_row<monitoring_record>(m, "MonitoringRecord",
        "A monitoring visit or evaluation of a supported project (score may be None).");
    bind_row<indicator>(m, "Indicator",
        "One published figure: key, year, territory, breakdown, value, qualifier, unit, source.\n\n"
        "value is an int when the figure is whole (else a float), and a decimal.Decimal of\n"
        "roubles when the unit is 'RUB'. qualifier is 'exact', 'more_than', 'at_least' or\n"
        "'about': a figure published as \"более 300\" has value 300 and qualifier 'more_than',\n"
        "and is a bound, not a value. str() reads as text:\n\n"
        "    ngo.registered 2020: more than 300 count")
        .def("__str__", [](const indicator& i) {
            static const char* const words[] = {"", "more than ", "at least ", "about "};
            std::string out = i.key;
            if (!i.breakdown.empty()) out += " [" + i.breakdown + "]";
            if (!i.territory.empty()) out += " (" + i.territory + ")";
            out += " " + std::to_string(i.year) + ": " + words[static_cast<int>(i.qual)] +
                   py::str(indicator_value_to_py(i)).cast<std::string>();
            if (!i.unit.empty()) out += " " + i.unit;
            return out;
        });

    py::class_<dataset_info>(m, "DatasetInfo", "Descriptive facts about a dataset.")
        .def(py::init([](const text_arg& name, const text_arg& title, const text_arg& territory,
                         const text_arg& description, const text_arg& source, const text_arg& licence,
                         bool synthetic, const text_arg& currency) {
                 return info_from(name, title, territory, description, source, licence, synthetic, currency,
                                  "DatasetInfo");
             }),
             py::kw_only(), py::arg("name") = "", py::arg("title") = "", py::arg("territory") = "",
             py::arg("description") = "", py::arg("source") = "", py::arg("licence") = "",
             py::arg("synthetic") = false, py::arg("currency") = "RUB")
        .def_property(
            "synthetic", [](const dataset_info& i) { return i.synthetic; },
            [](dataset_info& i, bool synthetic) {
                check_info_mutable(i, "DatasetInfo.synthetic");
                i.synthetic = synthetic;
            })
        .def_property(
            "currency", [](const dataset_info& i) { return i.currency; },
            [](dataset_info& i, const text_arg& given) {
                check_info_mutable(i, "DatasetInfo.currency");
                std::string code = info_text_from(given.given, "DatasetInfo.currency");
                check_currency_code(code, "DatasetInfo.currency");
                i.currency = std::move(code);
            },
            "ISO 4217 code of the dataset's money (amounts are hundredths of it); another value\n"
            "raises ValidationError.")
        .def("__eq__", [](const dataset_info& a, py::object b) -> py::object {
            if (!py::isinstance<dataset_info>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
            return py::bool_(a == b.cast<const dataset_info&>());
        })
        .def("__repr__", [](const dataset_info& i) { return "DatasetInfo(" + info_arguments(i, true) + ")"; })
        // A copy (pickle, copy.copy) is a DatasetInfo of its own, built by the constructor's checks.
        .def(py::pickle(
            [](const dataset_info& i) {
                return py::make_tuple(user_text(i.name), user_text(i.title), user_text(i.territory),
                                      user_text(i.description), user_text(i.source), user_text(i.licence), i.synthetic,
                                      user_text(i.currency));
            },
            [](const py::tuple& t) {
                if (t.size() != 8) throw py::value_error("DatasetInfo: a pickled state of 8 fields was expected");
                return info_from(text_arg{t[0]}, text_arg{t[1]}, text_arg{t[2]}, text_arg{t[3]}, text_arg{t[4]},
                                 text_arg{t[5]}, t[6].cast<bool>(), text_arg{t[7]}, "DatasetInfo");
            }));
    m.attr("DatasetInfo").attr("__hash__") = py::none();
    // The text fields, each refusing what no format can carry (check_info: a NUL byte, bytes
    // that are not UTF-8) where it is set, as the currency is.
    {
        auto info_class = py::reinterpret_borrow<py::class_<dataset_info>>(m.attr("DatasetInfo"));
        for (const auto& f : dataset_info_texts) {
            const auto member = f.member;
            const std::string where = std::string("DatasetInfo.") + f.name;
            info_class.def_property(
                f.name, [member](const dataset_info& i) { return i.*member; },
                [member, where](dataset_info& i, const py::object& given) {
                    check_info_mutable(i, where);
                    i.*member = info_text_from(given, where);
                });
        }
    }

    // ---- tables
    py::class_<table_view> table(m, "Table",
        "One table of a Dataset: len(t), t[i] (a row object, negative indices work), t['id']\n"
        "(look-up by id where rows have ids), iteration, and t.to_pandas().");
    table
        .def_property_readonly("name", [](const table_view& t) { return std::string(table_name(t.id)); },
                               "The table's name, as the Dataset attribute.")
        .def_property_readonly("dataset", [](const table_view& t) { return t.owner; })
        .def("__len__", &table_view::size)
        .def("__getitem__",
             [](const table_view& t, const py::slice& s) {
                 std::size_t start = 0, stop = 0, step = 0, length = 0;
                 if (!s.compute(t.size(), &start, &stop, &step, &length)) throw py::error_already_set();
                 py::list out;
                 for (std::size_t k = 0; k < length; ++k) out.append(table_row(*t.ds, t.id, start + k * step));
                 return out;
             },
             py::arg("slice"))
        .def("__getitem__",
             [](const table_view& t, const std::string& id) {
                 const row_index r = table_find(*t.ds, t.id, id);
                 if (r == no_row)
                     throw not_found_error(std::string(table_name(t.id)) + " has no row with id \"" +
                                           id + "\"");
                 return table_row(*t.ds, t.id, static_cast<std::size_t>(r));
             },
             py::arg("id"))
        // A row number, after the slice and the id: any integer (numpy's too) as a list takes
        // it, so 10**20 is an IndexError rather than pybind11's "incompatible function
        // arguments", and True, which a list would take as 1, is a TypeError as for every
        // whole-number argument of civica (civica._whole).
        .def("__getitem__",
             [](const table_view& t, const py::object& key) {
                 // A str reaches here only when it is no UTF-8 text (a lone surrogate): no id is.
                 if (PyUnicode_Check(key.ptr()))
                     throw py::type_error(std::string(table_name(t.id)) + " ids are UTF-8 text, and " +
                                          std::string(py::repr(key)) +
                                          " has a character no UTF-8 text holds (a lone surrogate)");
                 if (PyBool_Check(key.ptr()) || !PyIndex_Check(key.ptr()))
                     throw py::type_error(std::string(table_name(t.id)) +
                                          " indices must be row numbers, slices or ids (str), not " +
                                          std::string(py::str(py::type::of(key).attr("__name__"))));
                 // Beyond ssize_t it is clipped to its ends, which no table reaches: out of range.
                 const py::ssize_t i = PyNumber_AsSsize_t(key.ptr(), nullptr);
                 if (i == -1 && PyErr_Occurred()) throw py::error_already_set();
                 if (i == PY_SSIZE_T_MAX || i == PY_SSIZE_T_MIN)
                     throw py::index_error(std::string(table_name(t.id)) + " index " +
                                           std::string(py::str(key)) + " out of range (the table has " +
                                           std::to_string(t.size()) + (t.size() == 1 ? " row)" : " rows)"));
                 return table_row(*t.ds, t.id, t.index(i));
             },
             py::arg("index"))
        .def("__contains__",
             [](const table_view& t, py::handle key) {
                 if (PyUnicode_Check(key.ptr())) {
                     Py_ssize_t size = 0;
                     const char* utf8 = PyUnicode_AsUTF8AndSize(key.ptr(), &size);
                     if (!utf8) {  // a lone surrogate: no UTF-8 text, so no row's id
                         PyErr_Clear();
                         return false;
                     }
                     return table_find(*t.ds, t.id, std::string(utf8, static_cast<std::size_t>(size))) != no_row;
                 }
                 // A row: in the table when a row of it is equal to it (rows compare by value),
                 // as `in` over the rows the table iterates; looked up by its id where rows have one.
                 if (t.size() == 0 || !py::isinstance(key, table_row_class(t.id)))
                     return false;
                 if (schema::tables()[static_cast<std::size_t>(t.id)].keyed()) {
                     const py::object id = key.attr("id");
                     if (!PyUnicode_Check(id.ptr())) return false;  // a row without an id is none of the table's
                     const row_index r = table_find(*t.ds, t.id, id.cast<std::string>());
                     return r != no_row && table_row(*t.ds, t.id, r).equal(key);
                 }
                 for (std::size_t i = 0; i < t.size(); ++i)
                     if (table_row(*t.ds, t.id, i).equal(key)) return true;
                 return false;
             },
             py::arg("item"),
             "`id in table`: the table has a row with that id; `row in table`: a row of the table\n"
             "equals it (rows compare by value).")
        .def("__iter__", [](const table_view& t) { return table_iterator{t, 0}; })
        .def("to_pandas",
             [](const table_view& t, bool context) {
                 if (!context) return frame(t, 0, t.size());
                 if (t.id != table_id::applications)
                     throw validation_error("to_pandas(context=True) is offered by the applications table, not " +
                                            std::string(table_name(t.id)));
                 column_list cols = table_columns(*t.ds, t.id, 0, t.size());
                 for (auto& c : application_context(*t.ds)) cols.append(c);
                 return py::module_::import("civica._pandas").attr("frame")(cols);
             },
             py::kw_only(), py::arg("context") = false,
             "The table as a pandas DataFrame, one row per record. Dates are datetime64, money\n"
             "is integer kopecks in columns named *_kopecks (nullable Int64 where an amount may\n"
             "be missing; in hundredths of ds.info.currency), enumerations are categoricals, ids\n"
             "and text are strings. For applications, context=True adds `year` (the competition's\n"
             "year) and the applicant's `municipality` (its id) and `region` (categoricals, missing\n"
             "when the applicant names none), so that no join is needed to group by them.")
        .def("__repr__",
             [](const table_view& t) {
                 return "<civica.Table " + std::string(table_name(t.id)) + " of " +
                        dataset_label(*t.ds) + ": " + std::to_string(t.size()) + " rows>";
             })
        .def("_repr_html_", [](const table_view& t) -> py::object {
            try {
                const std::size_t n = t.size();
                const std::size_t shown = std::min<std::size_t>(n, 10);
                py::object df = frame(t, 0, shown);
                std::string h = "<div class=\"civica-table\"><p><code>" +
                                std::string(table_name(t.id)) + "</code>: " + std::to_string(n) +
                                (n == 1 ? " row" : " rows");
                if (shown < n) h += " (the first " + std::to_string(shown) + " shown)";
                h += "</p>" + df.attr("to_html")(py::arg("index") = false).cast<std::string>() + "</div>";
                return py::str(h);
            } catch (py::error_already_set& e) {
                if (e.matches(PyExc_ImportError)) return py::none();
                throw;
            }
        });

    py::class_<columnar_view, table_view>(m, "ColumnarTable",
        "A table stored by column (applications, enrolments, agenda_questions, services).\n\n"
        "column(name) returns a read-only numpy view of a stored column without copying:\n"
        "money as int64 kopecks, dates as datetime64[D] (NaT when unknown), references as int32\n"
        "row numbers (-1 for none), text and enumerations as integer codes whose labels\n"
        "dictionary(name) gives. The view keeps the Dataset alive; while it exists, rows cannot\n"
        "be added to this table (BufferError).")
        .def_property_readonly(
            "column_names",
            [](const columnar_view& t) {
                py::list out;
                for (const auto& c : view_names(t.id)) out.append(py::str(c));
                return out;
            },
            "Names accepted by column().")
        .def("column", [](const columnar_view& t, const std::string& name) { return column_view(t, name); },
             py::arg("name"), "A read-only numpy view of a stored column (no copy).")
        .def("dictionary",
             [](const columnar_view& t, const std::string& name) { return column_dictionary(t, name); },
             py::arg("name"),
             "Labels of a coded column: column(name)[i] indexes this list (text, enumeration\n"
             "names, or ids of the referenced table).");

    py::class_<table_iterator>(m, "_TableIterator")
        .def("__iter__", [](py::object self) { return self; })
        .def("__next__", [](table_iterator& it) {
            if (it.next >= it.table.size()) throw py::stop_iteration();
            return table_row(*it.table.ds, it.table.id, it.next++);
        });

    // ---- the dataset
    py::class_<dataset, std::shared_ptr<dataset>> ds(m, "Dataset",
        "A dataset: municipalities, organisations, persons, grant programmes, competitions and\n"
        "applications, courses and enrolments, collegial bodies with meetings and agenda\n"
        "questions, resource-centre services, monitoring, and published indicators.\n\n"
        "    ds = civica.Dataset(name='my-city-2021', title='My city, 2021')\n"
        "    ds.add(civica.Municipality(id='my-city', name='My city'))\n"
        "    ds.set_indicator('councils.meetings', 2021, 40)\n"
        "    ds.indicator('councils.meetings', 2021).value   # 40\n\n"
        "add() checks every rule of the domain and raises ValidationError without changing the\n"
        "dataset; add referenced rows first. Load bundled or saved datasets with\n"
        "civica.datasets.load().");
    ds.def(py::init([](const text_arg& name, const text_arg& title, const text_arg& territory,
                       const text_arg& description, const text_arg& source, const text_arg& licence,
                       bool synthetic, const text_arg& currency) {
               auto d = std::make_shared<dataset>();
               d->info() = info_from(name, title, territory, description, source, licence, synthetic, currency, "Dataset");
               return d;
           }),
           py::kw_only(), py::arg("name") = "", py::arg("title") = "", py::arg("territory") = "",
           py::arg("description") = "", py::arg("source") = "", py::arg("licence") = "",
           py::arg("synthetic") = false, py::arg("currency") = "RUB");
    ds.def_property(
        "info", [](dataset& d) -> dataset_info& { return d.info(); },
        [](dataset& d, const dataset_info& i) {
            check_mutable(d, "change the dataset's info");
            d.info() = i;
        },
        py::return_value_policy::reference_internal,
        "Name, title, territory, description, source, licence, the synthetic flag and the currency\n"
        "(editable).");

    // A reading_guard for Python code that reads a whole dataset over many calls (the Parquet
    // and workbook writers): `with _core.Dataset._reading(ds): ...` refuses changes meanwhile,
    // as a compiled writer does, so the file holds one state of the dataset.
    struct python_reading {
        std::shared_ptr<dataset> ds;
        std::unique_ptr<reading_guard> guard;
    };
    py::class_<python_reading>(ds, "_Reading")
        .def("__enter__", [](python_reading& r) { r.guard = std::make_unique<reading_guard>(*r.ds); })
        .def("__exit__", [](python_reading& r, const py::args&) { r.guard.reset(); });
    ds.def("_reading", [](std::shared_ptr<dataset> d) { return python_reading{std::move(d), nullptr}; },
           "A context manager: while in it, other threads cannot change the dataset (BufferError).");

    for (int k = 0; k < table_count; ++k) {
        const auto id = static_cast<table_id>(k);
        if (columnar_index(id) >= 0) {
            ds.def_property_readonly(table_name(id), [id](py::object self) {
                const dataset& d = self.cast<const dataset&>();
                return columnar_view{{self, &d, id}};
            });
        } else {
            ds.def_property_readonly(table_name(id), [id](py::object self) {
                const dataset& d = self.cast<const dataset&>();
                return table_view{self, &d, id};
            });
        }
    }

    static const char* const add_doc = (
        "Adds a row object (Municipality, Organization, …, Indicator) to its table after checking\n"
        "every rule (references to rows already present, identifier checksums, money not\n"
        "negative, awarded only for winners, periods in order, text without a NUL byte). Raises\n"
        "ValidationError and leaves the dataset unchanged when a rule is broken. An Indicator\n"
        "replaces the figure with the same key, year, territory and breakdown.");
    def_add<municipality>(ds, "a municipality", -1, add_doc);
    def_add<organization>(ds, "an organization", -1);
    def_add<person>(ds, "a person", -1);
    def_add<grant_operator>(ds, "a grant operator", -1);
    def_add<programme>(ds, "a programme", -1);
    def_add<competition>(ds, "a competition", -1);
    def_add<application>(ds, "an application", 0);
    def_add<course>(ds, "a course", -1);
    def_add<enrolment>(ds, "an enrolment", 1);
    def_add<collegial_body>(ds, "a collegial body", -1);
    def_add<membership_term>(ds, "a membership term", -1);
    def_add<meeting>(ds, "a meeting", -1);
    def_add<agenda_question>(ds, "an agenda question", 2);
    def_add<support_service>(ds, "a support service", 3);
    def_add<monitoring_record>(ds, "a monitoring record", -1);
    ds.def(
        "add",
        [](dataset& d, const indicator& i) {
            check_mutable(d, "set an indicator");
            d.set_indicator(i);
        },
        py::arg("row"));

    ds.def(
        "set_indicator",
        [](dataset& d, const text_arg& key, py::handle year, py::handle value, const text_arg& qualifier,
           const std::optional<text_arg>& territory, const std::optional<text_arg>& breakdown,
           const std::optional<text_arg>& unit, const std::optional<text_arg>& source) {
            check_mutable(d, "set an indicator");
            const auto text = [](const std::optional<text_arg>& a, const char* what) {
                return a ? text_or_bytes_from(a->given, what) : std::string();
            };
            indicator i;
            i.key = text_or_bytes_from(key.given, "key");
            i.year = year_from(year, "set_indicator");
            i.value = number_from(value, "value");
            try {
                i.qual = parse_qualifier(text_or_bytes_from(qualifier.given, "qualifier"));
            } catch (const parse_error& e) {
                throw validation_error(std::string("qualifier: ") + e.what());
            }
            i.territory = text(territory, "territory");
            i.breakdown = text(breakdown, "breakdown");
            i.unit = text(unit, "unit");
            i.source = text(source, "source");
            d.set_indicator(std::move(i));
        },
        py::arg("key"), py::arg("year"), py::arg("value"), py::kw_only(),
        py::arg("qualifier") = "exact", py::arg("territory") = py::none(),
        py::arg("breakdown") = py::none(), py::arg("unit") = py::none(),
        py::arg("source") = py::none(),
        "Adds or replaces a published figure. value is a number (int, float or Decimal);\n"
        "qualifier is 'exact', 'more_than', 'at_least' or 'about'; unit defaults to the key's\n"
        "unit ('count', 'RUB', 'rank').\n\n"
        "    ds.set_indicator('ngo.registered', 2020, 300, qualifier='more_than')");
    ds.def(
        "indicator",
        [](const dataset& d, std::string_view key, py::handle year, std::optional<std::string> territory,
           std::optional<std::string> breakdown) {
            return d.get_indicator(key, year_from(year, "indicator"), territory.value_or(""), breakdown.value_or(""));
        },
        py::arg("key"), py::arg("year"), py::kw_only(), py::arg("territory") = py::none(),
        py::arg("breakdown") = py::none(),
        "The published figure for key and year (an Indicator: .value, .qualifier, .unit,\n"
        ".source). Without territory, the dataset's own territory. Raises NotFoundError\n"
        "saying which years the dataset has for the key.\n\n"
        "    ds.indicator('councils.meetings', 2020).value   # 59");
    ds.def(
        "find_indicator",
        [](const dataset& d, std::string_view key, py::handle year, std::optional<std::string> territory,
           std::optional<std::string> breakdown) -> py::object {
            const indicator* i =
                d.find_indicator(key, year_from(year, "find_indicator"), territory.value_or(""), breakdown.value_or(""));
            if (i == nullptr) return py::none();
            return copy_out(*i);
        },
        py::arg("key"), py::arg("year"), py::kw_only(), py::arg("territory") = py::none(),
        py::arg("breakdown") = py::none(), "Like indicator(), but None when there is no such figure.");
    ds.def("years", &dataset::years,
           "Sorted distinct years found in competitions, meetings, courses and indicators.");
    ds.def("resolve_territory", &dataset::require_territory, py::arg("territory") = "",
           "The municipality id a territory means, by the one rule the indicator look-ups, the\n"
           "analyses and the report use: empty for the dataset's own, a municipality's name for its\n"
           "id. NotFoundError, naming the closest territory and listing the municipalities, when the\n"
           "dataset does not know it (not its own, no municipality, no published figure's).");
    ds.def(
        "row_counts",
        [](const dataset& d) {
            py::dict out;
            for (int k = 0; k < table_count; ++k)
                out[py::str(table_name(static_cast<table_id>(k)))] = table_size(d, static_cast<table_id>(k));
            return out;
        },
        "Rows per table, as {table name: count} in load order.");
    ds.def_property_readonly("table_names", [](const dataset&) {
        py::list out;
        for (int k = 0; k < table_count; ++k) out.append(py::str(table_name(static_cast<table_id>(k))));
        return out;
    }, "The names of the tables, in load order.");
    ds.def("copy", [](const dataset& d) { return std::make_shared<dataset>(d); }, "A deep copy.");
    ds.def("__copy__", [](const dataset& d) { return std::make_shared<dataset>(d); });
    ds.def("__deepcopy__", [](const dataset& d, py::handle) { return std::make_shared<dataset>(d); },
           py::arg("memo"));
    ds.def("__eq__", [](const dataset& a, py::object b) -> py::object {
        if (!py::isinstance<dataset>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        return py::bool_(a == b.cast<const dataset&>());
    });
    ds.attr("__hash__") = py::none();
    ds.def("__repr__", &dataset_repr);
    ds.def("_repr_html_", &dataset_html);
}

}  // namespace civica::python
