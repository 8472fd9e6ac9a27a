#pragma once
// Row classes for Python: one description per field (its name, how to read it into a Python
// object, how to set it from one, and what kind of pandas column it makes) drives the keyword
// constructor, the properties, __repr__, to_dict(), pickling and to_pandas() alike. The fields
// are made from the declared columns (civica/model/schema.hpp): a column's Python attribute,
// its type and whether it may be missing decide the conversions, so a declared column is an
// attribute with no edit here.
//
// Python names follow the dataset folder's CSV columns where C++ stores a period as one
// member (window_start/window_end, implementation_start/implementation_end, start/end) and the
// C++ member names otherwise. Empty ids and empty optional text read as None.
#include "casters.hpp"

#include "civica/core/date.hpp"
#include "civica/core/ids.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace civica::python {
namespace py = pybind11;

/// How a field becomes a pandas column (interpreted by civica/_pandas.py).
enum class field_kind { text, optional_text, id, integer, optional_integer, boolean, day, enumeration,
                        number, list, mapping, money, optional_money, value };

const char* kind_name(field_kind k);

template <class T>
struct field {
    std::string name;
    field_kind kind;
    std::function<py::object(const T&)> get;
    std::function<void(T&, py::handle)> set;
    std::vector<std::string> categories;  ///< enumeration names, in code order
    /// The model's 0 means "unknown" (schema::column::zero_is_unknown): a DataFrame shows <NA>.
    bool zero_is_unknown = false;
};

/// The fields of row type T, in constructor and column order (the declared columns').
template <class T>
const std::vector<field<T>>& fields_of();

/// How many leading fields __repr__ always shows; later fields only when not at their default.
template <class T>
inline constexpr std::size_t repr_always = 1;

// Conversions from Python with messages that name the field.
std::string text_from(py::handle h, const std::string& what);
long long integer_from(py::handle h, const std::string& what);
int int_from(py::handle h, const std::string& what);
bool bool_from(py::handle h, const std::string& what);
double number_from(py::handle h, const std::string& what);
std::vector<std::string> list_from(py::handle h, const std::string& what);
std::map<int, std::int64_t> population_from(py::handle h, const std::string& what);
std::string type_name(py::handle h);

}  // namespace civica::python
