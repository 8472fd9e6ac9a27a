// Open-data formats for Python: what the SQLite store says about itself. Reading and writing
// every format goes through civica.io.read / civica.io.write (register_convert.cpp); the
// 360Giving checks are bound in register_io.cpp. Functions go into the `io` submodule, so
// register_io must run first.
#include <pybind11/pybind11.h>

#include "civica/io/sqlite.hpp"

namespace py = pybind11;

namespace civica::python {

void register_formats(py::module_& m) {
    py::module_ io = m.attr("io");
    io.attr("sqlite_schema_version") = io::sqlite_schema_version;
}

}  // namespace civica::python
